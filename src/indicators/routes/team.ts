/** A team's performance page (/indicators/teams/ID): the team's indicators and its workers' caseloads. */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../core/http/app.ts';
import { teamScope, teamsInScope } from '../../core/auth/scope.ts';
import { cached } from '../../core/cache.ts';
import { analyseIndicators } from '../analysis.ts';
import type { Selection } from '../engine.ts';
import { cachedCaseloads, TEAM_PAGE_INDICATORS } from '../precompute.ts';
import { caseloadThreshold } from '../settings.ts';
import { notFound, type DashboardPages, type PageQuery } from './dashboard.ts';
import { rowOf } from './rows.ts';

export function teamPageRoutes(app: FastifyInstance, { database, config }: AppDeps, { renderPage, period }: DashboardPages) {
  app.get<{ Querystring: PageQuery; Params: { teamId: string } }>(
    '/indicators/teams/:teamId',
    { config: { access: { permission: 'indicators.view' } } },
    async (request, reply) => {
      const threshold = await caseloadThreshold(database, config);
      const { asOf, first, error, choices, version, today } = await period(request);
      const scope = await teamScope(database, request.user!, asOf, 'figures');
      const team = (await cached(database, version, JSON.stringify(['teams', asOf, scope]), () => teamsInScope(database, asOf, scope))).find(
        (candidate) => candidate.id === request.params.teamId,
      );
      if (!team) return notFound(reply);
      // Its workers and their caseloads are the team's casework: not for a QA auditor, who sees every team's figures only.
      const casework = await teamScope(database, request.user!, asOf, 'casework');
      const showWorkers = casework.kind === 'all' || casework.teamIds.includes(team.id);
      // The page is the same for everyone who may see the team and (or not) its workers.
      return renderPage(reply, error ? 400 : 200, `${team.name}: performance`, version, ['team', today, asOf, error, team, showWorkers], async () => {
        const selection: Selection = { scope: { kind: 'teams', teamIds: [team.id] } };
        const results = await analyseIndicators(database, { asOf, first, selection, threshold, indicators: TEAM_PAGE_INDICATORS, dataVersion: version });
        const caseloads = showWorkers ? await cachedCaseloads(database, version, asOf, selection.scope, threshold) : null;
        return {
          template: 'indicators/views/team.njk',
          context: {
            team,
            asOf,
            error,
            choices,
            rows: results
              .map((result) => rowOf(result, asOf, selection.scope))
              .map((row) => ({ ...row, href: `${row.href}&team=${encodeURIComponent(team.id)}` })),
            workers: caseloads?.workers,
            threshold,
          },
        };
      });
    },
  );
}
