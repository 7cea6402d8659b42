/**
 * Casework audit pages: results (aggregates: share good or better by month against the
 * trajectory, by team and domain, and how often moderation lowers a grade; suppressed for people
 * who cannot see children, such as elected members), the user's own audits, assigning an audit of
 * a child in one's scope, grading it, moderating it, raising an improvement-plan action from a
 * finding, and templates. Child IDs are posted, never put in URLs; every view of an audit is audited.
 */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../core/http/app.ts';
import { resultsRoutes } from './results.ts';
import { assignRoutes } from './assign.ts';
import { conductRoutes } from './conduct.ts';
import { templateRoutes } from './templates.ts';

/** The casework audit pages, one module an area. */
export function caseworkAuditRoutes(app: FastifyInstance, deps: AppDeps) {
  resultsRoutes(app, deps);
  assignRoutes(app, deps);
  conductRoutes(app, deps);
  templateRoutes(app, deps);
}
