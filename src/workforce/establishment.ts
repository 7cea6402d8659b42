/**
 * The establishment: funded posts by team and role over time (table ks_post, migration 0008).
 * One validation for a post, used by the edit pages and by the HR CSV import, so a row the import
 * refuses is refused for the same reason the form would give.
 */
import { sql, type Transaction } from 'kysely';
import type { Schema } from '../core/db/schema.ts';
import { parse } from 'csv-parse/sync';
import type { Database } from '../core/db/database.ts';
import { parseIsoDate, type IsoDate } from '../core/dates.ts';
import { looksLikeFormula } from '../ingest/csv.ts';
import { CASE_HOLDING_MEMBERSHIP_ROLES } from '../core/allocations.ts';

export const POST_ROLES: Readonly<Record<string, string>> = {
  social_worker: 'Social worker',
  senior_social_worker: 'Senior social worker',
  asye_social_worker: 'Newly qualified social worker (ASYE)',
  team_manager: 'Team manager',
  service_manager: 'Service manager',
  personal_adviser: 'Personal adviser',
};

/** Roles whose holders carry cases (as src/caseloads/rules.ts counts them). */
export const CASE_HOLDING_ROLES = CASE_HOLDING_MEMBERSHIP_ROLES;

export interface Post {
  postId: string;
  teamId: string;
  role: string;
  fte: number;
  fundedFrom: IsoDate;
  fundedTo: IsoDate | null;
  fundingSource: string;
  investment: string | null;
  notes: string | null;
}

export interface PostRow extends Post {
  teamName: string;
  /** The professional who fills the post (ssd_professionals), or null while vacant. */
  holder: { professionalId: string; name: string; agency: boolean } | null;
}

/** A field a user can get wrong, named as the CSV column (and the form field). */
export type PostField = 'post_id' | 'team_id' | 'role' | 'fte' | 'funded_from' | 'funded_to' | 'funding_source' | 'investment' | 'notes';
export interface FieldError {
  field: PostField;
  message: string;
}

/**
 * The HR CSV: one row per funded post, first row the column names (any order; extra columns are
 * ignored). Required: post_id, team_id, role, fte, funded_from, funding_source. Optional:
 * funded_to (blank = still funded; the first day no longer funded), investment, notes.
 * Dates YYYY-MM-DD (or DD/MM/YYYY). Roles as in POST_ROLES. A post already held is updated.
 */
export const HR_CSV_COLUMNS: { name: PostField; required: boolean; meaning: string }[] = [
  { name: 'post_id', required: true, meaning: 'The HR system’s position number (letters, digits, - _ / .; up to 40 characters)' },
  { name: 'team_id', required: true, meaning: 'Team ID as in the team structure (ssd_department), e.g. TM-FSH' },
  { name: 'role', required: true, meaning: Object.keys(POST_ROLES).join(', ') },
  { name: 'fte', required: true, meaning: 'Funded full-time equivalent, more than 0 and at most 1.5, e.g. 1 or 0.6' },
  { name: 'funded_from', required: true, meaning: 'First day the post is funded' },
  { name: 'funded_to', required: false, meaning: 'First day it is no longer funded; blank while funded' },
  { name: 'funding_source', required: true, meaning: 'e.g. Base budget, Social Work Academy, Investment' },
  { name: 'investment', required: false, meaning: 'The decision that funded it, e.g. Cabinet March 2024: family safeguarding' },
  { name: 'notes', required: false, meaning: 'Free text' },
];

function readDate(text: string): IsoDate | undefined {
  const british = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (british) return parseIsoDate(`${british[3]}-${british[2]!.padStart(2, '0')}-${british[1]!.padStart(2, '0')}`);
  return parseIsoDate(text);
}

