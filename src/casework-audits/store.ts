/** Casework audits in the database: templates, audits, grades, moderation, and the records results read. */
import { sql } from 'kysely';
import type { Database } from '../core/db/database.ts';
import type { IsoDate } from '../core/dates.ts';
import type { Trajectory } from '../indicators/types.ts';
import { DEFAULT_DOMAINS, DEFAULT_SCORE_THRESHOLD, DEFAULT_TRAJECTORY, OFSTED_GOOD, type AuditRecord, type Scale } from './rules.ts';
import { ALLOCATIONS, inEffect } from '../core/allocations.ts';

export interface Template {
  templateId: number;
  name: string;
  scale: Scale;
  goodThreshold: number;
  domains: string[];
  trajectory: Trajectory;
  /** The earlier version this one replaces, and when this one was itself replaced (no longer offered). */
  replacesId: number | null;
  retiredAt: string | null;
}

/** What a person sets on a template (the rest is its version history). */
export type TemplateFields = Pick<Template, 'name' | 'scale' | 'goodThreshold' | 'domains' | 'trajectory'>;

const json = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);

type TemplateRow = {
  template_id: number;
  name: string;
  scale: Scale;
  good_threshold: number;
  domains: unknown;
  trajectory: unknown;
  replaces_id: number | null;
  retired_at: Date | string | null;
};
const TEMPLATE_COLUMNS = sql`template_id, name, scale, good_threshold, domains, trajectory, replaces_id, retired_at`;
const toTemplate = (row: TemplateRow): Template => ({
  templateId: Number(row.template_id),
  name: row.name,
  scale: row.scale,
  goodThreshold: row.good_threshold,
  domains: json(row.domains) as string[],
  trajectory: json(row.trajectory) as Trajectory,
  replacesId: row.replaces_id === null ? null : Number(row.replaces_id),
  retiredAt: row.retired_at === null ? null : new Date(row.retired_at).toISOString(),
});

/** Every template, current ones first, or only the current ones (those offered for new audits). */
export async function listTemplates(database: Database, options: { currentOnly?: boolean } = {}): Promise<Template[]> {
  const rows = await sql<TemplateRow>`SELECT ${TEMPLATE_COLUMNS} FROM ks_audit_template
    ${options.currentOnly ? sql`WHERE retired_at IS NULL` : sql``} ORDER BY retired_at IS NOT NULL, template_id`.execute(database.db);
  return rows.rows.map(toTemplate);
}

export async function getTemplate(database: Database, templateId: number): Promise<Template | undefined> {
  const rows = await sql<TemplateRow>`SELECT ${TEMPLATE_COLUMNS} FROM ks_audit_template WHERE template_id = ${templateId}`.execute(database.db);
  return rows.rows[0] && toTemplate(rows.rows[0]);
}

export async function saveTemplate(database: Database, template: TemplateFields, replacesId: number | null = null): Promise<number> {
  const row = await sql<{ template_id: number }>`
    INSERT INTO ks_audit_template (name, scale, good_threshold, domains, trajectory, replaces_id)
    VALUES (${template.name}, ${template.scale}, ${template.goodThreshold}, ${JSON.stringify(template.domains)}::jsonb, ${JSON.stringify(template.trajectory)}::jsonb, ${replacesId})
    RETURNING template_id`.execute(database.db);
  return Number(row.rows[0]!.template_id);
}

/** How many audits (open or finished) use a template. */
export async function auditsUsingTemplate(database: Database, templateId: number): Promise<number> {
  return (await sql<{ count: number }>`SELECT count(*)::int AS count FROM ks_casework_audit WHERE template_id = ${templateId}`.execute(database.db)).rows[0]!
    .count;
}

/**
 * Changes a current template. Templates are versioned so audits keep the domains, scale and
 * threshold they were graded on: a template no audit uses is changed in place; one that audits use
 * is left as it is and retired (no longer offered, still shown with its audits and results), and
 * the change is saved as a new version that replaces it. A change to the name or trajectory alone
 * (not how audits are graded) is made in place either way. Returns the template ID now current.
 */
