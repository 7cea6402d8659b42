/**
 * Who may do what: the one table every route consults. A route names a permission from
 * PERMISSIONS (or declares itself public); a route that declares neither is refused at start-up,
 * and a request that reaches a route without a declaration is denied. Deny by default.
 */

export const ROLES = [
  'social_worker',
  'team_manager',
  'service_manager',
  'senior_leader',
  'performance_analyst',
  'qa_auditor',
  'elected_member',
  'administrator',
  'information_governance',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  social_worker: 'Social worker',
  team_manager: 'Team manager',
  service_manager: 'Service manager',
  senior_leader: 'Senior leader',
  performance_analyst: 'Performance analyst',
  qa_auditor: 'Quality assurance auditor',
  elected_member: 'Elected member',
  administrator: 'Administrator',
  information_governance: 'Information governance officer',
};

/** Roles that work with children's records. Which children: src/core/children/access.ts. */
export const PRACTICE_ROLES: readonly Role[] = ['social_worker', 'team_manager', 'service_manager', 'senior_leader', 'performance_analyst', 'qa_auditor'];

const EVERY_ROLE: readonly Role[] = ROLES;

export const PERMISSIONS = {
  /** The signed-in home page and signing out. */
  'session.use': EVERY_ROLE,
  /** Worker-level caseloads and the county distribution. Scope decides which teams (see scope.ts). */
  'caseloads.view': ['team_manager', 'service_manager', 'senior_leader', 'performance_analyst'],
  /** A child's record and lists of children, within the user's scope (or by break-glass). */
  'children.view': PRACTICE_ROLES,
  /** A social worker's own list of the children allocated to them. */
  'children.own': ['social_worker'],
  /** Asking for time-limited access to a child outside one's scope, with a reason. */
  'children.break_glass': PRACTICE_ROLES,
  /** Accounts: who may sign in, with which roles and scope. */
  'users.manage': ['administrator'],
  /** The council's local codes: what its case system's values mean to Keystone (src/local-codes); audited. */
  'local_codes.manage': ['administrator'],
  /** Council settings: its code, region and comparators, caseload threshold, visiting standards (src/admin/council-settings.ts). */
  'settings.manage': ['administrator'],
  /** Approving a change that lets an account see children, asked for by another administrator (src/admin/approvals.ts). */
  'access.approve': ['administrator', 'information_governance'],
  /** The audit trail, break-glass review, restricted records: the information governance officer. */
  'audit.review': ['information_governance'],
  /** Importing statutory returns (903…), the import history and validation reports (src/ingest). */
  'imports.manage': ['performance_analyst'],
  /** Exporting statutory returns (SSDA903, CIN census, Ofsted Annex A) from the data held (src/export); audited. */
  'exports.run': ['performance_analyst'],
  /** Performance dashboards: every indicator, its SPC chart, team breakdowns (src/indicators). Scope decides which teams. */
  'indicators.view': ['team_manager', 'service_manager', 'senior_leader', 'performance_analyst', 'qa_auditor'],
  /** The disabled children's service page: figures only, no child (src/disabled). Scope decides which teams. */
  'disabled.view': ['team_manager', 'service_manager', 'senior_leader', 'performance_analyst', 'qa_auditor'],
  /** Which disabled children are waiting, for what and how long: a list of children for managers (audited; src/disabled). */
  'disabled.waiting': ['team_manager', 'service_manager', 'senior_leader', 'performance_analyst'],
  /** A social worker's own visits and reviews coming due or overdue (src/indicators/my-work.ts). */
  'mywork.view': ['social_worker', 'team_manager'],
  /** Recording the events marked on the charts (and process changes that restart control limits). */
  'indicators.manage': ['senior_leader', 'performance_analyst'],
  /** The inspection register, timeline and national picture: published information (src/inspections). */
  'inspections.view': ['team_manager', 'service_manager', 'senior_leader', 'performance_analyst', 'qa_auditor', 'elected_member'],
  /** Recording inspections, by hand or from an uploaded Ofsted report. */
  'inspections.manage': ['service_manager', 'senior_leader', 'performance_analyst'],
  /** The improvement plan, its RAG summary and progress report: no child data (src/improvement). */
  'improvement.view': ['team_manager', 'service_manager', 'senior_leader', 'performance_analyst', 'qa_auditor', 'elected_member'],
  /** Creating plans, actions, measures and evidence; rating and moving due dates (kept with reasons). */
  'improvement.manage': ['service_manager', 'senior_leader', 'performance_analyst'],
  /** Conducting and moderating casework audits of children's cases (src/casework-audits); which children: core/children/access.ts. */
  'audits.conduct': ['qa_auditor', 'team_manager', 'service_manager'],
  /** Assigning audits of children in one's own scope, and audit templates (domains, scale, trajectory). */
  'audits.assign': ['team_manager', 'service_manager', 'senior_leader'],
  /** Audit results as aggregates (members: small numbers suppressed). */
  'audits.results': ['team_manager', 'service_manager', 'senior_leader', 'performance_analyst', 'qa_auditor', 'elected_member'],
  /** Workforce measures, closures, changes of worker and capacity planning (src/workforce). Scope decides which teams. */
  'workforce.view': ['team_manager', 'service_manager', 'senior_leader', 'performance_analyst'],
  /** The establishment (funded posts, who fills them) and the HR import (src/workforce). */
  'workforce.manage': ['service_manager', 'senior_leader', 'performance_analyst', 'administrator'],
  /** Recording teams closed to new cases: managers for the teams in their scope (scope.ts), administrators for any team. */
  'workforce.closures': ['team_manager', 'service_manager', 'senior_leader', 'performance_analyst', 'administrator'],
  /** The looked-after forecast, its scenarios, backtest and sufficiency: aggregates from every child's history (src/forecast). */
  'forecast.view': ['senior_leader', 'service_manager', 'performance_analyst'],
  /** Saving scenarios and setting unit costs and places (audited). */
  'forecast.manage': ['senior_leader', 'service_manager', 'performance_analyst'],
  /** Drafting, editing the commentary of and publishing committee reports (src/reports). */
  'reports.author': ['senior_leader', 'service_manager', 'performance_analyst'],
  /** Published committee reports and their downloads: aggregates only, small numbers suppressed (src/reports). */
  'reports.read': ['senior_leader', 'service_manager', 'performance_analyst', 'elected_member'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

/**
 * public: anyone; secondFactor: someone who has given their password and must now give their
 * one-time code (nothing else is open to them); permission: signed-in users whose role has it.
 */
export type Access = { public: true } | { secondFactor: true } | { permission: Permission };

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function allows(permission: Permission, roles: readonly string[]): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return roles.some((role) => isRole(role) && allowed.includes(role));
}
