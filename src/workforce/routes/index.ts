/**
 * Workforce pages: measures by team and month, the establishment (posts, HR import, edit), teams
 * closed to new cases with the children awaiting allocation, changes of social worker, and the
 * capacity model. Staff figures follow the user's team scope; the one child-level list (children
 * awaiting allocation) asks src/core/children/access.ts and is audited.
 */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../core/http/app.ts';
import { measuresRoutes } from './measures.ts';
import { establishmentRoutes } from './establishment.ts';
import { closuresRoutes } from './closures.ts';
import { changesRoutes } from './changes.ts';
import { capacityRoutes } from './capacity.ts';

/** The workforce pages, one module an area. */
export function workforceRoutes(app: FastifyInstance, deps: AppDeps) {
  measuresRoutes(app, deps);
  establishmentRoutes(app, deps);
  closuresRoutes(app, deps);
  changesRoutes(app, deps);
  capacityRoutes(app, deps);
}
