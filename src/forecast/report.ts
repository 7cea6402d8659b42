/**
 * "Demand and sufficiency": the section the forecast gives committee reports and the
 * self-evaluation. Member-safe: counts of children go through the shared suppression rule (the
 * table of placement types now carries its total, so secondary suppression applies); forecast
 * figures are modelled, not children, but one under 6 is shown as "fewer than 6" all the same.
 */
import type { Database } from '../core/db/database.ts';
import { todayInEngland, longDate, monthEndOnOrBefore, type IsoDate } from '../core/dates.ts';
import { suppressRate, suppressTable, type Published } from '../core/outputs/suppression.ts';
import type { ExtraSection } from '../reports/document.ts';
import { INTERVAL } from './model.ts';
import { careData, runBacktest, runForecast, sufficiency, FAR_MILES } from './service.ts';
import { backtestVerdict, describeScenario, money, whole } from './present.ts';
import { PLACEMENT_TYPES } from './states.ts';

const shown = (value: Published, unit = '') =>
  typeof value === 'number' ? `${value}${unit}` : value === 'c' ? 'c (fewer than 6)' : value === 'z' ? 'none' : 'not available';
const modelled = (value: number) => (whole(value) < 6 ? 'fewer than 6' : String(whole(value)));
const modelledRange = (low: number, high: number) => `${modelled(low)} to ${modelled(high)}`;

export async function demandSection(database: Database, asOf: IsoDate): Promise<ExtraSection | null> {
  const today = todayInEngland();
  const data = await careData(database, today);
  if (!data.dataEnd) return null;
  const from = monthEndOnOrBefore(asOf < data.dataEnd ? asOf : data.dataEnd);
  const run = await runForecast(database, { today, from, months: 24 });
  if (!run.available) {
    return { id: 'demand', title: 'Demand and sufficiency', paragraphs: [`The looked-after forecast is not available: ${run.reason}`] };
  }
  const place = await sufficiency(database, today, run);
  const countsNow = [...place.rows.map((row) => [row.now]), [place.total]];
  const published = suppressTable(countsNow, { columnTotals: true });
  const far = place.rows.reduce((sum, row) => sum + row.overMiles, 0);
  const known = place.rows.reduce((sum, row) => sum + row.overMiles + row.withinMiles, 0);
  const farShare = known ? Math.round((1000 * far) / known) / 10 : null;
  const weekendShare = place.recentStarts.total ? Math.round((1000 * place.recentStarts.weekendOrBankHoliday) / place.recentStarts.total) / 10 : null;
  const at = (months: number) => ({
    expected: run.baseline.total.expected[months - 1]!,
    low: run.baseline.total.low[months - 1]!,
    high: run.baseline.total.high[months - 1]!,
  });
  const year1 = at(12);
  const year2 = at(24);
  const tested = await runBacktest(database, today);
  const headline = tested.available ? tested.runs.find((one) => one.horizon === 12) : undefined;
  const spend = run.baseline.spendByYear?.[0];
  const paragraphs = [
    `On ${longDate(run.from)} ${shown(published[published.length - 1]![0]!)} children were looked after (children on short breaks are not counted, as DfE does not count them). From the council’s own history of the last ${run.windowMonths} months, the forecast is ${modelled(year1.expected)} in 12 months (${INTERVAL.label} ${modelledRange(year1.low, year1.high)}) and ${modelled(year2.expected)} in 24 months (${modelledRange(year2.low, year2.high)}).`,
    spend
      ? `At the council’s unit costs, placements would cost ${money(spend.expected)} over the next 12 months (${money(spend.low)} to ${money(spend.high)})${run.typesWithoutCost.length ? `, leaving out ${run.typesWithoutCost.join(', ').toLowerCase()}, which have no unit cost` : ''}.`
      : 'Placement spend is not available: no unit costs are set.',
    `Of children whose placement distance is recorded, ${farShare === null ? 'not available (no distances are held)' : shown(suppressRate(farShare, far, known), '%')} were placed more than ${FAR_MILES} miles from home. Of placements made in the last 12 months, ${weekendShare === null ? 'none were recorded' : `${shown(suppressRate(weekendShare, place.recentStarts.weekendOrBankHoliday, place.recentStarts.total), '%')} began at a weekend or on a bank holiday`}. ${place.notAvailable.map((item) => `${item.what}: not available (${item.reason.replace(/\.$/, '')}).`).join(' ')}`,
    headline
      ? `Tested on the past: fitted on the data to ${longDate(headline.origin)} only, the method forecast ${modelled(headline.model.total)} for ${longDate(headline.target)}; ${shown(suppressTable([[headline.actualTotal]])[0]![0]!)} were looked after. ${backtestVerdict(headline)}`
      : `The method could not be tested on the past: ${tested.available ? 'no 12-month test could be run' : tested.reason}`,
    ...run.scenarios.map(
      (one) =>
        `Scenario “${one.saved.name}” (${describeScenario(one.saved.scenario).join('; ').toLowerCase()}): ${modelled(one.forecast.total.expected[11]!)} in 12 months and ${modelled(one.forecast.total.expected[23]!)} in 24, against ${modelled(year1.expected)} and ${modelled(year2.expected)} in the baseline${one.forecast.spendByYear?.[0] && spend ? `; spend ${money(one.forecast.spendByYear[0].expected)} in the first year against ${money(spend.expected)}` : ''}.`,
    ),
  ];
  return {
    id: 'demand',
    title: 'Demand and sufficiency',
    paragraphs,
    table: {
      caption: `Children looked after by placement type on ${longDate(run.from)}, and the forecast in 12 months`,
      head: ['Placement type', 'Now', 'Forecast in 12 months', INTERVAL.label, 'Places', 'Likely shortfall'],
      rows: place.rows.map((row, index) => [
        PLACEMENT_TYPES[index]!.label,
        shown(published[index]![0]!),
        row.forecast12 === null ? '–' : modelled(row.forecast12),
        modelledRange(run.baseline.byType[index]!.low[11] ?? 0, run.baseline.byType[index]!.high[11] ?? 0),
        row.places === null ? 'not set' : row.places,
        row.gap === null ? '–' : row.gap > 0 ? modelled(row.gap) : 'none',
      ]),
    },
  };
}
