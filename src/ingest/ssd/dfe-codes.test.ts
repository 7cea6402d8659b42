/**
 * SSD values outside the DfE code lists (dfe-codes.ts): a warning naming file, line, field and value,
 * the row stored as given and the import committed, the same by all three ways of reading an extract
 * (streamed import, in-memory import, `keystone validate`), on the report page and the command line;
 * DfE's codes (both spellings of sex) and the council's local codes give none.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshDatabase } from '../../../test/support/engines.ts';
import { signedInAs, testConfig } from '../../../test/support/http.ts';
import { buildApp } from '../../core/http/app.ts';
import { CAPABILITIES } from '../../server/capabilities.ts';
import { importCommand } from '../cli.ts';
import { runImport, type ImportRequest } from '../pipeline.ts';
import type { Finding, InputFile } from '../types.ts';
import { validateFiles } from '../validate.ts';
import { LISTED_PER_FIELD } from './dfe-codes.ts';
import { ssdImporter } from './importer.ts';

const file = (name: string, text: string): InputFile => ({ name, bytes: new TextEncoder().encode(text) });
const actor = { userId: null, username: 'test', ip: null, requestId: null };

/** Both spellings of sex DfE returns use, and DfE ethnicity codes, besides K1's X and ZZZZ. */
const PEOPLE = `pers_person_id,pers_sex,pers_dob,pers_ethnicity,pers_upn_unknown
K1,X,2015-06-01,ZZZZ,
K2,M,2012-02-01,WBRI,UN1
K3,1,2013-01-01,NOBT,
K4,U,2014-01-01,REFU,
K5,0,2014-03-01,MWBA,
K6,9,2011-05-01,,
K7,F,2010-05-01,AOTH,
K8,2,2010-06-01,BAFR,
`;
const PROFESSIONALS = `prof_professional_id,prof_professional_name
P1,Pat Worker
`;
const REFERRALS = `cine_referral_id,cine_person_id,cine_referral_date,cine_referral_source_code,cine_cin_primary_need_code,cine_close_reason,cine_close_date
R1,K2,2023-06-01,5D,N1,RC9,2023-09-01
R2,K3,2023-07-01,10,N0,,
`;
const EPISODES = `clae_cla_episode_id,clae_person_id,clae_cla_episode_start_date,clae_cla_episode_start_reason,clae_cla_primary_need_code,clae_cla_episode_ceased_date,clae_cla_episode_ceased_reason,clae_legal_status
E1,K4,2023-01-01,S,N1,2023-03-01,E11,Full care order
`;
/** Local fields (src/local-codes/) in the council's own spellings: mapped by the council, never warned about. */
const PLACEMENTS = `clap_cla_placement_id,clap_cla_placement_start_date,clap_cla_placement_type,clap_person_id
PL1,2023-01-01,In-house foster care,K4
`;
const LEGAL = `lega_legal_status_id,lega_person_id,lega_legal_status,lega_legal_status_start_date
L1,K4,Section 20,2023-01-01
`;
const INVOLVEMENTS = `invo_involvements_id,invo_professional_id,invo_professional_role_id,invo_involvement_start_date,invo_involvement_end_date,invo_worker_change_reason,invo_person_id
I1,P1,Allocated Case Worker,2023-06-01,2023-07-01,Worker left the team,K2
`;

function extract(): InputFile[] {
  return [
    file('ssd_person.csv', PEOPLE),
    file('ssd_professionals.csv', PROFESSIONALS),
    file('ssd_cin_episodes.csv', REFERRALS),
    file('ssd_cla_episodes.csv', EPISODES),
    file('ssd_cla_placement.csv', PLACEMENTS),
    file('ssd_legal_status.csv', LEGAL),
    file('ssd_involvements.csv', INVOLVEMENTS),
  ];
}

const where = (findings: readonly Finding[]) =>
  findings.map((found) => `${found.rule} ${found.severity}${found.rejects ? ' rejects' : ''} ${found.file}:${found.row}:${found.field}`);
const EXPECTED = ['KS-CODE warning ssd_person.csv:2:pers_sex', 'KS-CODE warning ssd_person.csv:2:pers_ethnicity'];

