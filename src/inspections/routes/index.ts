/**
 * Inspection pages: the register and timeline, one inspection (grades, findings, the statutory
 * deadline for the plan), recording an inspection by hand or from an uploaded Ofsted report PDF
 * (parsed by ofsted-report/, pre-filling the form for a person to confirm), and the national picture.
 * Uploads are read by core/http/upload.ts, limited in size and checked to be PDFs (name and signature).
 */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../core/http/app.ts';
import { registerRoutes } from './register.ts';
import { nationalRoutes } from './national.ts';
import { recordRoutes } from './record.ts';
import { uploadRoutes } from './upload.ts';

/** The inspection pages, one module an area. */
export function inspectionRoutes(app: FastifyInstance, deps: AppDeps) {
  registerRoutes(app, deps);
  nationalRoutes(app, deps);
  recordRoutes(app, deps);
  uploadRoutes(app, deps);
}
