/**
 * The inspection register: the council's inspections and visits, their judgements and findings.
 * Also the mapping from a parsed Ofsted report (ofsted-report/parse.ts) to a register entry that a
 * person confirms, and the statutory deadline for the action plan that follows.
 */
import { sql } from 'kysely';
import type { Database } from '../core/db/database.ts';
import { addWorkingDays, type IsoDate } from '../core/dates.ts';
import { GRADES, JUDGEMENTS, type OfstedGrade, type OfstedJudgement, type OfstedReport } from './ofsted-report/parse.ts';

export const FRAMEWORKS = {
  pre_sif: 'Before the single inspection framework (to November 2013)',
  sif: 'Single inspection framework (SIF, 2013 to 2018)',
  ilacs: 'ILACS (2018 to 2022)',
  ilacs_2023: 'ILACS from January 2023 (care leavers judged separately)',
  ilacs_2026: 'ILACS from April 2026 (no overall effectiveness grade)',
  other: 'Other (for example a joint targeted area inspection)',
} as const;
export type Framework = keyof typeof FRAMEWORKS;

export const INSPECTION_TYPES = {
  standard: 'Standard inspection',
  short: 'Short inspection',
  focused_visit: 'Focused visit',
  monitoring_visit: 'Monitoring visit',
  jtai: 'Joint targeted area inspection (JTAI)',
  re_inspection: 'Re-inspection',
  other: 'Other',
} as const;
export type InspectionType = keyof typeof INSPECTION_TYPES;

export const JUDGEMENT_NAMES: Record<OfstedJudgement, string> = {
  overall_effectiveness: 'Overall effectiveness',
  impact_of_leaders: 'Impact of leaders on social work practice with children and families',
  leadership_management_governance: 'Leadership, management and governance',
  help_and_protection: 'Experiences and progress of children who need help and protection',
  children_in_care: 'Experiences and progress of children in care',
  looked_after_permanence: 'Children looked after and achieving permanence',
  care_leavers: 'Experiences and progress of care leavers',
  adoption: 'Adoption performance',
  lscb: 'Local Safeguarding Children Board',
};
export const GRADE_NAMES: Record<OfstedGrade, string> = {
  outstanding: 'Outstanding',
  good: 'Good',
  requires_improvement: 'Requires improvement to be good',
  inadequate: 'Inadequate',
};

export const FINDING_KINDS = {
  recommendation: 'Recommendation',
  improvement_point: 'What needs to improve',
  area_for_improvement: 'Area for improvement',
  priority_action: 'Priority action',
} as const;
export type FindingKind = keyof typeof FINDING_KINDS;

export interface InspectionInput {
  framework: Framework;
  inspectionType: InspectionType;
  startDate: IsoDate;
  endDate: IsoDate;
  publishedDate: IsoDate | null;
  reportUrl: string | null;
  summary: string | null;
  grades: Partial<Record<OfstedJudgement, OfstedGrade>>;
  /** findingId: the finding being edited (kept so plan lines made from it stay linked). */
  findings: { kind: FindingKind; text: string; findingId?: number }[];
}

export interface Inspection extends InspectionInput {
  inspectionId: number;
  findings: { findingId: number; position: number; kind: FindingKind; text: string }[];
}

export const isFramework = (value: string): value is Framework => value in FRAMEWORKS;
export const isInspectionType = (value: string): value is InspectionType => value in INSPECTION_TYPES;
export const isFindingKind = (value: string): value is FindingKind => value in FINDING_KINDS;
export const isGrade = (value: string): value is OfstedGrade => (GRADES as readonly string[]).includes(value);

/**
 * A parsed report as a register entry for a person to confirm. The framework version comes from the
 * start date (ILACS from 2023-01-01 judges care leavers separately; from 2026-04-01 has no overall
 * grade; OTHER reports before November 2013 are pre-SIF); an unstated type of a SIF or ILACS
 * judgement report is a standard inspection. Findings of a focused visit are areas for improvement
 * (a person marks any priority actions); of SIF, recommendations; of ILACS, improvement points.
 */