describe.each(engines)('SSD values outside the DfE code lists on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  const run = (files: InputFile[], extra: Partial<ImportRequest> = {}) =>
    runImport(database, { format: 'ssd', files, mode: 'lenient', dryRun: false, actor, ...extra });

  beforeAll(async () => {
    database = await freshDatabase(url);
  });
  afterAll(() => database.drop());

  it('warn with file, line, field and value, store the rows as given and commit; DfE codes and local fields give no warning', async () => {
    const result = await run(extract());
    expect(result.status).toBe('committed');
    expect(where(result.findings)).toEqual(EXPECTED);
    expect(result.warnings).toBe(2);
    expect(result.errors).toBe(0);
    expect(result.counts.rejected).toBe(0);
    const [sex, ethnicity] = result.findings;
    expect(sex!.message).toBe(
      'pers_sex “X” is not a DfE sex code (M, F, U, or 1, 2, 0, 9): it is stored as given; the CIN census export writes it as not known (U, or 0 before 2025), the SSDA903 export leaves SEX blank and the Annex A export shows Unknown.',
    );
    expect(sex!.child).toBe('K1');
    expect(ethnicity!.message).toMatch(/^pers_ethnicity “ZZZZ” is not a DfE ethnicity code: it is stored as given; /);

    const stored = await sql<{ pers_sex: string; pers_ethnicity: string }>`
      SELECT pers_sex, pers_ethnicity FROM ssd_person WHERE pers_person_id = 'K1'`.execute(database.db);
    expect(stored.rows).toEqual([{ pers_sex: 'X', pers_ethnicity: 'ZZZZ' }]);
    expect(Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM ssd_person`.execute(database.db)).rows[0]!.n)).toBe(8);
    const quarantined = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ks_import_quarantine WHERE import_id = ${result.importId}`.execute(database.db);
    expect(quarantined.rows[0]!.n).toBe(0);
    const issues = await sql<{ rule_code: string; row_number: number; field: string; severity: string; rejected: boolean }>`
      SELECT rule_code, row_number, field, severity, rejected FROM ks_import_issue WHERE import_id = ${result.importId} ORDER BY field`.execute(database.db);
    expect(issues.rows).toEqual([
      { rule_code: 'KS-CODE', row_number: 2, field: 'pers_ethnicity', severity: 'warning', rejected: false },
      { rule_code: 'KS-CODE', row_number: 2, field: 'pers_sex', severity: 'warning', rejected: false },
    ]);
  });

  it('re-importing the same extract changes nothing and warns again', async () => {
    const again = await run(extract());
    expect(again.status).toBe('committed');
    expect(again.counts).toMatchObject({ new: 0, updated: 0, rejected: 0 });
    expect(where(again.findings)).toEqual(EXPECTED);
  });

  it('the same warnings, in the same order, from the import read in memory and from keystone validate (check.ts)', async () => {
    const fresh = await freshDatabase(url);
    try {
      const inMemory = await runImport(fresh, { format: 'ssd', files: extract(), mode: 'lenient', dryRun: false, actor, inMemory: true });
      expect(inMemory.status).toBe('committed');
      expect(where(inMemory.findings)).toEqual(EXPECTED);
    } finally {
      await fresh.drop();
    }
    const whole = ssdImporter.prepare(extract(), {});
    expect(where(whole.findings)).toEqual(EXPECTED);
    expect(whole.rejectedRows).toEqual([]);
    for (const chunkBytes of [7, undefined]) {
      const validated = await validateFiles({ format: 'ssd', files: extract(), mode: 'strict', chunkBytes });
      expect(validated.status).toBe('checked');
      expect(validated.findings).toEqual(whole.findings);
      expect(validated).toMatchObject({ errors: 0, warnings: 2, rejected: 0 });
      expect(validated.summary.rowsRead).toMatchObject({ ssd_person: 8 });
    }
  });

  it('warns about the other DfE-coded fields Keystone reads or exports, and not about a row refused for another reason', async () => {
    const files = [
      file('ssd_person.csv', 'pers_person_id,pers_sex,pers_dob,pers_upn_unknown\nK1,m,2015-06-01,UN9\nK2,Q,not a date,\n'),
      file('ssd_disability.csv', 'disa_table_id,disa_person_id,disa_disability_code\nD1,K1,AUTISM\nD2,K1,AUT\n'),
      file(
        'ssd_cin_episodes.csv',
        'cine_referral_id,cine_person_id,cine_referral_date,cine_referral_source_code,cine_cin_primary_need_code,cine_close_reason\nR1,K1,2023-06-01,Police,N10,Closed\n',
      ),
      file(
        'ssd_cp_plans.csv',
        'cppl_cp_plan_id,cppl_person_id,cppl_cp_plan_start_date,cppl_cp_plan_initial_category,cppl_cp_plan_latest_category\nC1,K1,2023-07-01,Neglect,NEG\n',
      ),
      file(
        'ssd_cla_episodes.csv',
        'clae_cla_episode_id,clae_person_id,clae_cla_episode_start_date,clae_cla_episode_start_reason,clae_cla_primary_need_code,clae_cla_episode_ceased_reason\nE1,K1,2023-01-01,s,N9,E99\n',
      ),
      file('ssd_cla_placement.csv', 'clap_cla_placement_id,clap_cla_placement_start_date,clap_cla_placement_change_reason\nPL1,2023-01-01,MOVED\n'),
      file('ssd_cla_reviews.csv', 'clar_cla_review_id,clar_cla_review_date,clar_cla_review_participation,clar_person_id\nV1,2023-02-01,PN9,K1\n'),
      file(
        'ssd_missing.csv',
        'miss_table_id,miss_person_id,miss_missing_episode_start_date,miss_missing_episode_type\nM1,K1,2023-02-01,Absent\nM2,K1,2023-02-03,A\n',
      ),
    ];
    const whole = ssdImporter.prepare(files, {});
    const codes = whole.findings.filter((found) => found.rule === 'KS-CODE');
    expect(codes.map((found) => `${found.file}:${found.row}:${found.field} ${found.message.split(':')[0]}`)).toEqual([
      'ssd_person.csv:2:pers_sex pers_sex “m” is not a DfE sex code (M, F, U, or 1, 2, 0, 9)',
      'ssd_person.csv:2:pers_upn_unknown pers_upn_unknown “UN9” is not a DfE UPN unknown reason (UN1–UN7)',
      'ssd_disability.csv:2:disa_disability_code disa_disability_code “AUTISM” is not a DfE disability code',
      'ssd_cin_episodes.csv:2:cine_cin_primary_need_code cine_cin_primary_need_code “N10” is not a DfE CIN primary need code',
      'ssd_cin_episodes.csv:2:cine_referral_source_code cine_referral_source_code “Police” is not a DfE CIN referral source code',
      'ssd_cin_episodes.csv:2:cine_close_reason cine_close_reason “Closed” is not a DfE CIN reason for closure',
      'ssd_cp_plans.csv:2:cppl_cp_plan_initial_category cppl_cp_plan_initial_category “Neglect” is not a DfE category of abuse',
      'ssd_cla_episodes.csv:2:clae_cla_episode_start_reason clae_cla_episode_start_reason “s” is not a DfE SSDA903 reason for new episode',
      'ssd_cla_episodes.csv:2:clae_cla_primary_need_code clae_cla_primary_need_code “N9” is not a DfE SSDA903 category of need (N1–N8)',
      'ssd_cla_episodes.csv:2:clae_cla_episode_ceased_reason clae_cla_episode_ceased_reason “E99” is not a DfE SSDA903 reason episode ceased',
      'ssd_cla_placement.csv:2:clap_cla_placement_change_reason clap_cla_placement_change_reason “MOVED” is not a DfE SSDA903 reason for placement change',
      'ssd_cla_reviews.csv:2:clar_cla_review_participation clar_cla_review_participation “PN9” is not a DfE SSDA903 review participation code',
      'ssd_missing.csv:2:miss_missing_episode_type miss_missing_episode_type “Absent” is not a DfE SSDA903 missing episode type (M, A)',
    ]);
    expect(codes.every((found) => found.severity === 'warning' && !found.rejects)).toBe(true);
    // K2's row is refused (its date of birth): its sex Q is not warned about, as it is not stored.
    expect(whole.findings.filter((found) => found.file === 'ssd_person.csv' && found.row === 3).map((found) => found.rule)).toEqual(['KS-TYPE']);
    const validated = await validateFiles({ format: 'ssd', files, mode: 'lenient', chunkBytes: 11 });
    expect(validated.findings).toEqual(whole.findings);
  });

  it('many rows outside the list: the first of each field listed, the rest counted by value in one warning about the file, alike by all three ways', async () => {
    const values = [...Array<string>(LISTED_PER_FIELD + 9_980).fill('ZZZZ'), ...Array<string>(7).fill('White British'), 'Q'];
    const files = [
      file('ssd_person.csv', `pers_person_id,pers_sex,pers_ethnicity\n${values.map((value, index) => `K${index},M,${value}`).join('\n')}\n`),
      file('ssd_person_2.csv', 'pers_person_id,pers_ethnicity\nJ1,ZZZZ\n'),
    ];
    const whole = ssdImporter.prepare(files, {});
    expect(where(whole.findings)).toEqual([
      ...values.slice(0, LISTED_PER_FIELD).map((_, index) => `KS-CODE warning ssd_person.csv:${index + 2}:pers_ethnicity`),
      'KS-CODE warning ssd_person.csv:null:pers_ethnicity',
      'KS-CODE warning ssd_person_2.csv:2:pers_ethnicity',
    ]);
    expect(whole.findings[LISTED_PER_FIELD]!.message).toBe(
      'pers_ethnicity: 9,988 more rows of this file than the 20 listed hold a value that is not a DfE ethnicity code: “ZZZZ” (9,980), “White British” (7), “Q” (1). Each is stored as given; the CIN census, SSDA903 and Annex A exports write it as given, and DfE’s validation of the census and of the SSDA903 return does not accept it.',
    );
    expect(whole.rejectedRows).toEqual([]);

    const validated = await validateFiles({ format: 'ssd', files, mode: 'lenient', chunkBytes: 100 });
    expect(validated.findings).toEqual(whole.findings);
    expect(validated).toMatchObject({ status: 'checked', errors: 0, warnings: LISTED_PER_FIELD + 2, rejected: 0 });
    expect(validated.findingsByRule).toEqual([{ rule: 'KS-CODE', message: whole.findings[0]!.message, count: LISTED_PER_FIELD + 2 }]);
    expect(validated.summary.rowsRead).toEqual({ ssd_person: values.length + 1 });

    const sorted = (findings: readonly Finding[]) => findings.map((found) => JSON.stringify(found)).sort();
    for (const extra of [{ chunkBytes: 100 }, { inMemory: true }]) {
      const imported = await run(files, { dryRun: true, ...extra });
      expect(sorted(imported.findings)).toEqual(sorted(whole.findings));
      expect(imported.counts.rejected).toBe(0);
    }
  });
});

