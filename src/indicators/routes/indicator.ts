/** An indicator's page (/indicators/ID): its SPC chart and table, benchmarks and breakdowns, for the user's scope or one team. */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../core/http/app.ts';
import { teamScope, teamsInScope, type TeamScope } from '../../core/auth/scope.ts';
import { allows } from '../../core/auth/access.ts';
import { barChartSvg, pointColour, spcChartSvg } from '../../core/charts.ts';
import { cached } from '../../core/cache.ts';
import { LEGAL_STATUS, wordsFor } from '../../core/words.ts';
import { FAMILY_NAMES, findIndicator } from '../catalogue/index.ts';
import { analyseIndicators, SMALL_BASE } from '../analysis.ts';
import { breakdownOn, type Selection } from '../engine.ts';
import { caseloadThreshold } from '../settings.ts';
import type { Unit } from '../types.ts';
import { formatValue } from '../format.ts';
import { comparatorText, type ComparatorValue } from '../benchmarks/index.ts';
import { notFound, type DashboardPages, type PageQuery } from './dashboard.ts';
import { rowOf } from './rows.ts';
import { longDate } from '../../core/dates.ts';

const UNIT_TEXT: Record<Unit, string> = { count: 'number', '%': 'per cent', 'per 10,000': 'per 10,000 children', ratio: 'average' };

