/**
 * The improvement plan in the database: plans, lines (one per finding), actions, success measures,
 * evidence, and the history of every rating and due-date change (who, when, why). Current values
 * sit on the line or action; ks_plan_change keeps each change and is never updated.
 */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../core/db/database.ts';
import type { Schema } from '../core/db/schema.ts';
import type { IsoDate } from '../core/dates.ts';
import type { Trajectory } from '../indicators/types.ts';
import type { Rag } from './rag.ts';
import { evidenceFilesOfPlan, type EvidenceFile } from './evidence-files.ts';

export interface Editor {
  userId: number | null;
  name: string;
  today: IsoDate;
}

export interface Measure {
  measureId: number;
  indicatorId: string;
  description: string;
  target: number;
  trajectory: Trajectory;
}
export interface Evidence {
  evidenceId: number;
  note: string;
  link: string | null;
  addedBy: string;
  addedOn: IsoDate;
}
export interface Change {
  changeId: number;
  actionId: number | null;
  field: 'rag' | 'due_date' | 'completed_on';
  oldValue: string | null;
  newValue: string | null;
  reason: string;
  changedBy: string;
  changedOn: IsoDate;
}
export interface Action {
  actionId: number;
  lineId: number;
  text: string;
  owner: string;
  dueDate: IsoDate;
  originalDue: IsoDate;
  completedOn: IsoDate | null;
  rag: Rag | null;
  fromAudit: boolean;
  measures: Measure[];
  evidence: Evidence[];
  files: EvidenceFile[];
  changes: Change[];
}
export interface Line {
  lineId: number;
  position: number;
  text: string;
  lead: string | null;
  rag: Rag | null;
  findingKind: string | null;
  actions: Action[];
  changes: Change[];
}
export type PlanStatus = 'open' | 'closed' | 'superseded';
export interface Plan {
  planId: number;
  title: string;
  inspectionId: number | null;
  publishedDate: IsoDate | null;
  /** Open (live), closed (done) or superseded by a later plan, with when and why. */
  status: PlanStatus;
  closedOn: IsoDate | null;
  closedReason: string | null;
  supersededBy: { planId: number; title: string } | null;
  lines: Line[];
}

type Executor = Database['db'] | Transaction<Schema>;

/** Plans, open ones first, then newest first. */
export async function listPlans(database: Database) {
  const rows = await sql<{
    plan_id: number;
    title: string;
    inspection_id: number | null;
    published_date: IsoDate | null;
    lines: number;
    status: PlanStatus;
    closed_on: IsoDate | null;
    successor: string | null;
  }>`
    SELECT p.plan_id, p.title, p.inspection_id, p.published_date, (SELECT count(*) FROM ks_plan_line l WHERE l.plan_id = p.plan_id)::int AS lines,
      p.status, p.closed_on, s.title AS successor
    FROM ks_plan p LEFT JOIN ks_plan s ON s.plan_id = p.superseded_by
    ORDER BY p.status = 'open' DESC, p.created_at DESC, p.plan_id DESC`.execute(database.db);
  return rows.rows.map((row) => ({
    planId: Number(row.plan_id),
    title: row.title,
    inspectionId: row.inspection_id === null ? null : Number(row.inspection_id),
    publishedDate: row.published_date,
    lines: row.lines,
    status: row.status,
    closedOn: row.closed_on,
    successor: row.successor,
  }));
}

export class PlanStatusError extends Error {}

/**
 * Closes an open plan (its work done) or marks it superseded by another open plan that carries the
 * work on; either way on a date and for a reason. Its actions are no longer overdue after that date.
 */
export async function closePlan(
  database: Database,
  planId: number,
  input: { status: 'closed' | 'superseded'; closedOn: IsoDate; reason: string; supersededBy: number | null },
) {
  await database.db.transaction().execute(async (trx) => {
    const plan = (await sql<{ status: PlanStatus }>`SELECT status FROM ks_plan WHERE plan_id = ${planId} FOR UPDATE`.execute(trx)).rows[0];
    if (!plan) throw new PlanStatusError('There is no such plan');
    if (plan.status !== 'open') throw new PlanStatusError('The plan is already closed');
    if (input.status === 'superseded') {
      const successor = (await sql<{ status: PlanStatus }>`SELECT status FROM ks_plan WHERE plan_id = ${input.supersededBy}`.execute(trx)).rows[0];
      if (input.supersededBy === planId || !successor || successor.status !== 'open')
        throw new PlanStatusError('Select the open plan that carries the work on');
    }
    await sql`UPDATE ks_plan SET status = ${input.status}, closed_on = ${input.closedOn}, closed_reason = ${input.reason},
      superseded_by = ${input.status === 'superseded' ? input.supersededBy : null} WHERE plan_id = ${planId}`.execute(trx);
  });
}