describe('SSD code warnings on the import report page and the command line', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let app: FastifyInstance;
  let folder: string;
  beforeAll(async () => {
    database = await freshDatabase(undefined);
    app = await buildApp({ database, config: testConfig() }, CAPABILITIES);
    folder = mkdtempSync(path.join(tmpdir(), 'ssd-codes-'));
    const people = `pers_person_id,pers_sex,pers_ethnicity\n${Array.from({ length: 40 }, (_, index) => `K${index},M,ZZZZ`).join('\n')}\nK40,X,WBRI\n`;
    writeFileSync(path.join(folder, 'ssd_person.csv'), people);
  });
  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    await app.close();
    await database.drop();
  });

  it('keystone import ssd --json and its text output count the warnings; the report page lists them by rule, each with its line, and the rows counted', async () => {
    const json: string[] = [];
    expect(await importCommand(database, { format: 'ssd', paths: [folder], dryRun: false, strict: true, json: true }, (text) => json.push(text))).toBe(0);
    const report = JSON.parse(json.join(''));
    expect(report).toMatchObject({ status: 'committed', errors: 0, warnings: 22 });
    expect(report.findingsByRule).toEqual([{ rule: 'KS-CODE', message: expect.stringContaining('pers_ethnicity “ZZZZ”'), count: 22 }]);
    expect(report.findings[19]).toMatchObject({
      rule: 'KS-CODE',
      file: 'ssd_person.csv',
      row: 21,
      field: 'pers_ethnicity',
      severity: 'warning',
      rejected: false,
    });
    expect(report.findings[20]).toMatchObject({ rule: 'KS-CODE', file: 'ssd_person.csv', row: 42, field: 'pers_sex', severity: 'warning', rejected: false });
    expect(report.findings[21]).toMatchObject({
      rule: 'KS-CODE',
      file: 'ssd_person.csv',
      row: null,
      field: 'pers_ethnicity',
      severity: 'warning',
      rejected: false,
    });
    expect(report.findings[21].message).toMatch(
      /^pers_ethnicity: 20 more rows of this file than the 20 listed hold a value that is not a DfE ethnicity code: “ZZZZ” \(20\)\. /,
    );

    const text: string[] = [];
    expect(await importCommand(database, { format: 'ssd', paths: [folder], dryRun: false, strict: false, json: false }, (line) => text.push(line))).toBe(0);
    expect(text.join('')).toMatch(/0 errors, 22 warnings, by rule:\n {2}KS-CODE +22 {2}pers_ethnicity “ZZZZ” is not a DfE ethnicity code/);

    const analyst = await signedInAs(database, { username: 'analyst', roles: ['performance_analyst'] });
    const page = await app.inject({ url: `/imports/${report.importId}`, headers: { cookie: analyst.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('0 errors, 22 warnings');
    expect(page.body).toContain('KS-CODE (warning)');
    expect(page.body).toContain('pers_sex “X” is not a DfE sex code');
    expect(page.body).toContain('pers_ethnicity: 20 more rows of this file than the 20 listed');
  });
});
