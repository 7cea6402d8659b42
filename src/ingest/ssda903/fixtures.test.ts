/**
 * The SSDA903 importer against files written by another project (../shared/fixtures/ssda903,
 * 2,675 fake children from data-to-insight's validator), read in place and never copied, and a
 * fuzz test that mutates them: every mutation must end in findings, never in a crash or a hang.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { freshDatabase } from '../../../test/support/engines.ts';
import { runImport } from '../pipeline.ts';
import type { InputFile } from '../types.ts';
import { checkOutcome, firstLines, fuzzCases } from '../../../test/support/fuzz.ts';
import { ssda903Importer } from './importer.ts';
import { importCommand } from '../cli.ts';
import { UsageError } from '../../core/cli.ts';

const FIXTURES = path.join(fileURLToPath(new URL('../../../', import.meta.url)), '..', 'shared', 'fixtures', 'ssda903');
const present = existsSync(FIXTURES);
if (!present) console.warn(`SKIPPED: the SSDA903 fixture tests need ${FIXTURES} (the shared fixtures folder beside the repository), which is absent.`);

function fixtureFiles(): InputFile[] {
  return readdirSync(FIXTURES)
    .filter((name) => name.endsWith('.csv'))
    .sort()
    .map((name) => ({ name, bytes: new Uint8Array(readFileSync(path.join(FIXTURES, name))) }));
}

describe.skipIf(!present)('SSDA903 fixtures (shared/fixtures/ssda903)', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  const actor = { userId: null, username: 'fixture-test', ip: null, requestId: null };
  beforeAll(async () => {
    database = await freshDatabase(undefined);
  });
  afterAll(() => database.drop());

  it('recognises every table, infers the 2017-18 collection year and reports by DfE rule', () => {
    const prepared = ssda903Importer.prepare(fixtureFiles(), {});
    expect(prepared.files.map((file) => file.table)).toEqual([
      'AD1',
      'Episodes',
      'Header',
      'Missing',
      'OC2',
      'OC3',
      'PlacedAdoption',
      'PrevPerm',
      'Reviews',
      'SWEpisodes',
      'UASC',
    ]);
    expect(prepared.summary.collectionYear).toBe('2017-18');
    const rules = new Set(prepared.findings.map((finding) => finding.rule));
    // The fake data is full of deliberate faults; a few that must be found:
    for (const code of ['148', '222', '440', 'EPI']) expect(rules).toContain(code);
    for (const finding of prepared.findings.filter((entry) => entry.row !== null)) {
      expect(finding.file).toMatch(/\.csv$/);
      expect(finding.table).toBeTruthy();
    }
  });

  it('imports all 2,675 children, then a second import changes nothing', async () => {
    const first = await runImport(database, { format: '903', files: fixtureFiles(), mode: 'lenient', dryRun: false, actor });
    expect(first.status).toBe('committed');
    const people = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ssd_person`.execute(database.db);
    expect(people.rows[0]!.n).toBe(2675);
    expect(first.counts.new).toBeGreaterThan(20_000);
    // The one social worker episode is for a child not in Header: quarantined, not lost.
    const quarantined = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM ks_import_quarantine WHERE import_id = ${first.importId} AND table_name = 'SWEpisodes'`.execute(database.db);
    expect(quarantined.rows[0]!.n).toBe(1);
    expect(first.counts.rejected).toBe(
      Number(
        (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ks_import_quarantine WHERE import_id = ${first.importId}`.execute(database.db)).rows[0]!.n,
      ),
    );

    const second = await runImport(database, { format: '903', files: fixtureFiles(), mode: 'lenient', dryRun: false, actor });
    expect(second.counts).toEqual({ new: 0, updated: 0, unchanged: first.counts.new, rejected: first.counts.rejected });
    expect(second.previousImportId).toBe(first.importId);
  });

  it('the command-line report names the rules checked and every rule not run, with why (postcodes, last year, Ofsted register)', async () => {
    const out: string[] = [];
    expect(await importCommand(database, { format: '903', paths: [FIXTURES], dryRun: true, strict: false, json: false }, (text) => out.push(text))).toBe(0);
    const text = out.join('');
    // A 2017-18 return: checked with the earliest ruleset Keystone has, and the report says so.
    expect(text).toContain("DfE rules checked: DfE SSDA903 validation rules 2022/23 (the nearest Keystone has to the return's collection year, 2017-18)");
    expect(text).toMatch(/\d+ DfE rules not run, or run in part/);
    expect(text).toMatch(
      /\n {2}169 +DfE finds the placement's local authority \(PL_LA\) from the placement postcode; Keystone ships no copy of ONS's postcode directory/,
    );
    expect(text).toMatch(/\n {2}392c +\(in part\) only the shape of each postcode is checked/);
    expect(text).toMatch(/\n {2}202 +compares with last year's Header: supply header_last.csv/);
    expect(text).toMatch(/\n {2}1008 +not checked: needs whether the URN is a registered provider/);
    // --ruleset picks another year's rules: 2024/25 drops 445 and 555 (deleted) and checks sex as M / F / U.
    const asked: string[] = [];
    await importCommand(database, { format: '903', paths: [FIXTURES], dryRun: true, strict: false, json: false, ruleset: '2024-25' }, (line) =>
      asked.push(line),
    );
    expect(asked.join('')).toContain("DfE rules checked: DfE SSDA903 validation rules 2024/25 (asked for; the return's collection year is 2017-18)");
    expect(asked.join('')).toMatch(/\n {2}101 +2675 /);
    expect(asked.join('')).not.toMatch(/\n {2}(445|555) /);
    // 2025/26 split Z1 into Z11–Z14 and withdrew H5 and P2: the fixture's placements of those types are not valid, and DfE's new 233 runs.
    const asked2026: string[] = [];
    await importCommand(database, { format: '903', paths: [FIXTURES], dryRun: true, strict: false, json: false, ruleset: '2025/26' }, (line) =>
      asked2026.push(line),
    );
    expect(asked2026.join('')).toContain("DfE rules checked: DfE SSDA903 validation rules 2025/26 (asked for; the return's collection year is 2017-18)");
    expect(asked2026.join('')).toMatch(/\n {2}146 +604 /);
    expect(asked2026.join('')).toMatch(/\n {2}233 +777 /);
    expect(asked.join('')).not.toMatch(/\n {2}(146|233) /);
    await expect(
      importCommand(database, { format: '903', paths: [FIXTURES], dryRun: true, strict: false, json: false, ruleset: '2027/28' }, () => {}),
    ).rejects.toThrow(/--ruleset must be one of 2022\/23, 2023\/24, 2024\/25, 2025\/26, 2026\/27 for the SSDA903/);
    await expect(
      importCommand(database, { format: 'ssd', paths: [FIXTURES], dryRun: true, strict: false, json: false, ruleset: '2024/25' }, () => {}),
    ).rejects.toBeInstanceOf(UsageError);
    await expect(
      importCommand(database, { format: 'cin', paths: [FIXTURES], dryRun: true, strict: false, json: false, ruleset: '2019/20' }, () => {}),
    ).rejects.toThrow(/--ruleset must be one of 2022\/23, 2023\/24, 2024\/25, 2025\/26/);
  });

  it('survives mutated files (test/support/fuzz.ts): truncated, ragged, binary, wrong encoding, formulas, lost columns', () => {
    // The fixture tables cut to their first 200 lines: the whole return takes seconds a case.
    const files = fixtureFiles().map((file) => firstLines(file, 200));
    for (const fuzzCase of fuzzCases('903', files, 24, 20240401)) {
      if (fuzzCase.files.some((file) => file.name.endsWith('.zip'))) continue;
      const started = performance.now();
      const prepared = ssda903Importer.prepare(fuzzCase.files, {});
      expect(performance.now() - started, fuzzCase.label).toBeLessThan(10_000);
      for (const finding of prepared.findings) expect(finding.message, fuzzCase.label).toBeTruthy();
      expect(
        checkOutcome(
          { status: 'checked', findings: prepared.findings },
          files.map((file) => file.name),
        ).unnamed,
        fuzzCase.label,
      ).toEqual([]);
      expect(() => prepared.writes(new Set()), fuzzCase.label).not.toThrow();
    }
  });
});
