import { caseloadThreshold } from '../indicators/settings.ts';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../core/http/app.ts';
import { teamScope, teamsInScope, type TeamScope } from '../core/auth/scope.ts';
import { allows } from '../core/auth/access.ts';
import { cached, dataVersion } from '../core/cache.ts';
import { addMonths, longDate, monthEndOnOrBefore, todayInEngland, type IsoDate } from '../core/dates.ts';
import { barChartSvg, monthlyLineChartSvg } from '../core/charts.ts';
import { dateItems, readDateInput, teamItems } from '../core/http/form.ts';
import { caseloadsOn, caseloadTrend, MEMBERSHIP_ROLE_NAMES, type CaseloadSnapshot, type TrendPoint } from './rules.ts';
import { noAllocationReason, involvementDataRange } from '../core/allocations.ts';
import { dataPeriod } from '../indicators/analysis.ts';

const EARLIEST_DATE = '1990-01-01';
const TREND_MONTHS = 72;
const TEMPLATE = 'caseloads/views/caseloads.njk';

interface CaseloadQuery {
  day?: unknown;
  month?: unknown;
  year?: unknown;
  team?: unknown;
}

interface ErrorItem {
  text: string;
  href: string;
}

type DataRange = Awaited<ReturnType<typeof involvementDataRange>>;

/** Where the page opens: the latest month-end on or before the last day with allocation data (never after today). */
function defaultDate(range: DataRange, today: IsoDate): IsoDate {
  return range ? monthEndOnOrBefore(range.last < today ? range.last : today) : today;
}

/** From up to 72 month-ends back (or the first day with data) to the as-of date. */
function trendPeriod(range: DataRange, asOf: IsoDate): { from: IsoDate; to: IsoDate } | undefined {
  if (!range || range.first > asOf) return undefined;
  const earliest = addMonths(`${monthEndOnOrBefore(asOf).slice(0, 8)}01`, -(TREND_MONTHS - 1));
  return { from: range.first > earliest ? range.first : earliest, to: asOf };
}

function trendCharts(trend: TrendPoint[], threshold: number) {
  const period = trend.length ? `${longDate(trend[0]!.monthEnd)} to ${longDate(trend[trend.length - 1]!.monthEnd)}` : '';
  return {
    average: monthlyLineChartSvg({
      id: 'chart-average',
      title: `Average caseload at each month end, ${period}`,
      description: `Line chart of the average number of children per case-holding worker, with a dashed line at the threshold of ${threshold}. The figures are in the table below.`,
      points: trend.map((point) => ({ monthEnd: point.monthEnd, value: point.average })),
      yAxisLabel: 'Average caseload',
      referenceLine: { value: threshold, label: `Threshold: ${threshold}` },
    }),
    share: monthlyLineChartSvg({
      id: 'chart-share',
      title: `Share of workers with more than ${threshold} cases at each month end, ${period}`,
      description: 'Line chart of the percentage of case-holding workers over the threshold. The figures are in the table below.',
      points: trend.map((point) => ({ monthEnd: point.monthEnd, value: point.overThresholdPct })),
      yAxisLabel: `Workers with more than ${threshold} cases`,
      format: (value) => `${value}%`,
      percent: true,
    }),
  };
}

function bandChart(result: CaseloadSnapshot) {
  return barChartSvg({
    id: 'chart-bands',
    title: `Workers by caseload on ${longDate(result.asOf)}`,
    description: 'Bar chart of the number of workers in each caseload band. The figures are in the table beside it.',
    bars: result.county.bands.map((band) => ({
      label: band.label,
      value: band.workers,
      text: `${band.workers} (${band.pct === null ? '–' : `${band.pct.toFixed(1)}%`})`,
      highlight: band.min > result.threshold,
    })),
  });
}

