/**
 * The council's local codes: for each SSD field marked *Local* that a figure depends on, which of
 * the council's values mean what to Keystone. Keystone ships defaults that recognise the spellings in
 * use (migration 0016); an administrator changes them on the Local codes page or by CSV. Every save
 * replaces the mapping whole, keeps a version (ks_local_code_version) and is audited; the table's
 * trigger moves the data version, so figures are computed again from the same data (no re-import).
 *
 * Values are compared by key: lower case, without spaces, underscores, hyphens or full stops
 * (codeKey here, ks_code_key in SQL), so `Allocated Case Worker` and `ALLOCATED_CASE_WORKER` are one value.
 */
import { sql } from 'kysely';
import { parse } from 'csv-parse/sync';
import type { Database } from '../core/db/database.ts';
import { recordAudit, type Actor } from '../core/audit/trail.ts';
import { toSafeCsv } from '../core/outputs/csv.ts';
import { CHANGE_REASONS } from '../workforce/changes.ts';

export type LocalField = 'worker_role' | 'team' | 'worker_change_reason' | 'placement_type' | 'legal_status';

export interface LocalFieldInfo {
  label: string;
  table: string;
  column: string;
  /** What the mapping changes. */
  usedFor: string;
  /** Keystone's meanings a value may be given, or null when any team ID (the team field). */
  meanings: Readonly<Record<string, string>> | null;
  /** What an unmapped value counts as. */
  unmapped: string;
}

export const PLACEMENT_TYPES: Readonly<Record<string, string>> = {
  A3: 'Placed for adoption with parental consent with current foster carer',
  A4: 'Placed for adoption with parental consent not with current foster carer',
  A5: 'Placed for adoption with placement order with current foster carer',
  A6: 'Placed for adoption with placement order not with current foster carer',
  H5: 'Semi-independent living accommodation not subject to children’s homes regulations',
  K1: 'Secure children’s home',
  K2: 'Children’s home',
  K3: 'Supported accommodation registered with Ofsted (from the 2024-25 return)',
  P1: 'Placed with own parents or other person with parental responsibility',
  P2: 'Independent living',
  P3: 'Residential employment',
  R1: 'Residential care home',
  R2: 'NHS/health trust or other establishment providing medical or nursing care',
  R3: 'Family centre or mother and baby unit',
  R5: 'Young offender institution or prison',
  S1: 'All residential schools, except where dual-registered as a school and children’s home',
  T0: 'Temporary placement',
  U1: 'Foster placement with relative or friend – long-term fostering',
  U2: 'Foster placement with relative or friend who is also an approved adopter – fostering for adoption',
  U3: 'Foster placement with relative or friend – not long-term or fostering for adoption',
  U4: 'Foster placement with other foster carer – long-term fostering',
  U5: 'Foster placement with other foster carer who is also an approved adopter – fostering for adoption',
  U6: 'Foster placement with other foster carer – not long-term or fostering for adoption',
  Z1: 'Other placement',
};

const LEGAL_STATUSES: Record<string, string> = {
  C1: 'Interim care order',
  C2: 'Full care order',
  D1: 'Freeing order granted',
  E1: 'Placement order granted',
  J1: 'Remanded to local authority accommodation or youth detention accommodation',
  J2: 'Placed in local authority accommodation under the Police and Criminal Evidence Act 1984',
  J3: 'Sentenced to Youth Rehabilitation Order',
  L1: 'Under police protection and in local authority accommodation',
  L2: 'Emergency protection order',
  L3: 'Under child assessment order and in local authority accommodation',
  V2: 'Single period of accommodation under section 20',
  V3: 'Accommodated under an agreed series of short-term breaks, when individual episodes of care are recorded',
  V4: 'Accommodated under an agreed series of short-term breaks, when agreements are recorded',
};

export const LOCAL_FIELDS: Readonly<Record<LocalField, LocalFieldInfo>> = {
  worker_role: {
    label: 'Worker role',
    table: 'ssd_involvements',
    column: 'invo_professional_role_id',
    usedFor: 'Which involvements are allocations: caseloads, the child’s worker, changes of worker, children awaiting allocation, who sees a child',
    meanings: { case_holding: 'Allocated case worker (holds the case)', other: 'Another role (does not hold the case)' },
    unmapped: 'not case-holding',
  },
  team: {
    label: 'Team on an allocation',
    table: 'ssd_involvements',
    column: 'invo_professional_team',
    usedFor: 'The team an allocation records, where the worker has no team membership on the date',
    meanings: null,
    unmapped: 'the team ID as recorded',
  },
  worker_change_reason: {
    label: 'Reason for a change of worker',
    table: 'ssd_involvements',
    column: 'invo_worker_change_reason',
    usedFor: 'Reasons on the Changes of worker page',
    meanings: CHANGE_REASONS,
    unmapped: 'shown as recorded',
  },
  placement_type: {
    label: 'Placement type',
    table: 'ssd_cla_placement',
    column: 'clap_cla_placement_type',
    usedFor: 'Placement figures (residential, long-term foster and adoptive placements) when the case system writes its own placement codes',
    meanings: PLACEMENT_TYPES,
    unmapped: 'the value as recorded (taken as the SSDA903 code)',
  },
  legal_status: {
    label: 'Legal status',
    table: 'ssd_legal_status',
    column: 'lega_legal_status',
    usedFor: 'The legal status breakdown of looked-after figures when the case system writes its own legal status codes',
    meanings: LEGAL_STATUSES,
    unmapped: 'the value as recorded (taken as the SSDA903 code)',
  },
};
export const FIELD_NAMES = Object.keys(LOCAL_FIELDS) as LocalField[];
const isField = (value: string): value is LocalField => (FIELD_NAMES as string[]).includes(value);

