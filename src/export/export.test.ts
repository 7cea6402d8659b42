import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ExcelJS from '@cj-tech-master/excelts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshDatabase } from '../../test/support/engines.ts';
import { generateCounty, loadCounty } from '../demo/index.ts';
import { cinImporter } from '../ingest/cin/importer.ts';
import { CinReader } from '../ingest/cin/reader.ts';
import { ASSESSMENT_FACTORS } from '../ingest/cin/schema.ts';
import { runImport } from '../ingest/pipeline.ts';
import { ssda903Importer } from '../ingest/ssda903/importer.ts';
import type { Finding, InputFile } from '../ingest/types.ts';
import { ANNEX_A_LISTS } from './annex-a.ts';
import { exportCommand } from './cli.ts';
import { buildExport, runExport } from './run.ts';
import { append } from '../core/arrays.ts';

type Db = Awaited<ReturnType<typeof freshDatabase>>;
const ACTOR = { userId: null, username: 'cli:test', ip: null, requestId: null };
const files = (result: Awaited<ReturnType<typeof buildExport>>): InputFile[] => result.files.map((file) => ({ name: file.name, bytes: file.bytes }));

/** Structure findings of the importer's schema checks (the CIN XSDs as data) for an XML export. */
function structureFindings(xml: Uint8Array): Finding[] {
  const findings: Finding[] = [];
  const reader = new CinReader('export.xml', { onChild: (_child, inside) => append(findings, inside) });
  reader.write(xml);
  reader.close();
  return [...reader.findings, ...findings].filter((finding) => finding.rule.startsWith('KS-'));
}

/**
 * The rows both formats carry, in each database, keyed by what identifies them (the child and
 * dates: IDs differ, the importer builds its own). Codes are normalised where the importers store
 * a format's own code (903 SEX 1/2 and MOTHER 1/0; OC3 ACCOM with its suitability digit).
 */