/** Checks raw fields (as typed or read from CSV); returns the post or every error found. */
export function validatePost(raw: Partial<Record<PostField, unknown>>, teamIds: ReadonlySet<string>): { post?: Post; errors: FieldError[] } {
  const text = (field: PostField) => (typeof raw[field] === 'string' ? (raw[field] as string).trim() : '');
  const errors: FieldError[] = [];
  const fail = (field: PostField, message: string) => errors.push({ field, message });
  // The post's own fields only: a form also carries _csrf, whose random token may begin with '-'.
  for (const { name: field } of HR_CSV_COLUMNS)
    if (looksLikeFormula(text(field))) fail(field, 'must not start with =, +, - or @ (looks like a spreadsheet formula)');
  if (errors.length) return { errors };

  const postId = text('post_id');
  if (!postId) fail('post_id', 'Enter the post ID');
  else if (!/^[A-Za-z0-9][A-Za-z0-9_\-/.]{0,39}$/.test(postId)) fail('post_id', 'Post ID must be letters, digits, - _ / or . (up to 40 characters)');
  const teamId = text('team_id');
  if (!teamId) fail('team_id', 'Select the team');
  else if (!teamIds.has(teamId)) fail('team_id', `Team ${teamId} is not in the team structure`);
  const role = text('role');
  if (!role) fail('role', 'Select the role');
  else if (!(role in POST_ROLES)) fail('role', `Role must be one of ${Object.keys(POST_ROLES).join(', ')}`);
  const fteText = text('fte');
  const fte = Number(fteText);
  if (!fteText) fail('fte', 'Enter the funded FTE');
  else if (!/^\d+(\.\d{1,2})?$/.test(fteText) || !(fte > 0 && fte <= 1.5))
    fail('fte', 'FTE must be a number more than 0 and at most 1.5, with up to 2 decimal places');
  const fromText = text('funded_from');
  const fundedFrom = readDate(fromText);
  if (!fromText) fail('funded_from', 'Enter the date funding starts');
  else if (!fundedFrom) fail('funded_from', 'Funded from must be a real date, YYYY-MM-DD');
  const toText = text('funded_to');
  const fundedTo = toText ? readDate(toText) : null;
  if (toText && !fundedTo) fail('funded_to', 'Funded to must be a real date, YYYY-MM-DD, or blank');
  else if (fundedTo && fundedFrom && fundedTo <= fundedFrom) fail('funded_to', 'Funded to must be after funded from');
  const fundingSource = text('funding_source');
  if (!fundingSource) fail('funding_source', 'Enter the funding source');
  else if (fundingSource.length > 100) fail('funding_source', 'Funding source must be 100 characters or fewer');
  if (text('investment').length > 200) fail('investment', 'Investment must be 200 characters or fewer');
  if (text('notes').length > 1000) fail('notes', 'Notes must be 1,000 characters or fewer');
  if (errors.length) return { errors };
  return {
    errors,
    post: {
      postId,
      teamId,
      role,
      fte,
      fundedFrom: fundedFrom!,
      fundedTo: fundedTo ?? null,
      fundingSource,
      investment: text('investment') || null,
      notes: text('notes') || null,
    },
  };
}

export async function teamIdsOf(database: Database): Promise<Set<string>> {
  const rows = await database.db.selectFrom('ssd_department').select('dept_team_id').execute();
  return new Set(rows.map((row) => row.dept_team_id));
}

/** Teams and service areas a post can belong to, by name (closed ones marked). */
export async function unitsForPosts(database: Database) {
  const rows = await sql<{ id: string; name: string; valid_to: IsoDate | null }>`
    SELECT dept_team_id AS id, dept_team_name AS name, dept_valid_to AS valid_to FROM ssd_department
    ORDER BY dept_valid_to IS NOT NULL, dept_team_name`.execute(database.db);
  return rows.rows;
}

type Executor = Database['db'] | Transaction<Schema>;

