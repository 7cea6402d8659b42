/**
 * Files kept as evidence for a plan action (table ks_plan_evidence_file): PDF, Word, Excel, PNG,
 * JPEG, text or CSV, at most MAX_EVIDENCE_FILE_BYTES, checked by extension and content
 * (core/http/upload.ts), stored in the database with name, type, size, SHA-256, uploader and time.
 * Everyone who can read the plan can download its files (elected members too), so evidence files,
 * like the rest of the plan, must not identify children.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../core/db/database.ts';
import { FILE_TYPES, fileTypeOf, fileTypeNames, type FileType, type UploadedFile } from '../core/http/upload.ts';
import { londonIsoDate, type IsoDate } from '../core/dates.ts';
import type { Editor } from './plan.ts';

export const MAX_EVIDENCE_FILE_BYTES = 10 * 1024 * 1024;
export const EVIDENCE_FILE_TYPES: readonly FileType[] = ['pdf', 'docx', 'xlsx', 'png', 'jpeg', 'txt', 'csv'];

export interface EvidenceFile {
  fileId: number;
  actionId: number;
  name: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
  /** The day in England it was uploaded. */
  uploadedOn: IsoDate;
}

const englandDay = (at: Date | string): IsoDate => londonIsoDate(new Date(at));

/** Why a file cannot be kept as evidence, or undefined when it can. */
export function evidenceFileProblem(file: UploadedFile): string | undefined {
  if (file.bytes.length > MAX_EVIDENCE_FILE_BYTES) return `${file.name} is larger than ${MAX_EVIDENCE_FILE_BYTES / 1024 / 1024} MB`;
  if (!fileTypeOf(file, EVIDENCE_FILE_TYPES)) return `${file.name} is not a ${fileTypeNames(EVIDENCE_FILE_TYPES)} (checked by its name and its content)`;
  if (file.name.length > 200) return 'The file name must be 200 characters or fewer';
  return undefined;
}

/** Keeps a file already checked by evidenceFileProblem; returns its number. */
export async function saveEvidenceFile(database: Database, actionId: number, file: UploadedFile, editor: Editor): Promise<EvidenceFile> {
  const type = fileTypeOf(file, EVIDENCE_FILE_TYPES)!;
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  const row = await sql<{ file_id: number; uploaded_at: Date | string }>`
    INSERT INTO ks_plan_evidence_file (action_id, file_name, media_type, size_bytes, sha256, content, uploaded_by, uploaded_by_name)
    VALUES (${actionId}, ${file.name}, ${FILE_TYPES[type].mediaType}, ${file.bytes.length}, ${sha256}, ${Buffer.from(file.bytes)}, ${editor.userId}, ${editor.name})
    RETURNING file_id, uploaded_at`.execute(database.db);
  const saved = row.rows[0]!;
  return {
    fileId: Number(saved.file_id),
    actionId,
    name: file.name,
    mediaType: FILE_TYPES[type].mediaType,
    sizeBytes: file.bytes.length,
    sha256,
    uploadedBy: editor.name,
    uploadedAt: new Date(saved.uploaded_at).toISOString(),
    uploadedOn: englandDay(saved.uploaded_at),
  };
}

type FileRow = {
  file_id: number;
  action_id: number;
  file_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_by_name: string;
  uploaded_at: Date | string;
};
const toFile = (row: FileRow): EvidenceFile => ({
  fileId: Number(row.file_id),
  actionId: Number(row.action_id),
  name: row.file_name,
  mediaType: row.media_type,
  sizeBytes: Number(row.size_bytes),
  sha256: row.sha256,
  uploadedBy: row.uploaded_by_name,
  uploadedAt: new Date(row.uploaded_at).toISOString(),
  uploadedOn: englandDay(row.uploaded_at),
});

/** The files (without their content) of every action in a plan, oldest first. */
export async function evidenceFilesOfPlan(database: Database, planId: number): Promise<EvidenceFile[]> {
  const rows = await sql<FileRow>`
    SELECT f.file_id, f.action_id, f.file_name, f.media_type, f.size_bytes, f.sha256, f.uploaded_by_name, f.uploaded_at
    FROM ks_plan_evidence_file f JOIN ks_plan_action a ON a.action_id = f.action_id JOIN ks_plan_line l ON l.line_id = a.line_id
    WHERE l.plan_id = ${planId} ORDER BY f.uploaded_at, f.file_id`.execute(database.db);
  return rows.rows.map(toFile);
}

/** One file with its content, for download. */
export async function evidenceFileWithContent(database: Database, fileId: number): Promise<(EvidenceFile & { content: Buffer }) | undefined> {
  const row = (
    await sql<FileRow & { content: Uint8Array }>`
    SELECT file_id, action_id, file_name, media_type, size_bytes, sha256, uploaded_by_name, uploaded_at, content
    FROM ks_plan_evidence_file WHERE file_id = ${fileId}`.execute(database.db)
  ).rows[0];
  return row && { ...toFile(row), content: Buffer.from(row.content) };
}

/** "1.2 MB", "340 KB", "512 bytes". */
export function fileSizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/**
 * The Content-Disposition value for a download: an ASCII fallback name (quotes, backslashes and
 * control characters replaced) and the exact name in RFC 5987 form.
 */
export function attachmentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