const CARRIED: Record<string, string> = {
  person: `SELECT pers_person_id, CASE WHEN pers_sex IN ('M', '1') THEN 'M' WHEN pers_sex IN ('F', '2') THEN 'F' ELSE pers_sex END, pers_dob::text, pers_ethnicity,
             pers_upn_unknown, pers_expected_dob::text, pers_death_date::text FROM ssd_person WHERE pers_person_id = ANY($ids)`,
  cla_episodes: `SELECT clae_person_id, clae_cla_episode_start_date::text, clae_cla_episode_start_reason, clae_cla_primary_need_code, clae_cla_episode_ceased_date::text,
             clae_cla_episode_ceased_reason, clae_legal_status, clae_entered_care_date::text FROM ssd_cla_episodes WHERE clae_person_id = ANY($ids)`,
  placements: `SELECT clap_person_id, clap_cla_placement_start_date::text, clap_cla_placement_type, clap_cla_placement_urn, clap_cla_placement_provider,
             clap_cla_placement_postcode, clap_cla_placement_end_date::text, clap_cla_placement_change_reason FROM ssd_cla_placement WHERE clap_person_id = ANY($ids)`,
  legal_status: `SELECT lega_person_id, lega_legal_status, lega_legal_status_start_date::text, lega_legal_status_end_date::text FROM ssd_legal_status WHERE lega_person_id = ANY($ids)`,
  cla_reviews: `SELECT clar_person_id, clar_cla_review_date::text, clar_cla_review_participation FROM ssd_cla_reviews WHERE clar_person_id = ANY($ids)`,
  missing: `SELECT miss_person_id, miss_missing_episode_start_date::date::text, miss_missing_episode_type, miss_missing_episode_end_date::date::text FROM ssd_missing WHERE miss_person_id = ANY($ids)`,
  care_leavers: `SELECT clea_person_id, clea_care_leaver_in_touch, clea_care_leaver_activity,
             CASE WHEN clea_care_leaver_accommodation ~ '^[A-Z][12]$' THEN clea_care_leaver_accommodation ELSE clea_care_leaver_accommodation || clea_care_leaver_accom_suitable END
             FROM ssd_care_leavers WHERE clea_person_id = ANY($ids)`,
  // Allocations through the local codes (the demo writes `Allocated Case Worker`), the worker by the SW_ID the 903 carries (the
  // registration number) and the end reason where the 903 carries it: as the next episode's SW_REASON, when one took over.
  social_workers: `SELECT a.invo_person_id, coalesce(nullif(trim(p.prof_social_worker_registration_no), ''), a.invo_professional_id),
             a.invo_involvement_start_date::date::text, a.invo_involvement_end_date::date::text,
             CASE WHEN lead(a.invo_involvement_start_date) OVER w BETWEEN a.invo_involvement_end_date - 7 AND a.invo_involvement_end_date + 7
                  THEN a.invo_worker_change_reason END
             FROM ks_allocation a LEFT JOIN ssd_professionals p ON p.prof_professional_id = a.invo_professional_id WHERE a.invo_person_id = ANY($ids)
             WINDOW w AS (PARTITION BY a.invo_person_id ORDER BY a.invo_involvement_start_date, a.invo_involvements_id)`,
  cin_episodes: `SELECT cine_person_id, cine_referral_date::text, cine_referral_source_code, cine_cin_primary_need_code, cine_close_date::text, cine_close_reason, cine_referral_nfa
             FROM ssd_cin_episodes WHERE cine_person_id = ANY($ids)`,
  assessments: `SELECT a.cina_person_id, a.cina_assessment_start_date::text, a.cina_assessment_auth_date::text, f.cinf_assessment_factors_json
             FROM ssd_cin_assessments a LEFT JOIN ssd_assessment_factors f ON f.cinf_assessment_id = a.cina_assessment_id WHERE a.cina_person_id = ANY($ids)`,
  cin_plans: `SELECT cinp_person_id, cinp_cin_plan_start_date::text, cinp_cin_plan_end_date::text FROM ssd_cin_plans WHERE cinp_person_id = ANY($ids)`,
  s47: `SELECT s47e_person_id, s47e_s47_start_date::text, coalesce(s47e_s47_nfa, 'N') FROM ssd_s47_enquiry WHERE s47e_person_id = ANY($ids)`,
  conferences: `SELECT icpc_person_id, icpc_icpc_date::text, icpc_icpc_target_date::text FROM ssd_initial_cp_conference WHERE icpc_person_id = ANY($ids)`,
  cp_plans: `SELECT cppl_person_id, cppl_cp_plan_start_date::text, cppl_cp_plan_end_date::text, cppl_cp_plan_initial_category, cppl_cp_plan_latest_category FROM ssd_cp_plans WHERE cppl_person_id = ANY($ids)`,
  cp_reviews: `SELECT cppr_person_id, cppr_cp_review_date::text FROM ssd_cp_reviews WHERE cppr_person_id = ANY($ids)`,
};

/** Assessment factors as the census carries them: its codes only, none as no row. */
function censusFactors(json: unknown): string | null {
  const codes = typeof json === 'string' ? (JSON.parse(json) as string[]).filter((code) => (ASSESSMENT_FACTORS as readonly string[]).includes(code)) : [];
  return codes.length ? JSON.stringify(codes) : null;
}

/** A CSV file of an export as rows of cells (the demo writes no commas or quotes inside cells). */
function csvRows(result: Awaited<ReturnType<typeof buildExport>>, name: string): string[][] {
  const lines = new TextDecoder()
    .decode(result.files.find((file) => file.name === name)!.bytes)
    .trim()
    .split('\r\n');
  return lines.slice(1).map((line) => line.split(','));
}

async function carried(database: Db, table: string, ids: readonly string[]): Promise<string[]> {
  const [before, after] = CARRIED[table]!.split('$ids');
  const rows = await sql<Record<string, unknown>>`${sql.raw(before!)}${sql.val([...ids])}::text[]${sql.raw(after!)}`.execute(database.db);
  return rows.rows
    .map((row) => Object.values(row))
    .map((values) => JSON.stringify(table === 'assessments' ? [...values.slice(0, 3), censusFactors(values[3])] : values))
    .sort();
}

/**
 * Tables an 80-child county may leave empty (few children in care are 11 or over; social worker episodes are
 * for children looked after at the period's end, and this county has none in care on its last day).
 */
