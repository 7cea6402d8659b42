/** Changes of social worker (/workforce/changes): children by how many workers they had, beside the DfE stability measure. */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../core/http/app.ts';
import { caseloadThreshold } from '../../indicators/settings.ts';
import { memo } from '../../core/cache.ts';
import { barChartSvg } from '../../core/charts.ts';
import { longDate } from '../../core/dates.ts';
import { indicatorReport } from '../../indicators/report.ts';
import { CHANGE_REASONS, workerChangesOn } from '../changes.ts';
import { selection, VIEW, type DateTeamQuery } from './common.ts';

export function changesRoutes(app: FastifyInstance, deps: AppDeps) {
  const { database, config } = deps;

  app.get<{ Querystring: DateTeamQuery }>('/workforce/changes', { config: VIEW }, async (request, reply) => {
    const threshold = await caseloadThreshold(database, config);
    const picked = await selection(deps, request);
    const page = {
      title: 'Changes of social worker',
      form: picked.form,
      errorSummary: picked.errors.length ? picked.errors : undefined,
      action: '/workforce/changes',
    };
    if (picked.errors.length) return reply.code(400).render('workforce/views/changes.njk', page);
    const key = JSON.stringify({ asOf: picked.asOf, scope: picked.scope });
    const changes = await memo(database, `workforce.changes:${key}`, () => workerChangesOn(database, picked.asOf, picked.scope));
    const teamId = picked.scope.kind === 'teams' && picked.scope.teamIds.length === 1 ? picked.scope.teamIds[0]! : null;
    const dfe =
      picked.emptyScope || (picked.scope.kind === 'teams' && !teamId)
        ? null
        : ((
            await memo(database, `workforce.dfe:${picked.asOf}:${teamId}`, () =>
              indicatorReport(database, picked.asOf, { threshold, teamId, id: 'stability.three_social_workers_pct' }),
            )
          ).indicators.find((indicator) => indicator.id === 'stability.three_social_workers_pct') ?? null);
    return reply.render('workforce/views/changes.njk', {
      ...page,
      asOf: picked.asOf,
      selectionName: picked.selectionName,
      changes,
      dfe,
      reasonCodes: CHANGE_REASONS,
      chart: barChartSvg({
        id: 'chart-workers',
        title: `Children by different social workers in the 12 months to ${longDate(picked.asOf)}`,
        description:
          'Bar chart of the number of children by how many different allocated workers they had in the 12 months. The figures are in the table beside it.',
        bars: changes.lastYear.map((bucket) => ({
          label: bucket.workers,
          value: bucket.children,
          text: `${bucket.children} (${bucket.pct === null ? '–' : `${bucket.pct.toFixed(1)}%`})`,
          highlight: bucket.workers !== '1' && bucket.workers !== '2',
        })),
      }),
    });
  });
}
