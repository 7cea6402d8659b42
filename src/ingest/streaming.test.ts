/**
 * The streamed import path (a CIN census read from disk or memory in chunks, rows staged in batches
 * inside the one transaction) against the in-memory path (every file read and checked whole first):
 * the same result and the same database on the shared fixtures and on a generated county; a failure
 * part-way, an unreadable file after staged rows, a file changed while read, and findings beyond what
 * is held in memory.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshDatabase } from '../../test/support/engines.ts';
import { generateCounty, loadCounty } from '../demo/index.ts';
import { exportCin } from '../export/cin.ts';
import { cinImporter } from './cin/importer.ts';
import { CIN_TABLES } from './cin/mapping.ts';
import { HELD_FINDINGS } from './issues.ts';
import { runImport, type ImportRequest, type ImportResult } from './pipeline.ts';
import type { PathFile } from './types.ts';

type Db = Awaited<ReturnType<typeof freshDatabase>>;
const FIXTURES = path.join(fileURLToPath(new URL('../../', import.meta.url)), '../shared/fixtures/cin');
const present = existsSync(FIXTURES);
if (!present) console.warn(`Streaming tests on the CIN fixtures skipped: ${FIXTURES} is absent`);
const actor = { userId: null, username: 'test', ip: null, requestId: null };
const onDisk = (file: string): PathFile => ({ name: path.basename(file), path: file, size: statSync(file).size });

const HEADER = `<?xml version="1.0" encoding="UTF-8"?>
<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2024</Year><ReferenceDate>2024-03-31</ReferenceDate></CollectionDetails>
<Source><SourceLevel>L</SourceLevel><LEA>840</LEA></Source></Header>
<Children>
`;
const FOOTER = '</Children></Message>\n';
/** One child, clean by the DfE rules, with a referral, an assessment with factors and a CIN plan: 6 rows (person, disability, episode, assessment, factors, plan). */
const child = (
  id: string,
  closure = '2024-03-01',
) => `<Child><ChildIdentifiers><LAchildID>${id}</LAchildID><UPNunknown>UN2</UPNunknown><PersonBirthDate>2012-05-05</PersonBirthDate><GenderCurrent>1</GenderCurrent></ChildIdentifiers>
<ChildCharacteristics><Ethnicity>AIND</Ethnicity><Disabilities><Disability>NONE</Disability></Disabilities></ChildCharacteristics>
<CINdetails><CINreferralDate>2023-10-01</CINreferralDate><ReferralSource>6</ReferralSource><PrimaryNeedCode>N4</PrimaryNeedCode><CINclosureDate>${closure}</CINclosureDate><ReasonForClosure>RC1</ReasonForClosure>
<Assessments><AssessmentActualStartDate>2023-10-02</AssessmentActualStartDate><AssessmentAuthorisationDate>2023-10-20</AssessmentAuthorisationDate><FactorsIdentifiedAtAssessment><AssessmentFactors>3A</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>
<CINPlanDates><CINPlanStartDate>2023-11-01</CINPlanStartDate><CINPlanEndDate>2024-03-01</CINPlanEndDate></CINPlanDates><ReferralNFA>0</ReferralNFA>
</CINdetails></Child>
`;
const census = (ids: readonly string[], closure?: string) => HEADER + ids.map((id) => child(id, closure)).join('') + FOOTER;
const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `${prefix}${index + 1}`);