export function entryFromReport(report: OfstedReport): Omit<InspectionInput, 'startDate' | 'endDate'> & { startDate: IsoDate | null; endDate: IsoDate | null } {
  const start = report.inspection_start;
  let framework: Framework;
  if (report.framework === 'SIF') framework = 'sif';
  else if (report.framework === 'ILACS') framework = start && start >= '2026-04-01' ? 'ilacs_2026' : start && start >= '2023-01-01' ? 'ilacs_2023' : 'ilacs';
  else framework = start && start < '2013-11-01' ? 'pre_sif' : 'other';
  const inspectionType: InspectionType = report.inspection_type ?? (report.framework === 'OTHER' ? 'other' : 'standard');
  const kind: FindingKind =
    inspectionType === 'focused_visit' || inspectionType === 'monitoring_visit'
      ? 'area_for_improvement'
      : framework === 'sif'
        ? 'recommendation'
        : 'improvement_point';
  return {
    framework,
    inspectionType,
    startDate: start,
    endDate: report.inspection_end,
    publishedDate: null,
    reportUrl: null,
    summary: null,
    grades: report.grades,
    findings: report.improvement_points.map((text) => ({ kind, text })),
  };
}

/**
 * The statutory deadline for the council's response, counted in English working days from the
 * report's publication (src/core/dates.ts): a written action plan within 70 working days of a
 * judgement inspection (standard, short, re-inspection) or a JTAI; a draft plan within 20 working
 * days of a focused visit that found priority action. Other visits need no statutory plan, and
 * neither does an inspection that found nothing to improve (no recommendations, e.g. an
 * outstanding one): the plan responds to the findings.
 */
export function planDeadline(inspection: {
  inspectionType: InspectionType;
  publishedDate: IsoDate | null;
  findings: readonly { kind: FindingKind }[];
}): { kind: 'action_plan' | 'draft_plan'; workingDays: number; due: IsoDate | null } | null {
  const due = (workingDays: number) => (inspection.publishedDate ? addWorkingDays(inspection.publishedDate, workingDays) : null);
  if (inspection.findings.length === 0) return null;
  if (inspection.inspectionType === 'focused_visit') {
    return inspection.findings.some((finding) => finding.kind === 'priority_action') ? { kind: 'draft_plan', workingDays: 20, due: due(20) } : null;
  }
  if (['standard', 'short', 're_inspection', 'jtai'].includes(inspection.inspectionType)) return { kind: 'action_plan', workingDays: 70, due: due(70) };
  return null;
}

export async function saveInspection(database: Database, input: InspectionInput, userId: number | null): Promise<number> {
  return database.db.transaction().execute(async (trx) => {
    const inserted = await sql<{ inspection_id: number }>`
      INSERT INTO ks_inspection (framework, inspection_type, start_date, end_date, published_date, report_url, summary, created_by)
      VALUES (${input.framework}, ${input.inspectionType}, ${input.startDate}, ${input.endDate}, ${input.publishedDate}, ${input.reportUrl}, ${input.summary}, ${userId})
      RETURNING inspection_id`.execute(trx);
    const id = Number(inserted.rows[0]!.inspection_id);
    for (const judgement of JUDGEMENTS) {
      const grade = input.grades[judgement];
      if (grade) await sql`INSERT INTO ks_inspection_judgement (inspection_id, judgement, grade) VALUES (${id}, ${judgement}, ${grade})`.execute(trx);
    }
    for (const [index, finding] of input.findings.entries()) {
      await sql`INSERT INTO ks_inspection_finding (inspection_id, position, kind, finding_text) VALUES (${id}, ${index + 1}, ${finding.kind}, ${finding.text})`.execute(
        trx,
      );
    }
    return id;
  });
}

/** What an edit changed: each field as it was and became (only changed fields). */
export interface InspectionChange {
  changeId: number;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  reason: string;
  changedBy: string;
  changedOn: IsoDate;
}

