/**
 * Improvement plan pages: plans with their RAG summary, each recommendation (line) and action with
 * Keystone's suggested rating beside the person's, the forms that rate, move due dates, complete,
 * and add evidence and success measures (every change kept with who, when and why), and the
 * progress report (printable; Word download). Plans hold no child data: elected members read them.
 * Evidence files (evidence-files.ts) are uploaded as multipart forms and downloaded as attachments.
 */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../core/http/app.ts';
import { planRoutes } from './plans.ts';
import { ragDefinitionRoutes } from './rag-definitions.ts';
import { recommendationRoutes } from './recommendations.ts';
import { actionRoutes } from './actions.ts';
import { progressRoutes } from './progress.ts';

/** The improvement plan pages, one module an area. */
export function improvementRoutes(app: FastifyInstance, deps: AppDeps) {
  planRoutes(app, deps);
  ragDefinitionRoutes(app, deps);
  recommendationRoutes(app, deps);
  actionRoutes(app, deps);
  progressRoutes(app, deps);
}