/** Everything an import leaves in the database (with its findings and quarantine unless `dataOnly`), import IDs left out. */
async function contents(database: Db, dataOnly = false) {
  const dump: Record<string, unknown[]> = {};
  for (const { table, key } of CIN_TABLES) {
    dump[table] = (await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)} ORDER BY ${sql.ref(key)}`.execute(database.db)).rows;
  }
  dump.ks_row_source = (await sql`SELECT table_name, row_pk FROM ks_row_source ORDER BY 1, 2`.execute(database.db)).rows;
  if (dataOnly) return dump;
  dump.ks_import_issue = (
    await sql`SELECT file_name, table_name, row_number, child_id, rule_code, field, message, severity, rejected FROM ks_import_issue ORDER BY file_name, row_number, rule_code, field, message`.execute(
      database.db,
    )
  ).rows;
  dump.ks_import_quarantine = (
    await sql`SELECT file_name, table_name, row_number, child_id, rule_codes, fields, messages, raw_row FROM ks_import_quarantine ORDER BY file_name, row_number`.execute(
      database.db,
    )
  ).rows;
  return dump;
}

const count = async (database: Db, table: string) =>
  Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(database.db)).rows[0]!.n);
/** What a result says, without the import's own number and previous import. */
const outcome = ({ importId: _id, previousImportId: _previous, ...rest }: ImportResult) => rest;

describe.each(engines)('streamed imports on $name', ({ url }) => {
  const folder = mkdtempSync(path.join(tmpdir(), 'keystone-stream-test-'));
  const databases: Db[] = [];
  const fresh = async () => {
    const database = await freshDatabase(url);
    databases.push(database);
    return database;
  };
  const run = (database: Db, extra: Partial<ImportRequest>) =>
    runImport(database, { format: 'cin', files: [], mode: 'lenient', dryRun: false, actor, ...extra });
  let county: string;

  beforeAll(async () => {
    const source = await fresh();
    await loadCounty(source, generateCounty({ children: 100, seed: 7 }));
    county = path.join(folder, 'county.xml');
    writeFileSync(county, (await exportCin(source, { from: '2023-04-01', to: '2024-03-31' }, { laCode: '840', madeAt: '2024-04-02T09:00:00' })).xml);
  }, 120_000);
  afterAll(async () => {
    for (const database of databases) await database.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  /** Imports the same files both ways, each into an empty database, twice (the second changes nothing); both must agree. */
  async function bothWays(files: readonly string[]) {
    const streamed = await fresh();
    const inMemory = await fresh();
    const results: Array<Awaited<ReturnType<typeof run>>> = [];
    for (let round = 0; round < 2; round++) {
      const fromDisk = await run(streamed, { paths: files.map(onDisk) });
      const whole = await run(inMemory, { files: files.map((file) => ({ name: path.basename(file), bytes: readFileSync(file) })), inMemory: true });
      expect(outcome(fromDisk)).toEqual(outcome(whole));
      results.push(fromDisk);
    }
    expect(await contents(streamed)).toEqual(await contents(inMemory));
    // The children the first import changed, as its audit event names them (the streamed import finds them from the provenance).
    const audited = async (database: Db) =>
      (
        await sql<{ child_ids: string[] }>`SELECT child_ids FROM ks_audit_event WHERE action = 'import' ORDER BY event_id LIMIT 1`.execute(database.db)
      ).rows[0]!.child_ids.sort();
    expect(await audited(streamed)).toEqual(await audited(inMemory));
    expect((await audited(streamed)).length).toBeGreaterThan(0);
    return results;
  }

  it('a generated county: the streamed import gives what the in-memory import gives, and a second import changes nothing', async () => {
    const [first, second] = await bothWays([county]);
    expect(first!.status).toBe('committed');
    expect(first!.counts.new).toBeGreaterThan(100);
    expect(second!.counts).toEqual({ new: 0, updated: 0, unchanged: first!.counts.new, rejected: first!.counts.rejected });
    expect(second!.message).toMatch(/^Nothing changed/);
  });

  it.skipIf(!present)('the shared fixtures (faults, duplicates across files, 2022 and 2026 schemas): the same both ways', async () => {
    const [first] = await bothWays(['BAR_cin_2022.xml', 'CIN_Census_2024.xml', 'CIN_Census_2026.xml'].map((name) => path.join(FIXTURES, name)));
    expect(first!.status).toBe('committed');
    expect(first!.counts.rejected).toBeGreaterThan(0);
  });

  it('a failure after a table is written leaves the database exactly as before, and is recorded', async () => {
    const database = await fresh();
    const file = path.join(folder, 'ten.xml');
    writeFileSync(file, census(ids('F', 10)));
    expect((await run(database, { paths: [onDisk(file)] })).counts.new).toBe(60);
    const before = await contents(database, true);
    writeFileSync(file, census([...ids('F', 10), ...ids('G', 5)], '2024-02-01'));
    const failed = await run(database, { paths: [onDisk(file)], failAfterTable: 'ssd_cin_episodes' });
    expect(failed.status).toBe('failed');
    expect(failed.message).toMatch(/Injected failure after writing ssd_cin_episodes/);
    expect(failed.tables).toEqual([]);
    const after = await contents(database, true);
    expect(after).toEqual(before);
    const staging = await sql<{ name: string | null }>`SELECT to_regclass('ks_stage_ssd_person')::text AS name`.execute(database.db);
    expect(staging.rows[0]!.name).toBeNull();
    const recorded = await sql<{ status: string }>`SELECT status FROM ks_import WHERE import_id = ${failed.importId}`.execute(database.db);
    expect(recorded.rows[0]!.status).toBe('failed');
    // The same file as a dry run: 5 new children of 6 rows; 10 episodes updated (closed); nothing written.
    const dry = await run(database, { paths: [onDisk(file)], dryRun: true });
    expect(dry.status).toBe('checked');
    expect(dry.counts).toEqual({ new: 30, updated: 10, unchanged: 50, rejected: 0 });
    expect(await contents(database, true)).toEqual(after);
  });

  it('an unreadable file gives no rows even after thousands of its rows were staged; the readable file commits', async () => {
    const database = await fresh();
    const good = path.join(folder, 'good.xml');
    const cut = path.join(folder, 'cut.xml');
    writeFileSync(good, census(['K1', 'K2']));
    // 4,000 children give 24,000 rows, more than one staging batch; the last child breaks off.
    writeFileSync(cut, census(ids('C', 4_000)).slice(0, -40));
    const result = await run(database, { paths: [onDisk(cut), onDisk(good)] });
    expect(result.status).toBe('committed');
    expect(result.files.map((file) => [file.name, file.table, file.rows])).toEqual([
      ['cut.xml', null, 3_999],
      ['good.xml', 'CIN census', 2],
    ]);
    expect(result.findings.filter((finding) => finding.rejects).map((finding) => [finding.file, finding.rule])).toEqual([['cut.xml', 'KS-XML']]);
    expect(result.counts).toEqual({ new: 12, updated: 0, unchanged: 0, rejected: 0 });
    expect(await count(database, 'ssd_person')).toBe(2);
    expect(await count(database, 'ssd_cin_plans')).toBe(2);
  });

  it('a file that changes while it is read fails the import and writes nothing', async () => {
    const database = await fresh();
    const file = path.join(folder, 'moving.xml');
    writeFileSync(file, census(['M1', 'M2']));
    let changed = false;
    const result = await run(database, {
      paths: [onDisk(file)],
      onProgress: () => {
        if (changed) return;
        changed = true;
        writeFileSync(file, census(['M1', 'M3']));
      },
    });
    expect(result.status).toBe('failed');
    expect(result.message).toMatch(/moving\.xml changed while it was being imported/);
    expect(await count(database, 'ssd_person')).toBe(0);
  });

  it('children repeated across batches and files (KS-DUPLICATE, 8510, 1520): the same findings and quarantine in one batch, a batch per child, or read whole', async () => {
    const withUpn = (id: string, upn: string) => child(id).replace('<UPNunknown>UN2</UPNunknown>', `<UPN>${upn}</UPN>`);
    const first = path.join(folder, 'repeats-a.xml');
    const second = path.join(folder, 'repeats-b.xml');
    // In the first file: R2 twice (8510 and refused), a UPN twice (1520); in the second: R4 again (refused, not 8510: another file), S1 twice (both).
    writeFileSync(
      first,
      HEADER + [child('R1'), withUpn('R2', 'A123456789012'), child('R3'), withUpn('R4', 'A123456789012'), child('R2'), child('R5')].join('') + FOOTER,
    );
    writeFileSync(second, HEADER + [child('R4'), child('S1'), child('S2'), child('S1')].join('') + FOOTER);
    const files = [first, second];
    const ways = [
      { chunkBytes: 64, paths: files.map(onDisk) },
      { paths: files.map(onDisk) },
      { files: files.map((file) => ({ name: path.basename(file), bytes: readFileSync(file) })), inMemory: true },
    ];
    const results: Array<Awaited<ReturnType<typeof run>>> = [];
    const dumps = [];
    for (const way of ways) {
      const database = await fresh();
      results.push(await run(database, way));
      dumps.push(await contents(database));
    }
    expect(outcome(results[1]!)).toEqual(outcome(results[0]!));
    expect(outcome(results[2]!)).toEqual(outcome(results[0]!));
    expect(dumps[1]).toEqual(dumps[0]);
    expect(dumps[2]).toEqual(dumps[0]);
    const repeatFindings = results[0]!.findings;
    const repeats = repeatFindings
      .filter((finding) => ['8510', '1520', 'KS-DUPLICATE'].includes(finding.rule))
      .map((finding) => `${finding.file} ${finding.rule} ${finding.child}`);
    // Every record giving a repeated ID or UPN is reported, the first (on its own line) when the second comes.
    expect(repeats).toEqual([
      'repeats-a.xml 1520 R2',
      'repeats-a.xml 1520 R4',
      'repeats-a.xml 8510 R2',
      'repeats-a.xml 8510 R2',
      'repeats-a.xml KS-DUPLICATE R2',
      'repeats-b.xml KS-DUPLICATE R4',
      'repeats-b.xml 8510 S1',
      'repeats-b.xml 8510 S1',
      'repeats-b.xml KS-DUPLICATE S1',
    ]);
    const rows = (rule: string, child: string) =>
      repeatFindings.filter((finding) => finding.rule === rule && finding.child === child).map((finding) => finding.row);
    expect(new Set(rows('8510', 'R2')).size).toBe(2);
    expect(rows('1520', 'R2')[0]).toBeLessThan(rows('1520', 'R4')[0]!);
    // 7 children stored, 6 rows each, and the UPN of R2 and of R4.
    expect(results[0]!.counts).toEqual({ new: 7 * 6 + 2, updated: 0, unchanged: 0, rejected: 3 });
    expect((dumps[0]!.ks_import_quarantine as Array<{ child_id: string; rule_codes: string[] }>).map((row) => [row.child_id, row.rule_codes])).toEqual([
      ['R2', ['KS-DUPLICATE']],
      ['R4', ['KS-DUPLICATE']],
      ['S1', ['KS-DUPLICATE']],
    ]);
  });

  it('on import, the IDs and UPNs seen wait in a temporary table of the transaction, not in memory', async () => {
    const database = await fresh();
    const keys = await database.db.transaction().execute(async (trx) => {
      const streaming = cinImporter.stream({});
      await streaming.useDatabase!(trx);
      const reading = streaming.open('seen.xml');
      const rows: number[] = [];
      for (const id of ['V1', 'V2', 'V1', 'V3']) {
        reading.write(new TextEncoder().encode(rows.length ? child(id) : HEADER + child(id)));
        rows.push((await reading.take()).rows.get('ssd_person')!.length);
      }
      reading.write(new TextEncoder().encode(FOOTER));
      reading.finish();
      await reading.take();
      const stored = await sql<{ key: string }>`SELECT key FROM ks_cin_seen ORDER BY key`.execute(trx);
      return { rows, stored: stored.rows.map((row) => row.key) };
    });
    // Each child is taken in a batch of its own; the repeated V1 is refused against the table.
    expect(keys.rows).toEqual([1, 1, 0, 1]);
    expect(keys.stored).toEqual(['0:8510 V1', '0:8510 V2', '0:8510 V3', 'child V1', 'child V2', 'child V3']);
  });

  it('a child in an unreadable file is not stored, so the same child in a later file is not refused as a repeat (streamed or read whole)', async () => {
    const cut = path.join(folder, 'cut-first.xml');
    const good = path.join(folder, 'good-after.xml');
    writeFileSync(cut, census(['U1', 'U2', 'U3']).slice(0, -40));
    writeFileSync(good, census(['U1', 'U9']));
    for (const way of [
      { paths: [onDisk(cut), onDisk(good)] },
      { files: [cut, good].map((file) => ({ name: path.basename(file), bytes: readFileSync(file) })), inMemory: true },
    ]) {
      const database = await fresh();
      const result = await run(database, way);
      expect(result.findings.map((finding) => finding.rule)).not.toContain('KS-DUPLICATE');
      expect(result.counts).toEqual({ new: 12, updated: 0, unchanged: 0, rejected: 0 });
      expect(await count(database, 'ssd_person')).toBe(2);
    }
  });

  it(`findings beyond the ${HELD_FINDINGS.toLocaleString('en-GB')} held in memory are all counted and stored; refused children are quarantined`, async () => {
    const database = await fresh();
    const file = path.join(folder, 'many.xml');
    // Every child closed after the census year (DfE rule 8620); the last 20 repeat earlier children (refused).
    writeFileSync(file, census([...ids('N', 10_050), ...ids('N', 20)], '2024-06-01'));
    const result = await run(database, { paths: [onDisk(file)] });
    expect(result.status).toBe('committed');
    expect(result.findings).toHaveLength(HELD_FINDINGS);
    const byRule = new Map(result.findingsByRule.map((entry) => [entry.rule, entry.count]));
    expect(byRule.get('8620')).toBe(10_070);
    expect(byRule.get('KS-DUPLICATE')).toBe(20);
    expect(result.errors).toBeGreaterThanOrEqual(10_090);
    expect(result.counts).toEqual({ new: 60_300, updated: 0, unchanged: 0, rejected: 20 });
    expect(await count(database, 'ks_import_issue')).toBe(result.errors + result.warnings);
    const quarantined = await sql<{
      child_id: string;
      rule_codes: string[];
    }>`SELECT child_id, rule_codes FROM ks_import_quarantine ORDER BY row_number LIMIT 1`.execute(database.db);
    expect(quarantined.rows[0]).toEqual({ child_id: 'N1', rule_codes: ['KS-DUPLICATE'] });
    expect(await count(database, 'ks_import_quarantine')).toBe(20);
  }, 120_000);
});
