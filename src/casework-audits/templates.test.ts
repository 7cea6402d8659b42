import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { engines, freshDatabase } from '../../test/support/engines.ts';
import { signedInAs, testConfig } from '../../test/support/http.ts';
import { buildApp } from '../core/http/app.ts';
import { caseworkAuditRoutes } from './routes/index.ts';
import { getTemplate, listTemplates, saveTemplate } from './store.ts';

describe.each(engines)('changing audit templates on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let app: FastifyInstance;
  let manager: { cookie: string; csrfToken: string; userId: number };
  let analyst: { cookie: string; csrfToken: string; userId: number };
  let used: number;
  let unused: number;

  beforeAll(async () => {
    database = await freshDatabase(url);
    app = await buildApp({ database, config: testConfig() }, [caseworkAuditRoutes]);
    manager = await signedInAs(database, { username: 'service', roles: ['service_manager'] });
    analyst = await signedInAs(database, { username: 'analyst', roles: ['performance_analyst'] });
    const trajectory = [{ date: '2025-03-31', value: 80 }];
    used = await saveTemplate(database, {
      name: 'Quarterly audit',
      scale: 'ofsted',
      goodThreshold: 3,
      domains: ['Voice of the child', 'Management oversight'],
      trajectory,
    });
    unused = await saveTemplate(database, { name: 'Thematic audit', scale: 'score', goodThreshold: 6, domains: ['Plans'], trajectory });
    await sql`INSERT INTO ssd_person (pers_person_id) VALUES ('C1')`.execute(database.db);
    await sql`INSERT INTO ks_casework_audit (template_id, person_id, audit_date, auditor_id, completed_on, overall_grade) VALUES (${used}, 'C1', '2024-05-01', ${manager.userId}, '2024-05-02', 3)`.execute(
      database.db,
    );
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const send = (path: string, payload: Record<string, string>) =>
    app.inject({ method: 'POST', url: path, headers: { cookie: manager.cookie }, payload: { _csrf: manager.csrfToken, ...payload } });

  it('opens a current template filled in, and says when audits use it', async () => {
    const page = await app.inject({ method: 'GET', url: `/casework-audits/templates/${used}`, headers: { cookie: manager.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('1 audit uses this template');
    expect(page.body).toContain('Voice of the child\nManagement oversight');
    expect(page.body).toContain('2025-03-31: 80');
    expect((await app.inject({ method: 'GET', url: `/casework-audits/templates/${used}`, headers: { cookie: analyst.cookie } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/casework-audits/templates/999', headers: { cookie: manager.cookie } })).statusCode).toBe(404);
  });

  it('refuses a name over 100 characters, keeping what was typed', async () => {
    const long = `Thematic ${'a'.repeat(92)}`;
    const response = await send('/casework-audits/templates', { name: long, scale: 'ofsted', domains: 'Plans', trajectory: '' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('The name must be 100 characters or fewer');
    expect(response.body).toContain(`value="${long}"`);
  });

  it('changes an unused template in place, with GOV.UK errors for bad values', async () => {
    const bad = await send(`/casework-audits/templates/${unused}`, {
      name: 'Thematic audit',
      scale: 'score',
      threshold: '11',
      domains: 'Plans',
      trajectory: '',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter the lowest score that counts as good, from 0 to 10');
    expect(
      (
        await send(`/casework-audits/templates/${unused}`, {
          name: 'Thematic audit: plans',
          scale: 'score',
          threshold: '7',
          domains: 'Plans\nReviews',
          trajectory: '',
        })
      ).statusCode,
    ).toBe(303);
    expect(await getTemplate(database, unused)).toMatchObject({
      name: 'Thematic audit: plans',
      goodThreshold: 7,
      domains: ['Plans', 'Reviews'],
      retiredAt: null,
      replacesId: null,
    });
  });

  it('keeps a used template for its audits and saves the change as a new version that replaces it', async () => {
    expect(
      (
        await send(`/casework-audits/templates/${used}`, {
          name: 'Quarterly audit',
          scale: 'score',
          threshold: '6',
          domains: 'Voice of the child\nManagement oversight\nQuality of recording',
          trajectory: '2025-03-31: 85',
        })
      ).statusCode,
    ).toBe(303);
    const old = (await getTemplate(database, used))!;
    expect(old).toMatchObject({ scale: 'ofsted', goodThreshold: 3, domains: ['Voice of the child', 'Management oversight'] });
    expect(old.retiredAt).not.toBeNull();
    const current = await listTemplates(database, { currentOnly: true });
    const version = current.find((template) => template.replacesId === used)!;
    expect(version).toMatchObject({
      name: 'Quarterly audit',
      scale: 'score',
      goodThreshold: 6,
      domains: ['Voice of the child', 'Management oversight', 'Quality of recording'],
    });
    expect(current.map((template) => template.templateId)).not.toContain(used);
    const audit = await sql<{ template_id: number }>`SELECT template_id FROM ks_casework_audit`.execute(database.db);
    expect(Number(audit.rows[0]!.template_id)).toBe(used);

    const page = await app.inject({ method: 'GET', url: '/casework-audits/templates', headers: { cookie: manager.cookie } });
    expect(page.body).toContain('id="retired-templates"');
    expect(page.body).not.toContain(`href="/casework-audits/templates/${used}"`);
    // Retired at 23:30 UTC on 14 July 2026, which is 00:30 BST on 15 July in England.
    await sql`UPDATE ks_audit_template SET retired_at = '2026-07-14 23:30:00+00' WHERE template_id = ${used}`.execute(database.db);
    const retired = await app.inject({ method: 'GET', url: '/casework-audits/templates', headers: { cookie: manager.cookie } });
    expect(retired.body).toMatch(/id="retired-templates"[\s\S]*15 July 2026/);
    expect(retired.body).not.toContain('14 July 2026');
    const results = await app.inject({ method: 'GET', url: '/casework-audits', headers: { cookie: manager.cookie } });
    expect(results.body).toContain('Quarterly audit (earlier version, replaced 15 July 2026)');
    expect((await send(`/casework-audits/templates/${used}`, { name: 'x', scale: 'ofsted', domains: 'x', trajectory: '' })).statusCode).toBe(404);

    const renamed = await send(`/casework-audits/templates/${version.templateId}`, {
      name: 'Quarterly audit 2025',
      scale: 'score',
      threshold: '6',
      domains: 'Voice of the child\nManagement oversight\nQuality of recording',
      trajectory: '2025-03-31: 90',
    });
    expect(renamed.statusCode).toBe(303);
    expect(await getTemplate(database, version.templateId)).toMatchObject({
      name: 'Quarterly audit 2025',
      trajectory: [{ date: '2025-03-31', value: 90 }],
      retiredAt: null,
    });
    const audits = await sql<{
      subject_id: string;
      details: unknown;
    }>`SELECT subject_id, details FROM ks_audit_event WHERE subject_type = 'audit_template' ORDER BY event_id`.execute(database.db);
    expect(audits.rows.map((row) => row.details)).toEqual([{ changed: true }, { new_version_of: used }, { changed: true }]);
  });
});