export async function changeTemplate(database: Database, current: Template, fields: TemplateFields): Promise<{ templateId: number; newVersion: boolean }> {
  const grading = (template: TemplateFields) => JSON.stringify([template.scale, template.goodThreshold, template.domains]);
  if (grading(current) === grading(fields) || (await auditsUsingTemplate(database, current.templateId)) === 0) {
    await sql`
      UPDATE ks_audit_template SET name = ${fields.name}, scale = ${fields.scale}, good_threshold = ${fields.goodThreshold},
        domains = ${JSON.stringify(fields.domains)}::jsonb, trajectory = ${JSON.stringify(fields.trajectory)}::jsonb
      WHERE template_id = ${current.templateId}`.execute(database.db);
    return { templateId: current.templateId, newVersion: false };
  }
  return database.db.transaction().execute(async (trx) => {
    await sql`UPDATE ks_audit_template SET retired_at = now() WHERE template_id = ${current.templateId}`.execute(trx);
    const row = await sql<{ template_id: number }>`
      INSERT INTO ks_audit_template (name, scale, good_threshold, domains, trajectory, replaces_id)
      VALUES (${fields.name}, ${fields.scale}, ${fields.goodThreshold}, ${JSON.stringify(fields.domains)}::jsonb, ${JSON.stringify(fields.trajectory)}::jsonb, ${current.templateId})
      RETURNING template_id`.execute(trx);
    return { templateId: Number(row.rows[0]!.template_id), newVersion: true };
  });
}

/** The default template (Ofsted grades, the five usual domains, the 61% → 80% → 90% trajectory). */
export function defaultTemplate(scale: Scale = 'ofsted'): TemplateFields {
  return {
    name: scale === 'ofsted' ? 'Casework audit (Ofsted grades)' : 'Casework audit (scored 0 to 10)',
    scale,
    goodThreshold: scale === 'ofsted' ? OFSTED_GOOD : DEFAULT_SCORE_THRESHOLD,
    domains: [...DEFAULT_DOMAINS],
    trajectory: DEFAULT_TRAJECTORY,
  };
}

/** The team of the child's allocated case worker on the date (the first by name if several). */
export async function childTeamOn(database: Database, personId: string, asOf: IsoDate): Promise<string | null> {
  const rows = await sql<{ team_id: string }>`
    SELECT m.memb_team_id AS team_id
    FROM ${ALLOCATIONS} i
    JOIN ks_team_membership m ON m.memb_professional_id = i.invo_professional_id
     AND m.memb_start_date <= ${asOf} AND (m.memb_end_date IS NULL OR m.memb_end_date > ${asOf})
    WHERE i.invo_person_id = ${personId} AND ${inEffect('i', asOf)}
    ORDER BY m.memb_team_id LIMIT 1`.execute(database.db);
  return rows.rows[0]?.team_id ?? null;
}

/**
 * Opens an audit, or gives the one already open for the same child, template, date and auditor (a
 * form sent twice): a lock per child stops two requests at once from both inserting.
 */
