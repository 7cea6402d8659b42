/** The leadership overview (/indicators): every indicator in the user's scope, what needs attention and what improved. */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../core/http/app.ts';
import { teamScope, teamsInScope } from '../../core/auth/scope.ts';
import { cached } from '../../core/cache.ts';
import { CATALOGUE, isServiceArea, SERVICE_AREA_NAMES } from '../catalogue/index.ts';
import { analyseIndicators, isSmallBase, type IndicatorResult } from '../analysis.ts';
import { caseloadThreshold } from '../settings.ts';
import type { DashboardPages, PageQuery } from './dashboard.ts';
import { attentionWhy, improvingWhy, rowOf } from './rows.ts';

export function overviewRoutes(app: FastifyInstance, { database, config }: AppDeps, { renderPage, period }: DashboardPages) {
  app.get<{ Querystring: PageQuery }>('/indicators', { config: { access: { permission: 'indicators.view' } } }, async (request, reply) => {
    const threshold = await caseloadThreshold(database, config);
    const { asOf, first, error, choices, version, today } = await period(request);
    const scope = await teamScope(database, request.user!, asOf, 'figures');
    const area = typeof request.query.area === 'string' && isServiceArea(request.query.area) ? request.query.area : null;
    return renderPage(reply, error ? 400 : 200, 'Performance overview', version, ['overview', today, asOf, error, area, scope], async () => {
      const wanted = CATALOGUE.filter((indicator) => !area || indicator.serviceArea === area);
      const results =
        scope.kind === 'teams' && scope.teamIds.length === 0
          ? []
          : await analyseIndicators(database, { asOf, first, selection: { scope }, threshold, indicators: wanted, dataVersion: version });
      const groups = Object.entries(SERVICE_AREA_NAMES)
        .map(([key, name]) => ({
          key,
          name,
          rows: results.filter((result) => result.indicator.serviceArea === key).map((result) => rowOf(result, asOf, scope)),
        }))
        .filter((group) => group.rows.length);
      const teams = await cached(database, version, JSON.stringify(['teams', asOf, scope]), () => teamsInScope(database, asOf, scope));
      // The page leads with what needs attention (a concerning signal, or failing the target) and what changed (a signal this month).
      const summary = (result: IndicatorResult) => ({ ...rowOf(result, asOf, scope), area: SERVICE_AREA_NAMES[result.indicator.serviceArea] });
      const attention = results
        .filter(
          (result) =>
            !isSmallBase(result.indicator, result.latest) &&
            result.latest.value !== null &&
            (result.spc.variation === 'special_cause_concerning' || result.spc.assurance === 'consistently_failing'),
        )
        .map((result) => ({
          ...summary(result),
          why: attentionWhy(result),
        }));
      // Improving is a signal of change for the better; an indicator still short of its target is said to be so (it is in both lists).
      const improving = results
        .filter((result) => !isSmallBase(result.indicator, result.latest) && result.latest.value !== null && result.spc.variation === 'special_cause_improving')
        .map((result) => ({
          ...summary(result),
          why: improvingWhy(result),
        }));
      return {
        template: 'indicators/views/overview.njk',
        context: {
          attention,
          improving,
          asOf,
          error,
          choices,
          areas: [
            { value: '', text: 'All service areas' },
            ...Object.entries(SERVICE_AREA_NAMES).map(([value, text]) => ({ value, text, selected: value === area })),
          ],
          groups,
          scopeText: scope.kind === 'all' ? 'the whole council' : teams.map((team) => team.name).join(', ') || 'no team',
          emptyScope: scope.kind === 'teams' && scope.teamIds.length === 0,
          teams: teams.map((team) => ({ ...team, href: `/indicators/teams/${encodeURIComponent(team.id)}?as_of=${asOf}` })),
        },
      };
    });
  });
}
