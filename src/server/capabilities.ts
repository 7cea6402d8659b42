import type { Capability } from '../core/http/app.ts';
import { coreRoutes } from '../core/http/core-routes.ts';
import { authRoutes } from '../core/auth/routes.ts';
import { oidcRoutes } from '../core/auth/oidc.ts';
import { accountRoutes } from '../core/auth/account.ts';
import { caseloadRoutes } from '../caseloads/routes.ts';
import { childrenRoutes } from '../children/routes.ts';
import { auditRoutes } from '../audit/routes.ts';
import { retentionRoutes } from '../retention/routes.ts';
import { adminRoutes } from '../admin/routes.ts';
import { localCodeRoutes } from '../local-codes/routes.ts';
import { importRoutes } from '../ingest/routes.ts';
import { exportRoutes } from '../export/routes.ts';
import { indicatorRoutes } from '../indicators/routes/index.ts';
import { eventRoutes } from '../indicators/events.ts';
import { inspectionRoutes } from '../inspections/routes/index.ts';
import { improvementRoutes } from '../improvement/routes/index.ts';
import { caseworkAuditRoutes } from '../casework-audits/routes/index.ts';
import { workforceRoutes } from '../workforce/routes/index.ts';
import { reportRoutes } from '../reports/routes.ts';
import { disabledChildrenRoutes } from '../disabled/routes.ts';
import { forecastRoutes } from '../forecast/routes.ts';

/** Every capability the web app serves, in one list. */
export const CAPABILITIES: Capability[] = [
  coreRoutes,
  authRoutes,
  oidcRoutes,
  accountRoutes,
  caseloadRoutes,
  childrenRoutes,
  auditRoutes,
  retentionRoutes,
  adminRoutes,
  localCodeRoutes,
  importRoutes,
  exportRoutes,
  eventRoutes,
  indicatorRoutes,
  workforceRoutes,
  inspectionRoutes,
  improvementRoutes,
  caseworkAuditRoutes,
  reportRoutes,
  disabledChildrenRoutes,
  forecastRoutes,
];
