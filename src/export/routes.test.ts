import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/support/engines.ts';
import { requestsTo, signedInAs, testConfig } from '../../test/support/http.ts';
import { buildApp } from '../core/http/app.ts';
import { generateCounty, loadCounty } from '../demo/index.ts';
import { CAPABILITIES } from '../server/capabilities.ts';

describe('export page', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let app: FastifyInstance;
  let analyst: Awaited<ReturnType<typeof signedInAs>>;
  let manager: Awaited<ReturnType<typeof signedInAs>>;

  beforeAll(async () => {
    database = await freshDatabase(undefined);
    await loadCounty(database, generateCounty({ children: 40, seed: 4 }));
    app = await buildApp({ database, config: testConfig() }, CAPABILITIES);
    analyst = await signedInAs(database, { username: 'analyst', roles: ['performance_analyst'] });
    manager = await signedInAs(database, { username: 'manager', roles: ['team_manager'] });
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const { post } = requestsTo(() => app);
  const period = { 'from-day': '1', 'from-month': '4', 'from-year': '2024', 'to-day': '31', 'to-month': '3', 'to-year': '2025' };

  it('is for performance analysts, linked from the navigation', async () => {
    expect((await app.inject({ url: '/exports', headers: { cookie: manager.cookie } })).statusCode).toBe(403);
    expect((await post(manager, '/exports', { format: 'cin', ...period })).statusCode).toBe(403);
    const page = await app.inject({ url: '/exports', headers: { cookie: analyst.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>Export a statutory return – Keystone</title>');
    expect(page.body).not.toContain('govuk-error-summary');
    expect(page.body).toContain('href="/exports"');
    expect(page.body).toMatch(/name="_csrf" value="[^"]+"/);
  });

  it('shows GOV.UK errors for a missing format and impossible dates', async () => {
    const response = await post(analyst, '/exports', { 'from-day': '31', 'from-month': '2', 'from-year': '2024', 'to-day': '', 'to-month': '', 'to-year': '' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('govuk-error-summary');
    expect(response.body).toContain('<title>Error: Export a statutory return – Keystone</title>');
    expect(response.body).toContain('href="#format"');
    expect(response.body).toContain('Enter the start of the period as a real date');
    expect(response.body).toContain('href="#to-day"');
    expect(response.body).toContain('value="31"');
    const backwards = await post(analyst, '/exports', { format: 'cin', ...period, 'to-year': '2023' });
    expect(backwards.body).toContain('The end of the period must be the same as or after the start');
  });

  it('refuses date parts sent twice (a doubled or tampered form) with the error summary, not a server error', async () => {
    const response = await post(analyst, '/exports', { format: 'cin', ...period, 'from-day': ['1', '2'], 'to-year': ['2025', '2026'] });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Enter the start of the period as a real date');
    expect(response.body).toContain('Enter the end of the period as a real date');
  });

  /** Makes an export on the page: the answer is the page saying what it holds and left out, with the download link. */
  async function exportOnPage(format: string, as = analyst) {
    const page = await post(as, '/exports', { format, ...period });
    expect(page.statusCode, format).toBe(200);
    expect(page.body).toContain('Your export is ready');
    const href = /href="(\/exports\/[0-9a-f-]{36}\/download)"/.exec(page.body)?.[1];
    expect(href, format).toBeDefined();
    const file = await app.inject({ url: href!, headers: { cookie: as.cookie } });
    expect(file.statusCode, format).toBe(200);
    return { page, href: href!, file };
  }

  it('downloads the CIN census, the 903 tables and the 903 XML as zips and Annex A, each audited', async () => {
    const cin = await exportOnPage('cin');
    expect(cin.file.headers['content-disposition']).toBe('attachment; filename="CIN_Census_2025.xml"');
    expect(cin.file.headers['cache-control']).toBe('no-store');
    expect(cin.file.body).toContain('<Sex>');
    const ssda903 = (await exportOnPage('903')).file;
    expect(ssda903.headers['content-type']).toBe('application/zip');
    const bytes = ssda903.rawPayload;
    expect(bytes.subarray(0, 4).toString('hex')).toBe('504b0304');
    expect(bytes.includes(Buffer.from('episodes.csv'))).toBe(true);
    const asXml = (await exportOnPage('903-xml')).file;
    expect(asXml.headers['content-type']).toBe('application/zip');
    expect(asXml.headers['content-disposition']).toMatch(/filename="ssda903_xml_.*\.zip"/);
    expect(asXml.rawPayload.includes(Buffer.from('SSDA903_2025.xml'))).toBe(true);
    expect(asXml.rawPayload.includes(Buffer.from('sw_episodes.csv'))).toBe(true);
    const annex = (await exportOnPage('annex-a')).file;
    expect(annex.headers['content-disposition']).toBe('attachment; filename="Annex_A_2025-03-31.xlsx"');
    const audit = await sql<{
      username: string;
      subject_id: string;
    }>`SELECT username, subject_id FROM ks_audit_event WHERE action = 'export' ORDER BY event_id`.execute(database.db);
    expect(audit.rows).toEqual([
      { username: 'analyst', subject_id: 'cin' },
      { username: 'analyst', subject_id: '903' },
      { username: 'analyst', subject_id: '903-xml' },
      { username: 'analyst', subject_id: 'annex-a' },
    ]);
  });

  it('says on the page, before the download, what each export left out', async () => {
    const listed = (body: string) => /<ul class="govuk-list govuk-list--bullet" id="omitted">([\s\S]*?)<\/ul>/.exec(body)?.[1] ?? '';
    const xml = await exportOnPage('903-xml');
    expect(listed(xml.page.body)).toContain('Previous permanence (PERMANENCE), UASC and adoption decisions');
    expect(listed(xml.page.body)).toContain('630, 551, 553');
    expect(xml.page.body).toContain('SSDA903_2025.xml');
    expect(xml.page.headers['cache-control']).toBe('no-store');
    const csv = await exportOnPage('903');
    expect(listed(csv.page.body)).toContain('The UASC, AD1 (adoption decisions), PlacedAdoption and PrevPerm (previous permanence) tables');
    // Each file with its count, in the singular for one (the XML's 903 episodes.csv beside it has rows, the census children).
    for (const [, count, noun] of xml.page.body.matchAll(/: (\d+) (rows?)<\/li>/g)) expect(noun).toBe(count === '1' ? 'row' : 'rows');
    expect([...xml.page.body.matchAll(/: (\d+) (rows?)<\/li>/g)].length).toBeGreaterThan(0);
    const annex = await exportOnPage('annex-a');
    expect(listed(annex.page.body)).toContain('Lists 2 (early help assessments), 10 (adoption) and 11 (adopters)');

    // An assessment factor the census code list lacks is named, with its child, and escaped.
    const [assessment] = (
      await sql<{ id: string; child: string }>`SELECT cina_assessment_id AS id, cina_person_id AS child FROM ssd_cin_assessments
        WHERE cina_assessment_start_date BETWEEN '2024-04-01' AND '2025-03-01' ORDER BY 1 LIMIT 1`.execute(database.db)
    ).rows;
    await sql`DELETE FROM ssd_assessment_factors WHERE cinf_assessment_id = ${assessment!.id}`.execute(database.db);
    await sql`INSERT INTO ssd_assessment_factors VALUES ('test-factor', ${assessment!.id}, '["<b>9Z</b>"]')`.execute(database.db);
    const cin = await exportOnPage('cin');
    expect(listed(cin.page.body)).toContain(`Child ${assessment!.child}: assessment factor “&lt;b&gt;9Z&lt;/b&gt;”`);
    expect(cin.page.body).not.toContain('<b>9Z</b>');
  });

  it('gives the file only to the analyst who made it, and says when it is gone', async () => {
    const made = await exportOnPage('cin');
    const colleague = await signedInAs(database, { username: 'analyst2', roles: ['performance_analyst'] });
    const other = await app.inject({ url: made.href, headers: { cookie: colleague.cookie } });
    expect(other.statusCode).toBe(404);
    expect(other.body).toContain('This export is no longer available');
    expect((await app.inject({ url: '/exports/not-an-id/download', headers: { cookie: analyst.cookie } })).statusCode).toBe(404);
    expect((await app.inject({ url: made.href, headers: { cookie: manager.cookie } })).statusCode).toBe(403);
  });

  it('says plainly when the CIN census holds no child, naming the dates the episodes held run between', async () => {
    const response = await post(analyst, '/exports', { format: 'cin', ...period, 'from-year': '2000', 'to-year': '2001' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(
      />\s*0\. No child had a CIN episode \(referral\) open from 1 April 2000 to 31 March 2001: the episodes held run from \d{1,2} [A-Z][a-z]+ \d{4} to \d{1,2} [A-Z][a-z]+ \d{4}\./,
    );
  });
});
