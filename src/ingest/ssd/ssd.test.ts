/**
 * The SSD importer: the table catalogue against the migrated database, hand-made CSVs (dates in
 * both forms, flags, ragged rows, a formula, dangling references, duplicate keys, files that are
 * not SSD tables, strict mode, a re-import that changes nothing), and a round trip of a small
 * demo county written out as SSD CSVs into a folder and imported into a fresh database.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshDatabase } from '../../../test/support/engines.ts';
import { generateCounty } from '../../demo/index.ts';
import { gatherFiles, importCommand } from '../cli.ts';
import { runImport, type ImportRequest } from '../pipeline.ts';
import type { InputFile } from '../types.ts';
import { expandArchives, ZipRefused } from '../archives.ts';
import { checkOutcome, firstLines, fuzzCases } from '../../../test/support/fuzz.ts';
import { HELD_FINDINGS } from '../issues.ts';
import { validateFiles } from '../validate.ts';
import { ssdImporter } from './importer.ts';
import { recogniseSsdTable, SSD_TABLES } from './tables.ts';

const file = (name: string, text: string): InputFile => ({ name, bytes: new TextEncoder().encode(text) });
const actor = { userId: null, username: 'test', ip: null, requestId: null };

const PEOPLE = `pers_person_id,pers_forename,pers_sex,pers_dob,pers_ethnicity,pers_send_flag
K1,Ada,F,2015-06-01,WBRI,N
K2,Ben,M,01/02/2012,AIND,Yes
K3,Cai,M,2013-13-01,WBRI,N
`;
const PROFESSIONALS = `prof_professional_id,prof_professional_name,prof_agency_worker_flag,prof_full_time_equivalency
P1,Pat Worker,N,1.00
P2,Sam Agency,Y,0.8
`;
const REFERRALS = `cine_referral_id,cine_person_id,cine_referral_date,cine_referral_source_code,cine_referral_nfa,cine_referral_team
R1,K1,2023-06-01,2A,N,
R2,K2,2023-07-01,6,N,T-NOWHERE
`;
const ASSESSMENTS = `cina_assessment_id,cina_person_id,cina_referral_id,cina_assessment_start_date,cina_assessment_child_seen,cina_assessment_auth_date
A1,K1,R1,2023-06-02,Y,2023-07-01
A2,K2,R-OLD,2023-07-02,N,
A3,K3,R3,2023-07-03,Y,
A4,K1,R1,2023-08-01,Y,=SUM(A1:A2)
A5,K1,R1,2023-08-02
`;
const INVOLVEMENTS = `invo_involvements_id,invo_professional_id,invo_professional_role_id,invo_involvement_start_date,invo_involvement_end_date,invo_person_id
I1,P1,ALLOCATED_CASE_WORKER,2023-06-01,,K1
I2,P9,ALLOCATED_CASE_WORKER,2023-06-01,,K2
I3,P2,ALLOCATED_CASE_WORKER,2023-06-05,2023-06-01,K2
I1,P2,ALLOCATED_CASE_WORKER,2023-06-01,,K2
`;

function handMade(): InputFile[] {
  return [
    file('ssd_person.csv', PEOPLE),
    file('professionals.csv', PROFESSIONALS),
    file('ssd_cin_episodes_2024-03-31.csv', REFERRALS),
    file('extract-7.csv', ASSESSMENTS), // recognised by its header
    file('SSD Involvements.csv', INVOLVEMENTS),
  ];
}

describe('SSD table recognition', () => {
  it('by file name, with or without ssd_ and with suffixes, else by the key column in the header', () => {
    expect(recogniseSsdTable('ssd_person.csv', [])).toBe('ssd_person');
    expect(recogniseSsdTable('person.csv', [])).toBe('ssd_person');
    expect(recogniseSsdTable('SSD_CLA_Episodes_2024.csv', [])).toBe('ssd_cla_episodes');
    expect(recogniseSsdTable('cin_plans-part2.csv', [])).toBe('ssd_cin_plans');
    expect(recogniseSsdTable('ssd_address.csv', [])).toBe('ssd_address');
    expect(recogniseSsdTable('export.csv', ['cina_assessment_id', 'cina_person_id'])).toBe('ssd_cin_assessments');
    expect(recogniseSsdTable('export.csv', ['child', 'dob'])).toBeNull();
  });
});

describe.each(engines)('the SSD importer on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  const run = (files: InputFile[], extra: Partial<ImportRequest> = {}) =>
    runImport(database, { format: 'ssd', files, mode: 'lenient', dryRun: false, actor, ...extra });
  const count = async (table: string) => Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(database.db)).rows[0]!.n);

  beforeAll(async () => {
    database = await freshDatabase(url);
  });
  afterAll(() => database.drop());

  it('the table catalogue matches the database column for column', async () => {
    const columns = await sql<{ table_name: string; column_name: string; type: string; required: boolean }>`
      SELECT c.table_name, c.column_name, format_type(a.atttypid, a.atttypmod) AS type, (c.is_nullable = 'NO' AND c.column_default IS NULL) AS required
      FROM information_schema.columns c JOIN pg_attribute a ON a.attrelid = to_regclass(c.table_name) AND a.attname = c.column_name AND NOT a.attisdropped
      WHERE c.table_schema = current_schema() AND (c.table_name LIKE 'ssd\\_%' OR c.table_name = 'ks_child_plan_action') ORDER BY c.table_name, c.ordinal_position`.execute(
      database.db,
    );
    const typeName = (type: (typeof SSD_TABLES)[number]['columns'][number]['type']) =>
      typeof type === 'object'
        ? `numeric(${type.numeric[0]},${type.numeric[1]})`
        : { text: 'text', date: 'date', timestamp: 'timestamp without time zone', integer: 'integer', flag: 'character(1)' }[type];
    const fromDatabase = columns.rows.map((row) => `${row.table_name}.${row.column_name} ${row.type}${row.required ? ' required' : ''}`).sort();
    const fromCatalogue = SSD_TABLES.flatMap((table) =>
      table.columns.map((column) => `${table.name}.${column.name} ${typeName(column.type)}${column.required ? ' required' : ''}`),
    ).sort();
    expect(fromCatalogue).toEqual(fromDatabase);
  });

  it('checks everything first: types, required values, ragged rows, formulas, duplicate keys and references; quarantines the bad rows with reasons', async () => {
    const files = handMade();
    files[0] = file('ssd_person.csv', `${PEOPLE}K4,Dee,F\n`); // a ragged row
    const result = await run(files);
    expect(result.status).toBe('committed');
    const at = (rule: string) => result.findings.filter((finding) => finding.rule === rule).map((finding) => `${finding.file}:${finding.row}:${finding.field}`);
    expect(at('KS-TYPE')).toEqual(['ssd_person.csv:4:pers_dob']);
    expect(at('KS-RAGGED')).toEqual(['ssd_person.csv:5:pers_dob', 'extract-7.csv:6:cina_assessment_child_seen']);
    expect(at('KS-FORMULA')).toEqual(['extract-7.csv:5:cina_assessment_auth_date']);
    expect(at('KS-CHECK')).toEqual(['SSD Involvements.csv:4:invo_involvement_end_date']);
    expect(at('KS-DUPLICATE')).toEqual(['SSD Involvements.csv:5:invo_involvements_id']);
    // K3's person row was refused (impossible date), so the assessment naming only K3 is refused too;
    // an involvement naming an unknown professional cannot be stored; an unknown referral or team is a warning.
    expect(at('KS-REFERENCE').sort()).toEqual(['SSD Involvements.csv:3:invo_professional_id', 'extract-7.csv:4:cina_person_id']);
    expect(at('KS-LINK').sort()).toEqual(['extract-7.csv:3:cina_referral_id', 'ssd_cin_episodes_2024-03-31.csv:3:cine_referral_team']);
    expect(result.findings.find((finding) => finding.rule === 'KS-LINK')!.severity).toBe('warning');

    expect(await count('ssd_person')).toBe(2);
    expect(await count('ssd_professionals')).toBe(2);
    expect(await count('ssd_cin_episodes')).toBe(2);
    expect(await count('ssd_cin_assessments')).toBe(2);
    expect(await count('ssd_involvements')).toBe(1);
    const person = await sql<{
      pers_dob: string;
      pers_send_flag: string;
    }>`SELECT pers_dob::text, pers_send_flag FROM ssd_person WHERE pers_person_id = 'K2'`.execute(database.db);
    expect(person.rows[0]).toEqual({ pers_dob: '2012-02-01', pers_send_flag: 'Y' });

    const quarantine = await sql<{ file_name: string; row_number: number; rule_codes: string[]; raw_row: Record<string, string> }>`
      SELECT file_name, row_number, rule_codes, raw_row FROM ks_import_quarantine WHERE import_id = ${result.importId} ORDER BY file_name, row_number`.execute(
      database.db,
    );
    const quarantined = quarantine.rows.map((row) => `${row.file_name}:${row.row_number}:${row.rule_codes.join('+')}`);
    expect(quarantined).toEqual([
      'SSD Involvements.csv:3:KS-REFERENCE',
      'SSD Involvements.csv:4:KS-CHECK',
      'SSD Involvements.csv:5:KS-DUPLICATE',
      'extract-7.csv:4:KS-REFERENCE',
      'extract-7.csv:5:KS-FORMULA',
      'extract-7.csv:6:KS-RAGGED',
      'ssd_person.csv:4:KS-TYPE',
      'ssd_person.csv:5:KS-RAGGED',
    ]);
    expect(result.counts.rejected).toBe(8);
    expect(quarantine.rows.find((row) => row.row_number === 4 && row.file_name === 'ssd_person.csv')!.raw_row.PERS_DOB).toBe('2013-13-01');
    const sources = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ks_row_source WHERE import_id = ${result.importId}`.execute(database.db);
    expect(sources.rows[0]!.n).toBe(9);
  });

  it('re-importing the same files changes nothing and says so', async () => {
    const files = handMade();
    files[0] = file('ssd_person.csv', `${PEOPLE}K4,Dee,F\n`);
    const again = await run(files);
    expect(again.status).toBe('committed');
    expect(again.counts).toMatchObject({ new: 0, updated: 0, unchanged: 9 });
    expect(again.message).toMatch(/Nothing changed/);
    expect(again.previousImportId).not.toBeNull();
  });

  it('a file with some columns updates those and never blanks the others; a person known before is matched on pers_person_id', async () => {
    const result = await run([
      file('ssd_person.csv', 'PERS_PERSON_ID,PERS_ETHNICITY\nK1,WIRI\n'),
      file('ssd_cin_assessments.csv', 'cina_assessment_id,cina_person_id,cina_assessment_start_date\nA9,K2,2024-01-05\n'),
    ]);
    expect(result.counts).toMatchObject({ new: 1, updated: 1, unchanged: 0, rejected: 0 });
    const person = await sql<{
      pers_forename: string;
      pers_ethnicity: string;
      pers_dob: string;
    }>`SELECT pers_forename, pers_ethnicity, pers_dob::text FROM ssd_person WHERE pers_person_id = 'K1'`.execute(database.db);
    expect(person.rows[0]).toEqual({ pers_forename: 'Ada', pers_ethnicity: 'WIRI', pers_dob: '2015-06-01' });
  });

  it('strict mode writes nothing when anything is wrong; a dry run writes nothing at all', async () => {
    const before = await count('ssd_person');
    const strict = await run([file('ssd_person.csv', 'pers_person_id,pers_dob\nK7,2015-01-01\nK8,not a date\n')], { mode: 'strict' });
    expect(strict.status).toBe('rejected');
    const dry = await run([file('ssd_person.csv', 'pers_person_id,pers_dob\nK7,2015-01-01\n')], { dryRun: true });
    expect(dry.status).toBe('checked');
    expect(dry.counts.new).toBe(1);
    expect(await count('ssd_person')).toBe(before);
  });

  it('refuses what it cannot read with a clear finding and never throws: zip, spreadsheets, unknown tables, missing key columns, binary', async () => {
    const result = await run([
      { name: 'ssd_extract.zip', bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]) },
      { name: 'ssd_person.xlsx', bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04]) },
      file('notes.csv', 'what,why\na,b\n'),
      file('ssd_contacts.csv', 'cont_person_id,cont_contact_date\nK1,2024-01-01\n'),
      file('ssd_family.csv', 'fami_table_id,fami_person_id\n1,K1\n'),
      { name: 'ssd_missing.csv', bytes: new Uint8Array([0x6d, 0x00, 0x01, 0x02]) },
      file('ssd_person.csv', 'pers_person_id,pers_shoe_size\nK1,5\n'),
    ]);
    expect(result.status).toBe('committed');
    const rules = result.findings.map((finding) => `${finding.file}:${finding.rule}`);
    expect(rules).toEqual(
      expect.arrayContaining([
        'ssd_extract.zip:KS-ZIP',
        'ssd_person.xlsx:KS-FORMAT',
        'notes.csv:KS-TABLE',
        'ssd_contacts.csv:KS-COLUMNS',
        'ssd_family.csv:KS-NOT-HELD',
        'ssd_missing.csv:KS-BINARY',
        'ssd_person.csv:KS-COLUMN',
      ]),
    );
    expect(result.findings.find((finding) => finding.rule === 'KS-ZIP')!.message).toMatch(/zip archive inside the extract/);
    expect(result.findings.find((finding) => finding.rule === 'KS-COLUMNS')!.field).toBe('cont_contact_id');
    expect(result.counts.rejected).toBe(1); // the contacts row, kept in quarantine
  });

  it('refusing a person refuses the rows that name only that person, and teams follow their refused parent team', async () => {
    const result = await run([
      file(
        'ssd_department.csv',
        'dept_team_id,dept_team_name,dept_team_parent_id,dept_valid_from,dept_valid_to\nS1,Service,,2020-01-01,\nT1,Team one,S1,2020-01-01,2019-01-01\nT2,Team two,T1,2020-01-01,\nT3,Team three,S1,2020-01-01,\n',
      ),
      file('ssd_person.csv', 'pers_person_id,pers_dob\nK20,31/02/2020\n'),
      file('ssd_contacts.csv', 'cont_contact_id,cont_person_id,cont_contact_date\nC20,K20,2024-01-01 10:30\nC21,K1,01/01/2024 09:00\n'),
    ]);
    const refused = result.findings.filter((finding) => finding.rejects).map((finding) => `${finding.rule}:${finding.row}:${finding.field}`);
    expect(refused.sort()).toEqual(
      ['KS-CHECK:3:dept_valid_to', 'KS-REFERENCE:2:cont_person_id', 'KS-REFERENCE:4:dept_team_parent_id', 'KS-TYPE:2:pers_dob'].sort(),
    );
    const teams = await sql<{ dept_team_id: string }>`SELECT dept_team_id FROM ssd_department ORDER BY 1`.execute(database.db);
    expect(teams.rows.map((row) => row.dept_team_id)).toEqual(['S1', 'T3']);
    const contact = await sql<{ d: string }>`SELECT cont_contact_date::text AS d FROM ssd_contacts WHERE cont_contact_id = 'C21'`.execute(database.db);
    expect(contact.rows[0]!.d).toBe('2024-01-01 09:00:00');
    // A stored team moved under a team added in the same import: the new team is written first.
    const moved = await run([file('ssd_department.csv', 'dept_team_id,dept_team_name,dept_team_parent_id\nT3,Team three,S2\nS2,Service two,\n')]);
    expect(moved.status).toBe('committed');
    expect(moved.counts).toMatchObject({ new: 1, updated: 1 });
  });
});

describe.each(engines)('an SSD round trip of a demo county on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let folder: string;
  const county = generateCounty({ children: 60, seed: 3 });
  const ssdTables = county.tables.filter((table) => table.name.startsWith('ssd_'));

  beforeAll(async () => {
    database = await freshDatabase(url);
    folder = mkdtempSync(path.join(tmpdir(), 'keystone-ssd-'));
    for (const table of ssdTables) {
      const rows = table.rows.map((row) => row.map((cell) => (cell === null ? '' : String(cell))));
      writeFileSync(path.join(folder, `${table.name}.csv`), stringify([table.columns as string[], ...rows]));
    }
  });
  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    await database.drop();
  });

  it('imports every table of the folder into a fresh database: same row counts, same rows', async () => {
    const lines: string[] = [];
    const code = await importCommand(database, { format: 'ssd', paths: [folder], dryRun: false, strict: true, json: true }, (text) => lines.push(text));
    expect(code).toBe(0);
    const report = JSON.parse(lines.join(''));
    expect(report.status).toBe('committed');
    expect(report.errors).toBe(0);
    expect(report.warnings).toBe(0);
    expect(report.counts.new).toBe(ssdTables.reduce((sum, table) => sum + table.rows.length, 0));

    for (const table of ssdTables) {
      const stored = await sql<
        Record<string, unknown>
      >`SELECT ${sql.join(table.columns.map((column) => sql.raw(`${column}::text AS ${column}`)))} FROM ${sql.table(table.name)}`.execute(database.db);
      expect(stored.rows.length, table.name).toBe(table.rows.length);
      const key = table.columns[0]!;
      const byKey = new Map(stored.rows.map((row) => [String(row[key]), row]));
      for (const row of table.rows) {
        const got = byKey.get(String(row[0]));
        expect(got, `${table.name} ${row[0]}`).toBeDefined();
        table.columns.forEach((column, index) => {
          const want = row[index];
          const have = got![column] as string | null;
          if (want === null || want === '') expect(have, `${table.name}.${column} of ${row[0]}`).toBeNull();
          else if (typeof want === 'number' || /^\d+\.\d+$/.test(String(want))) expect(Number(have), `${table.name}.${column} of ${row[0]}`).toBe(Number(want));
          else expect(have, `${table.name}.${column} of ${row[0]}`).toBe(String(want));
        });
      }
    }
  });

  it('survives mutated copies of the tables (test/support/fuzz.ts), zipped ones too: findings naming the file, never a failure', async () => {
    const files = gatherFiles([folder], 'ssd').map((file) => firstLines(file, 20));
    for (const fuzzCase of fuzzCases('ssd', files, 28, 11)) {
      let given: InputFile[];
      try {
        given = expandArchives(fuzzCase.files, 'ssd');
      } catch (error) {
        // A refused archive says which one and why.
        expect(error, fuzzCase.label).toBeInstanceOf(ZipRefused);
        expect((error as Error).message, fuzzCase.label).toMatch(/^(extract|outer)\.zip/);
        continue;
      }
      const result = await runImport(database, { format: 'ssd', files: given, mode: 'lenient', dryRun: true, actor });
      expect(result.status, `${fuzzCase.label}: ${result.errorMessage}`).toBe('checked');
      expect(
        checkOutcome(
          result,
          given.map((file) => file.name),
        ).unnamed,
        fuzzCase.label,
      ).toEqual([]);
    }
  }, 180_000);

  it('importing the folder again changes nothing', async () => {
    const result = await runImport(database, { format: 'ssd', files: gatherFiles([folder]), mode: 'lenient', dryRun: false, actor });
    expect(result.counts.new + result.counts.updated).toBe(0);
    expect(result.counts.unchanged).toBe(ssdTables.reduce((sum, table) => sum + table.rows.length, 0));
  });
  it('streams an extract in many batches (64-byte chunks, 7 rows staged at a time): the same rows, counts, findings and quarantine as one batch, and as reading it whole', async () => {
    const person = ssdTables.find((table) => table.name === 'ssd_person')!;
    const files = [
      ...gatherFiles([folder]),
      // Faults found across rows and tables: a key seen before, a person refused, a contact naming nobody known.
      file('ssd_person_2.csv', `pers_person_id,pers_dob\n${person.rows[0]![0]},2015-01-01\nNEWKID,2015-02-30\n`),
      file(
        'ssd_contacts_2.csv',
        'cont_contact_id,cont_person_id,cont_contact_date\nCX1,NOBODY,2024-01-01\nCX2,NEWKID,2024-01-02\n"CX3","NOBODY","2024-01-03"\n',
      ),
    ];
    const outcome = async (extra: Partial<ImportRequest>) => {
      const fresh = await freshDatabase(url);
      try {
        const result = await runImport(fresh, { format: 'ssd', files, mode: 'lenient', dryRun: false, actor, ...extra });
        const quarantine = await sql<{ q: string }>`
          SELECT concat_ws('|', file_name, row_number, child_id, rule_codes::text, fields::text, messages::text, raw_row::text) AS q FROM ks_import_quarantine ORDER BY 1`.execute(
          fresh.db,
        );
        const stored: Record<string, string[]> = {};
        for (const table of SSD_TABLES)
          stored[table.name] = (await sql<{ r: string }>`SELECT t::text AS r FROM ${sql.table(table.name)} t ORDER BY 1`.execute(fresh.db)).rows.map(
            (row) => row.r,
          );
        return {
          status: result.status,
          counts: result.counts,
          tables: result.tables,
          summary: result.summary,
          findings: result.findings.map((finding) => JSON.stringify(finding)).sort(),
          quarantine: quarantine.rows.map((row) => row.q),
          stored,
        };
      } finally {
        await fresh.drop();
      }
    };
    const oneBatch = await outcome({});
    expect(oneBatch.status).toBe('committed');
    expect(oneBatch.findings.map((finding) => JSON.parse(finding).rule).sort()).toEqual([
      'KS-DUPLICATE',
      'KS-REFERENCE',
      'KS-REFERENCE',
      'KS-REFERENCE',
      'KS-TYPE',
    ]);
    expect(oneBatch.counts.rejected).toBe(5);
    expect(await outcome({ ssdWriteRows: 7, chunkBytes: 64 })).toEqual(oneBatch);
    expect(await outcome({ inMemory: true })).toEqual(oneBatch);
  }, 120_000);

  it('writes each table in bounded parts: small parts store the same rows with the same counts as whole tables', async () => {
    const files = gatherFiles([folder]);
    const whole = ssdImporter.prepare(files, {}).writes(new Set(), []).writes;
    const parts = ssdImporter.prepare(files, { ssdWriteRows: 7 }).writes(new Set(), []).writes;
    const largest = Math.max(...ssdTables.map((table) => table.rows.length));
    expect(largest).toBeGreaterThan(7 * 3);
    // Teams refer to their parent team, so their table is written whole; every other part is at most 7 rows.
    expect(Math.max(...parts.filter((write) => write.table !== 'ssd_department').map((write) => write.rows.length))).toBeLessThanOrEqual(7);
    expect(parts.length).toBeGreaterThan(whole.length);
    const rowsOf = (writes: typeof whole, table: string) =>
      writes.filter((write) => write.table === table).flatMap((write) => write.rows.map((row) => JSON.stringify(row)));
    for (const table of ssdTables) expect(rowsOf(parts, table.name), table.name).toEqual(rowsOf(whole, table.name));

    const other = await freshDatabase(url);
    try {
      const result = await runImport(other, { format: 'ssd', files, mode: 'strict', dryRun: false, actor, ssdWriteRows: 7 });
      expect(result.status).toBe('committed');
      expect(result.counts.new).toBe(ssdTables.reduce((sum, table) => sum + table.rows.length, 0));
      for (const table of ssdTables) {
        const dump = async (db: typeof database) =>
          (await sql<{ r: string }>`SELECT t::text AS r FROM ${sql.table(table.name)} t ORDER BY 1`.execute(db.db)).rows.map((row) => row.r);
        expect(await dump(other), table.name).toEqual(await dump(database));
      }
      const again = await runImport(other, { format: 'ssd', files, mode: 'lenient', dryRun: false, actor, ssdWriteRows: 7 });
      expect(again.counts.new + again.counts.updated).toBe(0);
      expect(again.tables).toEqual(result.tables.map((counts) => ({ ...counts, new: 0, unchanged: counts.new })));
    } finally {
      await other.drop();
    }
  });
});

describe.each(engines)('keystone validate on a faulty SSD extract, streamed, against reading it whole and the import on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    database = await freshDatabase(url);
  });
  afterAll(() => database.drop());

  const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))));
  function faulty(): InputFile[] {
    const files = handMade();
    files[0] = file('ssd_person.csv', `${PEOPLE}K4,Dee,F\n`); // a ragged row
    return [
      ...files,
      // A key seen in another file, a line the CSV parser skips, a column Keystone does not hold.
      file('ssd_person_2.csv', 'pers_person_id,pers_dob,pers_shoe_size\nK1,2015-01-01,5\nK9,"15"x,1\nK10,2014-02-02,4\n'),
      // Unreadable part-way (a zero byte after its rows): its rows do not count, so P7 is free again.
      { name: 'ssd_professionals_2.csv', bytes: bytes(`prof_professional_id,prof_professional_name\nP7,Al\n${'P8,Bo\n'.repeat(20)}`, [0], '\n') },
      file('ssd_professionals_3.csv', 'prof_professional_id,prof_professional_name\nP7,Al\nP7,Al again\n'),
      file('ssd_contacts_2.csv', 'cont_contact_id,cont_person_id\nCX1,K1\n'),
      file('ssd_family.csv', 'fami_table_id,fami_person_id\n1,K1\n'),
      file('notes.csv', 'what,why\na,b\n'),
      { name: 'ssd_extract.zip', bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]) },
      { name: 'zipped.csv', bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]) },
      { name: 'ssd_person.xlsx', bytes: new Uint8Array([0x50, 0x4b]) },
      file('ssd_missing.csv', ' \n'),
    ];
  }

  it('gives the findings, counts and files of reading it whole (in the same order), whatever the chunk size; the import finds the same and checks references too', async () => {
    const files = faulty();
    // What `keystone validate ssd` gave when it read the extract whole (ssdImporter.prepare).
    const whole = ssdImporter.prepare(faulty(), {});
    const byRule = new Map<string, { rule: string; message: string; count: number }>();
    for (const found of whole.findings) {
      const entry = byRule.get(found.rule) ?? byRule.set(found.rule, { rule: found.rule, message: found.message, count: 0 }).get(found.rule)!;
      entry.count++;
    }
    const rules = whole.findings.map((found) => found.rule);
    for (const rule of ['KS-TYPE', 'KS-RAGGED', 'KS-FORMULA', 'KS-CHECK', 'KS-DUPLICATE', 'KS-CSV', 'KS-COLUMN', 'KS-COLUMNS', 'KS-NOT-HELD', 'KS-TABLE'])
      expect(rules, rule).toContain(rule);
    for (const rule of ['KS-ZIP', 'KS-FORMAT', 'KS-BINARY', 'KS-EMPTY']) expect(rules, rule).toContain(rule);
    const duplicates = whole.findings.filter((found) => found.rule === 'KS-DUPLICATE').map((found) => `${found.file}:${found.row}`);
    expect(duplicates).toEqual(['SSD Involvements.csv:5', 'ssd_person_2.csv:2', 'ssd_professionals_3.csv:3']);

    for (const chunkBytes of [1, 3, 64, undefined]) {
      const streamed = await validateFiles({ format: 'ssd', files, mode: 'lenient', chunkBytes });
      const label = `chunks of ${chunkBytes ?? 'default'} bytes`;
      expect(streamed.findings, label).toEqual(whole.findings);
      expect(streamed.findingsByRule, label).toEqual([...byRule.values()].sort((a, b) => b.count - a.count));
      expect(streamed.errors + streamed.warnings, label).toBe(whole.findings.length);
      expect(streamed.rejected, label).toBe(whole.rejectedRows.length);
      expect(
        streamed.files.map(({ name, table, rows }) => ({ name, table, rows })),
        label,
      ).toEqual(whole.files);
      expect(streamed.summary, label).toEqual(whole.summary);
      // Workers and referrals are named: whether Keystone holds them is for an import to check.
      expect(streamed.tables, label).toEqual([]);
      expect(streamed.notChecked, label).toMatch(/References to rows Keystone already holds/);
    }

    // The import (streamed, staged, checked in SQL) finds the same, and the references it alone can check.
    const streamed = await validateFiles({ format: 'ssd', files, mode: 'lenient', chunkBytes: 5 });
    const imported = await runImport(database, { format: 'ssd', files, mode: 'lenient', dryRun: true, actor, chunkBytes: 5 });
    const sorted = (findings: readonly unknown[]) => findings.map((found) => JSON.stringify(found)).sort();
    expect(sorted(streamed.findings)).toEqual(sorted(imported.findings.filter((found) => found.rule !== 'KS-REFERENCE' && found.rule !== 'KS-LINK')));
    expect(imported.findings.some((found) => found.rule === 'KS-REFERENCE')).toBe(true);
  });

  it('counts the rows to store when nothing refers to stored rows, a key seen before is a duplicate, and every finding is counted with the first held', async () => {
    const people = `pers_person_id,pers_dob\n${Array.from({ length: HELD_FINDINGS + 5 }, (_, index) => `K${index},not a date`).join('\n')}\nK1,2015-01-01\nK2,2015-01-02\n`;
    const files = [file('ssd_person.csv', people), file('ssd_person_2.csv', 'pers_person_id,pers_dob\nK2,2016-01-01\nK3,2016-01-01\n')];
    const result = await validateFiles({ format: 'ssd', files, mode: 'lenient', chunkBytes: 100 });
    expect(result.errors).toBe(HELD_FINDINGS + 6);
    expect(result.findings.length).toBe(HELD_FINDINGS);
    expect(result.findingsNotShown).toBe(6);
    expect(result.findings[0]).toMatchObject({ rule: 'KS-TYPE', row: 2 });
    expect(result.findingsByRule).toEqual([
      { rule: 'KS-TYPE', message: expect.stringContaining('pers_dob'), count: HELD_FINDINGS + 5 },
      {
        rule: 'KS-DUPLICATE',
        message: `pers_person_id K2 appears again (first at ssd_person.csv line ${HELD_FINDINGS + 8}); only the first is stored.`,
        count: 1,
      },
    ]);
    expect(result.tables).toEqual([{ table: 'ssd_person', rows: 3 }]);
    expect(result.message).toContain(`an import would store 3 rows and refuse ${HELD_FINDINGS + 6}`);
  });
});
