import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import * as ExcelJS from '@cj-tech-master/excelts';
import { sql } from 'kysely';
import { freshDatabase } from '../../test/support/engines.ts';
import { multipartForm, signedInAs, testConfig } from '../../test/support/http.ts';
import { buildApp } from '../core/http/app.ts';
import { CAPABILITIES } from '../server/capabilities.ts';
import { zipFiles } from '../core/zip.ts';
import { importJobs, ImportJobs, type ImportRunner } from './jobs.ts';
import { runImport, type ImportRequest } from './pipeline.ts';

describe('import pages', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let app: FastifyInstance;
  let analyst: Awaited<ReturnType<typeof signedInAs>>;
  let manager: Awaited<ReturnType<typeof signedInAs>>;

  beforeAll(async () => {
    database = await freshDatabase(undefined);
    app = await buildApp({ database, config: testConfig() }, CAPABILITIES);
    analyst = await signedInAs(database, { username: 'analyst', roles: ['performance_analyst'] });
    manager = await signedInAs(database, { username: 'manager', roles: ['team_manager'] });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const JOB_PAGE = /^\/imports\/jobs\/[0-9a-f-]{36}$/;
  /** An accepted upload answers with its job page; once the job has run, that page leads to the import's report. */
  async function reportOf(posted: { statusCode: number; headers: Record<string, unknown> }): Promise<string> {
    expect(posted.statusCode).toBe(303);
    const jobPage = posted.headers.location as string;
    expect(jobPage).toMatch(JOB_PAGE);
    await importJobs(database).idle();
    const finished = await app.inject({ url: jobPage, headers: { cookie: analyst.cookie } });
    expect(finished.statusCode).toBe(303);
    expect(finished.headers.location).toMatch(/^\/imports\/\d+$/);
    return finished.headers.location as string;
  }

  it('are for performance analysts only', async () => {
    expect((await app.inject({ url: '/imports', headers: { cookie: manager.cookie } })).statusCode).toBe(403);
    const page = await app.inject({ url: '/imports', headers: { cookie: analyst.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Import a statutory return');
  });

  it('upload files, then show the import with its validation report as a page, CSV and JSON', async () => {
    const { payload, contentType } = await multipartForm({ _csrf: analyst.csrfToken, mode: 'lenient' }, [
      { name: 'header.csv', text: 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nC1,1,01/01/2012,WBRI,UN3,,\nC2,9,01/01/2010,WIRI,UN3,0,\n' },
      {
        name: 'episodes.csv',
        text: 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\nC1,01/05/2023,S,C2,N1,U1,PR1,,,,,,\n',
      },
    ]);
    const posted = await app.inject({ method: 'POST', url: '/imports', payload, headers: { cookie: analyst.cookie, 'content-type': contentType } });
    const location = await reportOf(posted);

    const page = await app.inject({ url: location, headers: { cookie: analyst.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Gender code is not valid.');
    expect(page.body).toMatch(/id="counts">\d+ new, 0 updated, 0 unchanged, 0 rejected/);
    // Which DfE rules were checked, and which were not (and why), on the page itself: here, without
    // postcode-derived columns or last year's tables, 169 (placement LA) and 202 (sex changed) were not run.
    expect(page.body).toMatch(/id="ruleset">DfE SSDA903 validation rules 2023\/24 \(the return&#39;s collection year, 2023-24\)/);
    expect(page.body).toContain('Rules not run');
    expect(page.body).toMatch(
      /169<\/td><td class="govuk-table__cell">DfE finds the placement&#39;s local authority \(PL_LA\) from the placement postcode; Keystone ships no copy of ONS&#39;s postcode directory/,
    );
    expect(page.body).toMatch(/202<\/td><td class="govuk-table__cell">compares with last year&#39;s Header: supply header_last.csv/);
    expect(page.body).toMatch(/392c \(in part\)/);

    const csv = await app.inject({ url: `${location}/report.csv`, headers: { cookie: analyst.cookie } });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body.split('\n')[0]).toBe('rule,child,file,table,row,field,severity,rejected,message');
    expect(csv.body).toContain('101,C2,header.csv,Header,3,SEX,error');
    expect(csv.body).toMatch(/\n169,,,,,,not run,false,"DfE finds the placement's local authority/);
    expect(csv.body).toMatch(/\n392c,,,,,,run in part,false,"only the shape of each postcode is checked/);

    const json = JSON.parse((await app.inject({ url: `${location}/report.json`, headers: { cookie: analyst.cookie } })).body);
    expect(json.findings.some((line: { rule: string; child: string }) => line.rule === '101' && line.child === 'C2')).toBe(true);
    expect(json.rulesNotRun.find((entry: { code: string }) => entry.code === '1015').reason).toMatch(/PL_LA\) from the placement postcode/);
    expect(json.import.summary).toMatchObject({ rulesetYear: '2023/24', ruleset: expect.stringMatching(/^DfE SSDA903 validation rules 2023\/24/) });

    const audit = await sql<{ action: string }>`SELECT action FROM ks_audit_event WHERE username = 'analyst' ORDER BY event_id`.execute(database.db);
    expect(audit.rows.map((row) => row.action)).toContain('import');
  });

  it("import a 903 return with Ofsted's provider lists beside it: the URN rules run, and the report names the lists", async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Provider information');
    sheet.addRow(['Local Authority', 'URN', 'Provider Type', 'Closed Date', 'Provider Code', 'Provider Placement Code', 'Setting Postcode']);
    sheet.addRow(['East Sussex', 'SC800001', "Children's Home", '', 'PR4', 'K2', 'ZZ1 1AA']);
    const { payload, contentType } = await multipartForm({ _csrf: analyst.csrfToken, mode: 'lenient' }, [
      { name: 'header.csv', text: 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nU1,1,01/01/2012,WBRI,UN3,,\n' },
      {
        name: 'episodes.csv',
        text: 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\nU1,01/05/2023,S,C2,N1,K2,PR4,,,,,ZZ1 1AA,SC800009\n',
      },
      { name: 'Children homes.xlsx', bytes: new Uint8Array(await book.xlsx.writeBuffer()) },
      { name: 'providers.csv', text: 'URN,Local authority,Placement code,Placement provider code,Setting postcode\n8000002,Camden,U1,PR4,ZZ2 2BB\n' },
    ]);
    const posted = await app.inject({ method: 'POST', url: '/imports', payload, headers: { cookie: analyst.cookie, 'content-type': contentType } });
    const location = await reportOf(posted);
    const page = await app.inject({ url: location, headers: { cookie: analyst.cookie } });
    expect(page.body).toMatch(
      /id="provider-lists">Children homes.xlsx: Ofsted&#39;s Children&#39;s Homes list, 1 providers; providers.csv: Ofsted&#39;s Social Care Providers list, 1 providers/,
    );
    const json = JSON.parse((await app.inject({ url: `${location}/report.json`, headers: { cookie: analyst.cookie } })).body);
    expect(json.findings.filter((line: { rule: string }) => line.rule === '1008')).toMatchObject([{ child: 'U1', file: 'episodes.csv', row: 2, field: 'URN' }]);
    expect(json.rulesNotRun.map((entry: { code: string }) => entry.code)).not.toContain('1008');
  });

  it('import a CIN census file chosen on the same page', async () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2024</Year><ReferenceDate>2024-03-31</ReferenceDate></CollectionDetails>
<Source><SourceLevel>L</SourceLevel><LEA>999</LEA><SoftwareCode>Keystone</SoftwareCode><Release>1</Release><SerialNo>1</SerialNo><DateTime>2024-05-01T10:00:00</DateTime></Source></Header>
<Children><Child><ChildIdentifiers><LAchildID>CIN1</LAchildID><UPN>A123456789012</UPN><PersonBirthDate>2015-06-01</PersonBirthDate><GenderCurrent>1</GenderCurrent></ChildIdentifiers>
<ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>
<CINdetails><CINreferralDate>2023-09-01</CINreferralDate><ReferralSource>1A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode><CINclosureDate>2024-01-15</CINclosureDate><ReasonForClosure>RC1</ReasonForClosure><ReferralNFA>0</ReferralNFA></CINdetails>
</Child></Children></Message>`;
    const { payload, contentType } = await multipartForm({ _csrf: analyst.csrfToken, format: 'cin', mode: 'lenient' }, [{ name: 'cin_2024.xml', text: xml }]);
    const posted = await app.inject({ method: 'POST', url: '/imports', payload, headers: { cookie: analyst.cookie, 'content-type': contentType } });
    const page = await app.inject({ url: await reportOf(posted), headers: { cookie: analyst.cookie } });
    expect(page.body).toContain('cin');
    // ReferenceDate 2024-03-31: the 2023/24 census, checked with DfE's 2023/24 rules.
    expect(page.body).toContain('id="ruleset">2023/24</dd>');
    // The census's collection year is shown, as a 903 return's is (it was "–").
    expect(page.body).toMatch(/Collection year<\/dt><dd class="govuk-summary-list__value">2023-24<\/dd>/);
    const stored = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ssd_cin_episodes WHERE cine_person_id = 'CIN1'`.execute(database.db);
    expect(stored.rows[0]!.n).toBe(1);
  });

  it('refuse files that are not CSV, XML or (Ofsted lists) workbooks, and an upload without files', async () => {
    const { payload, contentType } = await multipartForm({ _csrf: analyst.csrfToken }, [{ name: 'return.pdf', text: '%PDF' }]);
    const refused = await app.inject({ method: 'POST', url: '/imports', payload, headers: { cookie: analyst.cookie, 'content-type': contentType } });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('return.pdf is not a .csv, .xml or .xlsx file');
    const fake = await multipartForm({ _csrf: analyst.csrfToken }, [{ name: 'providers.xlsx', text: 'PK' }]);
    const notWorkbook = await app.inject({
      method: 'POST',
      url: '/imports',
      payload: fake.payload,
      headers: { cookie: analyst.cookie, 'content-type': fake.contentType },
    });
    expect(notWorkbook.statusCode).toBe(400);
    expect(notWorkbook.body).toContain('providers.xlsx is named .xlsx but is not an Excel workbook');
    const empty = await app.inject({ method: 'POST', url: '/imports', payload: { _csrf: analyst.csrfToken }, headers: { cookie: analyst.cookie } });
    expect(empty.statusCode).toBe(400);
  });

  it('import SSD tables and an Annex A workbook chosen on the same page; refuse zips and files that are not what they claim', async () => {
    const ssd = await multipartForm({ _csrf: analyst.csrfToken, format: 'ssd', mode: 'lenient' }, [
      { name: 'ssd_person.csv', text: 'pers_person_id,pers_dob\nSSD1,2014-03-01\n' },
      { name: 'ssd_contacts.csv', text: 'cont_contact_id,cont_person_id,cont_contact_date\nCT1,SSD1,01/02/2024 09:30\n' },
    ]);
    const posted = await app.inject({
      method: 'POST',
      url: '/imports',
      payload: ssd.payload,
      headers: { cookie: analyst.cookie, 'content-type': ssd.contentType },
    });
    await reportOf(posted);
    const contact = await sql<{ d: string }>`SELECT cont_contact_date::text AS d FROM ssd_contacts WHERE cont_person_id = 'SSD1'`.execute(database.db);
    expect(contact.rows[0]!.d).toBe('2024-02-01 09:30:00');

    const book = new ExcelJS.Workbook();
    book.addWorksheet('List 1').addRows([
      ['Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth', 'Age', 'Date of Contact', 'Contact Source'],
      ['AA1', 'a) Male', 'a) WBRI', '01/01/2015', 9, '05/03/2024', 'q) 6: Police'],
    ]);
    const workbook = await multipartForm({ _csrf: analyst.csrfToken, format: 'annex-a', mode: 'lenient' }, [
      { name: 'Annex A.xlsx', bytes: new Uint8Array(await book.xlsx.writeBuffer()) },
    ]);
    const imported = await app.inject({
      method: 'POST',
      url: '/imports',
      payload: workbook.payload,
      headers: { cookie: analyst.cookie, 'content-type': workbook.contentType },
    });
    const page = await app.inject({ url: await reportOf(imported), headers: { cookie: analyst.cookie } });
    expect(page.body).toContain('annex-a');
    const person = await sql<{
      pers_sex: string;
      pers_ethnicity: string;
    }>`SELECT pers_sex, pers_ethnicity FROM ssd_person WHERE pers_person_id = 'AA1'`.execute(database.db);
    expect(person.rows[0]).toEqual({ pers_sex: 'M', pers_ethnicity: 'WBRI' });

    const fake = await multipartForm({ _csrf: analyst.csrfToken, format: 'annex-a' }, [{ name: 'annex.xlsx', text: 'Child Unique ID,Date of Contact' }]);
    const notWorkbook = await app.inject({
      method: 'POST',
      url: '/imports',
      payload: fake.payload,
      headers: { cookie: analyst.cookie, 'content-type': fake.contentType },
    });
    expect(notWorkbook.statusCode).toBe(400);
    expect(notWorkbook.body).toContain('annex.xlsx is named .xlsx but is not an Excel workbook');
    const broken = await multipartForm({ _csrf: analyst.csrfToken, format: 'ssd' }, [
      { name: 'ssd_extract.zip', bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]) },
    ]);
    const brokenZip = await app.inject({
      method: 'POST',
      url: '/imports',
      payload: broken.payload,
      headers: { cookie: analyst.cookie, 'content-type': broken.contentType },
    });
    expect(brokenZip.statusCode).toBe(400);
    expect(brokenZip.body).toContain('ssd_extract.zip: The archive cannot be read');
    // A zipped SSD extract is opened and imported like its files.
    const extract = zipFiles([{ name: 'ssd_person.csv', bytes: new TextEncoder().encode('pers_person_id,pers_sex\nZIP1,F\n') }]);
    const zipped = await multipartForm({ _csrf: analyst.csrfToken, format: 'ssd', mode: 'lenient' }, [{ name: 'ssd_extract.zip', bytes: extract }]);
    const fromZip = await app.inject({
      method: 'POST',
      url: '/imports',
      payload: zipped.payload,
      headers: { cookie: analyst.cookie, 'content-type': zipped.contentType },
    });
    await reportOf(fromZip);
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM ssd_person WHERE pers_person_id = 'ZIP1'`.execute(database.db)).rows[0]!.n).toBe(1);
    // Formats that come as one file are not accepted zipped.
    const cinZipped = await multipartForm({ _csrf: analyst.csrfToken, format: 'cin' }, [{ name: 'cin.zip', bytes: extract }]);
    const cinZip = await app.inject({
      method: 'POST',
      url: '/imports',
      payload: cinZipped.payload,
      headers: { cookie: analyst.cookie, 'content-type': cinZipped.contentType },
    });
    expect(cinZip.body).toContain('only SSD extracts and SSDA903 returns can be uploaded zipped');
  });

  /** A job that reports writing the third of twelve tables, then waits until `release()` before importing for real. */
  function heldJob() {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const run: ImportRunner = async (db, request) => {
      request.onProgress?.({ stage: 'writing', done: 2, total: 12, detail: 'ssd_person' });
      await gate;
      return runImport(db, request);
    };
    return { run, release };
  }
  const personFile = (id: string) => ({ name: 'ssd_person.csv', bytes: new TextEncoder().encode(`pers_person_id,pers_sex\n${id},F\n`) });
  const request = (id: string): ImportRequest => ({
    format: 'ssd',
    files: [personFile(id)],
    mode: 'lenient',
    dryRun: false,
    actor: { userId: analyst.userId, username: 'analyst', ip: null, requestId: null },
  });

  it('run an upload in the background: its job page shows the stage, refreshes itself, then leads to the report', async () => {
    const held = heldJob();
    const first = await importJobs(database).start(request('JOB1'), held.run);
    const upload = await multipartForm({ _csrf: analyst.csrfToken, format: 'ssd', mode: 'lenient' }, [
      { name: 'ssd_person.csv', text: 'pers_person_id,pers_sex\nJOB2,M\n' },
    ]);
    const posted = await app.inject({
      method: 'POST',
      url: '/imports',
      payload: upload.payload,
      headers: { cookie: analyst.cookie, 'content-type': upload.contentType },
    });
    expect(posted.statusCode).toBe(303);
    const secondPage = posted.headers.location as string;
    expect(secondPage).toMatch(JOB_PAGE);
    await new Promise((resolve) => setImmediate(resolve));

    const running = await app.inject({ url: `/imports/jobs/${first.id}`, headers: { cookie: analyst.cookie } });
    expect(running.statusCode).toBe(200);
    expect(running.body).toContain('<meta http-equiv="refresh" content="2">');
    expect(running.body).toMatch(
      /<div class="govuk-inset-text" id="progress" role="status" aria-live="polite">\s*<p class="govuk-body govuk-!-font-weight-bold">Writing ssd_person \(3 of 12\)<\/p>/,
    );
    expect(running.body).toContain('<progress max="12" value="2" aria-label="Tables written">2 of 12 tables written</progress>');
    expect(running.body).toContain('ssd_person.csv');
    // The meta refresh is not script: the Content-Security-Policy has nothing to allow for it.
    expect(running.headers['content-security-policy']).toContain("script-src 'self' 'nonce-");

    // The Imports page lists both, with where each has got to.
    const history = await app.inject({ url: '/imports', headers: { cookie: analyst.cookie } });
    expect(history.body).toContain(
      `<a class="govuk-link" href="/imports/jobs/${first.id}">SSD: ssd_person.csv</a>, uploaded by analyst: Writing ssd_person (3 of 12)`,
    );
    expect(history.body).toContain(
      `<a class="govuk-link" href="${secondPage}">SSD: ssd_person.csv</a>, uploaded by analyst: Waiting for 1 earlier import to finish`,
    );

    const waiting = await app.inject({ url: secondPage, headers: { cookie: analyst.cookie } });
    expect(waiting.body).toContain('Waiting for 1 earlier import to finish');
    expect(waiting.body).toContain('<h1 class="govuk-heading-xl">Waiting to import</h1>');

    // Imports are for performance analysts: another analyst may follow the job, a team manager may not.
    const colleague = await signedInAs(database, { username: 'analyst2', roles: ['performance_analyst'] });
    expect((await app.inject({ url: secondPage, headers: { cookie: colleague.cookie } })).statusCode).toBe(200);
    expect((await app.inject({ url: secondPage, headers: { cookie: manager.cookie } })).statusCode).toBe(403);
    expect((await app.inject({ url: '/imports/jobs/00000000-0000-4000-8000-000000000000', headers: { cookie: analyst.cookie } })).statusCode).toBe(404);

    held.release();
    const firstReport = await reportOf({ statusCode: 303, headers: { location: `/imports/jobs/${first.id}` } });
    const secondReport = await reportOf(posted);
    expect(Number(secondReport.split('/')[2])).toBeGreaterThan(Number(firstReport.split('/')[2]));
    const report = await app.inject({ url: secondReport, headers: { cookie: analyst.cookie } });
    expect(report.body).toContain('<h1 class="govuk-heading-xl">Imported</h1>');
    expect(report.body).toMatch(/id="counts">1 new, 0 updated, 0 unchanged, 0 rejected/);
    // What the data now make possible: people alone support no figure (indicators/support.ts).
    expect(report.body).toContain('<h2 class="govuk-heading-l" id="support">What the data now support</h2>');
    expect(report.body).toMatch(/<td class="govuk-table__cell">Keystone holds no visits to looked-after children \(ssd_cla_visits\)/);
    const stored = await sql<{ id: string }>`SELECT pers_person_id AS id FROM ssd_person WHERE pers_person_id IN ('JOB1', 'JOB2') ORDER BY 1`.execute(
      database.db,
    );
    expect(stored.rows.map((row) => row.id)).toEqual(['JOB1', 'JOB2']);
    // The audit trail holds the upload's acceptance and the import, under the job's reference.
    const events = await sql<{
      subject_type: string;
    }>`SELECT subject_type FROM ks_audit_event WHERE request_id = ${secondPage.split('/')[3]!} ORDER BY event_id`.execute(database.db);
    expect(events.rows.map((row) => row.subject_type)).toEqual(['import_job', 'import']);
  });

  it('show a failed import as failed: the report when the pipeline recorded it, the error when it could not', async () => {
    // The database refuses the write: the pipeline rolls back and records the failure.
    await sql.raw(`CREATE FUNCTION refuse_person() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$`).execute(database.db);
    await sql.raw('CREATE TRIGGER refuse_person BEFORE INSERT ON ssd_person FOR EACH ROW EXECUTE FUNCTION refuse_person()').execute(database.db);
    const upload = await multipartForm({ _csrf: analyst.csrfToken, format: 'ssd', mode: 'lenient' }, [
      { name: 'ssd_person.csv', text: 'pers_person_id,pers_sex\nFAIL1,F\n' },
    ]);
    const posted = await app.inject({
      method: 'POST',
      url: '/imports',
      payload: upload.payload,
      headers: { cookie: analyst.cookie, 'content-type': upload.contentType },
    });
    const report = await app.inject({ url: await reportOf(posted), headers: { cookie: analyst.cookie } });
    await sql.raw('DROP TRIGGER refuse_person ON ssd_person').execute(database.db);
    await sql.raw('DROP FUNCTION refuse_person()').execute(database.db);
    expect(report.body).toContain('<h1 class="govuk-heading-xl">Failed: nothing written</h1>');
    expect(report.body).toContain('disk full');

    // The pipeline itself throws (it could not even record the failure): the job page says so and stops refreshing.
    const broken = await importJobs(database).start(request('FAIL2'), async () => {
      throw new Error('connection lost');
    });
    await importJobs(database).idle();
    const page = await app.inject({ url: `/imports/jobs/${broken.id}`, headers: { cookie: analyst.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1 class="govuk-heading-xl">The import failed</h1>');
    expect(page.body).toContain('The import stopped with an unexpected error: connection lost.');
    expect(page.body).not.toContain('http-equiv="refresh"');
  });

  it('after a restart, show a job that had not finished as not finished, and a finished one as its report', async () => {
    // Jobs held by another queue stand for the memory of a server process that has since stopped.
    const before = new ImportJobs(database);
    const held = heldJob();
    const interrupted = await before.start(request('GONE1'), held.run);
    const page = await app.inject({ url: `/imports/jobs/${interrupted.id}`, headers: { cookie: analyst.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1 class="govuk-heading-xl">The import did not finish</h1>');
    expect(page.body).toContain('Keystone stopped before this import finished.');
    expect(page.body).toContain('ssd_person.csv');
    expect(page.body).not.toContain('http-equiv="refresh"');

    const done = await before.start(request('DONE1'));
    held.release();
    await before.idle();
    const finished = await app.inject({ url: `/imports/jobs/${done.id}`, headers: { cookie: analyst.cookie } });
    expect(finished.statusCode).toBe(303);
    expect(finished.headers.location).toBe(`/imports/${done.importId}`);
    // The report says when it started as the import history does (7 December 2026 at 11:16pm), not as a database timestamp.
    const report = await app.inject({ url: `/imports/${done.importId}`, headers: { cookie: analyst.cookie } });
    expect(report.body).toMatch(/Started<\/dt><dd class="govuk-summary-list__value">\d{1,2} [A-Z][a-z]+ \d{4} at (\d{1,2}(:\d{2})?[ap]m|midday|midnight) by /);
  });

  it('refuse an upload without the form token', async () => {
    const { payload, contentType } = await multipartForm({}, [{ name: 'header.csv', text: 'CHILD\n1\n' }]);
    const response = await app.inject({ method: 'POST', url: '/imports', payload, headers: { cookie: analyst.cookie, 'content-type': contentType } });
    expect(response.statusCode).toBe(403);
  });

  it('answer 404 for an import that does not exist', async () => {
    expect((await app.inject({ url: '/imports/999999', headers: { cookie: analyst.cookie } })).statusCode).toBe(404);
    expect((await app.inject({ url: '/imports/x', headers: { cookie: analyst.cookie } })).statusCode).toBe(404);
  });
});
