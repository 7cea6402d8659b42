/**
 * The commentary rules on hand-made analyses, each worked by hand (XmR: mean ± 2.66 × mean moving range).
 */
import { describe, expect, it } from 'vitest';
import { generateCommentary } from './commentary.ts';
import { indicatorFigures } from './figures.ts';
import { executiveSummary } from './summary.ts';
import { handMade, teams } from './test-support.ts';

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
    const figures = indicatorFigures(result, teams([['Team A', 12, 12], ['Team B', 7, 8]]));
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

  it('calls month-to-month movement inside the limits noise, and says by how much a target is missed', () => {
    // 9, 11 alternating for 10 months, then 11 and 12 (per 100). Mean 123/12 = 10.25; moving ranges
    // nine 2s, 0 and 1: mean 19/11 = 1.73; limits 5.66 to 14.84, no rule fires: common cause.
    // Lower is better and the target is 10: 12 misses it by 2 points; 10 is inside the limits.
    const months: [number, number][] = [];
    for (let index = 0; index < 10; index++) months.push([index % 2 === 0 ? 9 : 11, 100]);
    months.push([11, 100], [12, 100]);
    const result = handMade('stability.three_placements_pct', months, { target: 10, england: 10 });
    expect(result.spc.variation).toBe('common_cause');
    const text = generateCommentary(indicatorFigures(result, teams([['North', 7, 50], ['South', 5, 50]])));
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
    const figures = indicatorFigures(result, teams([['East', 40, 50], ['West', 20, 50]]));
    const text = generateCommentary(figures);
    expect(text).toContain('This misses the target of 90.0% by 30.0 percentage points. The target is outside the process limits: it will not be met without a change in how the work is done.');
    expect(text).toContain('Most behind the council figure is West at 40.0%, against 60.0% for the council.');
    const summary = executiveSummary([figures]);
    expect(summary.risks).toEqual([{ id: 'timeliness.assessments_45wd_pct', title: figures.title, score: 4, reasons: ['consistently failing its target', 'missing its target', 'worse than last month'] }]);
  });

  it('says a suppressed count is not published and gives nothing that would hint at it', () => {
    // Three children with a review overdue in September (2 in one team, 1 in another): 1 to 5, so `c`.
    const months: [number, null][] = [[12, null], [10, null], [8, null], [3, null]];
    const figures = indicatorFigures(handMade('timeliness.cla_reviews_overdue', months), teams([['Team A', 2, null], ['Team B', 1, null]]));
    expect(figures.value).toBe('c');
    expect(generateCommentary(figures)).toBe(
      'Children looked after with a review overdue: the figure for September 2025 is not published because it rests on fewer than 6 children or cases, or would let a reader work such a number out (shown as c, the DfE small-number rule); no change or comparison is given.',
    );
    expect(executiveSummary([figures])).toMatchObject({ risks: [], improvements: [] });
  });
});
