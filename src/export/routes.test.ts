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
    expect(page.body).toContain('Export a statutory return');
    expect(page.body).toContain('href="/exports"');
    expect(page.body).toMatch(/name="_csrf" value="[^"]+"/);
  });

  it('shows GOV.UK errors for a missing format and impossible dates', async () => {
    const response = await post(analyst, '/exports', { 'from-day': '31', 'from-month': '2', 'from-year': '2024', 'to-day': '', 'to-month': '', 'to-year': '' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('govuk-error-summary');
    expect(response.body).toContain('href="#format"');
    expect(response.body).toContain('Enter the start of the period as a real date');
    expect(response.body).toContain('href="#to-day"');
    expect(response.body).toContain('value="31"');
    const backwards = await post(analyst, '/exports', { format: 'cin', ...period, 'to-year': '2023' });
    expect(backwards.body).toContain('The end of the period must be the same as or after the start');
  });

  it('downloads the CIN census, the 903 tables and the 903 XML as zips and Annex A, each audited', async () => {
    const cin = await post(analyst, '/exports', { format: 'cin', ...period });
    expect(cin.statusCode).toBe(200);
    expect(cin.headers['content-disposition']).toBe('attachment; filename="CIN_Census_2025.xml"');
    expect(cin.body).toContain('<Sex>');
    const ssda903 = await post(analyst, '/exports', { format: '903', ...period });
    expect(ssda903.headers['content-type']).toBe('application/zip');
    const bytes = ssda903.rawPayload;
    expect(bytes.subarray(0, 4).toString('hex')).toBe('504b0304');
    expect(bytes.includes(Buffer.from('episodes.csv'))).toBe(true);
    const asXml = await post(analyst, '/exports', { format: '903-xml', ...period });
    expect(asXml.headers['content-type']).toBe('application/zip');
    expect(asXml.headers['content-disposition']).toMatch(/filename="ssda903_xml_.*\.zip"/);
    expect(asXml.rawPayload.includes(Buffer.from('SSDA903_2025.xml'))).toBe(true);
    expect(asXml.rawPayload.includes(Buffer.from('sw_episodes.csv'))).toBe(true);
    const annex = await post(analyst, '/exports', { format: 'annex-a', ...period });
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
});