/** GET /caseloads: every worker's caseload on a date, the teams, the county distribution and the monthly trend. */
export function caseloadRoutes(app: FastifyInstance, { database, config }: AppDeps) {
  app.get<{ Querystring: CaseloadQuery }>('/caseloads', { config: { access: { permission: 'caseloads.view' } } }, async (request, reply) => {
    const threshold = await caseloadThreshold(database, config);
    const user = request.user!;
    const today = todayInEngland();
    const query = request.query;
    const input = readDateInput(query, { earliest: EARLIEST_DATE, today });
    // One data version for the whole page: every figure on it is computed from the same data.
    const version = await dataVersion(database);
    const range = await cached(database, version, 'caseloads.range', () => involvementDataRange(database));
    // Without allocations (an SSDA903 return alone) the page opens where every dashboard does: the data's last month.
    const asOf = input.kind === 'date' ? input.date : range ? defaultDate(range, today) : ((await dataPeriod(database, today, version))?.defaultAsOf ?? today);
    const userScope = await teamScope(database, user, asOf, 'casework');
    const teams = await teamsInScope(database, asOf, userScope);
    const teamId = typeof query.team === 'string' ? query.team : '';
    const errors: ErrorItem[] = [];
    if (input.kind === 'error') errors.push({ text: input.message, href: `#date-${input.parts[0]}` });
    const teamError = teamId !== '' && !teams.some((team) => team.id === teamId);
    if (teamError) errors.push({ text: 'Select a team from the list', href: '#team' });

    const page = {
      title: 'Caseloads',
      threshold,
      errorSummary: errors.length ? errors : undefined,
      dateError: input.kind === 'error' ? { text: input.message } : undefined,
      dateItems: dateItems('', input.kind === 'error' ? { ...query } : asOf, input.kind === 'error' ? input.parts : []),
      teamSelect:
        userScope.kind === 'all' || teams.length > 1 || teamError
          ? {
              items: teamItems(teams, teamId, 'All teams'),
              errorMessage: teamError ? { text: 'Select a team from the list' } : undefined,
            }
          : undefined,
    };
    if (errors.length) return reply.code(400).render(TEMPLATE, page);

    const selectedTeam = teams.find((team) => team.id === teamId);
    const scope: TeamScope = selectedTeam ? { kind: 'teams', teamIds: [selectedTeam.id] } : userScope;
    const selection = selectedTeam?.name ?? (userScope.kind === 'all' ? 'All teams' : teams.map((team) => team.name).join(', '));
    if (scope.kind === 'teams' && scope.teamIds.length === 0) return reply.render(TEMPLATE, { ...page, asOf, emptyScope: true });

    // No data is not zero: without allocations, or on a date outside the months they cover, no caseload can be counted.
    const noAllocations = await noAllocationReason(database);
    const unavailable = noAllocations
      ? `no caseload can be counted (see above).`
      : !range
        ? 'Keystone holds no allocations of children to workers (ssd_involvements): an SSDA903 return or a CIN census does not say who each child’s worker is, and an Annex A workbook’s workers are stored only when they match a professional Keystone holds; an SSD extract carries them.'
        : asOf < range.first
          ? `Keystone holds allocations of children to workers from ${longDate(range.first)}.`
          : undefined;
    if (unavailable) return reply.render(TEMPLATE, { ...page, asOf, selection, unavailable, noAllocations });

    const key = JSON.stringify({ asOf, threshold, scope });
    const result = await cached(database, version, `caseloads.on:${key}`, () => caseloadsOn(database, asOf, { threshold, scope }));
    const period = trendPeriod(range, asOf);
    const trend = period ? await cached(database, version, `caseloads.trend:${key}`, () => caseloadTrend(database, { ...period, threshold, scope })) : [];
    return reply.render(TEMPLATE, {
      ...page,
      asOf,
      selection,
      result,
      membershipRoles: MEMBERSHIP_ROLE_NAMES,
      canListChildren: allows('children.view', user.roles),
      bandChart: bandChart(result),
      trend,
      trendCharts: trend.length ? trendCharts(trend, threshold) : undefined,
    });
  });
}
