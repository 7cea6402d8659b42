/**
 * Performance dashboards, one module a page: the leadership overview (/indicators), a team's page
 * (/indicators/teams/ID), an indicator's page (/indicators/ID), the children behind a number
 * (/indicators/ID/children, audited) and a social worker's "my work" (/my-work).
 * Query strings carry only the as-of date, service area and team: never a child.
 */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../core/http/app.ts';
import { dashboardPages } from './dashboard.ts';
import { overviewRoutes } from './overview.ts';
import { teamPageRoutes } from './team.ts';
import { indicatorPageRoutes } from './indicator.ts';
import { childrenBehindRoutes } from './children.ts';
import { myWorkRoutes } from './my-work.ts';

export function indicatorRoutes(app: FastifyInstance, deps: AppDeps) {
  const pages = dashboardPages(app, deps);
  overviewRoutes(app, deps, pages);
  teamPageRoutes(app, deps, pages);
  indicatorPageRoutes(app, deps, pages);
  childrenBehindRoutes(app, deps, pages);
  myWorkRoutes(app, deps);
}