/** The comparison key of a value: as ks_code_key in SQL. */
export function codeKey(value: string): string {
  return value.replace(/[ _\-.\t\r\n]/g, '').toLowerCase();
}

export interface LocalCode {
  field: LocalField;
  localValue: string;
  meaning: string;
}

export async function currentCodes(database: Database): Promise<LocalCode[]> {
  const rows = await sql<{ field: LocalField; local_value: string; meaning: string }>`
    SELECT field, local_value, meaning FROM ks_local_code ORDER BY field, code_key`.execute(database.db);
  return rows.rows.map((row) => ({ field: row.field, localValue: row.local_value, meaning: row.meaning }));
}

export interface CodeVersion {
  version: number;
  savedAt: string;
  username: string | null;
  source: string;
  codes: number;
}

export async function codeVersions(database: Database, limit = 10): Promise<CodeVersion[]> {
  const rows = await sql<{ version: number; saved_at: string; username: string | null; source: string; codes: number }>`
    SELECT version, saved_at, username, source, jsonb_array_length(codes)::int AS codes
    FROM ks_local_code_version ORDER BY version DESC LIMIT ${limit}`.execute(database.db);
  return rows.rows.map((row) => ({ version: row.version, savedAt: row.saved_at, username: row.username, source: row.source, codes: row.codes }));
}

export interface CodeProblem {
  /** 1-based data row of a CSV (null for a form). */
  row: number | null;
  field: 'field' | 'local_value' | 'meaning';
  message: string;
}

/** Checks one mapping; `teams` are the team IDs a team may be mapped to. */
export function checkCode(code: { field: string; localValue: string; meaning: string }, teams: ReadonlySet<string>, row: number | null = null): CodeProblem[] {
  const problems: CodeProblem[] = [];
  if (!isField(code.field)) {
    const message = code.field.trim() ? `Field “${code.field}” is not one Keystone maps` : 'Enter the field';
    problems.push({ row, field: 'field', message: `${message}: use ${FIELD_NAMES.join(', ')}` });
    return problems;
  }
  if (!code.localValue.trim() || !codeKey(code.localValue)) problems.push({ row, field: 'local_value', message: 'Enter the value the case system writes' });
  const meanings = LOCAL_FIELDS[code.field].meanings;
  if (meanings ? !(code.meaning in meanings) : !teams.has(code.meaning)) {
    problems.push({
      row,
      field: 'meaning',
      message: meanings
        ? `“${code.meaning}” is not a meaning of ${LOCAL_FIELDS[code.field].label.toLowerCase()}: use ${Object.keys(meanings).join(', ')}`
        : `“${code.meaning}” is not a team ID in the data (ssd_department)`,
    });
  }
  return problems;
}

export async function teamIds(database: Database): Promise<Set<string>> {
  const rows = await sql<{ id: string }>`SELECT dept_team_id AS id FROM ssd_department`.execute(database.db);
  return new Set(rows.rows.map((row) => row.id));
}

