/** The children behind a number (/indicators/ID/children): only those the user may see, 50 a page, audited. */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../core/http/app.ts';
import { teamScope } from '../../core/auth/scope.ts';
import { allows } from '../../core/auth/access.ts';
import { accessToChildren } from '../../core/children/access.ts';
import { actorFrom, recordAudit } from '../../core/audit/trail.ts';
import { pageHref, paged } from '../../core/http/paging.ts';
import { findIndicator } from '../catalogue/index.ts';
import { childrenBehind, type Selection } from '../engine.ts';
import { caseloadThreshold } from '../settings.ts';
import { notFound, type DashboardPages, type PageQuery } from './dashboard.ts';

export function childrenBehindRoutes(app: FastifyInstance, { database, config }: AppDeps, { period }: DashboardPages) {
  app.get<{ Querystring: PageQuery; Params: { id: string } }>(
    '/indicators/:id/children',
    { config: { access: { permission: 'children.view' } } },
    async (request, reply) => {
      const threshold = await caseloadThreshold(database, config);
      const indicator = findIndicator(request.params.id);
      if (!indicator || indicator.kind !== 'sql') return notFound(reply);
      const { asOf, error } = await period(request);
      if (error) return reply.code(400).render('core/views/error.njk', { title: 'There is a problem with your request', message: error });
      const user = request.user!;
      const teamId = typeof request.query.team === 'string' && request.query.team !== '' ? request.query.team : null;
      // Who the list may show: senior leaders, analysts and QA auditors everyone; managers their teams; a
      // social worker only their own allocated children. The central access rule then has the last word
      // (for an auditor: the children under their audit).
      const isWorkerOnly = !user.roles.some((role) => ['team_manager', 'service_manager', 'senior_leader', 'performance_analyst', 'qa_auditor'].includes(role));
      const scope = await teamScope(database, user, asOf, 'figures');
      const selection: Selection = isWorkerOnly ? { scope: { kind: 'all' }, workerId: user.professionalId ?? '-' } : { scope };
      if (teamId && scope.kind === 'teams' && !scope.teamIds.includes(teamId)) return notFound(reply);
      const rows = await childrenBehind(database, indicator, asOf, { selection, threshold, teamId });
      const access = await accessToChildren(
        database,
        user,
        rows.map((row) => row.childId),
        asOf,
      );
      const shown = rows.filter((row) => access.get(row.childId) === 'full');
      const restricted = rows.filter((row) => access.get(row.childId) === 'restricted').length;
      const hidden = rows.length - shown.length - restricted;
      // 50 children a page: the trail records the children this page shows.
      const page = paged(shown, request.query.page, (number) =>
        pageHref(`/indicators/${encodeURIComponent(indicator.id)}/children`, { as_of: asOf, team: teamId ?? '' }, number),
      );
      await recordAudit(database, actorFrom(request), {
        action: 'child.list',
        subjectType: 'indicator',
        subjectId: indicator.id,
        childIds: page.items.map((row) => row.childId),
        details: { indicator: indicator.id, as_of: asOf, team: teamId, shown: page.items.length, of: shown.length, restricted, out_of_scope: hidden },
      });
      return reply.render('indicators/views/children.njk', {
        title: `Children behind: ${indicator.title}`,
        indicator,
        asOf,
        teamId,
        // Someone who cannot open the indicator (a social worker) goes back to their own work.
        back: allows('indicators.view', user.roles)
          ? { href: `/indicators/${encodeURIComponent(indicator.id)}?as_of=${asOf}`, text: 'Back to the indicator' }
          : { href: '/my-work', text: 'Back to my work' },
        rows: page.items,
        total: shown.length,
        pagination: page.pagination,
        showing: page.showing,
        restricted,
        hidden,
        percentage: indicator.unit === '%' || indicator.unit === 'ratio',
      });
    },
  );
}
