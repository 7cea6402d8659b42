/**
 * Self-evaluations in the database (migrations/0013_sef.sql), on the pattern of the report drafts
 * (../store.ts): the generated evidence is one JSON value on ks_sef, rewritten by a refresh; what
 * leaders write is one row per area and heading in ks_sef_writing, which a refresh never touches.
 */
import { sql } from 'kysely';
import type { Database } from '../../core/db/database.ts';
import type { IsoDate } from '../../core/dates.ts';
import { SEF_TEXT_MAX, type SefAreaId, type SefHeadingId } from './areas.ts';
import type { SefEvidence } from './evidence.ts';

export interface Writing {
  body: string;
  writtenBy: string;
  writtenAt: string;
}

export interface SefRow {
  sefId: number;
  date: IsoDate;
  refreshedAt: string;
  /** How many headings have text. */
  written: number;
}

export interface Sef extends SefRow {
  evidence: SefEvidence;
  /** area → heading → text; a missing entry has not been written. */
  writing: Partial<Record<SefAreaId, Partial<Record<SefHeadingId, Writing>>>>;
}

export async function createSef(database: Database, evidence: SefEvidence, userId: number): Promise<number> {
  const row = await sql<{ sef_id: string }>`
    INSERT INTO ks_sef (sef_date, evidence, created_by) VALUES (${evidence.date}, ${JSON.stringify(evidence)}::jsonb, ${userId}) RETURNING sef_id`.execute(
    database.db,
  );
  return Number(row.rows[0]!.sef_id);
}

/** New evidence for a SEF; leaders' writing stays as it is. */
export async function refreshSef(database: Database, sefId: number, evidence: SefEvidence): Promise<void> {
  await sql`UPDATE ks_sef SET evidence = ${JSON.stringify(evidence)}::jsonb, refreshed_at = now() WHERE sef_id = ${sefId}`.execute(database.db);
}

/** Saves an area's headings: empty text removes what was written; unchanged text keeps its author and time. */
export async function saveWriting(
  database: Database,
  sefId: number,
  areaId: SefAreaId,
  texts: Partial<Record<SefHeadingId, string>>,
  userId: number,
): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    for (const [headingId, text] of Object.entries(texts)) {
      const body = text.replace(/\r\n/g, '\n').trim();
      if (body.length > SEF_TEXT_MAX) throw new RangeError(`SEF text longer than ${SEF_TEXT_MAX} characters`);
      if (body === '') {
        await sql`DELETE FROM ks_sef_writing WHERE sef_id = ${sefId} AND area_id = ${areaId} AND heading_id = ${headingId}`.execute(trx);
        continue;
      }
      await sql`
        INSERT INTO ks_sef_writing (sef_id, area_id, heading_id, body, written_by) VALUES (${sefId}, ${areaId}, ${headingId}, ${body}, ${userId})
        ON CONFLICT (sef_id, area_id, heading_id) DO UPDATE SET body = excluded.body, written_by = excluded.written_by, written_at = now()
        WHERE ks_sef_writing.body <> excluded.body`.execute(trx);
    }
  });
}

const rowColumns = sql`s.sef_id, s.sef_date::text AS sef_date, s.refreshed_at::text AS refreshed_at, (SELECT count(*) FROM ks_sef_writing w WHERE w.sef_id = s.sef_id)::int AS written`;
type SqlRow = { sef_id: string; sef_date: string; refreshed_at: string; written: number };
const toRow = (row: SqlRow): SefRow => ({ sefId: Number(row.sef_id), date: row.sef_date, refreshedAt: row.refreshed_at, written: row.written });

/** Every SEF, the latest date first. */
export async function listSefs(database: Database): Promise<SefRow[]> {
  const rows = await sql<SqlRow>`SELECT ${rowColumns} FROM ks_sef s ORDER BY s.sef_date DESC, s.sef_id DESC`.execute(database.db);
  return rows.rows.map(toRow);
}

export async function loadSef(database: Database, sefId: number): Promise<Sef | undefined> {
  const row = (
    await sql<SqlRow & { evidence: SefEvidence | string }>`SELECT ${rowColumns}, s.evidence FROM ks_sef s WHERE s.sef_id = ${sefId}`.execute(database.db)
  ).rows[0];
  if (!row) return undefined;
  const texts = await sql<{ area_id: SefAreaId; heading_id: SefHeadingId; body: string; display_name: string | null; written_at: string }>`
    SELECT w.area_id, w.heading_id, w.body, u.display_name, w.written_at::text AS written_at
    FROM ks_sef_writing w LEFT JOIN ks_user u ON u.user_id = w.written_by WHERE w.sef_id = ${sefId}`.execute(database.db);
  const writing: Sef['writing'] = {};
  for (const text of texts.rows)
    (writing[text.area_id] ??= {})[text.heading_id] = { body: text.body, writtenBy: text.display_name ?? 'a former user', writtenAt: text.written_at };
  return { ...toRow(row), evidence: typeof row.evidence === 'string' ? (JSON.parse(row.evidence) as SefEvidence) : row.evidence, writing };
}
