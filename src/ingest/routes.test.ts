import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { freshDatabase } from '../../test/support/engines.ts';
import { signedInAs, testConfig } from '../../test/support/http.ts';
import { buildApp } from '../core/http/app.ts';
import { CAPABILITIES } from '../server/capabilities.ts';

function multipart(fields: Record<string, string>, files: Array<{ name: string; text: string }>) {
  const boundary = '----keystone-test-boundary';
  const parts = [
    ...Object.entries(fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    ...files.map((file) => `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n${file.text}\r\n`),
  ];
  return { payload: `${parts.join('')}--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}` };
}

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
    const { payload, contentType } = multipart({ _csrf: analyst.csrfToken, mode: 'lenient' }, [
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
    const { payload, contentType } = multipart({ _csrf: analyst.csrfToken, format: 'cin', mode: 'lenient' }, [{ name: 'cin_2024.xml', text: xml }]);
    const posted = await app.inject({ method: 'POST', url: '/imports', payload, headers: { cookie: analyst.cookie, 'content-type': contentType } });
    expect(posted.statusCode).toBe(303);
    const page = await app.inject({ url: posted.headers.location as string, headers: { cookie: analyst.cookie } });
    expect(page.body).toContain('cin');
    const stored = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ssd_cin_episodes WHERE cine_person_id = 'CIN1'`.execute(database.db);
    expect(stored.rows[0]!.n).toBe(1);
  });

  it('refuse files that are not CSV or XML, and an upload without files', async () => {
    const { payload, contentType } = multipart({ _csrf: analyst.csrfToken }, [{ name: 'return.xlsx', text: 'PK' }]);
    const refused = await app.inject({ method: 'POST', url: '/imports', payload, headers: { cookie: analyst.cookie, 'content-type': contentType } });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('return.xlsx is not a .csv or .xml file');
    const empty = await app.inject({ method: 'POST', url: '/imports', payload: { _csrf: analyst.csrfToken }, headers: { cookie: analyst.cookie } });
    expect(empty.statusCode).toBe(400);
  });

  it('refuse an upload without the form token', async () => {
    const { payload, contentType } = multipart({}, [{ name: 'header.csv', text: 'CHILD\n1\n' }]);
    const response = await app.inject({ method: 'POST', url: '/imports', payload, headers: { cookie: analyst.cookie, 'content-type': contentType } });
    expect(response.statusCode).toBe(403);
  });

  it('answer 404 for an import that does not exist', async () => {
    expect((await app.inject({ url: '/imports/999999', headers: { cookie: analyst.cookie } })).statusCode).toBe(404);
    expect((await app.inject({ url: '/imports/x', headers: { cookie: analyst.cookie } })).statusCode).toBe(404);
  });
});