/** Inserts or replaces a post (by post ID). */
export async function savePost(executor: Executor, post: Post): Promise<void> {
  await sql`
    INSERT INTO ks_post (post_id, post_team_id, post_role, post_fte, post_funded_from, post_funded_to, post_funding_source, post_investment, post_notes)
    VALUES (${post.postId}, ${post.teamId}, ${post.role}, ${post.fte}, ${post.fundedFrom}, ${post.fundedTo}, ${post.fundingSource}, ${post.investment}, ${post.notes})
    ON CONFLICT (post_id) DO UPDATE SET
      post_team_id = excluded.post_team_id, post_role = excluded.post_role, post_fte = excluded.post_fte,
      post_funded_from = excluded.post_funded_from, post_funded_to = excluded.post_funded_to,
      post_funding_source = excluded.post_funding_source, post_investment = excluded.post_investment,
      post_notes = excluded.post_notes, post_updated_at = now()`.execute(executor);
}

export async function getPost(database: Database, postId: string): Promise<PostRow | undefined> {
  return (await listPosts(database, { postId }))[0];
}

/** Posts, optionally only those funded on a date and/or in some teams, by team then role. */
export async function listPosts(database: Database, filter: { on?: IsoDate; teamIds?: readonly string[]; postId?: string } = {}): Promise<PostRow[]> {
  if (filter.teamIds && filter.teamIds.length === 0) return [];
  const rows = await sql<{
    post_id: string;
    post_team_id: string;
    team_name: string;
    post_role: string;
    post_fte: string | number;
    post_funded_from: IsoDate;
    post_funded_to: IsoDate | null;
    post_funding_source: string;
    post_investment: string | null;
    post_notes: string | null;
    post_holder_id: string | null;
    holder_name: string | null;
    holder_agency: string | null;
  }>`
    SELECT p.*, coalesce(d.dept_team_name, p.post_team_id) AS team_name, h.prof_professional_name AS holder_name, h.prof_agency_worker_flag AS holder_agency
    FROM ks_post p LEFT JOIN ssd_department d ON d.dept_team_id = p.post_team_id
    LEFT JOIN ssd_professionals h ON h.prof_professional_id = p.post_holder_id
    WHERE ${filter.on ? sql`p.post_funded_from <= ${filter.on} AND (p.post_funded_to IS NULL OR p.post_funded_to > ${filter.on})` : sql`true`}
      AND ${filter.teamIds ? sql`p.post_team_id IN (${sql.join([...filter.teamIds])})` : sql`true`}
      AND ${filter.postId !== undefined ? sql`p.post_id = ${filter.postId}` : sql`true`}
    ORDER BY team_name, p.post_role, p.post_id`.execute(database.db);
  return rows.rows.map((row) => ({
    postId: row.post_id,
    teamId: row.post_team_id,
    teamName: row.team_name,
    role: row.post_role,
    fte: Number(row.post_fte),
    fundedFrom: row.post_funded_from,
    fundedTo: row.post_funded_to,
    fundingSource: row.post_funding_source,
    investment: row.post_investment,
    notes: row.post_notes,
    holder:
      row.post_holder_id === null
        ? null
        : { professionalId: row.post_holder_id, name: row.holder_name ?? row.post_holder_id, agency: row.holder_agency === 'Y' },
  }));
}

/**
 * Names the professional who fills a post (null: nobody, the post is vacant). A person fills one
 * post: naming them here takes them off any other post. Returns the post they were taken off.
 */
export async function setPostHolder(database: Database, postId: string, professionalId: string | null): Promise<string | null> {
  return database.db.transaction().execute(async (trx) => {
    const previous =
      professionalId === null
        ? undefined
        : (await sql<{ post_id: string }>`SELECT post_id FROM ks_post WHERE post_holder_id = ${professionalId} AND post_id <> ${postId}`.execute(trx)).rows[0];
    if (previous) await sql`UPDATE ks_post SET post_holder_id = NULL, post_updated_at = now() WHERE post_id = ${previous.post_id}`.execute(trx);
    await sql`UPDATE ks_post SET post_holder_id = ${professionalId}, post_updated_at = now() WHERE post_id = ${postId}`.execute(trx);
    return previous?.post_id ?? null;
  });
}

export async function professionalExists(database: Database, professionalId: string): Promise<boolean> {
  return (await sql`SELECT 1 FROM ssd_professionals WHERE prof_professional_id = ${professionalId}`.execute(database.db)).rows.length > 0;
}

