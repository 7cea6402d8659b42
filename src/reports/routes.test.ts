/**
 * Committee reports through the web app on the demo county: an analyst drafts, edits and publishes;
 * publishing freezes the figures; a member reads published versions and nothing else; downloads are audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { engines, freshDatabase } from '../../test/support/engines.ts';
import { onceFrom, requestsTo, signedInAs, testConfig } from '../../test/support/http.ts';
import { buildApp } from '../core/http/app.ts';
import { CAPABILITIES } from '../server/capabilities.ts';
import { seedDemo } from '../server/start.ts';
import { fillCalendar } from '../indicators/calendar.ts';
import { todayInEngland } from '../core/dates.ts';
import { availablePeriods } from './produce.ts';
import { findTemplate } from './templates.ts';

describe.each(engines)('committee reports on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let app: FastifyInstance;
  let analyst: { cookie: string; csrfToken: string };
  let member: { cookie: string; csrfToken: string };
  let period: string;

  beforeAll(async () => {
    database = await freshDatabase(url);
    await fillCalendar(database);
    await seedDemo(database, { children: 500, seed: 3 }, () => undefined);
    app = await buildApp({ database, config: testConfig() }, CAPABILITIES);
    analyst = await signedInAs(database, { username: 'report.analyst', displayName: 'Ana Analyst', roles: ['performance_analyst'] });
    member = await signedInAs(database, { username: 'report.member', roles: ['elected_member'] });
    period = (await availablePeriods(database, todayInEngland()))[0]!;
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const { get, post } = requestsTo(() => app);

  it('refuses an incomplete request in the GOV.UK error pattern', async () => {
    const response = await post(analyst, '/reports', { period });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('govuk-error-summary');
    expect(response.body).toContain('Select the kind of report');
    const custom = await post(analyst, '/reports', { template: 'custom', period });
    expect(custom.body).toContain('Select at least one indicator');
    expect(response.body).toContain('<title>Error: Create a report – Keystone</title>');
    // The empty form has no error: its title must not tell a screen reader there is one.
    const empty = await get(analyst, '/reports/new');
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('<title>Create a report – Keystone</title>');
  });

  it('drafts, keeps generated and edited commentary, publishes a frozen version, and lets a member read only that', async () => {
    const created = await post(analyst, '/reports', { template: 'scrutiny', period });
    expect(created.statusCode).toBe(303);
    const draftPath = created.headers.location as string;
    const reportId = Number(draftPath.split('/').pop());
    const draft = await get(analyst, draftPath);
    expect(draft.statusCode).toBe(200);
    // Computed at 23:30 UTC on 14 July 2026: 00:30 BST on 15 July in England.
    await sql`UPDATE ks_report SET refreshed_at = '2026-07-14 23:30:00+00' WHERE report_id = ${reportId}`.execute(database.db);
    expect((await get(analyst, draftPath)).body).toContain('Figures computed on 15 July 2026.');
    const template = findTemplate('scrutiny')!;
    const generated = await sql<{
      indicator_id: string;
      generated_text: string;
    }>`SELECT indicator_id, generated_text FROM ks_report_commentary WHERE report_id = ${reportId} ORDER BY indicator_id`.execute(database.db);
    expect(generated.rows.map((row) => row.indicator_id).sort()).toEqual([...template.indicatorIds].sort());

    // The author edits one commentary: both texts are kept.
    const edited = 'Referrals rose after the new front door opened; the board asked for a deep dive in November.';
    expect((await post(analyst, `/reports/${reportId}/commentary`, { 'commentary-demand.referrals': edited })).statusCode).toBe(303);
    const kept = await sql<{
      generated_text: string;
      edited_text: string | null;
    }>`SELECT generated_text, edited_text FROM ks_report_commentary WHERE report_id = ${reportId} AND indicator_id = 'demand.referrals'`.execute(database.db);
    expect(kept.rows[0]!.edited_text).toBe(edited);
    // Commentary over 5,000 characters is refused with GOV.UK's wording, the typed text kept and nothing saved.
    const long = `Referrals ${'r'.repeat(4991)}`;
    const refused = await post(analyst, `/reports/${reportId}/commentary`, { 'commentary-demand.referrals': long });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('The commentary must be 5,000 characters or fewer');
    expect(refused.body).toContain(`>${long}</textarea>`);
    expect(
      (
        await sql<{
          edited_text: string;
        }>`SELECT edited_text FROM ks_report_commentary WHERE report_id = ${reportId} AND indicator_id = 'demand.referrals'`.execute(database.db)
      ).rows[0]!.edited_text,
    ).toBe(edited);
    expect(kept.rows[0]!.generated_text).toBe(generated.rows.find((row) => row.indicator_id === 'demand.referrals')!.generated_text);

    const published = await post(analyst, `/reports/${reportId}/publish`);
    expect(published.statusCode).toBe(303);
    const versionPath = `/reports/${reportId}/versions/1`;
    expect(published.headers.location).toBe(versionPath);

    // The member: the archive and the published version; never a draft or the authoring pages.
    const archive = await get(member, '/reports');
    expect(archive.statusCode).toBe(200);
    expect(archive.body).toContain(versionPath);
    expect(archive.body).not.toContain('Create a report');
    const page = await get(member, versionPath);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(edited);
    expect(page.body).toContain('Executive summary');
    expect(page.body).not.toContain('/children');
    for (const path of [draftPath, `/reports/${reportId}/preview`, '/reports/new']) expect((await get(member, path)).statusCode, path).toBe(403);
    for (const path of ['/reports', `/reports/${reportId}/publish`, `/reports/${reportId}/commentary`])
      expect((await post(member, path, { template: 'scrutiny', period })).statusCode, path).toBe(403);

    // Publish = freeze: the data change, the draft's figures can be recomputed, version 1 does not move.
    const before = (await sql<{ snapshot: unknown }>`SELECT snapshot FROM ks_report_version WHERE report_id = ${reportId} AND version = 1`.execute(database.db))
      .rows[0]!.snapshot;
    const csvBefore = (await get(member, `${versionPath}/annex.csv`)).body;
    await sql`UPDATE ssd_involvements SET invo_involvement_end_date = ${`${period}-01`} WHERE invo_involvement_end_date IS NULL AND invo_involvement_start_date < ${`${period}-01`}
      AND invo_involvements_id IN (SELECT invo_involvements_id FROM ssd_involvements WHERE invo_involvement_end_date IS NULL ORDER BY invo_involvements_id LIMIT 60)`.execute(
      database.db,
    );
    expect((await post(analyst, `/reports/${reportId}/refresh`)).statusCode).toBe(303);
    const refreshed = (await sql<{ figures: unknown }>`SELECT figures FROM ks_report WHERE report_id = ${reportId}`.execute(database.db)).rows[0]!.figures;
    expect(JSON.stringify((refreshed as { indicators: unknown[] }).indicators)).not.toBe(
      JSON.stringify((before as { figures: { indicators: unknown[] } }).figures.indicators),
    );
    expect((await get(member, `${versionPath}/annex.csv`)).body).toBe(csvBefore);
    await expect(sql`UPDATE ks_report_version SET title = 'changed' WHERE report_id = ${reportId}`.execute(database.db)).rejects.toThrow(/frozen/);

    // Publishing again makes version 2; version 1 stays in the archive, marked superseded.
    expect((await post(analyst, `/reports/${reportId}/publish`)).headers.location).toBe(`/reports/${reportId}/versions/2`);
    expect((await get(member, '/reports')).body).toContain('(superseded)');
  });

  it('answers 404, not a server error, for a report or version number that does not exist, however large', async () => {
    for (const path of ['/reports/1/versions/99999999999', '/reports/1/versions/99999999999/annex.csv', '/reports/1/versions/0'])
      expect((await get(member, path)).statusCode, path).toBe(404);
    expect((await get(analyst, '/reports/9999999999999999')).statusCode).toBe(404);
  });

  it('serves the Word document and the data annex, audited, with formula-safe cells', async () => {
    const created = await post(analyst, '/reports', { template: 'custom', period, indicators: ['demand.referrals', 'timeliness.assessments_45wd_pct'] });
    const reportId = Number((created.headers.location as string).split('/').pop());
    const versionPath = (await post(analyst, `/reports/${reportId}/publish`)).headers.location as string;
    const docx = await get(member, `${versionPath}/report.docx`);
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-disposition']).toContain('.docx');
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const xlsx = await get(member, `${versionPath}/annex.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const csv = await get(member, `${versionPath}/annex.csv`);
    expect(csv.body.split('\r\n')[0]).toBe('indicator_id,indicator,unit,row,label,as_of,value,numerator,denominator,target,england,variation,assurance');
    expect(csv.body).toContain('demand.referrals,Referrals received,count,council,Whole council');
    expect((await get(member, `${versionPath}/nothing.exe`)).statusCode).toBe(404);
    const exports = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM ks_audit_event WHERE action = 'export' AND subject_type = 'report' AND subject_id = ${`${reportId}/1`}`.execute(
      database.db,
    );
    expect(exports.rows[0]!.n).toBe(3);
  });

  it('drafts one report from a form sent twice at once (a double click), sending both answers to it', async () => {
    const author = await signedInAs(database, { username: 'report.twice', roles: ['performance_analyst'] });
    const sent = { template: 'scrutiny', period, _once: onceFrom((await get(author, '/reports/new')).body) };
    const [first, second] = await Promise.all([post(author, '/reports', sent), post(author, '/reports', sent)]);
    expect([first.statusCode, second.statusCode]).toEqual([303, 303]);
    expect(second.headers.location).toBe(first.headers.location);
    const drafts = await sql<{ n: string }>`SELECT count(*) AS n FROM ks_report WHERE created_by = ${author.userId}`.execute(database.db);
    expect(Number(drafts.rows[0]!.n)).toBe(1);
  });
});

describe('the PDF option without Chromium', () => {
  it('says plainly why there is no PDF', async () => {
    const { pdfUnavailableReason } = await import('./render.ts');
    const saved = process.env.KEYSTONE_CHROMIUM;
    process.env.KEYSTONE_CHROMIUM = '/nonexistent/chromium';
    try {
      expect(await pdfUnavailableReason()).toBe(
        'PDF is not available on this server: Chromium was not found at /nonexistent/chromium (set KEYSTONE_CHROMIUM to where it is). Download the Word document instead.',
      );
    } finally {
      if (saved === undefined) delete process.env.KEYSTONE_CHROMIUM;
      else process.env.KEYSTONE_CHROMIUM = saved;
    }
  });
});
