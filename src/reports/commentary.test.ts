/**
 * The commentary rules on hand-made analyses, each worked by hand (XmR: mean ± 2.66 × mean moving range).
 */
import { describe, expect, it } from 'vitest';
import { generateCommentary } from './commentary.ts';
import { indicatorFigures } from './figures.ts';
import { executiveSummary } from './summary.ts';
import { handMade, teams } from '../../test/support/reports.ts';
import type { PlanLink } from './plan-links.ts';
import { benchmarksFor } from '../indicators/benchmarks/index.ts';

const link = (overrides: Partial<PlanLink>): PlanLink => ({
  planTitle: 'Improvement plan 2022 (ILACS)',
  recommendation: { position: 2, text: 'Leaders should make sure that assessments of children in need are completed in a timescale that meets their needs.' },
  action: 'Add two assessment teams at the front door',
  owner: 'Head of Early Help and Assessment',
  dueDate: '2025-06-30',
  completedOn: null,
  overdue: false,
  rag: 'amber',
  suggested: null,
  disagreement: null,
  ...overrides,
});

describe('generated commentary', () => {
  it('calls a real improvement real, says the target is met and names the leading team', () => {
    // 70, 72 alternating for 11 months, then 95 (19 of 20). Mean 875/12 = 72.92; moving ranges ten 2s
    // and 25, mean 45/11 = 4.09; upper limit 72.92 + 10.88 = 83.80, so 95 is above it: special cause,
    // improving (higher is better). Target 80 lies between the limits (62.03 to 83.80): hit and miss.
    const months: [number, number][] = [];
    for (let index = 0; index < 11; index++) months.push(index % 2 === 0 ? [14, 20] : [18, 25]);
    months.push([19, 20]);
    const result = handMade('timeliness.assessments_45wd_pct', months, { target: 80, england: 82 });
    expect(result.spc.variation).toBe('special_cause_improving');
    const figures = indicatorFigures(
      result,
      teams([
        ['Team A', 12, 12],
        ['Team B', 7, 8],
      ]),
    );
    expect(generateCommentary(figures)).toBe(
      'Assessments completed within 45 working days: 95.0% in September 2025, up 25.0 percentage points from 70.0% in August 2025 (an improvement). ' +
        'Statistical process control shows a real improvement (the latest month is outside the process limits), not normal month-to-month variation. ' +
        'The process limits are provisional: there are fewer than 15 months since the last process change. ' +
        'This meets the target of 80.0%. The target is inside the process limits: it will be met in some months and missed in others unless the process changes. ' +
        'This is better than England (82.0%, 2024). ' +
        'Leading the council figure is Team A at 100.0%, against 95.0% for the council.',
    );
    expect(executiveSummary([figures]).improvements.map((item) => [item.id, item.score])).toEqual([['timeliness.assessments_45wd_pct', 5]]);
  });

  it('names the councils it compares with: the statistical neighbours, or the comparator councils chosen in the settings', () => {
    const months: [number, number][] = Array.from({ length: 12 }, () => [20, 100]);
    const commentaryWith = (comparison: Parameters<typeof benchmarksFor>[1]) =>
      generateCommentary(
        indicatorFigures(handMade('demand.re_referrals_pct', months, { benchmarks: benchmarksFor('demand.re_referrals_pct', comparison) }), null),
      );
    expect(commentaryWith('840')).toMatch(/the statistical neighbours’ average \(19\.2%\)/);
    expect(commentaryWith({ laCode: '840', regionCode: null, neighbours: ['841', '805'] })).toMatch(/the comparator councils’ average \(19\.8%\)/);
  });

  it('calls month-to-month movement inside the limits noise, and says by how much a target is missed', () => {
    // 9, 11 alternating for 10 months, then 11 and 12 (per 100). Mean 123/12 = 10.25; moving ranges
    // nine 2s, 0 and 1: mean 19/11 = 1.73; limits 5.66 to 14.84, no rule fires: common cause.
    // Lower is better and the target is 10: 12 misses it by 2 points; 10 is inside the limits.
    const months: [number, number][] = [];
    for (let index = 0; index < 10; index++) months.push([index % 2 === 0 ? 9 : 11, 100]);
    months.push([11, 100], [12, 100]);
    const result = handMade('stability.three_placements_pct', months, { target: 10, england: 10 });
    expect(result.spc.variation).toBe('common_cause');
    const text = generateCommentary(
      indicatorFigures(
        result,
        teams([
          ['North', 7, 50],
          ['South', 5, 50],
        ]),
      ),
    );
    expect(text).toContain('12.0% in September 2025, up 1.0 percentage points from 11.0% in August 2025 (a deterioration).');
    expect(text).toContain('within normal month-to-month variation (common cause): statistically the change is noise, not evidence of a real change.');
    expect(text).toContain('This misses the target of 10.0% by 2.0 percentage points.');
    expect(text).toContain('worse than England (10.0%, 2024)');
    // South's 5 is suppressed, and North's 7 with it (the total would give South's back): no team is named.
    expect(text).not.toContain('North');
  });

  it('says a target that lies outside the limits will not be met, and names the team furthest behind', () => {
    // 60, 61 alternating (per 100) for 12 months: mean 60.5, moving range 1, limits 57.84 to 63.16;
    // the target of 90 is above the upper limit: consistently failing. Worse than last month: 60 after 61.
    const months: [number, number][] = [];
    for (let index = 0; index < 12; index++) months.push([index % 2 === 0 ? 61 : 60, 100]);
    const result = handMade('timeliness.assessments_45wd_pct', months, { target: 90 });
    expect(result.spc.assurance).toBe('consistently_failing');
    const figures = indicatorFigures(
      result,
      teams([
        ['East', 40, 50],
        ['West', 20, 50],
      ]),
    );
    const text = generateCommentary(figures);
    expect(text).toContain(
      'This misses the target of 90.0% by 30.0 percentage points. The target is outside the process limits: it will not be met without a change in how the work is done.',
    );
    expect(text).toContain('Most behind the council figure is West at 40.0%, against 60.0% for the council.');
    const summary = executiveSummary([figures]);
    expect(summary.risks).toEqual([
      {
        id: 'timeliness.assessments_45wd_pct',
        title: figures.title,
        score: 4,
        reasons: ['consistently failing its target', 'missing its target', 'worse than last month'],
      },
    ]);
  });

  it('says a suppressed count is not published and gives nothing that would hint at it', () => {
    // Three children with a review overdue in September (2 in one team, 1 in another): 1 to 5, so `c`.
    const months: [number, null][] = [
      [12, null],
      [10, null],
      [8, null],
      [3, null],
    ];
    const figures = indicatorFigures(
      handMade('timeliness.cla_reviews_overdue', months),
      teams([
        ['Team A', 2, null],
        ['Team B', 1, null],
      ]),
    );
    expect(figures.value).toBe('c');
    expect(generateCommentary(figures)).toBe(
      'Children looked after with a review overdue: the figure for September 2025 is not published because it rests on fewer than 6 children or cases, or would let a reader work such a number out (shown as c, the DfE small-number rule); no change or comparison is given.',
    );
    expect(executiveSummary([figures])).toMatchObject({ risks: [], improvements: [] });
  });

  it('says what the linked improvement actions say: owner, due date, rating and whether the evidence agrees', () => {
    // The first test's series (95.0%, meeting its target of 80), measured by two actions. The first was
    // due on 30 June 2025, is not complete by 30 September 2025 and is rated green: Keystone suggests red
    // (overdue), so the plan is more optimistic. The second was completed and is rated blue; Keystone
    // suggests green from the measure met, and blue ranks as green: they agree. The recommendation is cut
    // after its twelfth word ("completed").
    const months: [number, number][] = [];
    for (let index = 0; index < 11; index++) months.push(index % 2 === 0 ? [14, 20] : [18, 25]);
    months.push([19, 20]);
    const links = [
      link({ overdue: true, rag: 'green', suggested: 'red', disagreement: 'more_optimistic' }),
      link({
        recommendation: { position: 5, text: 'Management oversight.' },
        action: 'Weekly tracking of open assessments',
        owner: 'Service Manager, Assessment',
        dueDate: '2025-03-31',
        completedOn: '2025-03-14',
        rag: 'blue',
        suggested: 'green',
      }),
    ];
    const text = generateCommentary(indicatorFigures(handMade('timeliness.assessments_45wd_pct', months, { target: 80 }), null, links));
    expect(text).toContain(
      'This meets the target of 80.0%. The target is inside the process limits: it will be met in some months and missed in others unless the process changes. ' +
        'In the improvement plan this is a success measure of recommendation 2 (“Leaders should make sure that assessments of children in need are completed…”), ' +
        'action “Add two assessment teams at the front door”, owned by Head of Early Help and Assessment, due 30 June 2025 and overdue, rated green. ' +
        'Keystone suggests red from the evidence: the plan’s rating is more optimistic than the evidence. ' +
        'In the improvement plan this is a success measure of recommendation 5 (“Management oversight”), action “Weekly tracking of open assessments”, ' +
        'owned by Service Manager, Assessment, due 31 March 2025 and completed on 14 March 2025, rated blue. Keystone’s suggested rating from the evidence agrees.',
    );
    expect(text.endsWith('agrees.')).toBe(true);
    // Not yet rated, no evidence either way; a more cautious rating is said to be so.
    expect(generateCommentary(indicatorFigures(handMade('timeliness.assessments_45wd_pct', months, { target: 80 }), null, [link({ rag: null })]))).toContain(
      'due 30 June 2025, not yet rated.',
    );
    expect(
      generateCommentary(
        indicatorFigures(handMade('timeliness.assessments_45wd_pct', months, { target: 80 }), null, [
          link({ rag: 'red', suggested: 'green', disagreement: 'more_cautious' }),
        ]),
      ),
    ).toContain('rated red. Keystone suggests green from the evidence: the plan’s rating is more cautious than the evidence.');
  });

  it('names the action of a suppressed figure but not the rating Keystone worked out from it', () => {
    const months: [number, null][] = [
      [12, null],
      [10, null],
      [8, null],
      [3, null],
    ];
    const figures = indicatorFigures(handMade('timeliness.cla_reviews_overdue', months), null, [
      link({ action: 'Review every overdue review weekly', overdue: true, rag: 'amber', suggested: 'red', disagreement: 'more_optimistic' }),
    ]);
    expect(figures.value).toBe('c');
    const text = generateCommentary(figures);
    expect(text).toContain(
      '(shown as c, the DfE small-number rule); no change or comparison is given. In the improvement plan this is a success measure of recommendation 2',
    );
    expect(text).toContain(
      'action “Review every overdue review weekly”, owned by Head of Early Help and Assessment, due 30 June 2025 and overdue, rated amber.',
    );
    expect(text).not.toContain('Keystone suggests');
    expect(text).not.toContain('evidence');
  });
});

describe('a figure the data cannot support', () => {
  it('is x with the reason in the report, never 0, with no verdict in the words', () => {
    const made = handMade('timeliness.cla_visits_pct', [
      [5, 10],
      [6, 10],
      [0, 0],
    ]);
    const coverage = {
      status: 'none' as const,
      reason: 'Keystone holds no visits to looked-after children (ssd_cla_visits): an SSDA903 return does not carry them.',
    };
    const latest = { ...made.latest, numerator: null, denominator: null, value: null, coverage };
    const result = { ...made, latest, series: [...made.series.slice(0, -1), latest], coverage };
    const figures = indicatorFigures(result, null);
    expect(figures.value).toBe('x');
    expect(figures.coverage).toBe(`No data: ${coverage.reason}`);
    expect(generateCommentary(figures)).toBe(
      `Children looked after visited on time: the figure for September 2025 is not available. No data: ${coverage.reason}`,
    );
  });
});
