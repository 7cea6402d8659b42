/**
 * The Annex A importer: Ofsted's sample workbook read in place (skipped, with a warning, when the
 * shared fixtures are absent), workbooks built here to vary what real ones vary (header wording,
 * title rows, text dates and Excel day numbers, coded and plain values, the later List 9), bad
 * rows and bad files, team and worker names resolved against Keystone, and a referral known from
 * the CIN census and from Annex A stored once.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ExcelJS from '@cj-tech-master/excelts';
import { unzipSync, zipSync } from 'fflate';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshDatabase } from '../../../test/support/engines.ts';
import { insertRows } from '../../core/db/bulk.ts';
import { runImport, type ImportRequest } from '../pipeline.ts';
import type { InputFile } from '../types.ts';
import { checkOutcome, FAST_SIZES, fuzzCases, seededRandom, XLSX_INSIDE_MUTATIONS } from '../../../test/support/fuzz.ts';
import { LISTS, listOfSheet, matchHeaders } from './lists.ts';
import { readCode, readDate, readEthnicity, readGender, readSource, stripPrefix } from './values.ts';

const SAMPLE = path.join(fileURLToPath(new URL('../../../', import.meta.url)), '../shared/fixtures/annex-a/Annex_A_sample.xlsx');
const present = existsSync(SAMPLE);
if (!present) console.warn(`Annex A sample workbook tests SKIPPED: ${SAMPLE} is absent`);
const actor = { userId: null, username: 'test', ip: null, requestId: null };

async function workbook(sheets: Record<string, unknown[][]>): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = book.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
  }
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe('reading Annex A values and headers', () => {
  it('strips coded prefixes and reads codes as the other sources store them', () => {
    expect(stripPrefix('a) WBRI')).toBe('WBRI');
    expect(stripPrefix('p1) 5D: LA services')).toBe('5D: LA services');
    expect(stripPrefix('E1: Placement order')).toBe('E1: Placement order');
    expect(readEthnicity('a) WBRI').value).toBe('WBRI');
    expect(readEthnicity('Pakistani').value).toBe('APKN');
    expect(readEthnicity('Martian').problem).toBeDefined();
    expect(readGender('b) Female').value).toEqual({ sex: 'F', label: 'Female' });
    expect(readGender('c) Not stated/recorded').value).toEqual({ sex: 'U', label: 'Not stated/recorded' });
    expect(readSource('q) 6: Police').value).toEqual({ code: '6', description: 'Police' });
    expect(readSource('2A').value).toEqual({ code: '2A', description: null });
    expect(readCode('legalStatus', 'C2: FCO').value).toBe('C2');
    expect(readCode('reasonCeased', 'k) E47: Special Guardianship Orders - relative/friend').value).toBe('E47');
    expect(readCode('placementType', 'f) U6: Foster placement - not FFA').value).toBe('U6');
    expect(readCode('placementProvider', 'e) PR4 - Private provision').value).toBe('PR4');
    expect(readCode('primaryNeed', 'N1 - Abuse or Neglect').value).toBe('N1');
    expect(readCode('initialCategory', 'Physical abuse').value).toBe('PHY');
    expect(readCode('accommodation', 'Y: Other accommodation').value).toBe('Y');
    expect(readCode('accommodation', 'U').value).toBe('U');
    expect(readCode('suitability', 'a) Suitable').value).toBe('1');
    expect(readCode('inTouch', 'a) Yes').value).toBe('YES');
    expect(readCode('eligibility', 'b) Former relevant child').value).toBe('Former relevant');
    expect(readCode('activity', 'F1: Full time in higher education').value).toBe('F1');
  });

  it('dates as Excel dates, Excel day numbers or text', () => {
    expect(readDate({ text: '2020-09-16', date: '2020-09-16' }, false).value).toBe('2020-09-16');
    expect(readDate({ text: '44090', number: 44090 }, false).value).toBe('2020-09-16');
    expect(readDate({ text: '44090', number: 44090 }, true).value).toBe('2024-09-17');
    expect(readDate({ text: '16/09/2020' }, false).value).toBe('2020-09-16');
    expect(readDate({ text: '16-09-2020' }, false).value).toBe('2020-09-16');
    expect(readDate({ text: '16 Sep 2020' }, false).value).toBe('2020-09-16');
    expect(readDate({ text: '31/02/2020' }, false).problem).toBeDefined();
  });

  it('matches headers tolerantly, the specific before the general', () => {
    expect(listOfSheet('List 3')?.number).toBe(3);
    expect(listOfSheet('list10 - adoption')?.number).toBe(10);
    expect(listOfSheet('Notes')).toBeNull();
    const list8 = LISTS.find((list) => list.number === 8)!;
    const { byColumn, unknown } = matchHeaders(list8, [
      'Child ID',
      'Age',
      'Child’s Legal Status',
      'Start date of current legal status',
      'Reason Ceased to be Looked After',
      'Date Ceased to be Looked After',
      'Date started to be looked after',
      'Favourite colour',
    ]);
    expect([...byColumn.values()].map((field) => field.id)).toEqual(['childId', 'age', 'legalStatus', 'legalStart', 'reasonCeased', 'claEnd', 'claStart']);
    expect(unknown).toEqual([7]);
    const list9 = LISTS.find((list) => list.number === 9)!;
    const later = matchHeaders(list9, [
      'Child Unique ID',
      'Age of Child (Years)',
      'Allocated Personal Advisor',
      'Latest Pathway Plan Review Date',
      'Latest Date of Contact',
      'Type of Accommodation',
      'Suitability of Accommodation',
    ]);
    expect([...later.byColumn.values()].map((field) => field.id)).toEqual([
      'childId',
      'age',
      'personalAdviser',
      'pathwayReview',
      'latestContact',
      'accommodation',
      'suitability',
    ]);
  });
});

describe.each(engines)('the Annex A importer on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  const run = (files: InputFile[], extra: Partial<ImportRequest> = {}) =>
    runImport(database, { format: 'annex-a', files, mode: 'lenient', dryRun: false, actor, ...extra });
  const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(database.db)).rows[0];

  beforeAll(async () => {
    database = await freshDatabase(url);
  });
  afterAll(() => database.drop());

  it.skipIf(!present)('reads Ofsted’s sample workbook in place: every list, coded values, formulas, #N/A; a second import changes nothing', async () => {
    const bytes = readFileSync(SAMPLE);
    const result = await run([{ name: 'Annex_A_sample.xlsx', bytes }]);
    expect(result.status).toBe('committed');
    expect(result.errors).toBe(0);
    expect(result.summary.list9).toBe('2020 template');
    expect(result.summary.lists).toMatchObject({ 'List 1': 5, 'List 8': 5, 'List 9': 6, 'List 11': 5 });
    const rules = new Set(result.findings.map((finding) => finding.rule));
    expect([...rules]).toEqual(expect.arrayContaining(['KS-FORMULA-VALUE', 'KS-CELL-ERROR', 'KS-NOT-STORED', 'KS-NAME']));
    expect(result.findings.find((finding) => finding.rule === 'KS-CELL-ERROR')).toMatchObject({ table: 'List 6', row: 2, field: 'Allocated Team' });

    expect(await one(sql<object>`SELECT pers_sex, pers_gender, pers_ethnicity, pers_dob::text FROM ssd_person WHERE pers_person_id = '9212044'`)).toEqual({
      pers_sex: 'F',
      pers_gender: 'Female',
      pers_ethnicity: 'WBRI',
      pers_dob: '2015-01-25',
    });
    expect(
      await one(
        sql<object>`SELECT cont_contact_date::text, cont_contact_source_code, cont_contact_source_desc FROM ssd_contacts WHERE cont_person_id = '9212044'`,
      ),
    ).toEqual({
      cont_contact_date: '2020-09-16 00:00:00',
      cont_contact_source_code: '6',
      cont_contact_source_desc: 'Police',
    });
    expect(
      await one(sql<object>`SELECT cine_referral_id, cine_referral_source_code, cine_referral_nfa FROM ssd_cin_episodes WHERE cine_person_id = '4653765'`),
    ).toEqual({
      cine_referral_id: 'CIN/4653765/2020-09-16',
      cine_referral_source_code: '3D',
      cine_referral_nfa: 'N',
    });
    // List 8, first child: care from 2009-08-06, placement from 2009-11-02, legal status E1 from 2010-07-12.
    const episodes = await sql<{ start: string; reason: string; ceased: string | null; legal: string | null; placement: string | null }>`
      SELECT clae_cla_episode_start_date::text AS start, clae_cla_episode_start_reason AS reason, clae_cla_episode_ceased_date::text AS ceased,
             clae_legal_status AS legal, clae_cla_placement_id AS placement
      FROM ssd_cla_episodes WHERE clae_person_id = '1761444' ORDER BY 1`.execute(database.db);
    expect(episodes.rows).toEqual([
      { start: '2009-08-06', reason: 'S', ceased: '2009-11-02', legal: null, placement: null },
      { start: '2009-11-02', reason: 'P', ceased: '2010-07-12', legal: null, placement: 'AA/1761444/PL/2009-11-02' },
      { start: '2010-07-12', reason: 'L', ceased: null, legal: 'E1', placement: 'AA/1761444/PL/2009-11-02' },
    ]);
    expect(
      await one(
        sql<object>`SELECT clap_cla_placement_type, clap_cla_placement_provider, clap_cla_placement_postcode FROM ssd_cla_placement WHERE clap_person_id = '1761444'`,
      ),
    ).toEqual({
      clap_cla_placement_type: 'U6',
      clap_cla_placement_provider: 'PR4',
      clap_cla_placement_postcode: 'T28 2WB',
    });
    // Care ceased (E47, SGO) for 3623204.
    expect(
      await one(
        sql<object>`SELECT clae_cla_episode_ceased_date::text AS ceased, clae_cla_episode_ceased_reason AS reason FROM ssd_cla_episodes WHERE clae_person_id = '3623204' ORDER BY clae_cla_episode_start_date DESC LIMIT 1`,
      ),
    ).toEqual({
      ceased: '2020-09-22',
      reason: 'E47',
    });
    expect(
      await one(
        sql<object>`SELECT clea_care_leaver_eligibility, clea_care_leaver_in_touch, clea_care_leaver_accommodation, clea_care_leaver_accom_suitable, clea_care_leaver_activity FROM ssd_care_leavers WHERE clea_person_id = '7961370'`,
      ),
    ).toEqual({
      clea_care_leaver_eligibility: 'Former relevant',
      clea_care_leaver_in_touch: 'YES',
      clea_care_leaver_accommodation: 'Y',
      clea_care_leaver_accom_suitable: '1',
      clea_care_leaver_activity: 'F1',
    });
    // List 10's dates are formulas: their calculated values are stored.
    expect(
      await one(
        sql<object>`SELECT perm_adm_decision_date::text AS decided, perm_placement_order_date::text AS ordered, perm_permanence_order_type AS type FROM ssd_permanence WHERE perm_person_id = '7961370'`,
      ),
    ).toEqual({
      decided: '2009-08-11',
      ordered: '2009-08-16',
      type: 'Adoption order',
    });
    expect(
      await one(
        sql<object>`SELECT cppl_cp_plan_initial_category AS initial, cppl_previous_cp_plans AS previous FROM ssd_cp_plans WHERE cppl_person_id = '5358472'`,
      ),
    ).toEqual({ initial: 'PHY', previous: 1 });

    const again = await run([{ name: 'Annex_A_sample.xlsx', bytes }]);
    expect(again.counts).toMatchObject({ new: 0, updated: 0, rejected: 0 });
    expect(again.counts.unchanged).toBe(result.counts.new);
  });

  it('reads real workbooks’ variations, resolves team and worker names, and quarantines rows it cannot store', async () => {
    await insertRows(database.db, 'ssd_department', ['dept_team_id', 'dept_team_name'], [['T-DUTY', 'Duty Team North']]);
    await insertRows(
      database.db,
      'ssd_professionals',
      ['prof_professional_id', 'prof_professional_name'],
      [
        ['P-7', 'Ann Example'],
        ['P-8', 'Sam Twin'],
        ['P-9', 'Sam Twin'],
      ],
    );
    const bytes = await workbook({
      'List 3 - Referrals': [
        ['Annex A: referrals in the last six months'],
        [],
        [
          'Child ID',
          'Gender',
          'Ethnicity',
          'Date of birth',
          'Age of Child (Years)',
          'Date of referral',
          'Referral Source',
          'Referral NFA?',
          'Allocated Team',
          'Allocated Worker',
        ],
        ['X1', 'Female', 'White British', '03/04/2015', 9, '01/09/2024', '2A', 'No', 'duty team north', 'Ann Example'],
        ['X2', 'M', 'AIND', 42000, 12, 45537, 'Police', 'Yes', 'Nowhere Team', 'Sam Twin'],
        ['X3', 'M', 'AIND', '', 12, '', 'Police', 'Yes', '', ''],
        ['X1', 'Female', 'WBRI', '03/04/2015', 9, '01/09/2024', '2A', 'No', '', ''],
        ['X4', '=cmd|calc', 'WBRI', '', 9, '02/09/2024', '2A', 'No', '', ''],
        ['X5', 'F', 'WBRI', '', 9, '30/02/2024', '2A', 'No', '', ''],
      ],
      'List 9': [
        [
          'Child Unique ID',
          'Gender',
          'Ethnicity',
          'Date of Birth',
          'Age',
          'Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)',
          'Does the Child have a Disability',
          'Allocated Team',
          'Allocated Worker',
          'Allocated Personal Advisor',
          'Eligibility Category',
          'Latest Pathway Plan Review Date',
          'LA in Touch',
          'Latest Date of Contact',
          'Type of Accommodation',
          'Suitability of Accommodation',
          'Activity Status',
        ],
        [
          'X6',
          'b) Female',
          'a) WBRI',
          new Date(Date.UTC(2005, 5, 1)),
          19,
          'b) No',
          'b) No',
          'Duty Team North',
          'Ann Example',
          'Pat Adviser',
          'c) Qualifying care leaver',
          '10/10/2024',
          'b) No',
          '2024-10-01',
          'D: Semi-independent',
          'b) Unsuitable',
          'G6: Not in education, employment or training - pregnancy or parenting',
        ],
      ],
      Notes: [['Prepared for the inspection']],
    });
    const result = await run([{ name: 'annex_a_2024.xlsx', bytes }]);
    expect(result.status).toBe('committed');
    const at = (rule: string) =>
      result.findings.filter((finding) => finding.rule === rule).map((finding) => `${finding.table}:${finding.row}:${finding.field}`);
    expect(at('KS-REQUIRED')).toEqual(['List 3 - Referrals:6:Date of referral']);
    expect(at('KS-DUPLICATE')).toEqual(['List 3 - Referrals:7:Date of referral']);
    expect(at('KS-FORMULA')).toEqual(['List 3 - Referrals:8:Gender']);
    expect(at('KS-DATE')).toEqual(['List 3 - Referrals:9:Date of referral']);
    expect(at('KS-SHEET')).toEqual(['Notes:null:null']);
    expect(result.counts.rejected).toBe(4);
    const names = result.findings.filter((finding) => finding.rule === 'KS-NAME').map((finding) => finding.message);
    expect(names).toHaveLength(2);
    expect(names.join(' ')).toMatch(/“Nowhere Team”.*matches no team/);
    expect(names.join(' ')).toMatch(/“Sam Twin”.*matches 2 professionals/);

    expect(
      await one(
        sql<object>`SELECT cine_referral_date::text AS day, cine_referral_source_code AS source, cine_referral_team AS team, cine_referral_worker_id AS worker FROM ssd_cin_episodes WHERE cine_person_id = 'X1'`,
      ),
    ).toEqual({
      day: '2024-09-01',
      source: '2A',
      team: 'T-DUTY',
      worker: 'P-7',
    });
    // Excel day numbers in date columns that are not formatted as dates.
    expect(
      await one(
        sql<object>`SELECT p.pers_dob::text AS dob, e.cine_referral_date::text AS day, e.cine_referral_source_code AS source FROM ssd_person p JOIN ssd_cin_episodes e ON e.cine_person_id = p.pers_person_id WHERE p.pers_person_id = 'X2'`,
      ),
    ).toEqual({
      dob: '2014-12-27',
      day: '2024-09-02',
      source: '6',
    });
    expect(result.summary.list9).toBe('later template (adviser, pathway plan, latest contact)');
    expect(
      await one(sql<object>`SELECT clea_care_leaver_eligibility AS e, clea_care_leaver_in_touch AS t, clea_care_leaver_latest_contact::text AS c, clea_care_leaver_accommodation AS a,
        clea_care_leaver_accom_suitable AS s, clea_care_leaver_activity AS act, clea_pathway_plan_review_date::text AS p, clea_care_leaver_personal_advisor AS pa,
        clea_care_leaver_allocated_team AS team, clea_care_leaver_worker_id AS worker FROM ssd_care_leavers WHERE clea_person_id = 'X6'`),
    ).toEqual({
      e: 'Qualifying',
      t: 'NO',
      c: '2024-10-01',
      a: 'D',
      s: '2',
      act: 'G6',
      p: '2024-10-10',
      pa: 'Pat Adviser',
      team: 'T-DUTY',
      worker: 'P-7',
    });
    const quarantine = await sql<{
      row_number: number;
      raw_row: Record<string, string>;
    }>`SELECT row_number, raw_row FROM ks_import_quarantine WHERE import_id = ${result.importId} ORDER BY row_number`.execute(database.db);
    expect(quarantine.rows.map((row) => row.row_number)).toEqual([6, 7, 8, 9]);
    expect(quarantine.rows[2]!.raw_row.Gender).toBe('=cmd|calc');
  });

  it('never blanks what another source stored, and a referral known from the CIN census and Annex A is one row', async () => {
    const census = `<?xml version="1.0" encoding="utf-8"?>
<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2024</Year><ReferenceDate>2024-03-31</ReferenceDate></CollectionDetails>
<Source><SourceLevel>L</SourceLevel><LEA>999</LEA><SoftwareCode>Keystone</SoftwareCode><Release>1</Release><SerialNo>1</SerialNo><DateTime>2024-05-01T10:00:00</DateTime></Source></Header>
<Children><Child><ChildIdentifiers><LAchildID>CIN1</LAchildID><UPN>A123456789012</UPN><PersonBirthDate>2015-06-01</PersonBirthDate><GenderCurrent>1</GenderCurrent></ChildIdentifiers>
<ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>
<CINdetails><CINreferralDate>2023-09-01</CINreferralDate><ReferralSource>1A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode><CINclosureDate>2024-01-15</CINclosureDate><ReasonForClosure>RC1</ReasonForClosure><ReferralNFA>0</ReferralNFA></CINdetails>
</Child></Children></Message>`;
    const cin = await runImport(database, {
      format: 'cin',
      files: [{ name: 'cin.xml', bytes: new TextEncoder().encode(census) }],
      mode: 'lenient',
      dryRun: false,
      actor,
    });
    expect(cin.status).toBe('committed');
    const bytes = await workbook({
      'List 3': [
        ['Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth', 'Age', 'Date of Referral', 'Referral Source', 'Referral NFA?'],
        ['CIN1', '', '', '', '', '01/09/2023', 'a) 1A: Individual', 'b) No'],
      ],
    });
    const result = await run([{ name: 'annex.xlsx', bytes }]);
    expect(result.status).toBe('committed');
    const referrals =
      await sql<object>`SELECT cine_referral_id AS id, cine_referral_source_code AS source, cine_referral_source_desc AS description, cine_close_date::text AS closed
      FROM ssd_cin_episodes WHERE cine_person_id = 'CIN1'`.execute(database.db);
    expect(referrals.rows).toEqual([{ id: 'CIN/CIN1/2023-09-01', source: '1A', description: 'Individual', closed: '2024-01-15' }]);
    expect(await one(sql<object>`SELECT pers_sex, pers_dob::text, pers_ethnicity FROM ssd_person WHERE pers_person_id = 'CIN1'`)).toEqual({
      pers_sex: 'M',
      pers_dob: '2015-06-01',
      pers_ethnicity: 'WBRI',
    });
  });

  it('refuses what is not an xlsx with a finding that says what to do, and never throws', async () => {
    const sample = present
      ? readFileSync(SAMPLE)
      : await workbook({
          'List 1': [
            ['Child Unique ID', 'Date of Contact'],
            ['A', '01/01/2024'],
          ],
        });
    const result = await run([
      { name: 'lists.csv', bytes: new TextEncoder().encode('Child Unique ID,Date of Contact\nA,01/01/2024\n') },
      { name: 'old.xls', bytes: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]) },
      { name: 'cut.xlsx', bytes: sample.subarray(0, Math.floor(sample.length / 2)) },
      { name: 'empty.xlsx', bytes: new Uint8Array() },
    ]);
    expect(result.status).toBe('committed');
    expect(result.findings.map((finding) => `${finding.file}:${finding.rule}`)).toEqual([
      'lists.csv:KS-FORMAT',
      'old.xls:KS-FORMAT',
      'cut.xlsx:KS-XLSX',
      'empty.xlsx:KS-FORMAT',
    ]);
    expect(result.findings[1]!.message).toMatch(/\.xlsx/);
    expect(result.counts.new).toBe(0);
  });

  it('survives mutated copies of a workbook, outside (its bytes) and inside (its parts): findings naming the file, never a throw', async () => {
    const sample = present
      ? new Uint8Array(readFileSync(SAMPLE))
      : await workbook({
          'List 1': [
            ['Child Unique ID', 'Gender', 'Date of Contact'],
            ['A1', 'a) Male', '01/01/2024'],
          ],
        });
    // Every mutation once (test/support/fuzz.ts cycles through them), zip bombs included.
    for (const fuzzCase of fuzzCases('annex-a', [{ name: 'mutant.xlsx', bytes: sample }], 18, 7)) {
      const result = await run(fuzzCase.files, { dryRun: true });
      expect(result.status, `${fuzzCase.label}: ${result.errorMessage}`).toBe('checked');
      expect(checkOutcome(result, ['mutant.xlsx']).unnamed, fuzzCase.label).toEqual([]);
    }
  });

  it('reads a package that lost its workbook part without failing (exceljs then gives no workbook properties)', async () => {
    const book = await workbook({
      'List 1': [
        ['Child Unique ID', 'Date of Contact'],
        ['A', '01/01/2024'],
      ],
    });
    const parts = Object.entries(unzipSync(book)).filter(([name]) => name !== 'xl/workbook.xml');
    const result = await run([{ name: 'partial.xlsx', bytes: zipSync(Object.fromEntries(parts)) }], { dryRun: true });
    expect(result.errorMessage).toBeUndefined();
    expect(result.status).toBe('checked');
  });

  it('refuses a zip bomb inside a workbook before it is inflated, whatever sizes its headers declare', async () => {
    const book = await workbook({
      'List 1': [
        ['Child Unique ID', 'Date of Contact'],
        ['A', '01/01/2024'],
      ],
    });
    const sizes = { ...FAST_SIZES, bombBytes: 600 * 1024 * 1024 };
    const declared = XLSX_INSIDE_MUTATIONS['zip bomb part']!(book, seededRandom(1), sizes);
    const hidden = XLSX_INSIDE_MUTATIONS['zip bomb part, size hidden']!(book, seededRandom(1), sizes);
    const result = await run(
      [
        { name: 'declared.xlsx', bytes: declared },
        { name: 'hidden.xlsx', bytes: hidden },
      ],
      { dryRun: true },
    );
    expect(result.status).toBe('checked');
    expect(result.findings.map((finding) => `${finding.file}:${finding.rule}:${finding.message}`)).toEqual([
      'declared.xlsx:KS-SIZE:The workbook was not opened: its part xl/worksheets/sheet1.xml would unpack to 600 MB, far more than an Annex A workbook holds (a damaged file or a zip bomb). Save it again from Excel.',
      'hidden.xlsx:KS-SIZE:The workbook was not opened: its part xl/worksheets/sheet1.xml unpacks to more than 256 MB, far more than an Annex A workbook holds (a damaged file or a zip bomb). Save it again from Excel.',
    ]);
  });
});