const SPARSE = new Set(['missing', 'care_leavers', 'social_workers']);

describe.each(engines)('exports on $name', ({ url }) => {
  let source: Db;
  let target: Db;
  const period = { from: '1990-01-01', to: '2026-10-31' };

  beforeAll(async () => {
    source = await freshDatabase(url);
    target = await freshDatabase(url);
    await loadCounty(source, generateCounty({ children: 80, seed: 4 }));
    await sql`UPDATE ks_setting SET setting_value = '840' WHERE setting_key = 'la_code'`.execute(source.db);
  }, 120_000);
  afterAll(async () => {
    await source?.drop();
    await target?.drop();
  });

  it('round trip: the demo county exported as SSDA903 and CIN census, imported into an empty database, gives the same rows', async () => {
    const ssda903 = await buildExport(source, '903', period);
    const cin = await buildExport(source, 'cin', period);
    expect(ssda903.childIds.length).toBeGreaterThan(0);
    expect(cin.childIds.length).toBeGreaterThan(40);

    const imported903 = await runImport(target, { format: '903', files: files(ssda903), mode: 'lenient', dryRun: false, actor: ACTOR });
    expect(imported903.status).toBe('committed');
    expect(imported903.findings.filter((finding) => finding.rejects)).toEqual([]);
    const importedCin = await runImport(target, { format: 'cin', files: files(cin), mode: 'lenient', dryRun: false, actor: ACTOR });
    expect(importedCin.status).toBe('committed');
    expect(importedCin.findings.filter((finding) => finding.rejects || finding.rule.startsWith('KS-'))).toEqual([]);

    const tables903 = ['cla_episodes', 'placements', 'legal_status', 'cla_reviews', 'missing', 'care_leavers'];
    const tablesCin = ['cin_episodes', 'assessments', 'cin_plans', 's47', 'conferences', 'cp_plans', 'cp_reviews'];
    const people = [...new Set([...ssda903.childIds, ...cin.childIds])];
    for (const [tables, ids] of [
      [tables903, ssda903.childIds],
      // Social worker episodes are DfE's for the children looked after at the period's end.
      [['social_workers'], [...new Set(csvRows(ssda903, 'sw_episodes.csv').map(([child]) => child!))]],
      [tablesCin, cin.childIds],
      [['person'], people],
    ] as const) {
      for (const table of tables) {
        const expected = await carried(source, table, ids);
        if (!SPARSE.has(table)) expect(expected.length, table).toBeGreaterThan(0);
        expect(await carried(target, table, ids), table).toEqual(expected);
      }
    }

    // import → export → import: exporting the imported data gives the same files, and importing them again changes nothing.
    const again903 = await buildExport(target, '903', period);
    expect(again903.files.map((file) => new TextDecoder().decode(file.bytes))).toEqual(ssda903.files.map((file) => new TextDecoder().decode(file.bytes)));
    const againCin = await buildExport(target, 'cin', period);
    const withoutHeader = (bytes: Uint8Array) => new TextDecoder().decode(bytes).replace(/<Header>[\s\S]*<\/Header>/, '');
    expect(withoutHeader(againCin.files[0]!.bytes)).toBe(withoutHeader(cin.files[0]!.bytes));
    // (The CIN census, imported last, re-imports unchanged. The 903 would re-set ssd_person.pers_sex from M / F to
    // its own codes 1 / 2, which src/ingest/ssda903/mapping.ts stores as written.)
    const reimport = await runImport(target, { format: 'cin', files: files(againCin), mode: 'lenient', dryRun: false, actor: ACTOR });
    expect(reimport.counts).toMatchObject({ new: 0, updated: 0, rejected: 0 });
  }, 120_000);

  it('writes each collection year’s CIN census in that year’s schema, passing the importer’s structure checks', async () => {
    for (const year of [2022, 2023, 2024, 2025, 2026]) {
      const result = await buildExport(source, 'cin', { from: `${year - 1}-04-01`, to: `${year}-03-31` });
      const xml = new TextDecoder().decode(result.files[0]!.bytes);
      expect(xml).toContain(`<ReferenceDate>${year}-03-31</ReferenceDate>`);
      expect(xml).toContain(year >= 2025 ? '<Sex>' : '<GenderCurrent>');
      expect(xml).toContain('<LEA>840</LEA>');
      expect(structureFindings(result.files[0]!.bytes), String(year)).toEqual([]);
    }
  });

  it('keeps to the period: nothing after its end, episodes open then, ends after it blank', async () => {
    const result = await buildExport(source, '903', { from: '2023-04-01', to: '2024-03-31' });
    const episodes = new TextDecoder()
      .decode(result.files.find((file) => file.name === 'episodes.csv')!.bytes)
      .trim()
      .split('\r\n');
    // DfE's columns: no PL_DISTANCE, which DfE derives from the postcodes (a blank one would fire 392a on every episode).
    expect(episodes[0]).toBe('CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN');
    const iso = (dmy: string) => dmy.split('/').reverse().join('-');
    for (const line of episodes.slice(1)) {
      const [, decom, , , , , , dec, rec] = line.split(',');
      expect(iso(decom!) <= '2024-03-31').toBe(true);
      if (dec) expect(iso(dec) >= '2023-04-01' && iso(dec) <= '2024-03-31').toBe(true);
      else expect(rec).toBe('');
    }
  });

  it('makes every cell safe against formula injection and records the export in the audit trail', async () => {
    const [child] = (await sql<{ id: string }>`SELECT clae_person_id AS id FROM ssd_cla_episodes ORDER BY clae_person_id LIMIT 1`.execute(source.db)).rows;
    await sql`UPDATE ssd_cla_placement SET clap_cla_placement_provider = '=HYPERLINK("http://x")' WHERE clap_person_id = ${child!.id}`.execute(source.db);
    await sql`UPDATE ssd_person SET pers_ethnicity = '@SUM(1)' WHERE pers_person_id = ${child!.id}`.execute(source.db);
    try {
      const ssda903 = await runExport(source, ACTOR, '903', period);
      const episodes = new TextDecoder().decode(ssda903.files.find((file) => file.name === 'episodes.csv')!.bytes);
      expect(episodes).toContain(`"'=HYPERLINK(""http://x"")"`);
      expect(episodes).not.toMatch(/(^|,)=HYPERLINK/m);

      const annex = await runExport(source, ACTOR, 'annex-a', period);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(annex.files[0]!.bytes) as unknown as ArrayBuffer);
      expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(ANNEX_A_LISTS.map((list) => list.name));
      const list8 = workbook.getWorksheet('List 8')!;
      expect((list8.getRow(1).values as unknown[]).slice(1)).toEqual([...ANNEX_A_LISTS[7]!.headers]);
      // One assertion over the unsafe cells, not one per cell: tens of thousands of expect() calls in one
      // synchronous loop hold the test worker for seconds (minutes on a busy machine).
      let cells = 0;
      const unsafe: string[] = [];
      workbook.eachSheet((sheet) =>
        sheet.eachRow((row) =>
          row.eachCell((cell) => {
            cells++;
            if (cell.type === ExcelJS.ValueType.Formula || (typeof cell.value === 'string' && /^[=+\-@]/.test(cell.value)))
              unsafe.push(`${sheet.name}!${cell.address}`);
          }),
        ),
      );
      expect(unsafe).toEqual([]);
      expect(cells).toBeGreaterThan(500);
      const ethnicity = list8
        .getRows(2, list8.rowCount - 1)!
        .find((row) => row.getCell(1).value === child!.id)!
        .getCell(3).value;
      expect(ethnicity).toBe("'@SUM(1)");

      const audit = await sql<{ action: string; subject_id: string; child_ids: string[]; details: { from: string; to: string } }>`
        SELECT action, subject_id, child_ids, details FROM ks_audit_event WHERE action = 'export' ORDER BY event_id`.execute(source.db);
      expect(audit.rows.map((row) => row.subject_id)).toEqual(['903', 'annex-a']);
      expect(audit.rows[0]!.child_ids).toEqual(ssda903.childIds);
      expect(audit.rows[0]!.details).toMatchObject({ from: period.from, to: period.to });
    } finally {
      await sql`UPDATE ssd_cla_placement p SET clap_cla_placement_provider = NULL WHERE clap_person_id = ${child!.id} AND clap_cla_placement_provider LIKE '=%'`.execute(
        source.db,
      );
    }
  });

  it('keystone export writes the 903 tables into a folder and the CIN census into a file', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'keystone-export-'));
    try {
      let printed = '';
      expect(
        await exportCommand(source, { format: '903', from: '2024-04-01', to: '2025-03-31', out: path.join(folder, '903') }, (text) => (printed += text)),
      ).toBe(0);
      expect(readdirSync(path.join(folder, '903')).sort()).toEqual([
        'episodes.csv',
        'header.csv',
        'missing.csv',
        'oc2.csv',
        'oc3.csv',
        'reviews.csv',
        'sw_episodes.csv',
      ]);
      expect(printed).toMatch(/^Exported 903 for 2024-04-01 to 2025-03-31: \d+ children\./);
      expect(await exportCommand(source, { format: 'cin', from: '2024-04-01', to: '2025-03-31', out: path.join(folder, 'cin.xml') }, () => {})).toBe(0);
      expect(readFileSync(path.join(folder, 'cin.xml'), 'utf8')).toContain('<Collection>CIN</Collection>');
      printed = '';
      expect(
        await exportCommand(source, { format: 'cin', from: '2000-04-01', to: '2001-03-31', out: path.join(folder, 'empty.xml') }, (text) => (printed += text)),
      ).toBe(0);
      expect(printed).toMatch(
        /: 0 children\.\n[^]*\n\nNo child had a CIN episode \(referral\) open from 1 April 2000 to 31 March 2001: the episodes held run from \d{1,2} [A-Z][a-z]+ \d{4} to /,
      );
      await expect(exportCommand(source, { format: 'cin', from: '2025-04-01', to: '2024-03-31', out: 'x.xml' }, () => {})).rejects.toThrow(/end date/);
      await expect(exportCommand(source, { format: 'ssd', from: '2024-04-01', to: '2025-03-31', out: 'x' }, () => {})).rejects.toThrow(/format/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

/**
 * The 903 written as DfE's return for its year asks (hand-worked, on a small return imported into an
 * empty database): SEX in the year's codes; MOTHER only for girls looked after other than only for
 * short breaks (DfE's 165, 399, 628); no reviews for a child looked after only for short breaks (399);
 * SW_REASON on the episode that took over, as DfE's SW10STG2 reads it.
 */
describe('SSDA903 export as the return for its year', () => {
  let database: Db;
  const csv = (name: string, text: string): InputFile => ({ name, bytes: new TextEncoder().encode(text) });
  const RETURN: InputFile[] = [
    csv('header.csv', 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nG1,2,01/02/2010,WBRI,UN2,0,\nB1,1,01/02/2010,WBRI,UN2,0,\nS1,2,01/02/2012,WBRI,UN2,0,\n'),
    csv(
      'episodes.csv',
      'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n' +
        'G1,01/05/2023,S,C2,N1,U1,PR1,,,,,,SC111111\nB1,01/05/2023,S,C2,N1,U1,PR1,,,,,,SC111111\nS1,01/05/2023,S,V3,N1,U1,PR1,20/05/2023,E16,,,,SC111111\n',
    ),
    csv('reviews.csv', 'CHILD,DOB,REVIEW,REVIEW_CODE\nG1,01/02/2010,01/06/2024,PN1\nS1,01/02/2012,01/06/2024,PN1\n'),
    csv('sw_episodes.csv', 'CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\nG1,01/02/2010,SW1,01/05/2023,03/06/2024,TSPROC\nG1,01/02/2010,SW2,01/06/2024,,LEFTRL\n'),
  ];
  const table = (result: Awaited<ReturnType<typeof buildExport>>, name: string) =>
    new TextDecoder()
      .decode(result.files.find((file) => file.name === name)!.bytes)
      .trim()
      .split('\r\n');

  beforeAll(async () => {
    database = await freshDatabase(undefined);
    const imported = await runImport(database, { format: '903', files: RETURN, mode: 'lenient', dryRun: false, actor: ACTOR });
    expect(imported.status).toBe('committed');
  }, 120_000);
  afterAll(async () => {
    await database?.drop();
  });

  it('writes SEX 1 / 2 up to 2023-24 and M / F from 2024-25, and MOTHER only for a girl looked after', async () => {
    const before = await buildExport(database, '903', { from: '2023-04-01', to: '2024-03-31' });
    const after = await buildExport(database, '903', { from: '2024-04-01', to: '2025-03-31' });
    expect(table(before, 'header.csv').slice(1).sort()).toEqual(['B1,1,01/02/2010,WBRI,UN2,,', 'G1,2,01/02/2010,WBRI,UN2,0,', 'S1,2,01/02/2012,WBRI,UN2,,']);
    // S1's only episode (short breaks) ended in 2023: not in the 2024-25 return.
    expect(table(after, 'header.csv').slice(1).sort()).toEqual(['B1,M,01/02/2010,WBRI,UN2,,', 'G1,F,01/02/2010,WBRI,UN2,0,']);
  });

  it('leaves out the reviews of a child looked after only for short breaks, and puts SW_REASON on the episode that took over', async () => {
    const all = await buildExport(database, '903', { from: '2023-04-01', to: '2025-03-31' });
    expect(table(all, 'reviews.csv').slice(1)).toEqual(['G1,01/02/2010,01/06/2024,PN1']);
    // SW1's own reason began no episode Keystone holds (it is not stored); SW2 took over from SW1, which ended as LEFTRL says.
    expect(table(all, 'sw_episodes.csv').slice(1)).toEqual(['G1,01/02/2010,SW1,01/05/2023,03/06/2024,', 'G1,01/02/2010,SW2,01/06/2024,,LEFTRL']);
  });

  it("writes the worker's Social Work England registration number as SW_ID where it is held", async () => {
    await sql`UPDATE ssd_professionals SET prof_social_worker_registration_no = 'SW900001' WHERE prof_professional_id = 'SW2'`.execute(database.db);
    const all = await buildExport(database, '903', { from: '2023-04-01', to: '2025-03-31' });
    expect(table(all, 'sw_episodes.csv')[2]).toBe('G1,01/02/2010,SW900001,01/06/2024,,LEFTRL');
  });
});

/** The demo county's own 903 and CIN returns against DfE's rules (a county large enough for girls, short breaks and 17-year-olds in care). */
describe('statutory returns exported from the demo county', () => {
  let county: Db;
  beforeAll(async () => {
    county = await freshDatabase(undefined);
    await loadCounty(county, generateCounty({ children: 1500, seed: 5 }));
  }, 120_000);
  afterAll(async () => {
    await county?.drop();
  });

  it("writes a 903 return that breaks none of DfE's rules on what the return holds, each year from 2021-22", async () => {
    // Rules on codes and on what a return carries for whom, social worker episodes for the children looked after on 31
    // March (SW11STG2, SW17STG2) and home postcodes (392b, 392c; none for short breaks, 398) among them (the rest are about the data: a case's first social worker's reason, which the
    // data model has no place for, short breaks' URNs on which 214 and 218 disagree).
    const RETURN_RULES = [
      '101',
      '146',
      '165',
      '209',
      '217t',
      '222',
      '399',
      '442',
      '628',
      '1007',
      '1016',
      'SW02STG1',
      'SW11STG2',
      'SW17STG2',
      '392b',
      '392c',
      '398',
    ];
    let episodes = 0;
    for (const year of [2022, 2023, 2024, 2025, 2026]) {
      const exported = await buildExport(county, '903', { from: `${year - 1}-04-01`, to: `${year}-03-31` });
      episodes +=
        new TextDecoder()
          .decode(exported.files.find((file) => file.name === 'episodes.csv')!.bytes)
          .trim()
          .split('\r\n').length - 1;
      // Social worker episodes only for children looked after on 31 March other than for short breaks.
      const inCareAtEnd = new Set(
        csvRows(exported, 'episodes.csv')
          .filter(([, , , ls, , , , dec]) => !dec && !['V3', 'V4'].includes(ls!))
          .map(([child]) => child),
      );
      const withWorkers = new Set(csvRows(exported, 'sw_episodes.csv').map(([child]) => child));
      expect(
        [...withWorkers].filter((child) => !inCareAtEnd.has(child)),
        String(year),
      ).toEqual([]);
      expect(withWorkers.size, String(year)).toBeGreaterThan(inCareAtEnd.size * 0.9);
      const checked = ssda903Importer.prepare(files(exported), { collectionYear: year });
      expect(checked.summary.collectionYear, String(year)).toBe(`${year - 1}-${String(year).slice(2)}`);
      const broken = checked.findings.filter((finding) => RETURN_RULES.includes(finding.rule)).map((finding) => `${finding.rule} ${finding.child}`);
      expect(broken, String(year)).toEqual([]);
      // No PL_DISTANCE column (DfE derives the distance from the postcodes), so 392a and 164 are not run rather than fired.
      expect((checked.summary.rulesNotRun as Array<{ code: string }>).map((rule) => rule.code)).toEqual(expect.arrayContaining(['392a', '164']));
      expect(checked.findings.filter((finding) => ['392a', '164'].includes(finding.rule))).toEqual([]);
    }
    expect(episodes).toBeGreaterThan(500);
  });

  it('writes the 903 as XML holding the same return as the CSV tables: the same findings but for the tables Keystone does not hold, the same rows when imported', async () => {
    const period = { from: '2024-04-01', to: '2025-03-31' };
    const csv = await buildExport(county, '903', period);
    const xml = await buildExport(county, '903-xml', period);
    expect(xml.files.map((file) => file.name)).toEqual(['SSDA903_2025.xml', 'sw_episodes.csv']);
    expect(xml.childIds).toEqual(csv.childIds);
    const findings = (result: Awaited<ReturnType<typeof buildExport>>) =>
      ssda903Importer
        .prepare(files(result), { collectionYear: 2025 })
        .findings.map((finding) => `${finding.rule} ${finding.child} ${finding.field}`)
        .sort();
    // DfE's rules on previous permanence and adoption decisions (not held: a CSV return leaves their tables out and
    // the rules are not run; every XML child has a HEADER, so their items read as not given: NOT_IN_903_XML).
    const NOT_HELD = ['630', '551', '553'];
    const fromXml = findings(xml);
    expect(fromXml.filter((finding) => !NOT_HELD.includes(finding.split(' ')[0]!))).toEqual(findings(csv));
    expect(fromXml.length).toBeGreaterThan(50);
    expect(xml.omitted.join(' ')).toMatch(/630, 551, 553/);

    const fromCsv = await freshDatabase(undefined);
    const fromXmlDb = await freshDatabase(undefined);
    try {
      for (const [database, result] of [
        [fromCsv, csv],
        [fromXmlDb, xml],
      ] as const) {
        const imported = await runImport(database, { format: '903', files: files(result), mode: 'lenient', dryRun: false, actor: ACTOR });
        expect(imported.status).toBe('committed');
      }
      for (const table of ['person', 'cla_episodes', 'placements', 'legal_status', 'cla_reviews', 'missing', 'care_leavers', 'social_workers']) {
        expect(await carried(fromXmlDb, table, csv.childIds), table).toEqual(await carried(fromCsv, table, csv.childIds));
      }
    } finally {
      await fromCsv.drop();
      await fromXmlDb.drop();
    }
  });

  it("writes CIN censuses that break none of DfE's rules on disabilities, assessment factors and closure after assessment", async () => {
    // 8540: every child has a disability code (NONE when assessed and not disabled); 8869: factor 21 (no factors) stands
    // alone; 2990: an episode closed after assessment (RC8) holds no enquiry or plan.
    const RULES = ['8540', '8869', '2990'];
    for (const year of [2023, 2024, 2025, 2026]) {
      const exported = await buildExport(county, 'cin', { from: `${year - 1}-04-01`, to: `${year}-03-31` });
      const checked = cinImporter.prepare(files(exported), {});
      expect(new TextDecoder().decode(exported.files[0]!.bytes).split('<Child>').length - 1, String(year)).toBeGreaterThan(100);
      const broken = checked.findings.filter((finding) => RULES.includes(finding.rule)).map((finding) => `${finding.rule} ${finding.child}`);
      expect(broken, String(year)).toEqual([]);
    }
  });
});