export function indicatorPageRoutes(app: FastifyInstance, { database, config }: AppDeps, { renderPage, period }: DashboardPages) {
  app.get<{ Querystring: PageQuery; Params: { id: string } }>(
    '/indicators/:id',
    { config: { access: { permission: 'indicators.view' } } },
    async (request, reply) => {
      const threshold = await caseloadThreshold(database, config);
      const indicator = findIndicator(request.params.id);
      if (!indicator) return notFound(reply);
      /** A comparator's row value; '' when the council's code is not set. */
      const compared = (entry: ComparatorValue | null, options?: { named: boolean }) =>
        entry ? comparatorText(entry, formatValue(entry.value, indicator.unit), options) : '';
      const { asOf, first, error, choices, version, today } = await period(request);
      const userScope = await teamScope(database, request.user!, asOf, 'figures');
      const teams = await cached(database, version, JSON.stringify(['teams', asOf, userScope]), () => teamsInScope(database, asOf, userScope));
      const teamId = typeof request.query.team === 'string' && request.query.team !== '' ? request.query.team : null;
      const team = teamId ? teams.find((candidate) => candidate.id === teamId) : undefined;
      if (teamId && !team) return notFound(reply);
      const scope: TeamScope = team ? { kind: 'teams', teamIds: [team.id] } : userScope;
      const canList =
        indicator.kind === 'sql' &&
        allows('children.view', request.user!.roles) &&
        indicator.id !== 'workforce.agency_pct' &&
        indicator.id !== 'workforce.turnover_pct';
      // The user's scope is in the key even with a team chosen: the page names the scope's teams.
      return renderPage(
        reply,
        error ? 400 : 200,
        indicator.title,
        version,
        ['indicator', indicator.id, today, asOf, error, userScope, team?.id ?? null, canList],
        async () => {
          const selection: Selection = { scope };
          const [result] = await analyseIndicators(database, { asOf, first, selection, threshold, indicators: [indicator], dataVersion: version });
          const breakdowns = await Promise.all(
            (['team', 'age_band', 'legal_status'] as const)
              .filter((by) => indicator.breakdowns.includes(by) && !(by === 'team' && team))
              .map(async (by) => ({
                by,
                title: by === 'team' ? 'By team' : by === 'age_band' ? 'By age' : 'By legal status',
                rows: await breakdownOn(database, indicator, asOf, by, { selection, threshold, dataVersion: version }),
              })),
          );
          const childrenHref = (forTeam?: string) =>
            `/indicators/${encodeURIComponent(indicator.id)}/children?as_of=${asOf}${forTeam ? `&team=${encodeURIComponent(forTeam)}` : ''}`;
          return {
            template: 'indicators/views/indicator.njk',
            context: {
              smallBase: SMALL_BASE,
              indicator,
              family: FAMILY_NAMES[indicator.family],
              unitText: UNIT_TEXT[indicator.unit],
              asOf,
              error,
              choices,
              team,
              selectionText: team?.name ?? (scope.kind === 'all' ? 'the whole council' : teams.map((candidate) => candidate.name).join(', ')),
              result: result
                ? {
                    ...rowOf(result, asOf, scope),
                    benchmarks: result.benchmarks,
                    region: compared(result.benchmarks.region, { named: true }),
                    neighboursName: result.benchmarks.neighbours?.name ?? 'Statistical neighbours',
                    neighbours: compared(result.benchmarks.neighbours),
                    events: result.events,
                    provisional: result.spc.provisional,
                  }
                : undefined,
              chart: result
                ? spcChartSvg({
                    id: 'spc-chart',
                    title: `${indicator.title}: each month end with its mean and process limits`,
                    description:
                      'Statistical process control chart. Grey points are common cause variation; blue points special cause improving, orange concerning, purple special cause where higher is neither better nor worse. The solid line is the mean, the dashed lines the process limits, the red dotted line the target. The figures are in the table below.',
                    spc: result.spc,
                    polarity: indicator.polarity,
                    yAxisLabel:
                      indicator.unit === '%'
                        ? 'Per cent'
                        : indicator.unit === 'per 10,000'
                          ? 'Per 10,000 children'
                          : indicator.unit === 'ratio'
                            ? 'Average'
                            : 'Number',
                    format: (value) => formatValue(value, indicator.unit),
                    percent: indicator.unit === '%',
                    events: result.events,
                  })
                : undefined,
              table: result
                ? result.spc.points
                    .map((point, index) => ({
                      date: point.date,
                      value:
                        result.series[index]!.coverage?.status === 'none'
                          ? 'No data'
                          : `${formatValue(point.value, indicator.unit)}${result.series[index]!.coverage ? ' (partial)' : ''}`,
                      numerator: result.series[index]!.numerator,
                      denominator: result.series[index]!.denominator,
                      smallBase: result.smallBaseMonths.includes(point.date),
                      mean: formatValue(point.mean, indicator.unit === 'count' ? 'ratio' : indicator.unit),
                      limits:
                        point.lower === null
                          ? '–'
                          : `${formatValue(point.lower, indicator.unit === 'count' ? 'ratio' : indicator.unit)} to ${formatValue(point.upper, indicator.unit === 'count' ? 'ratio' : indicator.unit)}`,
                      special: result.smallBaseMonths.includes(point.date)
                        ? `No verdict: fewer than ${SMALL_BASE} children`
                        : point.special
                          ? `${point.special === 'high' ? 'High' : 'Low'}: ${point.rules.join(', ').replaceAll('_', ' ')}`
                          : '',
                      colour: pointColour(point.special, indicator.polarity),
                    }))
                    .reverse()
                : [],
              breakdowns: breakdowns.map((breakdown) => ({
                ...breakdown,
                chart:
                  breakdown.by === 'team' && breakdown.rows.length
                    ? barChartSvg({
                        id: 'chart-teams',
                        title: `${indicator.title} by team on ${longDate(asOf)}`,
                        description: 'Bar chart of the value for each team. The figures are in the table beside it.',
                        bars: breakdown.rows.map((row) => ({
                          label: row.label,
                          value: row.value ?? 0,
                          text: formatValue(row.value, indicator.unit === 'per 10,000' ? 'count' : indicator.unit),
                        })),
                      })
                    : undefined,
                rows: breakdown.rows.map((row) => ({
                  ...row,
                  label: breakdown.by === 'legal_status' ? (wordsFor(LEGAL_STATUS, row.label) ?? row.label) : row.label,
                  value: formatValue(row.value, indicator.unit === 'per 10,000' ? 'count' : indicator.unit),
                  childrenHref: canList && breakdown.by === 'team' ? childrenHref(row.key) : undefined,
                })),
              })),
              childrenHref: canList ? childrenHref(team?.id) : undefined,
              trajectory: indicator.trajectory,
              formatTarget: indicator.target === null ? '–' : formatValue(indicator.target, indicator.unit),
            },
          };
        },
      );
    },
  );
}
