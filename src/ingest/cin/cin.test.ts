/**
 * The CIN census importer end to end: the shared fixtures read in place through the pipeline
 * (findings, mapping, idempotent re-import), bad bytes and broken XML (a clear finding, nothing
 * stored, never a throw), and a fast fuzz subset that mutates the fixtures.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshDatabase } from '../../../test/support/engines.ts';
import { runImport } from '../pipeline.ts';
import type { InputFile } from '../types.ts';
import { checkOutcome, fuzzCases } from '../../../test/support/fuzz.ts';
import { cinImporter } from './importer.ts';

const FIXTURES = path.join(fileURLToPath(new URL('../../../', import.meta.url)), '../shared/fixtures/cin');
const present = existsSync(FIXTURES);
if (!present) console.warn(`CIN fixture tests skipped: ${FIXTURES} is absent`);
const fixture = (name: string): InputFile => ({ name, bytes: readFileSync(path.join(FIXTURES, name)) });
const actor = { userId: null, username: 'test', ip: null, requestId: null };
const text = (name: string, body: string): InputFile => ({ name, bytes: new TextEncoder().encode(body) });

const VALID = `<?xml version="1.0" encoding="UTF-8"?>
<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2024</Year><ReferenceDate>2024-03-31</ReferenceDate></CollectionDetails>
<Source><SourceLevel>L</SourceLevel><LEA>840</LEA></Source></Header>
<Children>
<Child><ChildIdentifiers><LAchildID>K1</LAchildID><UPN>G840123423456</UPN><PersonBirthDate>2015-01-01</PersonBirthDate><GenderCurrent>2</GenderCurrent></ChildIdentifiers>
<ChildCharacteristics><Ethnicity>WBRI</Ethnicity><Disabilities><Disability>NONE</Disability></Disabilities></ChildCharacteristics>
<CINdetails><CINreferralDate>2023-06-01</CINreferralDate><ReferralSource>2A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode>
<Assessments><AssessmentActualStartDate>2023-06-02</AssessmentActualStartDate><AssessmentAuthorisationDate>2023-07-01</AssessmentAuthorisationDate>
<FactorsIdentifiedAtAssessment><AssessmentFactors>3A</AssessmentFactors><AssessmentFactors>4B</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>
<Section47><S47ActualStartDate>2023-06-03</S47ActualStartDate><InitialCPCtarget>2023-06-20</InitialCPCtarget><DateOfInitialCPC>2023-06-19</DateOfInitialCPC><ICPCnotRequired>0</ICPCnotRequired></Section47>
<ReferralNFA>0</ReferralNFA>
<ChildProtectionPlans><CPPstartDate>2023-06-19</CPPstartDate><InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse><LatestCategoryOfAbuse>EMO</LatestCategoryOfAbuse><NumberOfPreviousCPP>1</NumberOfPreviousCPP>
<Reviews><CPPreviewDate>2023-09-19</CPPreviewDate></Reviews></ChildProtectionPlans></CINdetails></Child>
<Child><ChildIdentifiers><LAchildID>K2</LAchildID><PersonBirthDate>2012-05-05</PersonBirthDate><GenderCurrent>1</GenderCurrent></ChildIdentifiers>
<ChildCharacteristics><Ethnicity>AIND</Ethnicity><Disabilities><Disability>AUT</Disability></Disabilities></ChildCharacteristics>
<CINdetails><CINreferralDate>2023-10-01</CINreferralDate><ReferralSource>6</ReferralSource><PrimaryNeedCode>N4</PrimaryNeedCode>
<CINPlanDates><CINPlanStartDate>2023-11-01</CINPlanStartDate></CINPlanDates><ReferralNFA>0</ReferralNFA></CINdetails></Child>
</Children></Message>`;

describe('reading bad input never throws and names the file and place', () => {
  const only = (file: InputFile) => cinImporter.prepare([file], {});
  it.each([
    ['truncated', text('t.xml', VALID.slice(0, 900)), 'KS-XML'],
    ['binary', { name: 'b.xml', bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 1, 2]) }, 'KS-BINARY'],
    ['UTF-16', { name: 'u.xml', bytes: new Uint8Array([0xff, 0xfe, 0x3c, 0]) }, 'KS-ENCODING'],
    ['invalid UTF-8', { name: 'e.xml', bytes: new Uint8Array([...new TextEncoder().encode('<Message><Children><Child>'), 0xc3, 0x28]) }, 'KS-ENCODING'],
    ['empty', text('n.xml', ''), 'KS-EMPTY'],
    ['another format', text('o.xml', '<Workbook><Sheet/></Workbook>'), 'KS-XSD'],
    ['not XML', text('c.xml', 'CHILD,SEX\n1,2\n'), 'KS-XML'],
  ])('%s', (_, file, rule) => {
    const prepared = only(file);
    expect(prepared.findings.map((finding) => finding.rule)).toContain(rule);
    expect(prepared.findings.every((finding) => finding.file === file.name)).toBe(true);
    expect(prepared.writes(new Set()).writes.every((write) => write.rows.length === 0)).toBe(true);
  });

  it('a bad key date quarantines its group and keeps the rest of the child', () => {
    const prepared = only(text('k.xml', VALID.replace('<AssessmentActualStartDate>2023-06-02', '<AssessmentActualStartDate>2023-02-30')));
    expect(prepared.rejectedRows.map(({ row }) => row.table)).toEqual(['Assessments']);
    const rows = Object.fromEntries(prepared.writes(new Set()).writes.map((write) => [write.table, write.rows.length]));
    expect(rows).toMatchObject({ ssd_person: 2, ssd_cin_episodes: 2, ssd_cin_assessments: 0, ssd_cp_plans: 1 });
  });

  it('fuzz (fast subset): 200 mutations of a valid file and the fixtures (test/support/fuzz.ts), findings naming the file', () => {
    const seeds = [text('valid.xml', VALID), ...(present ? ['BAR_cin_2022.xml', 'CIN_Census_2026.xml'].map(fixture) : [])];
    seeds.forEach((seed, index) => {
      for (const fuzzCase of fuzzCases('cin', [seed], Math.ceil(200 / seeds.length), 20240331 + index)) {
        const started = performance.now();
        const prepared = cinImporter.prepare(fuzzCase.files, {});
        expect(performance.now() - started, fuzzCase.label).toBeLessThan(10_000);
        expect(checkOutcome({ status: 'checked', findings: prepared.findings }, [seed.name]).unnamed, fuzzCase.label).toEqual([]);
        prepared.writes(new Set());
      }
    });
  });
});

describe.skipIf(!present)('the DfE rules on the 2026 fixture’s deliberate faults', () => {
  it('finds each fault on the child that has it, at its line and element', () => {
    // The header says Year 2023 but ReferenceDate 2024-03-31: the census year is 2023-24, checked with DfE's 2023/24 rules.
    const { findings, summary } = cinImporter.prepare([fixture('CIN_Census_2026.xml')], {});
    expect(summary).toMatchObject({ collectionYears: ['2023-24'], ruleset: '2023/24', rulesChecked: 111, rulesInCatalogue: 111 });
    const dfe = findings
      .filter((finding) => !finding.rule.startsWith('KS-'))
      .map(({ rule, child, row, field, severity }) => `${rule} ${child ?? '-'} ${row ?? '-'} ${field} ${severity}`);
    expect(dfe).toEqual([
      // DfEX0000001, referred 2022-10-06 and closed 2023-02-27 (before the census year)
      '1104 DfEX0000001 57 DateOfInitialCPC error', // section 47 conference 2022-06-17, before the referral
      '1105 DfEX0000001 62 CPPstartDate error', // protection plan from 2022-02-17, before the referral
      '1510 DfEX0000001 21 UPN error', // A123456789123: Σ = 401 = 17·23 + 10, so the check letter is L
      '1530 DfEX0000001 21 UPN error', // 123 is no LA code
      '1560Q DfEX0000001 22 FormerUPN warning', // X98765432123B ends in a letter
      '2889 DfEX0000001 55 S47ActualStartDate error', // enquiry from 2022-06-02, before the referral
      '4013 DfEX0000001 52 CINPlanEndDate error', // CIN plan ended 2023-01-26, before the census year
      '4016 DfEX0000001 51 CINPlanStartDate error', // CIN plan from 2023-01-24, during the protection plan (2022-02-17 to 2023-03-14)
      '8565 DfEX0000001 38 CINclosureDate error', // closed 2023-02-27, yet the assessment starts 2028-04-28 and the protection plan ends 2023-03-14
      '8608 DfEX0000001 43 AssessmentAuthorisationDate error', // assessment ends 2020-09-19, before it starts
      '8620 DfEX0000001 38 CINclosureDate error',
      '8696 DfEX0000001 43 AssessmentAuthorisationDate error',
      '8715 DfEX0000001 57 DateOfInitialCPC error',
      '8930 DfEX0000001 63 CPPendDate error',
      // child_fails_assessments, referred 2024-10-24, after the reference date
      '1103 child_fails_assessments 105 AssessmentActualStartDate error', // assessment from 2023-12-25, before the referral
      // 1570 (LAchildID over 20 characters) and 1580 (not alphanumeric) were first published for 2024/25: not checked here
      '8600 child_fails_assessments 99 CINreferralDate error',
      '8620 child_fails_assessments 102 CINclosureDate error', // closed 2024-10-29
      '8897 child_fails_assessments 104 AssessmentFactors error', // completed 2024-01-27 with an empty factors list
      // the return
      '100 - - ReferenceDate error',
      '2887Q - - Disability warning', // only HAND and HEAR used
    ]);
  });

  it('checks with the ruleset asked for: the 2024/25 rules add 1570 and 1580 on the 23-character ID with underscores', () => {
    const { findings, summary } = cinImporter.prepare([fixture('CIN_Census_2026.xml')], { ruleset: '2024/25' });
    expect(summary).toMatchObject({ collectionYears: ['2023-24'], ruleset: '2024/25' });
    expect(findings.filter((finding) => ['1570', '1580'].includes(finding.rule)).map(({ rule, child, row }) => `${rule} ${child} ${row}`)).toEqual([
      '1570 child_fails_assessments 87',
      '1580 child_fails_assessments 87',
    ]);
  });
});

describe.skipIf(!present)('the 2024 fixture’s <Sex>1, in a year whose schema calls it <GenderCurrent>', () => {
  it('gets one message, about the element’s name, and is read as male (1 is a valid GenderCurrent code)', () => {
    const { findings } = cinImporter.prepare([fixture('CIN_Census_2024.xml')], {});
    const aboutSex = findings.filter((finding) => finding.child === 'DfEX0000001' && finding.field === 'Sex');
    expect(aboutSex.map((finding) => finding.message)).toEqual(["The 2024 schema names the child's sex <GenderCurrent>; <Sex> is read in its place."]);
    expect(findings.some((finding) => finding.rule === '4180')).toBe(false);
  });
});

describe.each(engines)('importing CIN census files on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    database = await freshDatabase(url);
  });
  afterAll(() => database.drop());
  const count = async (table: string) => Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(database.db)).rows[0]!.n);

  it('stores every table, and a second import of the same file changes nothing', async () => {
    const first = await runImport(database, { format: 'cin', files: [text('cin.xml', VALID)], mode: 'lenient', dryRun: false, actor });
    expect(first.status).toBe('committed');
    expect(first.errors).toBe(0);
    const person = await sql<
      Record<string, unknown>
    >`SELECT pers_sex, pers_dob::text AS dob, pers_ethnicity FROM ssd_person WHERE pers_person_id = 'K1'`.execute(database.db);
    expect(person.rows[0]).toEqual({ pers_sex: 'F', dob: '2015-01-01', pers_ethnicity: 'WBRI' });
    expect(await count('ssd_cp_reviews')).toBe(1);
    expect(await count('ssd_disability')).toBe(2);
    const factors = await sql<{ json: string }>`SELECT cinf_assessment_factors_json AS json FROM ssd_assessment_factors`.execute(database.db);
    expect(JSON.parse(factors.rows[0]!.json)).toEqual(['3A', '4B']);
    const icpc = await sql<{ s47: string }>`SELECT icpc_s47_enquiry_id AS s47 FROM ssd_initial_cp_conference`.execute(database.db);
    expect(icpc.rows.map((row) => row.s47)).toEqual(['CIN/K1/2023-06-01/S47/2023-06-03']);
    const again = await runImport(database, { format: 'cin', files: [text('cin.xml', VALID)], mode: 'lenient', dryRun: false, actor });
    expect(again.counts).toMatchObject({ new: 0, updated: 0, unchanged: first.counts.new });
    expect(again.previousImportId).toBe(first.importId);
  });

  it.skipIf(!present)('the shared fixtures: 2022 GenderCurrent, 2024, 2026 with pre-proceedings and deliberate faults', async () => {
    // One child is in both the 2022 and 2024 files: in one import, the second is refused as a duplicate.
    const result = await runImport(database, {
      format: 'cin',
      files: ['BAR_cin_2022.xml', 'CIN_Census_2024.xml'].map(fixture),
      mode: 'lenient',
      dryRun: false,
      actor,
    });
    expect(result.status).toBe('committed');
    expect(result.counts.rejected).toBe(1);
    const rules = new Set(result.findings.map((finding) => finding.rule));
    for (const rule of ['100', '8525', '8600', '8608', '8620', 'KS-XSD', 'KS-DUPLICATE']) expect(rules).toContain(rule);
    const latest = await runImport(database, { format: 'cin', files: [fixture('CIN_Census_2026.xml')], mode: 'lenient', dryRun: false, actor });
    expect(latest.status).toBe('committed');
    expect(latest.counts.updated).toBeGreaterThan(0);
    const wrongCode = result.findings.find((finding) => finding.message.includes('“RB”'));
    expect(wrongCode).toMatchObject({
      file: 'CIN_Census_2024.xml',
      row: 46,
      field: 'AssessmentFactors',
      table: 'Message/Children/Child/CINdetails/Assessments/FactorsIdentifiedAtAssessment/AssessmentFactors',
    });
    expect(await count('ssd_pre_proceedings')).toBe(1);
    const sexes = await sql<{
      id: string;
      sex: string;
    }>`SELECT pers_person_id AS id, pers_sex AS sex FROM ssd_person WHERE pers_person_id IN ('DfEX0000001', 'child_fails_assessments') ORDER BY 1`.execute(
      database.db,
    );
    expect(sexes.rows).toEqual([
      { id: 'DfEX0000001', sex: 'M' },
      { id: 'child_fails_assessments', sex: 'M' },
    ]);
  });

  it('strict mode writes nothing when a file has errors', async () => {
    const before = await count('ssd_person');
    const result = await runImport(database, {
      format: 'cin',
      files: [
        text(
          'bad.xml',
          VALID.replace('<ReferralSource>6</ReferralSource>', '<ReferralSource>Z</ReferralSource>').replaceAll('K1', 'S1').replaceAll('K2', 'S2'),
        ),
      ],
      mode: 'strict',
      dryRun: false,
      actor,
    });
    expect(result.status).toBe('rejected');
    expect(await count('ssd_person')).toBe(before);
  });
});
