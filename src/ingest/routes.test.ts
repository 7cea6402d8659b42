import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { freshDatabase } from '../../test/support/engines.ts';
import { multipartForm, signedInAs, testConfig } from '../../test/support/http.ts';
import { buildApp } from '../core/http/app.ts';
import { CAPABILITIES } from '../server/capabilities.ts';
import { zipFiles } from '../core/zip.ts';

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

  it('are for performance analysts only', async () => {
    expect((await app.inject({ url: '/imports', headers: { cookie: manager.cookie } })).statusCode).toBe(403);
    const page = await app.inject({ url: '/imports', headers: { cookie: analyst.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Import a statutory return');
  });

  it('upload files, then show the import with its validation report as a page, CSV and JSON', async () => {
    const { payload, contentType } = await multipartForm({ _csrf: analyst.csrfToken, mode: 'lenient' }, [
      { name: 'header.csv', text: 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nC1,1,01/01/2012,WBRI,UN3,,\nC2,9,01/01/2010,WIRI,UN3,0,\n' },
      { name: 'episodes.csv', text: 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\nC1,01/05/2023,S,C2,N1,U1,PR1,,,,,,\n' },
    ]);
    const posted = await app.inject({ method: 'POST', url: '/imports', payload, headers: { cookie: analyst.cookie, 'content-type': contentType } });
    expect(posted.statusCode).toBe(303);
    const location = posted.headers.location as string;
    expect(location).toMatch(/^\/imports\/\d+$/);

    const page = await app.inject({ url: location, headers: { cookie: analyst.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Gender code is not valid.');
    expect(page.body).toMatch(/id="counts">\d+ new, 0 updated, 0 unchanged, 0 rejected/);

    const csv = await app.inject({ url: `${location}/report.csv`, headers: { cookie: analyst.cookie } });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body.split('\n')[0]).toBe('rule,child,file,table,row,field,severity,rejected,message');
    expect(csv.body).toContain('101,C2,header.csv,Header,3,SEX,error');

    const json = JSON.parse((await app.inject({ url: `${location}/report.json`, headers: { cookie: analyst.cookie } })).body);
    expect(json.findings.some((line: { rule: string; child: string }) => line.rule === '101' && line.child === 'C2')).toBe(true);

    const audit = await sql<{ action: string }>`SELECT action FROM ks_audit_event WHERE username = 'analyst' ORDER BY event_id`.execute(database.db);
    expect(audit.rows.map((row) => row.action)).toContain('import');
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
    expect(posted.statusCode).toBe(303);
    const page = await app.inject({ url: posted.headers.location as string, headers: { cookie: analyst.cookie } });
    expect(page.body).toContain('cin');
    const stored = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ssd_cin_episodes WHERE cine_person_id = 'CIN1'`.execute(database.db);
    expect(stored.rows[0]!.n).toBe(1);
  });

  it('refuse files that are not CSV or XML, and an upload without files', async () => {
    const { payload, contentType } = await multipartForm({ _csrf: analyst.csrfToken }, [{ name: 'return.xlsx', text: 'PK' }]);
    const refused = await app.inject({ method: 'POST', url: '/imports', payload, headers: { cookie: analyst.cookie, 'content-type': contentType } });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('return.xlsx is not a .csv or .xml file');
    const empty = await app.inject({ method: 'POST', url: '/imports', payload: { _csrf: analyst.csrfToken }, headers: { cookie: analyst.cookie } });
    expect(empty.statusCode).toBe(400);
  });

  it('import SSD tables and an Annex A workbook chosen on the same page; refuse zips and files that are not what they claim', async () => {
    const ssd = await multipartForm({ _csrf: analyst.csrfToken, format: 'ssd', mode: 'lenient' }, [
      { name: 'ssd_person.csv', text: 'pers_person_id,pers_dob\nSSD1,2014-03-01\n' },
      { name: 'ssd_contacts.csv', text: 'cont_contact_id,cont_person_id,cont_contact_date\nCT1,SSD1,01/02/2024 09:30\n' },
    ]);
    const posted = await app.inject({ method: 'POST', url: '/imports', payload: ssd.payload, headers: { cookie: analyst.cookie, 'content-type': ssd.contentType } });
    expect(posted.statusCode).toBe(303);
    const contact = await sql<{ d: string }>`SELECT cont_contact_date::text AS d FROM ssd_contacts WHERE cont_person_id = 'SSD1'`.execute(database.db);
    expect(contact.rows[0]!.d).toBe('2024-02-01 09:30:00');

    const book = new ExcelJS.Workbook();
    book.addWorksheet('List 1').addRows([['Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth', 'Age', 'Date of Contact', 'Contact Source'], ['AA1', 'a) Male', 'a) WBRI', '01/01/2015', 9, '05/03/2024', 'q) 6: Police']]);
    const workbook = await multipartForm({ _csrf: analyst.csrfToken, format: 'annex-a', mode: 'lenient' }, [{ name: 'Annex A.xlsx', bytes: new Uint8Array(await book.xlsx.writeBuffer()) }]);
    const imported = await app.inject({ method: 'POST', url: '/imports', payload: workbook.payload, headers: { cookie: analyst.cookie, 'content-type': workbook.contentType } });
    expect(imported.statusCode).toBe(303);
    const page = await app.inject({ url: imported.headers.location as string, headers: { cookie: analyst.cookie } });
    expect(page.body).toContain('annex-a');
    const person = await sql<{ pers_sex: string; pers_ethnicity: string }>`SELECT pers_sex, pers_ethnicity FROM ssd_person WHERE pers_person_id = 'AA1'`.execute(database.db);
    expect(person.rows[0]).toEqual({ pers_sex: 'M', pers_ethnicity: 'WBRI' });

    const fake = await multipartForm({ _csrf: analyst.csrfToken, format: 'annex-a' }, [{ name: 'annex.xlsx', text: 'Child Unique ID,Date of Contact' }]);
    const notWorkbook = await app.inject({ method: 'POST', url: '/imports', payload: fake.payload, headers: { cookie: analyst.cookie, 'content-type': fake.contentType } });
    expect(notWorkbook.statusCode).toBe(400);
    expect(notWorkbook.body).toContain('annex.xlsx is named .xlsx but is not an Excel workbook');
    const broken = await multipartForm({ _csrf: analyst.csrfToken, format: 'ssd' }, [{ name: 'ssd_extract.zip', bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]) }]);
    const brokenZip = await app.inject({ method: 'POST', url: '/imports', payload: broken.payload, headers: { cookie: analyst.cookie, 'content-type': broken.contentType } });
    expect(brokenZip.statusCode).toBe(400);
    expect(brokenZip.body).toContain('ssd_extract.zip: The archive cannot be read');
    // A zipped SSD extract is opened and imported like its files.
    const extract = zipFiles([{ name: 'ssd_person.csv', bytes: new TextEncoder().encode('pers_person_id,pers_sex\nZIP1,F\n') }]);
    const zipped = await multipartForm({ _csrf: analyst.csrfToken, format: 'ssd', mode: 'lenient' }, [{ name: 'ssd_extract.zip', bytes: extract }]);
    const fromZip = await app.inject({ method: 'POST', url: '/imports', payload: zipped.payload, headers: { cookie: analyst.cookie, 'content-type': zipped.contentType } });
    expect(fromZip.statusCode).toBe(303);
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM ssd_person WHERE pers_person_id = 'ZIP1'`.execute(database.db)).rows[0]!.n).toBe(1);
    // Formats that come as one file are not accepted zipped.
    const cinZipped = await multipartForm({ _csrf: analyst.csrfToken, format: 'cin' }, [{ name: 'cin.zip', bytes: extract }]);
    const cinZip = await app.inject({ method: 'POST', url: '/imports', payload: cinZipped.payload, headers: { cookie: analyst.cookie, 'content-type': cinZipped.contentType } });
    expect(cinZip.body).toContain('only SSD extracts and SSDA903 returns can be uploaded zipped');
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