/** A plan whose lines are the inspection's findings, in the report's order (or an empty plan). */
export async function createPlan(
  database: Database,
  input: { title: string; inspectionId: number | null; publishedDate: IsoDate | null },
  editor: Editor,
): Promise<number> {
  return database.db.transaction().execute(async (trx) => {
    const plan = await sql<{ plan_id: number }>`
      INSERT INTO ks_plan (inspection_id, title, published_date, created_by) VALUES (${input.inspectionId}, ${input.title}, ${input.publishedDate}, ${editor.userId})
      RETURNING plan_id`.execute(trx);
    const planId = Number(plan.rows[0]!.plan_id);
    if (input.inspectionId !== null) {
      await sql`
        INSERT INTO ks_plan_line (plan_id, finding_id, position, line_text)
        SELECT ${planId}, finding_id, position, finding_text FROM ks_inspection_finding WHERE inspection_id = ${input.inspectionId} ORDER BY position`.execute(
        trx,
      );
    }
    return planId;
  });
}

export async function addLine(database: Database, planId: number, input: { text: string; lead: string | null }): Promise<number> {
  const row = await sql<{ line_id: number }>`
    INSERT INTO ks_plan_line (plan_id, position, line_text, lead)
    VALUES (${planId}, (SELECT coalesce(max(position), 0) + 1 FROM ks_plan_line WHERE plan_id = ${planId}), ${input.text}, ${input.lead})
    RETURNING line_id`.execute(database.db);
  return Number(row.rows[0]!.line_id);
}

export async function setLineLead(database: Database, lineId: number, lead: string | null) {
  await sql`UPDATE ks_plan_line SET lead = ${lead} WHERE line_id = ${lineId}`.execute(database.db);
}

export async function addAction(
  database: Database,
  lineId: number,
  input: { text: string; owner: string; dueDate: IsoDate; sourceAuditId?: number | null },
): Promise<number> {
  const row = await sql<{ action_id: number }>`
    INSERT INTO ks_plan_action (line_id, action_text, owner, due_date, original_due, source_audit_id)
    VALUES (${lineId}, ${input.text}, ${input.owner}, ${input.dueDate}, ${input.dueDate}, ${input.sourceAuditId ?? null})
    RETURNING action_id`.execute(database.db);
  return Number(row.rows[0]!.action_id);
}

async function recordChange(
  executor: Executor,
  lineId: number,
  actionId: number | null,
  field: Change['field'],
  oldValue: string | null,
  newValue: string | null,
  reason: string,
  editor: Editor,
) {
  await sql`
    INSERT INTO ks_plan_change (line_id, action_id, field, old_value, new_value, reason, changed_by, changed_by_name, changed_on)
    VALUES (${lineId}, ${actionId}, ${field}, ${oldValue}, ${newValue}, ${reason}, ${editor.userId}, ${editor.name}, ${editor.today})`.execute(executor);
}

/** Rates a line (recommendation), keeping the change with its reason. */
export async function rateLine(database: Database, lineId: number, rag: Rag, reason: string, editor: Editor) {
  await database.db.transaction().execute(async (trx) => {
    const old = await sql<{ rag: Rag | null }>`SELECT rag FROM ks_plan_line WHERE line_id = ${lineId} FOR UPDATE`.execute(trx);
    await sql`UPDATE ks_plan_line SET rag = ${rag} WHERE line_id = ${lineId}`.execute(trx);
    await recordChange(trx, lineId, null, 'rag', old.rows[0]?.rag ?? null, rag, reason, editor);
  });
}