export interface Professional {
  professionalId: string;
  name: string;
  agency: boolean;
  /** Their social-work team on the day asked about, if any. */
  teamId: string | null;
  teamName: string | null;
  /** The post they fill now, if any. */
  postId: string | null;
}

/** Professionals who could fill a post, in the post's team on `asOf` first, then by name. */
export async function professionalsForPost(database: Database, teamId: string, asOf: IsoDate): Promise<Professional[]> {
  const rows = await sql<{
    prof_professional_id: string;
    prof_professional_name: string;
    prof_agency_worker_flag: string | null;
    team_id: string | null;
    team_name: string | null;
    post_id: string | null;
  }>`
    SELECT p.prof_professional_id, p.prof_professional_name, p.prof_agency_worker_flag, m.memb_team_id AS team_id, d.dept_team_name AS team_name, k.post_id
    FROM ssd_professionals p
    LEFT JOIN LATERAL (
      SELECT memb_team_id FROM ks_team_membership
      WHERE memb_professional_id = p.prof_professional_id AND memb_role IN (${sql.join(Object.keys(POST_ROLES))})
        AND memb_start_date <= ${asOf} AND (memb_end_date IS NULL OR memb_end_date > ${asOf})
      ORDER BY memb_start_date DESC, memb_id DESC LIMIT 1
    ) m ON true
    LEFT JOIN ssd_department d ON d.dept_team_id = m.memb_team_id
    LEFT JOIN ks_post k ON k.post_holder_id = p.prof_professional_id
    ORDER BY m.memb_team_id IS DISTINCT FROM ${teamId}, p.prof_professional_name, p.prof_professional_id`.execute(database.db);
  return rows.rows.map((row) => ({
    professionalId: row.prof_professional_id,
    name: row.prof_professional_name,
    agency: row.prof_agency_worker_flag === 'Y',
    teamId: row.team_id,
    teamName: row.team_name,
    postId: row.post_id,
  }));
}

/**
 * Posts from the SSD professionals table for one team: one post per current case-holding member
 * (a membership of the team on `asOf` in a CASE_HOLDING_ROLES role) who fills no post yet, linked
 * to them. Each post takes the member's role and FTE (1 when not recorded, at most 1.5), is funded
 * from the day their membership started, from the base budget, and is named TEAM-PROFESSIONAL
 * (characters a post ID cannot hold become -; a number is added if the ID is taken).
 */
export async function createPostsFromProfessionals(database: Database, teamId: string, asOf: IsoDate): Promise<Post[]> {
  return database.db.transaction().execute(async (trx) => {
    const members = await sql<{ professional_id: string; role: string; start_date: IsoDate; fte: string | number | null }>`
      SELECT DISTINCT ON (m.memb_professional_id) m.memb_professional_id AS professional_id, m.memb_role AS role, m.memb_start_date AS start_date, p.prof_full_time_equivalency AS fte
      FROM ks_team_membership m JOIN ssd_professionals p ON p.prof_professional_id = m.memb_professional_id
      WHERE m.memb_team_id = ${teamId} AND m.memb_role IN (${sql.join([...CASE_HOLDING_ROLES])})
        AND m.memb_start_date <= ${asOf} AND (m.memb_end_date IS NULL OR m.memb_end_date > ${asOf})
        AND NOT EXISTS (SELECT 1 FROM ks_post k WHERE k.post_holder_id = m.memb_professional_id)
      ORDER BY m.memb_professional_id, m.memb_start_date DESC, m.memb_id DESC`.execute(trx);
    const taken = new Set((await sql<{ post_id: string }>`SELECT post_id FROM ks_post`.execute(trx)).rows.map((row) => row.post_id));
    const created: Post[] = [];
    for (const member of members.rows) {
      const base =
        `${teamId}-${member.professional_id}`
          .replace(/[^A-Za-z0-9_\-/.]/g, '-')
          .replace(/^[^A-Za-z0-9]+/, '')
          .slice(0, 36) || 'POST';
      let postId = base;
      for (let suffix = 2; taken.has(postId); suffix++) postId = `${base}-${suffix}`;
      taken.add(postId);
      const fte = Math.min(1.5, Math.max(0.01, Math.round(Number(member.fte ?? 1) * 100) / 100));
      const post: Post = {
        postId,
        teamId,
        role: member.role,
        fte,
        fundedFrom: member.start_date,
        fundedTo: null,
        fundingSource: 'Base budget',
        investment: null,
        notes: `Created from the SSD professionals table on ${asOf}`,
      };
      await savePost(trx, post);
      await sql`UPDATE ks_post SET post_holder_id = ${member.professional_id} WHERE post_id = ${postId}`.execute(trx);
      created.push(post);
    }
    return created;
  });
}