/** The fields of an inspection as kept in its history (grades by area, findings as "kind: text"). */
function historyValues(inspection: InspectionInput): Record<string, unknown> {
  return {
    framework: inspection.framework,
    inspection_type: inspection.inspectionType,
    start_date: inspection.startDate,
    end_date: inspection.endDate,
    published_date: inspection.publishedDate,
    report_url: inspection.reportUrl,
    summary: inspection.summary,
    grades: Object.fromEntries(JUDGEMENTS.filter((judgement) => inspection.grades[judgement]).map((judgement) => [judgement, inspection.grades[judgement]])),
    findings: inspection.findings.map((finding) => `${finding.kind}: ${finding.text}`),
  };
}

/**
 * Edits a recorded inspection and keeps the change (who, when, why, fields before and after) in
 * ks_inspection_change, as plan changes are kept. Findings edited in place keep their ID, so plan
 * lines made from them stay linked (a plan line keeps its own wording: the plan is changed on its
 * own pages); a finding removed unlinks its plan lines. Returns false when nothing changed.
 */
export async function updateInspection(
  database: Database,
  inspectionId: number,
  input: InspectionInput,
  change: { reason: string; userId: number | null; name: string; today: IsoDate },
): Promise<boolean> {
  const current = await getInspection(database, inspectionId);
  if (!current) return false;
  const before = historyValues(current);
  const after = historyValues(input);
  const changed = Object.keys(after).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
  if (changed.length === 0) return false;
  const pick = (values: Record<string, unknown>) => Object.fromEntries(changed.map((key) => [key, values[key]]));
  await database.db.transaction().execute(async (trx) => {
    await sql`
      UPDATE ks_inspection SET framework = ${input.framework}, inspection_type = ${input.inspectionType}, start_date = ${input.startDate}, end_date = ${input.endDate},
        published_date = ${input.publishedDate}, report_url = ${input.reportUrl}, summary = ${input.summary}
      WHERE inspection_id = ${inspectionId}`.execute(trx);
    await sql`DELETE FROM ks_inspection_judgement WHERE inspection_id = ${inspectionId}`.execute(trx);
    for (const judgement of JUDGEMENTS) {
      const grade = input.grades[judgement];
      if (grade) await sql`INSERT INTO ks_inspection_judgement (inspection_id, judgement, grade) VALUES (${inspectionId}, ${judgement}, ${grade})`.execute(trx);
    }
    const existing = new Set(current.findings.map((finding) => finding.findingId));
    const kept = new Set(input.findings.flatMap((finding) => (finding.findingId !== undefined && existing.has(finding.findingId) ? [finding.findingId] : [])));
    const dropped = [...existing].filter((findingId) => !kept.has(findingId));
    if (dropped.length) await sql`DELETE FROM ks_inspection_finding WHERE finding_id IN (${sql.join(dropped)})`.execute(trx);
    // Positions are unique per inspection: move the kept findings out of the way before renumbering.
    await sql`UPDATE ks_inspection_finding SET position = -position WHERE inspection_id = ${inspectionId}`.execute(trx);
    for (const [index, finding] of input.findings.entries()) {
      if (finding.findingId !== undefined && kept.has(finding.findingId)) {
        await sql`UPDATE ks_inspection_finding SET position = ${index + 1}, kind = ${finding.kind}, finding_text = ${finding.text} WHERE finding_id = ${finding.findingId}`.execute(
          trx,
        );
      } else {
        await sql`INSERT INTO ks_inspection_finding (inspection_id, position, kind, finding_text) VALUES (${inspectionId}, ${index + 1}, ${finding.kind}, ${finding.text})`.execute(
          trx,
        );
      }
    }
    await sql`
      INSERT INTO ks_inspection_change (inspection_id, before_values, after_values, reason, changed_by, changed_by_name, changed_on)
      VALUES (${inspectionId}, ${JSON.stringify(pick(before))}::jsonb, ${JSON.stringify(pick(after))}::jsonb, ${change.reason}, ${change.userId}, ${change.name}, ${change.today})`.execute(
      trx,
    );
  });
  return true;
}

/** An inspection's edits, oldest first. */
export async function inspectionChanges(database: Database, inspectionId: number): Promise<InspectionChange[]> {
  const rows = await sql<{ change_id: number; before_values: unknown; after_values: unknown; reason: string; changed_by_name: string; changed_on: IsoDate }>`
    SELECT change_id, before_values, after_values, reason, changed_by_name, changed_on::text AS changed_on FROM ks_inspection_change
    WHERE inspection_id = ${inspectionId} ORDER BY changed_at, change_id`.execute(database.db);
  const json = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown>;
  return rows.rows.map((row) => ({
    changeId: Number(row.change_id),
    before: json(row.before_values),
    after: json(row.after_values),
    reason: row.reason,
    changedBy: row.changed_by_name,
    changedOn: row.changed_on,
  }));
}