/** Changes an action's rating, due date or completion; each change kept with its reason. */
export async function updateAction(
  database: Database,
  actionId: number,
  change: { rag?: Rag; dueDate?: IsoDate; completedOn?: IsoDate | null },
  reason: string,
  editor: Editor,
) {
  await database.db.transaction().execute(async (trx) => {
    const current = (
      await sql<{ line_id: number; rag: Rag | null; due_date: IsoDate; completed_on: IsoDate | null }>`
      SELECT line_id, rag, due_date, completed_on FROM ks_plan_action WHERE action_id = ${actionId} FOR UPDATE`.execute(trx)
    ).rows[0];
    if (!current) return;
    const lineId = Number(current.line_id);
    if (change.rag && change.rag !== current.rag) {
      await sql`UPDATE ks_plan_action SET rag = ${change.rag} WHERE action_id = ${actionId}`.execute(trx);
      await recordChange(trx, lineId, actionId, 'rag', current.rag, change.rag, reason, editor);
    }
    if (change.dueDate && change.dueDate !== current.due_date) {
      await sql`UPDATE ks_plan_action SET due_date = ${change.dueDate} WHERE action_id = ${actionId}`.execute(trx);
      await recordChange(trx, lineId, actionId, 'due_date', current.due_date, change.dueDate, reason, editor);
    }
    if (change.completedOn !== undefined && change.completedOn !== current.completed_on) {
      await sql`UPDATE ks_plan_action SET completed_on = ${change.completedOn} WHERE action_id = ${actionId}`.execute(trx);
      await recordChange(trx, lineId, actionId, 'completed_on', current.completed_on, change.completedOn, reason, editor);
    }
  });
}

export async function addEvidence(database: Database, actionId: number, input: { note: string; link: string | null }, editor: Editor) {
  await sql`INSERT INTO ks_plan_evidence (action_id, note, link, added_by, added_on) VALUES (${actionId}, ${input.note}, ${input.link}, ${editor.name}, ${editor.today})`.execute(
    database.db,
  );
}

export async function addMeasure(database: Database, actionId: number, input: Omit<Measure, 'measureId'>) {
  await sql`INSERT INTO ks_plan_measure (action_id, indicator_id, description, target, trajectory)
    VALUES (${actionId}, ${input.indicatorId}, ${input.description}, ${input.target}, ${JSON.stringify(input.trajectory)}::jsonb)`.execute(database.db);
}

/** Which plan a line or an action belongs to (to check a form posts to its own plan). */
export async function planOfLine(database: Database, lineId: number): Promise<number | undefined> {
  const row = (await sql<{ plan_id: number }>`SELECT plan_id FROM ks_plan_line WHERE line_id = ${lineId}`.execute(database.db)).rows[0];
  return row ? Number(row.plan_id) : undefined;
}
export async function planOfAction(database: Database, actionId: number): Promise<number | undefined> {
  const row = (
    await sql<{ plan_id: number }>`SELECT l.plan_id FROM ks_plan_action a JOIN ks_plan_line l ON l.line_id = a.line_id WHERE a.action_id = ${actionId}`.execute(
      database.db,
    )
  ).rows[0];
  return row ? Number(row.plan_id) : undefined;
}

const json = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);

