/**
 * The "Disabled children" section of committee reports and of the self-evaluation (help and
 * protection area): the council's figures on the report's date, member-safe. Every count passes
 * through the shared suppression rule (src/core/outputs/suppression.ts); a rate is published only
 * when its numerator and denominator are; a median or 90th percentile of fewer than 6 waits is
 * withheld as `c`, since it would describe one or two children's waits. The by-disability table has
 * no total row (a child may be in two rows), so primary suppression suffices. What the data do not
 * hold is said as "No data", never as zero. No child appears.
 */
import type { Database } from '../core/db/database.ts';
import type { IsoDate } from '../core/dates.ts';
import { longDate } from '../core/dates.ts';
import { isSmall, suppressCount, suppressRate, type Published } from '../core/outputs/suppression.ts';
import { DISABLED } from '../indicators/catalogue/disabled.ts';
import { computeSeries, WHOLE_COUNCIL, type SeriesPoint } from '../indicators/engine.ts';
import { readIndicatorSettings } from '../indicators/settings.ts';
import type { ExtraSection } from '../reports/document.ts';
import { byDisability, dataCoverage, NO_DATA, waitsByMonth, type WaitStatistics } from './queries.ts';

const shown = (value: Published, unit = '') =>
  typeof value === 'number' ? `${value}${unit}` : value === 'c' ? 'c (fewer than 6)' : value === 'z' ? 'none' : 'not available';

/** A median or percentile of `count` waits, as published. */
export function publishedStatistic(value: number | null, count: number): Published {
  if (count === 0) return 'z';
  if (isSmall(count) || value === null) return 'c';
  return value;
}

function waitText(stats: WaitStatistics, what: string): string {
  if (stats.count === 0) return `No ${what} in the month.`;
  return `${shown(suppressCount(stats.count))} ${what} in the month: median wait ${shown(publishedStatistic(stats.median, stats.count))} working days, 90th percentile ${shown(publishedStatistic(stats.p90, stats.count))}.`;
}

export async function disabledChildrenSection(database: Database, asOf: IsoDate, threshold: number): Promise<ExtraSection | null> {
  const coverage = await dataCoverage(database);
  if (!coverage.disabilitiesRecorded && !coverage.shortBreaksRecorded && !coverage.ehcpLoaded) return null;
  const series = await computeSeries(database, DISABLED, [asOf], { selection: WHOLE_COUNCIL, threshold });
  const point = (id: string): SeriesPoint => series.get(id)![0]!;
  const count = (id: string) => shown(suppressCount(point(id).numerator));
  const rate = (id: string) => {
    const p = point(id);
    return shown(suppressRate(p.value, p.numerator, p.denominator), '%');
  };
  const perChild = (id: string) => {
    const p = point(id);
    return shown(suppressRate(p.value, p.numerator, p.denominator));
  };
  const settings = await readIndicatorSettings(database);
  const [month] = (await waitsByMonth(database, asOf, { kind: 'all' }, 1)).slice(-1);
  const paragraphs: string[] = [];
  if (coverage.disabilitiesRecorded) {
    paragraphs.push(
      `On ${longDate(asOf)} ${count('disabled.children_in_need')} disabled children were open to children’s social care: ${rate('disabled.share_of_children_in_need_pct')} of children in need. ${count('disabled.young_people_14_to_17')} of them were aged 14 to 17, preparing for adulthood.`,
      `${count('disabled.waiting_for_assessment')} were waiting for an assessment and ${count('disabled.waiting_for_service')} had been assessed and were waiting for a service to start. ${rate('disabled.assessment_wait_within_target_pct')} of the month’s assessments were completed within the council’s target of ${settings.parameters.disabledAssessmentWaitWorkingDays} working days of the referral, and ${rate('disabled.service_wait_within_target_pct')} of services started within ${settings.parameters.disabledServiceWaitWorkingDays} working days of the assessment.`,
      `${waitText(month!.assessment, 'assessments completed')} ${waitText(month!.service, 'services started')}`,
    );
  } else paragraphs.push(NO_DATA.disabilities);
  paragraphs.push(
    coverage.shortBreaksRecorded
      ? `${count('disabled.short_breaks_children')} children had short breaks in the month, ${perChild('disabled.short_break_nights_per_child')} nights each on average; ${count('disabled.short_breaks_started')} started short breaks and ${count('disabled.short_breaks_ended')} stopped. ${count('disabled.series_became_looked_after')} children who had been on a series of short breaks became looked after full-time in the month.`
      : NO_DATA.shortBreaks,
    coverage.ehcpLoaded
      ? `Education, health and care plans issued in the month within 20 weeks of the request: ${rate('disabled.ehcp_20_weeks_pct')} leaving out recorded exceptions (${rate('disabled.ehcp_20_weeks_with_exceptions_pct')} with them), ${rate('disabled.ehcp_20_weeks_known_to_social_care_pct')} for children known to social care.`
      : NO_DATA.ehcp,
    `Transition assessments: ${NO_DATA.transitions.replace(/^No data: /, 'no data: ')}`,
  );
  const disabilities = coverage.disabilitiesRecorded ? await byDisability(database, asOf, { kind: 'all' }) : { total: 0, rows: [] };
  return {
    id: 'disabled-children',
    title: 'Disabled children',
    paragraphs,
    ...(disabilities.rows.length
      ? {
          table: {
            caption: `Disabled children in need by disability on ${longDate(asOf)} (a child with two disabilities is in both rows)`,
            head: ['Disability', 'Children'],
            rows: disabilities.rows.map((row) => [row.label, shown(suppressCount(row.children))]),
          },
        }
      : {}),
  };
}
