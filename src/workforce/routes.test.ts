import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Database } from '../core/db/database.ts';
import { buildApp } from '../core/http/app.ts';
import { engines, freshDatabase } from '../../test/support/engines.ts';
import { multipartForm, requestsTo, signedInAs, testConfig, dateFields } from '../../test/support/http.ts';
import { workforceRoutes } from './routes/index.ts';
import { AS_OF, loadWorkforceFixture } from '../../test/support/workforce-fixture.ts';
import { dataPeriod } from '../indicators/analysis.ts';

const textOf = (html: string, id: string) => new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html)?.[1]?.trim();

describe.each(engines)('workforce pages on $name', ({ url }) => {
  let database: Database;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let leader: { cookie: string; csrfToken: string };
  let manager: { cookie: string; csrfToken: string };
  let admin: { cookie: string; csrfToken: string };

  beforeAll(async () => {
    const fresh = await freshDatabase(url);
    database = fresh;
    drop = fresh.drop;
    await loadWorkforceFixture(database);
    app = await buildApp({ database, config: testConfig({ caseloadThreshold: 10 }) }, [workforceRoutes]);
    leader = await signedInAs(database, { username: 'leader', roles: ['senior_leader'] });
    manager = await signedInAs(database, { username: 'manager', roles: ['team_manager'], teamId: 'T2' });
    admin = await signedInAs(database, { username: 'admin', roles: ['administrator'] });
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });
  const { get, post } = requestsTo(() => app);

  it('shows the hand-worked measures, and only the manager’s team to a team manager', async () => {
    const page = await get(leader, `/workforce?date=${AS_OF}`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body, 'figure-vacancy')).toBe('50.0%');
    expect(textOf(page.body, 'figure-per-fte')).toBe('8.6');
    // Both definitions, labelled: by FTE (the census) and by headcount (the Performance overview's).
    expect(page.body).toContain('By FTE (DfE census)');
    expect(page.body).toMatch(/id="figure-agency-headcount">By headcount \(Performance overview\): <strong>[\d.]+%<\/strong>, \d+ of \d+ workers/);
    expect(page.body).toMatch(/id="figure-turnover-headcount">By headcount/);
    // Without a date: the last month end with data, as every page opens.
    const opened = await get(leader, '/workforce');
    expect(opened.statusCode).toBe(200);
    const [, lastWithData] = /defaultAsOf":"(\d{4}-\d{2}-\d{2})/.exec(JSON.stringify(await dataPeriod(database, '2099-12-31')))!;
    const [year, month, day] = lastWithData!.split('-');
    expect(opened.body).toContain(`name="date-day" type="text" value="${Number(day)}"`);
    expect(opened.body).toContain(`name="date-month" type="text" value="${Number(month)}"`);
    expect(opened.body).toContain(`name="date-year" type="text" value="${year}"`);
    expect(page.body).toContain('<svg');
    const own = await get(manager, `/workforce?date=${AS_OF}`);
    expect(textOf(own.body, 'figure-vacancy')).toBe('100.0%');
    expect(own.body).not.toContain('Team One');
    expect((await get(manager, `/workforce?date=${AS_OF}&team=T1`)).statusCode).toBe(400);
    expect((await get(leader, '/workforce?date=31-03-2024')).statusCode).toBe(400);
  });

  it('lists children awaiting allocation only through the access rules, and audits the list', async () => {
    const page = await get(leader, `/workforce/closures/awaiting?date=${AS_OF}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('/children/record?ref=');
    const audit = await sql<{ child_ids: string[] }>`SELECT child_ids FROM ks_audit_event WHERE action = 'child.list' ORDER BY event_id DESC LIMIT 1`.execute(
      database.db,
    );
    expect(audit.rows[0]!.child_ids).toEqual(['X']);
    const managerPage = await get(manager, `/workforce/closures/awaiting?date=${AS_OF}`);
    expect(managerPage.body).toContain('Outside your access');
    expect(managerPage.body).not.toContain('/children/record?ref=');
  });

  it('picks the date of the workforce pages with a GOV.UK date input, and keeps what was typed when it is wrong', async () => {
    const [year, month, day] = AS_OF.split('-');
    const picked = await get(leader, `/workforce?date-day=${day}&date-month=${month}&date-year=${year}`);
    expect(picked.statusCode).toBe(200);
    expect(textOf(picked.body, 'figure-vacancy')).toBe(textOf((await get(leader, `/workforce?date=${AS_OF}`)).body, 'figure-vacancy'));
    expect(picked.body).toMatch(new RegExp(`name="date-day" type="text" value="${Number(day)}"`));
    const unreal = await get(leader, '/workforce/changes?date-day=31&date-month=2&date-year=2024');
    expect(unreal.statusCode).toBe(400);
    expect(unreal.body).toContain('<a href="#date-day">Date must be a real date</a>');
    expect(unreal.body).toMatch(/name="date-day" type="text" value="31"/);
    const missing = await get(leader, '/workforce/capacity?date-day=1&date-month=&date-year=2024');
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('<a href="#date-month">Date must include a month</a>');
    const future = await get(leader, '/workforce/closures?date-day=1&date-month=1&date-year=2099');
    expect(future.body).toContain('Date must be today or in the past');
    // The establishment's optional filter.
    const filtered = await get(admin, '/workforce/establishment?date-day=30&date-month=2&date-year=2024');
    expect(filtered.statusCode).toBe(400);
    expect(filtered.body).toContain('<a href="#date-day">Date must be a real date</a>');
    expect((await get(admin, '/workforce/establishment?date-day=&date-month=&date-year=')).statusCode).toBe(200);
  });

  it('asks for dates as GOV.UK date inputs: real, missing and wrong dates, the values kept on error', async () => {
    const form = await get(admin, '/workforce/closures/new');
    expect(form.body).toMatch(/<fieldset class="govuk-fieldset" role="group"[^>]*>[\s\S]*?Closed to new cases from[\s\S]*?name="start-day"/);
    expect(form.body).not.toContain('YYYY-MM-DD');
    const closure = (start: Record<string, string>, end: Record<string, string> = dateFields('end', '')) =>
      post(admin, '/workforce/closures', { team: 'T1', ...start, ...end, reason: 'Sickness' });
    const unreal = await closure({ 'start-day': '31', 'start-month': '2', 'start-year': '2024' });
    expect(unreal.statusCode).toBe(400);
    expect(unreal.body).toContain('<a href="#start-day">The date the team closed must be a real date</a>');
    expect(unreal.body).toMatch(/id="start-error"[\s\S]*?The date the team closed must be a real date/);
    // What was typed is kept.
    expect(unreal.body).toMatch(/name="start-day" type="text" value="31"/);
    expect(unreal.body).toMatch(/name="start-month" type="text" value="2"/);
    const missing = await closure(dateFields('start', ''));
    expect(missing.body).toContain('<a href="#start-day">Enter the date the team closed</a>');
    const partial = await closure({ 'start-day': '1', 'start-month': '', 'start-year': '2024' }, { 'end-day': '1', 'end-month': '13', 'end-year': '2024' });
    expect(partial.body).toContain('<a href="#start-month">The date the team closed must include a month</a>');
    expect(partial.body).toContain('<a href="#end-month">The date the team reopened must be a real date</a>');
    const saved = await closure(dateFields('start', '2021-01-15'), dateFields('end', '2021-02-01'));
    expect(saved.statusCode).toBe(303);
    // Opened again to change it: the dates held, in the three inputs.
    const id = (await sql<{ clos_id: number }>`SELECT clos_id FROM ks_team_closure WHERE clos_start_date = '2021-01-15'`.execute(database.db)).rows[0]!.clos_id;
    const change = await get(admin, `/workforce/closures/${id}`);
    expect(change.body).toMatch(/name="start-day" type="text" value="15"/);
    expect(change.body).toMatch(/name="end-month" type="text" value="2"/);

    const postBody = { post_id: 'DATES-1', team_id: 'T2', role: 'social_worker', fte: '1', funding_source: 'Base budget' };
    const badPost = await post(admin, '/workforce/establishment', { ...postBody, 'funded_from-day': '1', 'funded_from-month': '4', 'funded_from-year': '24' });
    expect(badPost.statusCode).toBe(400);
    expect(badPost.body).toContain('<a href="#funded_from-year">Year must include 4 numbers</a>');
    expect(badPost.body).toMatch(/name="funded_from-year" type="text" value="24"/);
    expect((await post(admin, '/workforce/establishment', postBody)).body).toContain('<a href="#funded_from-day">Enter the date funding starts</a>');
    expect(
      (await post(admin, '/workforce/establishment', { ...postBody, ...dateFields('funded_from', '2024-04-01'), ...dateFields('funded_to', '2025-04-01') }))
        .statusCode,
    ).toBe(303);
    const held = await get(admin, '/workforce/establishment/posts/DATES-1');
    expect(held.body).toMatch(/name="funded_to-day" type="text" value="1"/);
    expect(held.body).toMatch(/name="funded_to-year" type="text" value="2025"/);
  });

  it('records a closure and a post with GOV.UK validation, and imports the HR CSV', async () => {
    const wrong = await post(admin, '/workforce/closures', {
      team: 'T2',
      ...dateFields('start', '2024-04-01'),
      ...dateFields('end', '2024-03-01'),
      reason: '',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('govuk-error-summary');
    expect(
      (await post(admin, '/workforce/closures', { team: 'T2', ...dateFields('start', '2024-04-01'), ...dateFields('end', ''), reason: 'Vacancies' }))
        .statusCode,
    ).toBe(303);
    const closures = (await get(leader, '/workforce/closures?date=2024-04-02')).body;
    expect(closures).toMatch(/id="figure-closed"[^>]*>1</);
    // The median wait says how many referrals it rests on.
    expect(closures).toMatch(/id="figure-referrals">\d[\d,]* referrals? in the 12 months; \d+ not yet allocated</);

    expect(
      (
        await post(admin, '/workforce/establishment', {
          post_id: 'T1-1',
          team_id: 'T1',
          role: 'social_worker',
          fte: '1',
          ...dateFields('funded_from', '2024-01-01'),
          funding_source: 'x',
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await post(admin, '/workforce/establishment', {
          post_id: 'NEW-1',
          team_id: 'T2',
          role: 'social_worker',
          fte: '0.5',
          ...dateFields('funded_from', '2024-04-01'),
          funding_source: 'Investment',
        })
      ).statusCode,
    ).toBe(303);
    expect((await get(admin, '/workforce/establishment')).body).toContain('NEW-1');
    // Filtered to a team: only that team's posts.
    const t1 = (await get(admin, '/workforce/establishment?in_team=T1')).body;
    expect(t1).not.toContain('NEW-1');
    expect(t1).toContain('<option value="T1" selected>');

    const csv =
      'post_id,team_id,role,fte,funded_from,funding_source\nHR-1,T2,team_manager,1,2024-04-01,Base budget\nHR-2,T2,social_worker,x,2024-04-01,Base budget\n';
    const form = await multipartForm({ _csrf: admin.csrfToken }, [{ field: 'file', name: 'posts.csv', type: 'text/csv', text: csv }]);
    const imported = await app.inject({
      method: 'POST',
      url: '/workforce/establishment/import',
      headers: { cookie: admin.cookie, 'content-type': form.contentType },
      payload: form.payload,
    });
    expect(imported.statusCode).toBe(400);
    expect(imported.body).toMatch(/<td class="govuk-table__cell govuk-table__cell--numeric">3<\/td><td class="govuk-table__cell">fte<\/td>/);
  });

  it('runs the capacity model and the changes page', async () => {
    const capacity = await get(leader, `/workforce/capacity?date=${AS_OF}&posts=2&postsTeam=T1&target=10`);
    expect(capacity.statusCode).toBe(200);
    expect(capacity.body).toContain('The model and its assumptions');
    expect((await get(leader, `/workforce/capacity?date=${AS_OF}&posts=many`)).statusCode).toBe(400);
    const changes = await get(leader, `/workforce/changes?date=${AS_OF}`);
    expect(changes.statusCode).toBe(200);
    expect(textOf(changes.body, 'figure-three')).toBe('2.7%');
    // The per-child figure and the count beside it are the same children's: W's 2 changes over 37 children.
    expect(textOf(changes.body, 'figure-changes')).toBe('0.05 per child');
    // The fixture holds no looked-after episodes: the DfE measure is not available and says why, not "–" and "– of –".
    expect(textOf(changes.body, 'figure-dfe')).toBe('Not available');
    expect(textOf(changes.body, 'figure-dfe-counts')).toBe('Keystone holds no looked-after episodes (ssd_cla_episodes).');
    expect(textOf(changes.body, 'figure-changes-counts')).toBe('2 for the 37 allocated children; 2 recorded in these teams for any child (below)');
  });

  it('offers an administrator, who keeps the establishment and records closures without seeing the workforce pages, no link they are refused', async () => {
    const establishment = await get(admin, '/workforce/establishment');
    expect(establishment.body).toContain('href="/workforce/closures/new"');
    const saved = await post(admin, '/workforce/closures', {
      team: 'T1',
      ...dateFields('start', '2023-01-02'),
      ...dateFields('end', '2023-02-01'),
      reason: 'Sickness',
    });
    expect(saved.statusCode).toBe(303);
    const landing = await get(admin, String(saved.headers.location));
    expect(landing.statusCode).toBe(200);
    for (const page of [establishment, await get(admin, '/workforce/closures/new'), landing])
      for (const [, href] of page.body.matchAll(/href="(\/[^"]*)"/g)) expect((await get(admin, href!.replaceAll('&amp;', '&'))).statusCode, href).not.toBe(403);
  });

  it('says a past ASYE cohort with funded posts but no starters had no starters, not that its year is not over', async () => {
    await sql`INSERT INTO ks_post (post_id, post_team_id, post_role, post_fte, post_funded_from, post_funded_to, post_funding_source)
              VALUES ('ASYE-2021', 'T2', 'asye_social_worker', 1, '2021-09-01', '2022-09-01', 'Social Work Academy')`.execute(database.db);
    const page = await get(leader, `/workforce?date=${AS_OF}`);
    const row = /<tr[^>]*>\s*<th[^>]*>2021\/22<\/th>([\s\S]*?)<\/tr>/.exec(page.body)?.[1];
    expect(row).toContain('No starters');
    expect(row).not.toContain('Year not over');
  });
});

describe.each(engines)('the workforce page on an SSDA903 return alone (no posts, no team memberships) on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let app: FastifyInstance;
  beforeAll(async () => {
    database = await freshDatabase(url);
    await sql`INSERT INTO ssd_person (pers_person_id, pers_dob) VALUES ('C1', '2010-05-01')`.execute(database.db);
    await sql`INSERT INTO ssd_cla_episodes (clae_cla_episode_id, clae_person_id, clae_cla_episode_start_date, clae_legal_status)
      VALUES ('E1', 'C1', '2017-04-03', 'C2')`.execute(database.db);
    app = await buildApp({ database, config: testConfig() }, [workforceRoutes]);
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('says not available and why, not 0 FTE, 0 posts and 0% charts', async () => {
    const leader = await signedInAs(database, { username: 'leader', roles: ['senior_leader'] });
    const page = await requestsTo(() => app).get(leader, '/workforce?date-day=31&date-month=3&date-year=2018');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Not available: Keystone holds no funded posts (Establishment) and no team memberships of workers');
    for (const id of ['figure-fte', 'figure-vacancy', 'chart-vacancy', 'teams']) expect(page.body).not.toContain(`id="${id}"`);
  });
});
