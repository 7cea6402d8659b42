/** Drafts, commentary edits and frozen published versions (migrations/0010_reports.sql). */
import { sql } from 'kysely';
import type { Database } from '../core/db/database.ts';
import { generateCommentary } from './commentary.ts';
import { executiveSummary } from './summary.ts';
import { purposeOf, type Commentary, type ExtraSection, type ReportContent, type ReportDocument } from './document.ts';
import type { ReportFigures } from './figures.ts';

export interface DraftInput {
  templateId: string;
  title: string;
  period: string;
  indicatorIds: readonly string[];
  figures: ReportFigures;
}

export async function createDraft(database: Database, input: DraftInput, userId: number): Promise<number> {
  return database.db.transaction().execute(async (trx) => {
    const row = await sql<{ report_id: string }>`
      INSERT INTO ks_report (template_id, title, period, indicator_ids, figures, created_by)
      VALUES (${input.templateId}, ${input.title}, ${input.period}, ${JSON.stringify(input.indicatorIds)}::jsonb, ${JSON.stringify(input.figures)}::jsonb, ${userId})
      RETURNING report_id`.execute(trx);
    const reportId = Number(row.rows[0]!.report_id);
    for (const figures of input.figures.indicators) {
      await sql`INSERT INTO ks_report_commentary (report_id, indicator_id, generated_text) VALUES (${reportId}, ${figures.id}, ${generateCommentary(figures)})`.execute(
        trx,
      );
    }
    return reportId;
  });
}

/** New figures for a draft: the generated text is rewritten; the author's edits are kept. */
export async function refreshDraft(database: Database, reportId: number, figures: ReportFigures): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    await sql`UPDATE ks_report SET figures = ${JSON.stringify(figures)}::jsonb, refreshed_at = now() WHERE report_id = ${reportId}`.execute(trx);
    for (const indicator of figures.indicators) {
      await sql`
        INSERT INTO ks_report_commentary (report_id, indicator_id, generated_text) VALUES (${reportId}, ${indicator.id}, ${generateCommentary(indicator)})
        ON CONFLICT (report_id, indicator_id) DO UPDATE SET generated_text = excluded.generated_text`.execute(trx);
    }
  });
}

/** Saves the author's commentary; text equal to the generated text, or empty, means no edit. */
export async function saveCommentary(database: Database, reportId: number, texts: Record<string, string>, userId: number): Promise<void> {
  const current = await commentaryOf(database, reportId);
  for (const [indicatorId, text] of Object.entries(texts)) {
    const entry = current[indicatorId];
    if (!entry) continue;
    const trimmed = text.replace(/\r\n/g, '\n').trim();
    const edited = trimmed === '' || trimmed === entry.generated.trim() ? null : trimmed;
    if (edited === entry.edited) continue;
    await sql`
      UPDATE ks_report_commentary SET edited_text = ${edited}, edited_by = ${edited === null ? null : userId}, edited_at = ${edited === null ? null : sql`now()`}
      WHERE report_id = ${reportId} AND indicator_id = ${indicatorId}`.execute(database.db);
  }
}

async function commentaryOf(database: Database, reportId: number): Promise<Record<string, Commentary>> {
  const rows = await sql<{ indicator_id: string; generated_text: string; edited_text: string | null }>`
    SELECT indicator_id, generated_text, edited_text FROM ks_report_commentary WHERE report_id = ${reportId}`.execute(database.db);
  return Object.fromEntries(rows.rows.map((row) => [row.indicator_id, { generated: row.generated_text, edited: row.edited_text }]));
}

export interface DraftRow {
  reportId: number;
  templateId: string;
  title: string;
  period: string;
  indicatorIds: string[];
  refreshedAt: string;
  versions: number;
}

const draftColumns = sql`r.report_id, r.template_id, r.title, r.period, r.indicator_ids, r.figures, r.refreshed_at::text AS refreshed_at,
  (SELECT count(*) FROM ks_report_version v WHERE v.report_id = r.report_id)::int AS versions`;