export async function openAudit(
  database: Database,
  input: { templateId: number; personId: string; auditDate: IsoDate; auditorId: number; assignedBy: number | null },
): Promise<{ auditId: number; opened: boolean }> {
  const teamId = await childTeamOn(database, input.personId, input.auditDate);
  return database.db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`ks_casework_audit:${input.personId}`}))`.execute(trx);
    const open = await sql<{ audit_id: number }>`
      SELECT audit_id FROM ks_casework_audit
      WHERE person_id = ${input.personId} AND template_id = ${input.templateId} AND audit_date = ${input.auditDate}
        AND auditor_id = ${input.auditorId} AND completed_on IS NULL`.execute(trx);
    if (open.rows[0]) return { auditId: Number(open.rows[0].audit_id), opened: false };
    const row = await sql<{ audit_id: number }>`
      INSERT INTO ks_casework_audit (template_id, person_id, audit_date, team_id, auditor_id, assigned_by)
      VALUES (${input.templateId}, ${input.personId}, ${input.auditDate}, ${teamId}, ${input.auditorId}, ${input.assignedBy})
      RETURNING audit_id`.execute(trx);
    return { auditId: Number(row.rows[0]!.audit_id), opened: true };
  });
}

export interface AuditDetail {
  auditId: number;
  template: Template;
  personId: string;
  childName: string;
  auditDate: IsoDate;
  teamName: string | null;
  auditorId: number;
  auditorName: string;
  completedOn: IsoDate | null;
  grade: number | null;
  findings: string | null;
  moderatorId: number | null;
  moderatorName: string | null;
  moderatedOn: IsoDate | null;
  moderatedGrade: number | null;
  moderationNote: string | null;
  domains: { domain: string; grade: number | null; moderatedGrade: number | null }[];
}

type AuditRow = {
  audit_id: number;
  template_id: number;
  person_id: string;
  child_name: string;
  audit_date: IsoDate;
  team_name: string | null;
  auditor_id: number;
  auditor_name: string;
  completed_on: IsoDate | null;
  overall_grade: number | null;
  findings: string | null;
  moderator_id: number | null;
  moderator_name: string | null;
  moderated_on: IsoDate | null;
  moderated_grade: number | null;
  moderation_note: string | null;
};

const AUDIT_SELECT = sql`
  SELECT a.audit_id, a.template_id, a.person_id, concat_ws(' ', p.pers_forename, p.pers_surname) AS child_name, a.audit_date,
         d.dept_team_name AS team_name, a.auditor_id, au.display_name AS auditor_name, a.completed_on, a.overall_grade, a.findings,
         a.moderator_id, mo.display_name AS moderator_name, a.moderated_on, a.moderated_grade, a.moderation_note
  FROM ks_casework_audit a
  JOIN ssd_person p ON p.pers_person_id = a.person_id
  JOIN ks_user au ON au.user_id = a.auditor_id
  LEFT JOIN ks_user mo ON mo.user_id = a.moderator_id
  LEFT JOIN ssd_department d ON d.dept_team_id = a.team_id`;

export async function getAudit(database: Database, auditId: number): Promise<AuditDetail | undefined> {
  const row = (await sql<AuditRow>`${AUDIT_SELECT} WHERE a.audit_id = ${auditId}`.execute(database.db)).rows[0];
  if (!row) return undefined;
  const template = (await getTemplate(database, Number(row.template_id)))!;
  const grades = await sql<{ domain: string; grade: number; moderated_grade: number | null }>`
    SELECT domain, grade, moderated_grade FROM ks_casework_audit_grade WHERE audit_id = ${auditId}`.execute(database.db);
  const byDomain = new Map(grades.rows.map((entry) => [entry.domain, entry]));
  return {
    ...auditSummary(row),
    template,
    domains: template.domains.map((domain) => ({
      domain,
      grade: byDomain.get(domain)?.grade ?? null,
      moderatedGrade: byDomain.get(domain)?.moderated_grade ?? null,
    })),
  };
}

/** Audits the user conducts or moderates, or assigned, newest first. */
export async function auditsFor(database: Database, userId: number): Promise<Omit<AuditDetail, 'template' | 'domains'>[]> {
  const rows = await sql<AuditRow>`${AUDIT_SELECT}
    WHERE a.auditor_id = ${userId} OR a.moderator_id = ${userId} OR a.assigned_by = ${userId}
    ORDER BY a.audit_date DESC, a.audit_id DESC LIMIT 200`.execute(database.db);
  return rows.rows.map(auditSummary);
}

function auditSummary(row: AuditRow): Omit<AuditDetail, 'template' | 'domains'> {
  return {
    auditId: Number(row.audit_id),
    personId: row.person_id,
    childName: row.child_name,
    auditDate: row.audit_date,
    teamName: row.team_name,
    auditorId: Number(row.auditor_id),
    auditorName: row.auditor_name,
    completedOn: row.completed_on,
    grade: row.overall_grade,
    findings: row.findings,
    moderatorId: row.moderator_id === null ? null : Number(row.moderator_id),
    moderatorName: row.moderator_name,
    moderatedOn: row.moderated_on,
    moderatedGrade: row.moderated_grade,
    moderationNote: row.moderation_note,
  };
}

/** The auditor's grades and findings; completes the audit on `completedOn`. */
export async function completeAudit(
  database: Database,
  auditId: number,
  input: { grades: Record<string, number>; overall: number; findings: string; completedOn: IsoDate; moderatorId: number | null },
) {
  await database.db.transaction().execute(async (trx) => {
    for (const [domain, grade] of Object.entries(input.grades)) {
      await sql`INSERT INTO ks_casework_audit_grade (audit_id, domain, grade) VALUES (${auditId}, ${domain}, ${grade})
        ON CONFLICT (audit_id, domain) DO UPDATE SET grade = EXCLUDED.grade`.execute(trx);
    }
    await sql`UPDATE ks_casework_audit SET overall_grade = ${input.overall}, findings = ${input.findings}, completed_on = ${input.completedOn}, moderator_id = ${input.moderatorId}
      WHERE audit_id = ${auditId}`.execute(trx);
  });
}

export async function moderateAudit(
  database: Database,
  auditId: number,
  input: { grades: Record<string, number>; overall: number; note: string; moderatedOn: IsoDate },
) {
  await database.db.transaction().execute(async (trx) => {
    for (const [domain, grade] of Object.entries(input.grades)) {
      await sql`UPDATE ks_casework_audit_grade SET moderated_grade = ${grade} WHERE audit_id = ${auditId} AND domain = ${domain}`.execute(trx);
    }
    await sql`UPDATE ks_casework_audit SET moderated_grade = ${input.overall}, moderation_note = ${input.note}, moderated_on = ${input.moderatedOn}
      WHERE audit_id = ${auditId}`.execute(trx);
  });
}

/** Every audit with its template's threshold, for results (optionally one template). */
export async function auditRecords(database: Database, templateId?: number): Promise<AuditRecord[]> {
  const audits = await sql<{
    audit_id: number;
    audit_date: IsoDate;
    team_name: string | null;
    completed_on: IsoDate | null;
    good_threshold: number;
    overall_grade: number | null;
    moderated_grade: number | null;
    moderated_on: IsoDate | null;
  }>`
    SELECT a.audit_id, a.audit_date, d.dept_team_name AS team_name, a.completed_on, t.good_threshold, a.overall_grade, a.moderated_grade, a.moderated_on
    FROM ks_casework_audit a
    JOIN ks_audit_template t ON t.template_id = a.template_id
    LEFT JOIN ssd_department d ON d.dept_team_id = a.team_id
    ${templateId === undefined ? sql`` : sql`WHERE a.template_id = ${templateId}`}
    ORDER BY a.audit_date, a.audit_id`.execute(database.db);
  const grades = await sql<{ audit_id: number; domain: string; grade: number; moderated_grade: number | null }>`
    SELECT g.audit_id, g.domain, g.grade, g.moderated_grade FROM ks_casework_audit_grade g
    ${templateId === undefined ? sql`` : sql`JOIN ks_casework_audit a ON a.audit_id = g.audit_id WHERE a.template_id = ${templateId}`}`.execute(database.db);
  const byAudit = new Map<number, AuditRecord['domains']>();
  for (const row of grades.rows) {
    const list = byAudit.get(Number(row.audit_id)) ?? [];
    list.push({ domain: row.domain, grade: row.grade, moderatedGrade: row.moderated_grade });
    byAudit.set(Number(row.audit_id), list);
  }
  return audits.rows.map((row) => ({
    auditId: Number(row.audit_id),
    auditDate: row.audit_date,
    teamName: row.team_name,
    completed: row.completed_on !== null,
    goodThreshold: row.good_threshold,
    grade: row.overall_grade,
    moderatedGrade: row.moderated_grade,
    moderated: row.moderated_on !== null,
    domains: byAudit.get(Number(row.audit_id)) ?? [],
  }));
}

/**
 * Quality-assurance auditors: the people who may be given an audit or its moderation (the audit
 * itself gives them the child's record: core/children/access.ts). Managers audit children in
 * their own scope by assigning the audit to themselves.
 */
export async function qaAuditors(database: Database): Promise<{ userId: number; name: string }[]> {
  const rows = await sql<{ user_id: number; display_name: string }>`
    SELECT user_id, display_name FROM ks_user
    WHERE active AND 'qa_auditor' = ANY (roles)
    ORDER BY display_name`.execute(database.db);
  return rows.rows.map((row) => ({ userId: Number(row.user_id), name: row.display_name }));
}