/** The mapping a CSV holds (columns field, local_value, meaning), or the problems by row. */
export function readCodesCsv(bytes: Uint8Array, teams: ReadonlySet<string>): { codes: LocalCode[]; problems: CodeProblem[] } {
  let records: string[][];
  try {
    records = parse(Buffer.from(bytes), { bom: true, skip_empty_lines: true, trim: true, relax_column_count: true }) as string[][];
  } catch (error) {
    return { codes: [], problems: [{ row: null, field: 'field', message: `The file is not a readable CSV: ${(error as Error).message}` }] };
  }
  const [header = [], ...rows] = records;
  const columns = header.map((name) => name.toLowerCase());
  const at = { field: columns.indexOf('field'), local_value: columns.indexOf('local_value'), meaning: columns.indexOf('meaning') };
  const missing = Object.entries(at)
    .filter(([, index]) => index < 0)
    .map(([name]) => name);
  if (missing.length)
    return {
      codes: [],
      problems: [{ row: null, field: 'field', message: `The first row must name the columns field, local_value and meaning (missing: ${missing.join(', ')})` }],
    };
  const codes: LocalCode[] = [];
  const problems: CodeProblem[] = [];
  const seen = new Map<string, number>();
  rows.forEach((cells, index) => {
    const row = index + 1;
    // A downloaded CSV carries an apostrophe before text a spreadsheet would run: take it off.
    const cell = (position: number) => (cells[position] ?? '').replace(/^'(?=[=+\-@])/, '');
    const code = { field: cell(at.field), localValue: cell(at.local_value), meaning: cell(at.meaning) };
    const found = checkCode(code, teams, row);
    const key = `${code.field}\u0000${codeKey(code.localValue)}`;
    const earlier = seen.get(key);
    if (earlier !== undefined)
      found.push({
        row,
        field: 'local_value',
        message: `“${code.localValue}” is already mapped on row ${earlier} (values are compared ignoring case, spaces and underscores)`,
      });
    seen.set(key, row);
    if (found.length) problems.push(...found);
    else codes.push(code as LocalCode);
  });
  return { codes, problems };
}

export function codesCsv(codes: readonly LocalCode[]): string {
  return toSafeCsv(
    ['field', 'local_value', 'meaning'],
    codes.map((code) => [code.field, code.localValue, code.meaning]),
  );
}

/**
 * Replaces the whole mapping with `codes` (already checked), in one transaction: a new version, and an
 * audit event saying what changed. Returns the version, or null when nothing changed.
 */
export async function saveCodes(database: Database, actor: Actor, codes: readonly LocalCode[], source: 'page' | 'csv'): Promise<number | null> {
  const before = await currentCodes(database);
  const keyOf = (code: LocalCode) => `${code.field}\u0000${codeKey(code.localValue)}`;
  const old = new Map(before.map((code) => [keyOf(code), code]));
  const next = new Map(codes.map((code) => [keyOf(code), code]));
  const added = [...next.values()].filter((code) => !old.has(keyOf(code)));
  const removed = [...old.values()].filter((code) => !next.has(keyOf(code)));
  const changed = [...next.values()].filter((code) => {
    const was = old.get(keyOf(code));
    return was !== undefined && (was.meaning !== code.meaning || was.localValue !== code.localValue);
  });
  if (!added.length && !removed.length && !changed.length) return null;
  const snapshot = [...next.values()].map((code) => ({ field: code.field, local_value: code.localValue, meaning: code.meaning }));
  const version = await database.db.transaction().execute(async (trx) => {
    await sql`DELETE FROM ks_local_code`.execute(trx);
    if (snapshot.length) {
      await sql`
        INSERT INTO ks_local_code (field, code_key, local_value, meaning)
        SELECT c.field, ks_code_key(c.local_value), c.local_value, c.meaning
        FROM jsonb_to_recordset(${JSON.stringify(snapshot)}::jsonb) AS c(field text, local_value text, meaning text)`.execute(trx);
    }
    const saved = await sql<{ version: number }>`
      INSERT INTO ks_local_code_version (user_id, username, source, codes)
      VALUES (${actor.userId}, ${actor.username}, ${source}, ${JSON.stringify(snapshot)}::jsonb) RETURNING version`.execute(trx);
    return saved.rows[0]!.version;
  });
  const describe = (code: LocalCode) => `${code.field}: ${code.localValue} → ${code.meaning}`;
  await recordAudit(database, actor, {
    action: 'data.change',
    subjectType: 'local_codes',
    subjectId: String(version),
    details: { source, added: added.map(describe), removed: removed.map(describe), changed: changed.map(describe) },
  });
  return version;
}

export interface ValueSeen {
  value: string;
  rows: number;
  /** Keystone's meaning, or null when unmapped. */
  meaning: string | null;
}

/** The distinct values of each Local field in the data, with rows and what each is mapped to. */
export async function valuesSeen(database: Database): Promise<Record<LocalField, ValueSeen[]>> {
  const result = {} as Record<LocalField, ValueSeen[]>;
  for (const field of FIELD_NAMES) {
    const { table, column } = LOCAL_FIELDS[field];
    const rows = await sql<{ value: string; rows: number; meaning: string | null }>`
      SELECT v.value, v.rows, c.meaning
      FROM (SELECT ${sql.ref(column)} AS value, count(*)::int AS rows FROM ${sql.table(table)}
            WHERE ${sql.ref(column)} IS NOT NULL GROUP BY ${sql.ref(column)}) v
      LEFT JOIN ks_local_code c ON c.field = ${field} AND c.code_key = ks_code_key(v.value)
      ORDER BY v.rows DESC, v.value
      LIMIT 200`.execute(database.db);
    result[field] = rows.rows;
  }
  return result;
}