type DraftSqlRow = {
  report_id: string;
  template_id: string;
  title: string;
  period: string;
  indicator_ids: string[];
  figures: ReportFigures;
  refreshed_at: string;
  versions: number;
};
const draftRow = (row: DraftSqlRow): DraftRow => ({
  reportId: Number(row.report_id),
  templateId: row.template_id,
  title: row.title,
  period: row.period,
  indicatorIds: row.indicator_ids,
  refreshedAt: row.refreshed_at,
  versions: row.versions,
});

export async function listDrafts(database: Database): Promise<DraftRow[]> {
  const rows = await sql<DraftSqlRow>`SELECT ${draftColumns} FROM ks_report r ORDER BY r.report_id DESC`.execute(database.db);
  return rows.rows.map(draftRow);
}

export async function loadDraft(
  database: Database,
  reportId: number,
  sections: ExtraSection[] = [],
): Promise<(ReportDocument & { draft: DraftRow }) | undefined> {
  const row = (await sql<DraftSqlRow>`SELECT ${draftColumns} FROM ks_report r WHERE r.report_id = ${reportId}`.execute(database.db)).rows[0];
  if (!row) return undefined;
  return {
    templateId: row.template_id,
    title: row.title,
    purpose: purposeOf(row.template_id),
    period: row.period,
    figures: row.figures,
    commentary: await commentaryOf(database, reportId),
    summary: executiveSummary(row.figures.indicators),
    sections,
    status: { kind: 'draft', reportId },
    draft: draftRow(row),
  };
}

/** Freezes the draft as its next version; returns the version number. */
export async function publishDraft(
  database: Database,
  reportId: number,
  sections: ExtraSection[],
  user: { userId: number; displayName: string },
): Promise<number | undefined> {
  const draft = await loadDraft(database, reportId, sections);
  if (!draft) return undefined;
  const { status: _status, draft: _row, ...content } = draft;
  const snapshot: ReportContent = content;
  const result = await sql<{ version: number }>`
    INSERT INTO ks_report_version (report_id, version, title, period, snapshot, published_by, published_by_name)
    SELECT ${reportId}, coalesce(max(version), 0) + 1, ${draft.title}, ${draft.period}, ${JSON.stringify(snapshot)}::jsonb, ${user.userId}, ${user.displayName}
    FROM ks_report_version WHERE report_id = ${reportId}
    RETURNING version`.execute(database.db);
  return result.rows[0]!.version;
}

export interface VersionRow {
  reportId: number;
  version: number;
  title: string;
  period: string;
  publishedAt: string;
  publishedBy: string;
  latest: boolean;
}

/** The archive: every published version, newest first. */
export async function listVersions(database: Database): Promise<VersionRow[]> {
  const rows = await sql<{
    report_id: string;
    version: number;
    title: string;
    period: string;
    published_at: string;
    published_by_name: string;
    latest: boolean;
  }>`
    SELECT v.report_id, v.version, v.title, v.period, v.published_at::text AS published_at, v.published_by_name,
           v.version = (SELECT max(w.version) FROM ks_report_version w WHERE w.report_id = v.report_id) AS latest
    FROM ks_report_version v ORDER BY v.published_at DESC, v.report_id DESC, v.version DESC`.execute(database.db);
  return rows.rows.map((row) => ({
    reportId: Number(row.report_id),
    version: row.version,
    title: row.title,
    period: row.period,
    publishedAt: row.published_at,
    publishedBy: row.published_by_name,
    latest: row.latest,
  }));
}

export async function loadVersion(database: Database, reportId: number, version: number): Promise<ReportDocument | undefined> {
  const row = (
    await sql<{ snapshot: ReportContent; published_at: string; published_by_name: string }>`
      SELECT snapshot, published_at::text AS published_at, published_by_name FROM ks_report_version WHERE report_id = ${reportId} AND version = ${version}`.execute(
      database.db,
    )
  ).rows[0];
  if (!row) return undefined;
  return { ...row.snapshot, status: { kind: 'published', reportId, version, publishedAt: row.published_at, publishedBy: row.published_by_name } };
}