type InspectionRow = {
  inspection_id: number;
  framework: Framework;
  inspection_type: InspectionType;
  start_date: IsoDate;
  end_date: IsoDate;
  published_date: IsoDate | null;
  report_url: string | null;
  summary: string | null;
};

async function assemble(database: Database, rows: InspectionRow[]): Promise<Inspection[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => Number(row.inspection_id));
  const judgements = await sql<{ inspection_id: number; judgement: OfstedJudgement; grade: OfstedGrade }>`
    SELECT inspection_id, judgement, grade FROM ks_inspection_judgement WHERE inspection_id IN (${sql.join(ids)})`.execute(database.db);
  const findings = await sql<{ inspection_id: number; finding_id: number; position: number; kind: FindingKind; finding_text: string }>`
    SELECT inspection_id, finding_id, position, kind, finding_text FROM ks_inspection_finding WHERE inspection_id IN (${sql.join(ids)}) ORDER BY position`.execute(
    database.db,
  );
  return rows.map((row) => {
    const id = Number(row.inspection_id);
    const grades: Partial<Record<OfstedJudgement, OfstedGrade>> = {};
    for (const judgement of judgements.rows.filter((entry) => Number(entry.inspection_id) === id)) grades[judgement.judgement] = judgement.grade;
    return {
      inspectionId: id,
      framework: row.framework,
      inspectionType: row.inspection_type,
      startDate: row.start_date,
      endDate: row.end_date,
      publishedDate: row.published_date,
      reportUrl: row.report_url,
      summary: row.summary,
      grades,
      findings: findings.rows
        .filter((finding) => Number(finding.inspection_id) === id)
        .map((finding) => ({ findingId: Number(finding.finding_id), position: finding.position, kind: finding.kind, text: finding.finding_text })),
    };
  });
}

/** Every inspection, oldest first (the timeline's order). */
export async function listInspections(database: Database): Promise<Inspection[]> {
  const rows = await sql<InspectionRow>`
    SELECT inspection_id, framework, inspection_type, start_date, end_date, published_date, report_url, summary
    FROM ks_inspection ORDER BY start_date, inspection_id`.execute(database.db);
  return assemble(database, rows.rows);
}

export async function getInspection(database: Database, inspectionId: number): Promise<Inspection | undefined> {
  const rows = await sql<InspectionRow>`
    SELECT inspection_id, framework, inspection_type, start_date, end_date, published_date, report_url, summary
    FROM ks_inspection WHERE inspection_id = ${inspectionId}`.execute(database.db);
  return (await assemble(database, rows.rows))[0];
}

/**
 * The headline of an inspection for the timeline: the overall grade, plus any area graded
 * differently (e.g. "Good, with outstanding impact of leaders").
 */
export function headline(inspection: Pick<Inspection, 'grades' | 'inspectionType'>): string {
  const overall = inspection.grades.overall_effectiveness;
  const others = JUDGEMENTS.filter(
    (judgement) => judgement !== 'overall_effectiveness' && inspection.grades[judgement] && inspection.grades[judgement] !== overall,
  );
  if (!overall) return Object.keys(inspection.grades).length ? 'Graded by area (no overall grade)' : INSPECTION_TYPES[inspection.inspectionType];
  const standouts = others.filter((judgement) => inspection.grades[judgement] === 'outstanding' || inspection.grades[judgement] === 'inadequate');
  const base = GRADE_NAMES[overall];
  return standouts.length
    ? `${base}, with ${standouts.map((judgement) => `${GRADE_NAMES[inspection.grades[judgement]!].toLowerCase()} ${JUDGEMENT_NAMES[judgement].charAt(0).toLowerCase()}${JUDGEMENT_NAMES[judgement].slice(1)}`).join(' and ')}`
    : base;
}