export interface HrImportProblem {
  /** Line in the file (the header is line 1). */
  row: number;
  field: PostField | null;
  message: string;
}

export interface HrImportResult {
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  problems: HrImportProblem[];
  /** True when the posts were written (no problems, not a dry run). */
  committed: boolean;
}

/**
 * Imports the HR CSV of funded posts. All or nothing: any problem (reported by row and field)
 * and nothing is written. Re-importing the same file changes nothing (rows counted unchanged).
 */
export async function importHrCsv(database: Database, bytes: Uint8Array, options: { dryRun?: boolean } = {}): Promise<HrImportResult> {
  const result: HrImportResult = { rows: 0, inserted: 0, updated: 0, unchanged: 0, problems: [], committed: false };
  let records: string[][];
  try {
    records = parse(Buffer.from(bytes), { bom: true, trim: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    result.problems.push({ row: line, field: null, message: `The file could not be read as CSV: ${(error as Error).message.replace(/^.*?:\s*/, '')}` });
    return result;
  }
  const [header, ...body] = records;
  if (!header) {
    result.problems.push({ row: 1, field: null, message: 'The file is empty: the first row must name the columns' });
    return result;
  }
  const columns = header.map((name) => name.toLowerCase().replace(/\s+/g, '_'));
  for (const column of HR_CSV_COLUMNS.filter((column) => column.required && !columns.includes(column.name))) {
    result.problems.push({ row: 1, field: column.name, message: `The header has no ${column.name} column` });
  }
  if (result.problems.length) return result;

  const teamIds = await teamIdsOf(database);
  const posts: Post[] = [];
  const seen = new Map<string, number>();
  body.forEach((cells, index) => {
    const row = index + 2;
    result.rows++;
    if (cells.length !== columns.length) {
      result.problems.push({ row, field: null, message: `The row has ${cells.length} cells; the header has ${columns.length}` });
      return;
    }
    const raw = Object.fromEntries(HR_CSV_COLUMNS.map((column) => [column.name, cells[columns.indexOf(column.name)] ?? '']));
    const { post, errors } = validatePost(raw, teamIds);
    for (const error of errors) result.problems.push({ row, field: error.field, message: error.message });
    if (!post) return;
    const earlier = seen.get(post.postId);
    if (earlier) result.problems.push({ row, field: 'post_id', message: `Post ${post.postId} is also on row ${earlier}` });
    seen.set(post.postId, row);
    posts.push(post);
  });
  if (result.problems.length) return result;

  const existing = new Map((await listPosts(database)).map((post) => [post.postId, post]));
  const same = (a: Post, b: Post) =>
    a.teamId === b.teamId &&
    a.role === b.role &&
    a.fte === b.fte &&
    a.fundedFrom === b.fundedFrom &&
    a.fundedTo === b.fundedTo &&
    a.fundingSource === b.fundingSource &&
    a.investment === b.investment &&
    a.notes === b.notes;
  const changed = posts.filter((post) => {
    const before = existing.get(post.postId);
    if (!before) result.inserted++;
    else if (same(before, post)) result.unchanged++;
    else result.updated++;
    return !before || !same(before, post);
  });
  if (options.dryRun) return result;
  await database.db.transaction().execute(async (trx) => {
    for (const post of changed) await savePost(trx, post);
  });
  result.committed = true;
  return result;
}