export async function loadPlan(database: Database, planId: number): Promise<Plan | undefined> {
  const plan = (
    await sql<{
      plan_id: number;
      title: string;
      inspection_id: number | null;
      published_date: IsoDate | null;
      status: PlanStatus;
      closed_on: IsoDate | null;
      closed_reason: string | null;
      superseded_by: number | null;
      successor: string | null;
    }>`
    SELECT p.plan_id, p.title, p.inspection_id, p.published_date, p.status, p.closed_on, p.closed_reason, p.superseded_by, s.title AS successor
    FROM ks_plan p LEFT JOIN ks_plan s ON s.plan_id = p.superseded_by WHERE p.plan_id = ${planId}`.execute(database.db)
  ).rows[0];
  if (!plan) return undefined;
  const lines = await sql<{ line_id: number; position: number; line_text: string; lead: string | null; rag: Rag | null; kind: string | null }>`
    SELECT l.line_id, l.position, l.line_text, l.lead, l.rag, f.kind FROM ks_plan_line l LEFT JOIN ks_inspection_finding f ON f.finding_id = l.finding_id
    WHERE l.plan_id = ${planId} ORDER BY l.position, l.line_id`.execute(database.db);
  const actions = await sql<{
    action_id: number;
    line_id: number;
    action_text: string;
    owner: string;
    due_date: IsoDate;
    original_due: IsoDate;
    completed_on: IsoDate | null;
    rag: Rag | null;
    source_audit_id: number | null;
  }>`
    SELECT a.action_id, a.line_id, a.action_text, a.owner, a.due_date, a.original_due, a.completed_on, a.rag, a.source_audit_id
    FROM ks_plan_action a JOIN ks_plan_line l ON l.line_id = a.line_id WHERE l.plan_id = ${planId} ORDER BY a.due_date, a.action_id`.execute(database.db);
  const measures = await sql<{ measure_id: number; action_id: number; indicator_id: string; description: string; target: number; trajectory: unknown }>`
    SELECT m.measure_id, m.action_id, m.indicator_id, m.description, m.target, m.trajectory FROM ks_plan_measure m
    JOIN ks_plan_action a ON a.action_id = m.action_id JOIN ks_plan_line l ON l.line_id = a.line_id WHERE l.plan_id = ${planId} ORDER BY m.measure_id`.execute(
    database.db,
  );
  const evidence = await sql<{ evidence_id: number; action_id: number; note: string; link: string | null; added_by: string; added_on: IsoDate }>`
    SELECT e.evidence_id, e.action_id, e.note, e.link, e.added_by, e.added_on FROM ks_plan_evidence e
    JOIN ks_plan_action a ON a.action_id = e.action_id JOIN ks_plan_line l ON l.line_id = a.line_id WHERE l.plan_id = ${planId} ORDER BY e.added_on, e.evidence_id`.execute(
    database.db,
  );
  const changes = await sql<{
    change_id: number;
    line_id: number;
    action_id: number | null;
    field: Change['field'];
    old_value: string | null;
    new_value: string | null;
    reason: string;
    changed_by_name: string;
    changed_on: IsoDate;
  }>`
    SELECT c.change_id, c.line_id, c.action_id, c.field, c.old_value, c.new_value, c.reason, c.changed_by_name, c.changed_on FROM ks_plan_change c
    JOIN ks_plan_line l ON l.line_id = c.line_id WHERE l.plan_id = ${planId} ORDER BY c.changed_at, c.change_id`.execute(database.db);
  const files = await evidenceFilesOfPlan(database, planId);
  const toChange = (row: (typeof changes.rows)[number]): Change => ({
    changeId: Number(row.change_id),
    actionId: row.action_id === null ? null : Number(row.action_id),
    field: row.field,
    oldValue: row.old_value,
    newValue: row.new_value,
    reason: row.reason,
    changedBy: row.changed_by_name,
    changedOn: row.changed_on,
  });
  const allChanges = changes.rows.map((row) => ({ lineId: Number(row.line_id), change: toChange(row) }));
  return {
    planId: Number(plan.plan_id),
    title: plan.title,
    inspectionId: plan.inspection_id === null ? null : Number(plan.inspection_id),
    publishedDate: plan.published_date,
    status: plan.status,
    closedOn: plan.closed_on,
    closedReason: plan.closed_reason,
    supersededBy: plan.superseded_by === null ? null : { planId: Number(plan.superseded_by), title: plan.successor ?? '' },
    lines: lines.rows.map((line) => {
      const lineId = Number(line.line_id);
      return {
        lineId,
        position: line.position,
        text: line.line_text,
        lead: line.lead,
        rag: line.rag,
        findingKind: line.kind,
        changes: allChanges.filter((entry) => entry.lineId === lineId && entry.change.actionId === null).map((entry) => entry.change),
        actions: actions.rows
          .filter((action) => Number(action.line_id) === lineId)
          .map((action) => {
            const actionId = Number(action.action_id);
            return {
              actionId,
              lineId,
              text: action.action_text,
              owner: action.owner,
              dueDate: action.due_date,
              originalDue: action.original_due,
              completedOn: action.completed_on,
              rag: action.rag,
              fromAudit: action.source_audit_id !== null,
              measures: measures.rows
                .filter((measure) => Number(measure.action_id) === actionId)
                .map((measure) => ({
                  measureId: Number(measure.measure_id),
                  indicatorId: measure.indicator_id,
                  description: measure.description,
                  target: Number(measure.target),
                  trajectory: json(measure.trajectory) as Trajectory,
                })),
              evidence: evidence.rows
                .filter((entry) => Number(entry.action_id) === actionId)
                .map((entry) => ({
                  evidenceId: Number(entry.evidence_id),
                  note: entry.note,
                  link: entry.link,
                  addedBy: entry.added_by,
                  addedOn: entry.added_on,
                })),
              files: files.filter((file) => file.actionId === actionId),
              changes: allChanges.filter((entry) => entry.change.actionId === actionId).map((entry) => entry.change),
            };
          }),
      };
    }),
  };
}
