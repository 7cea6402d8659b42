import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { engines, freshDatabase } from '../../test/support/engines.ts';
import { signedInAs, testConfig } from '../../test/support/http.ts';
import { insertRows } from '../core/db/bulk.ts';
import { buildApp } from '../core/http/app.ts';
import { sealChildRef } from '../core/children/ref.ts';
import { accessToChildren } from '../core/children/access.ts';
import { readSession } from '../core/auth/sessions.ts';
import { londonDateTime, todayInEngland } from '../core/dates.ts';
import { childrenRoutes } from './routes.ts';
import { auditRoutes } from '../audit/routes.ts';

/**
 * Service S has teams T1 and T2. W1 (team T1) holds Ada (C1) and Cyd (C3, restricted, visible only
 * to the named user "named.one"); W2 (team T2) holds Bea (C2). M1 manages T1. Dov (C4) was W1's in
 * 2021 and has been W2's since 2022.
 */
async function loadFixture(database: Awaited<ReturnType<typeof freshDatabase>>) {
  const { db } = database;
  await insertRows(
    db,
    'ssd_department',
    ['dept_team_id', 'dept_team_name', 'dept_team_parent_id', 'dept_team_type'],
    [
      ['S', 'Safeguarding service', null, 'service'],
      ['T1', 'Team One', 'S', 'team'],
      ['T2', 'Team Two', 'S', 'team'],
    ],
  );
  await insertRows(
    db,
    'ssd_professionals',
    ['prof_professional_id', 'prof_professional_name'],
    [
      ['W1', 'Wendy One'],
      ['W2', 'Walt Two'],
      ['M1', 'Mo Manager'],
    ],
  );
  await insertRows(
    db,
    'ks_team_membership',
    ['memb_professional_id', 'memb_team_id', 'memb_role', 'memb_start_date'],
    [
      ['W1', 'T1', 'social_worker', '2020-01-01'],
      ['W2', 'T2', 'social_worker', '2020-01-01'],
      ['M1', 'T1', 'team_manager', '2020-01-01'],
    ],
  );
  await insertRows(
    db,
    'ssd_person',
    ['pers_person_id', 'pers_forename', 'pers_surname', 'pers_dob'],
    [
      ['C1', 'Ada', 'Zephyrine', '2015-05-01'],
      ['C2', 'Bea', 'Quorlington', '2012-02-02'],
      ['C3', 'Cyd', 'Marrowbank', '2016-06-06'],
      ['C4', 'Dov', 'Pellinore', '2014-04-04'],
    ],
  );
  await insertRows(
    db,
    'ssd_involvements',
    ['invo_involvements_id', 'invo_professional_id', 'invo_professional_role_id', 'invo_professional_team', 'invo_involvement_start_date', 'invo_person_id'],
    [
      ['I1', 'W1', 'ALLOCATED_CASE_WORKER', 'T1', '2024-01-01', 'C1'],
      ['I2', 'W2', 'ALLOCATED_CASE_WORKER', 'T2', '2024-01-01', 'C2'],
      ['I3', 'W1', 'ALLOCATED_CASE_WORKER', 'T1', '2024-01-01', 'C3'],
    ],
  );
  // Dov (C4) was Wendy's (team T1) in 2021, then moved to Walt (team T2) for good.
  await insertRows(
    db,
    'ssd_involvements',
    [
      'invo_involvements_id',
      'invo_professional_id',
      'invo_professional_role_id',
      'invo_professional_team',
      'invo_involvement_start_date',
      'invo_involvement_end_date',
      'invo_person_id',
    ],
    [
      ['I4', 'W1', 'ALLOCATED_CASE_WORKER', 'T1', '2021-01-01', '2022-01-01', 'C4'],
      ['I5', 'W2', 'ALLOCATED_CASE_WORKER', 'T2', '2022-01-01', null, 'C4'],
    ],
  );
}

/** An episode's ID, child, start (date, reason), legal status and end date. */
const EPISODE_COLUMNS = [
  'clae_cla_episode_id',
  'clae_person_id',
  'clae_cla_episode_start_date',
  'clae_cla_episode_start_reason',
  'clae_legal_status',
  'clae_cla_episode_ceased_date',
];

describe.each(engines)('children’s records on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let app: FastifyInstance;
  let manager: Awaited<ReturnType<typeof signedInAs>>;
  let ig: Awaited<ReturnType<typeof signedInAs>>;
  const today = todayInEngland();

  beforeAll(async () => {
    database = await freshDatabase(url);
    await loadFixture(database);
    app = await buildApp({ database, config: testConfig() }, [childrenRoutes, auditRoutes]);
    manager = await signedInAs(database, { username: 'mo.manager', roles: ['team_manager'], professionalId: 'M1' });
    ig = await signedInAs(database, { username: 'ig.officer', roles: ['information_governance'] });
    const named = await signedInAs(database, { username: 'named.one', roles: ['social_worker'], professionalId: 'W2' });
    const form = await app.inject({
      method: 'POST',
      url: '/audit/restrictions',
      headers: { cookie: ig.cookie },
      payload: { _csrf: ig.csrfToken, child_id: 'C3', reason: 'Relative of a member of staff', usernames: 'named.one' },
    });
    expect(form.statusCode).toBe(303);
    void named;
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const userOf = async (session: { cookie: string }) => (await readSession(database, session.cookie.split('=')[1], { idleMinutes: 30, absoluteMinutes: 720 }))!;

  it('decides access in one place: scope, then restriction', async () => {
    const access = await accessToChildren(database, await userOf(manager), ['C1', 'C2', 'C3', 'C9'], today);
    expect(Object.fromEntries(access)).toEqual({ C1: 'full', C2: 'out_of_scope', C3: 'restricted', C9: 'not_found' });
    const named = await signedInAs(database, { username: 'named.one', roles: ['social_worker'], professionalId: 'W2' });
    expect(Object.fromEntries(await accessToChildren(database, await userOf(named), ['C1', 'C2', 'C3'], today))).toEqual({
      C1: 'out_of_scope',
      C2: 'full',
      C3: 'full',
    });
  });

  it('lists a worker’s children in the manager’s team, hides the restricted one, audits the list, and keeps IDs out of links', async () => {
    const page = await app.inject({ url: `/caseloads/workers/W1/children?date=${today}`, headers: { cookie: manager.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Ada Zephyrine');
    expect(page.body).not.toContain('Marrowbank');
    expect(page.body).toContain('Restricted record');
    for (const href of page.body.match(/href="[^"]*"/g) ?? []) expect(href).not.toMatch(/C[123]\b/);
    const event = await database.db
      .selectFrom('ks_audit_event')
      .select(['child_ids', 'username'])
      .where('action', '=', 'child.list')
      .orderBy('event_id', 'desc')
      .executeTakeFirstOrThrow();
    expect(event).toEqual({ child_ids: ['C3', 'C1'], username: 'mo.manager' }); // listed by surname
    // Another team's worker is not there for this manager.
    expect((await app.inject({ url: `/caseloads/workers/W2/children?date=${today}`, headers: { cookie: manager.cookie } })).statusCode).toBe(404);
  });

  it("gives a QA auditor, who sees every team's figures, no team's casework: no worker's list, no child not under audit", async () => {
    const auditor = await signedInAs(database, { username: 'qa.only', roles: ['qa_auditor'] });
    expect((await app.inject({ url: `/caseloads/workers/W1/children?date=${today}`, headers: { cookie: auditor.cookie } })).statusCode).toBe(404);
    expect(Object.fromEntries(await accessToChildren(database, await userOf(auditor), ['C1', 'C2'], today))).toEqual({
      C1: 'out_of_scope',
      C2: 'out_of_scope',
    });
    // A team manager who also audits keeps their own team's casework, and gains no other team's.
    const both = await signedInAs(database, { username: 'mo.audits', roles: ['team_manager', 'qa_auditor'], professionalId: 'M1' });
    expect((await app.inject({ url: `/caseloads/workers/W1/children?date=${today}`, headers: { cookie: both.cookie } })).body).toContain('Ada Zephyrine');
    expect((await app.inject({ url: `/caseloads/workers/W2/children?date=${today}`, headers: { cookie: both.cookie } })).statusCode).toBe(404);
    expect(Object.fromEntries(await accessToChildren(database, await userOf(both), ['C1', 'C2'], today))).toEqual({ C1: 'full', C2: 'out_of_scope' });
  });

  it('decides access as of today: a past list names only children the user may still see, and opens no other record', async () => {
    // Wendy (W1) held Dov in 2021; today he is Walt's, in another team.
    const wendy = await signedInAs(database, { username: 'wendy.one', roles: ['social_worker'], professionalId: 'W1' });
    const access = await accessToChildren(database, await userOf(wendy), ['C1', 'C4'], '2021-06-30');
    // Ada was not Wendy's in 2021; Dov was, but is not today: neither is hers to see on that list.
    expect(Object.fromEntries(access)).toEqual({ C1: 'out_of_scope', C4: 'out_of_scope' });
    for (const session of [wendy, manager]) {
      const list = await app.inject({ url: '/caseloads/workers/W1/children?date=2021-06-30', headers: { cookie: session.cookie } });
      expect(list.statusCode).toBe(200);
      expect(list.body).toContain('On 30 June 2021: 1 child');
      expect(list.body).not.toContain('Pellinore');
      expect(list.body).not.toContain('2014');
      const event = await database.db
        .selectFrom('ks_audit_event')
        .select(['child_ids', 'details'])
        .where('action', '=', 'child.list')
        .orderBy('event_id', 'desc')
        .executeTakeFirstOrThrow();
      expect(event.child_ids).toEqual([]);
      // The row's link opens no record: it offers break-glass, as for any child outside one's work today.
      const ref = /href="\/children\/record\?ref=([^"]+)"/.exec(list.body)![1]!;
      const record = await app.inject({ url: `/children/record?ref=${ref}`, headers: { cookie: session.cookie } });
      expect(record.statusCode).toBe(403);
      expect(record.body).not.toContain('Pellinore');
      expect(record.body).toContain('outside your caseload');
    }
    // A reference sealed for the 2021 list opens nothing either.
    const sealed = await sealChildRef(database, (await userOf(wendy)).userId, { personId: 'C4', asOf: '2021-06-30' });
    expect((await app.inject({ url: `/children/record?ref=${encodeURIComponent(sealed)}`, headers: { cookie: wendy.cookie } })).body).not.toContain(
      'Pellinore',
    );
    // Today's list is unchanged: Ada, and Cyd shown as restricted.
    const now = await app.inject({ url: `/caseloads/workers/W1/children?date=${today}`, headers: { cookie: wendy.cookie } });
    expect(now.body).toContain('Ada Zephyrine');
  });

  it('opens a record by sealed reference only, and audits each view', async () => {
    const user = await userOf(manager);
    const ref = await sealChildRef(database, user.userId, { personId: 'C1', asOf: today });
    // Sealed: neither the reference nor its decoded bytes carry the child's identifier as written.
    expect(ref).not.toMatch(/personId|Ada/);
    expect(Buffer.from(ref, 'base64url').toString('latin1')).not.toContain('"C1"');
    const record = await app.inject({ url: `/children/record?ref=${encodeURIComponent(ref)}`, headers: { cookie: manager.cookie } });
    expect(record.statusCode).toBe(200);
    expect(record.body).toContain('Ada Zephyrine');
    expect(record.body).toContain('Wendy One');
    const views = await database.db
      .selectFrom('ks_audit_event')
      .select('child_ids')
      .where('action', '=', 'child.view')
      .where('username', '=', 'mo.manager')
      .execute();
    expect(views).toContainEqual({ child_ids: ['C1'] });
    // A reference made for someone else, or tampered with, opens nothing.
    const igUser = await userOf(ig);
    const othersRef = await sealChildRef(database, igUser.userId, { personId: 'C1', asOf: today });
    expect((await app.inject({ url: `/children/record?ref=${encodeURIComponent(othersRef)}`, headers: { cookie: manager.cookie } })).statusCode).toBe(404);
    const tampered = ref.slice(0, -4) + (ref.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect((await app.inject({ url: `/children/record?ref=${encodeURIComponent(tampered)}`, headers: { cookie: manager.cookie } })).statusCode).toBe(404);
  });

  it('tells a user in scope that a restricted record exists, and nothing more', async () => {
    const ref = await sealChildRef(database, (await userOf(manager)).userId, { personId: 'C3', asOf: today });
    const page = await app.inject({ url: `/children/record?ref=${encodeURIComponent(ref)}`, headers: { cookie: manager.cookie } });
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('This record is restricted');
    expect(page.body).not.toContain('Cyd');
  });

  it('gives break-glass access with a reason, alerts the IG officer, and queues it for review', async () => {
    const ref = await sealChildRef(database, (await userOf(manager)).userId, { personId: 'C2', asOf: today });
    const refused = await app.inject({ url: `/children/record?ref=${encodeURIComponent(ref)}`, headers: { cookie: manager.cookie } });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('outside your caseload');
    expect(refused.body).not.toContain('Quorlington');
    const tooShort = await app.inject({
      method: 'POST',
      url: '/children/break-glass',
      headers: { cookie: manager.cookie },
      payload: { _csrf: manager.csrfToken, ref, reason: 'need' },
    });
    expect(tooShort.statusCode).toBe(400);
    const granted = await app.inject({
      method: 'POST',
      url: '/children/break-glass',
      headers: { cookie: manager.cookie },
      payload: { _csrf: manager.csrfToken, ref, reason: 'Out-of-hours call from police about this child' },
    });
    expect(granted.statusCode).toBe(303);
    expect((await app.inject({ url: `/children/record?ref=${encodeURIComponent(ref)}`, headers: { cookie: manager.cookie } })).body).toContain(
      'Bea Quorlington',
    );
    const notes = await database.db
      .selectFrom('ks_notification')
      .innerJoin('ks_user', 'ks_user.user_id', 'ks_notification.user_id')
      .select(['username', 'link'])
      .execute();
    expect(notes).toContainEqual({ username: 'ig.officer', link: '/audit/break-glass' });
    const queue = await app.inject({ url: '/audit/break-glass', headers: { cookie: ig.cookie } });
    expect(queue.body).toContain('Out-of-hours call from police');
    const id = /\/audit\/break-glass\/(\d+)\/review/.exec(queue.body)![1];
    await app.inject({
      method: 'POST',
      url: `/audit/break-glass/${id}/review`,
      headers: { cookie: ig.cookie },
      payload: { _csrf: ig.csrfToken, outcome: 'appropriate' },
    });
    expect((await app.inject({ url: '/audit/break-glass', headers: { cookie: ig.cookie } })).body).toContain('Appropriate – ig.officer');
    const impossible = await app.inject({
      method: 'POST',
      url: '/audit/break-glass/99999999999999999999999/review',
      headers: { cookie: ig.cookie },
      payload: { _csrf: ig.csrfToken, outcome: 'appropriate' },
    });
    expect(impossible.statusCode).toBe(404);
  });

  it('shows the IG officer who has seen a child, and exports the trail safely', async () => {
    const search = await app.inject({ method: 'POST', url: '/audit/child', headers: { cookie: ig.cookie }, payload: { _csrf: ig.csrfToken, child_id: 'C1' } });
    expect(search.statusCode).toBe(200);
    expect(search.body).toContain('mo.manager');
    // Words on the page, not Keystone's codes.
    expect(search.body).toContain('Viewed a child’s record');
    expect(search.body).not.toMatch(/>child\.view</);
    expect(search.body).not.toContain('null');
    const csv = await app.inject({ url: '/audit/export.csv?username=mo.manager', headers: { cookie: ig.cookie } });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toBe(
      'event_id,occurred_at_london,username,action,action_words,subject_type,subject_id,subject_words,children,details,ip',
    );
    // The CSV keeps the code, with the words beside it.
    expect(csv.body).toContain('child.list,Viewed a list of children');
    const page = await app.inject({ url: '/audit', headers: { cookie: ig.cookie } });
    expect(page.body).toContain('Intact');
    // A list with no subject of its own is named by the list it was: the manager's view of a worker's caseload.
    const lists = await app.inject({ url: '/audit?username=mo.manager&action=child.list', headers: { cookie: ig.cookie } });
    expect(lists.body).toMatch(/Viewed a list of children<\/td><td[^>]*>Worker caseload</);
  });

  it('prints when things happened GOV.UK style on the clock in England (“7 December 2026 at 11:05pm”), and keeps the CSV machine-readable', async () => {
    const ISO_TIME = /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/;
    const latest = await sql<{
      event_id: number;
      occurred_at: string;
    }>`SELECT event_id, occurred_at FROM ks_audit_event ORDER BY event_id DESC LIMIT 1`.execute(database.db);
    const trail = await app.inject({ url: '/audit', headers: { cookie: ig.cookie } });
    // The page is itself audited after it is read: the latest event before it is on it, at its time.
    expect(trail.body).toContain(`<td class="govuk-table__cell">${londonDateTime(new Date(latest.rows[0]!.occurred_at))}</td>`);
    expect(trail.body).not.toMatch(ISO_TIME);
    // Across the clocks going back (2am BST on 25 October 2026 is 1am GMT): 23:00 UTC is midnight BST, 01:30 UTC is 1:30am GMT.
    await sql`UPDATE ks_break_glass SET granted_at = '2026-10-24 23:00:00+00', expires_at = '2026-10-25 01:30:00+00'`.execute(database.db);
    const breakGlass = await app.inject({ url: '/audit/break-glass', headers: { cookie: ig.cookie } });
    expect(breakGlass.body).toContain('25 October 2026 at midnight to 25 October 2026 at 1:30am (UK time)');
    await sql`UPDATE ks_restricted_child SET restricted_at = '2026-06-01 11:00:00+00'`.execute(database.db); // midday BST
    const restrictions = await app.inject({ url: '/audit/restrictions', headers: { cookie: ig.cookie } });
    expect(restrictions.body).toMatch(/1 June 2026 at midday by \S+/);
    for (const page of [breakGlass, restrictions]) expect(page.body).not.toMatch(ISO_TIME);
    const csv = await app.inject({ url: '/audit/export.csv', headers: { cookie: ig.cookie } });
    expect(csv.body.split('\r\n')[1]).toMatch(/^\d+,\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},/);
  });

  it('filters the audit trail by dates entered as day, month and year (GOV.UK date inputs), or given as YYYY-MM-DD by a link', async () => {
    const trail = (query: string) => app.inject({ url: `/audit?username=mo.manager&${query}`, headers: { cookie: ig.cookie } });
    const rows = (html: string) => (html.match(/Viewed a list of children<\/td>/g) ?? []).length;
    const all = await trail('');
    expect(all.body).toMatch(/name="from-day"[\s\S]*name="from-month"[\s\S]*name="from-year"[\s\S]*name="to-day"/);
    expect(rows(all.body)).toBeGreaterThan(0);
    // Every event is today's: from tomorrow finds none; to tomorrow (by the form or a link's YYYY-MM-DD) finds them all.
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const [year, month, day] = tomorrow.split('-').map(Number);
    expect(rows((await trail(`from-day=${day}&from-month=${month}&from-year=${year}`)).body)).toBe(0);
    expect(rows((await trail(`to-day=${day}&to-month=${month}&to-year=${year}`)).body)).toBe(rows(all.body));
    expect(rows((await trail(`to=${tomorrow}`)).body)).toBe(rows(all.body));
    // A date that is not real: refused with GOV.UK's words, the parts kept as typed, nothing listed.
    const wrong = await trail('from-day=31&from-month=2&from-year=2026');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('The start date must be a real date');
    expect(wrong.body).toContain('href="#from-day"');
    expect(wrong.body).toMatch(/name="from-day" type="text" value="31"/);
    expect(rows(wrong.body)).toBe(0);
    expect((await trail('to=2026-02-31')).body).toContain('Enter the end date as a real date');
    // A link giving a filter twice (tampered): read as not given, never a server error.
    for (const url of ['/audit?from=2026-01-01&from=2026-02-01&username=a&username=b', '/audit/export.csv?to=2026-01-01&to=2026-02-01&username=a&username=b'])
      expect((await app.inject({ url, headers: { cookie: ig.cookie } })).statusCode, url).toBe(200);
  });

  it('says when a child’s care began before the data (the earliest episode held is not a new period, RNE S)', async () => {
    await insertRows(
      database.db,
      'ssd_cla_episodes',
      ['clae_cla_episode_id', 'clae_person_id', 'clae_cla_episode_start_date', 'clae_cla_episode_start_reason', 'clae_legal_status'],
      [['E-C1', 'C1', '2024-02-05', 'P', 'C2']],
    );
    const user = await userOf(manager);
    const ref = await sealChildRef(database, user.userId, { personId: 'C1', asOf: today });
    const record = await app.inject({ url: `/children/record?ref=${encodeURIComponent(ref)}`, headers: { cookie: manager.cookie } });
    expect(record.body).toContain(
      'Care began before the data: the earliest episode held (5 February 2024) continues a period of care (reason for new episode P, not S)',
    );
  });

  it('shows the words for the codes on a record: placement type, reason for a change of worker, reason a referral closed', async () => {
    await insertRows(
      database.db,
      'ssd_cla_placement',
      ['clap_cla_placement_id', 'clap_cla_placement_start_date', 'clap_cla_placement_type'],
      [['PL-C2', '2023-01-01', 'K2']],
    );
    await insertRows(
      database.db,
      'ssd_cla_episodes',
      [...EPISODE_COLUMNS, 'clae_cla_placement_id'],
      [['E-C4', 'C4', '2023-01-01', 'S', 'C2', '2023-06-01', 'PL-C2']],
    );
    await insertRows(
      database.db,
      'ssd_cin_episodes',
      ['cine_referral_id', 'cine_person_id', 'cine_referral_date', 'cine_close_date', 'cine_close_reason'],
      [['R-C4', 'C4', '2022-12-01', '2023-07-01', 'RC7']],
    );
    await sql`UPDATE ssd_involvements SET invo_worker_change_reason = 'TSPROC' WHERE invo_involvements_id = 'I4'`.execute(database.db);
    const walt = await signedInAs(database, { username: 'walt.two', roles: ['social_worker'], professionalId: 'W2' });
    const ref = await sealChildRef(database, (await userOf(walt)).userId, { personId: 'C4', asOf: today });
    const record = await app.inject({ url: `/children/record?ref=${encodeURIComponent(ref)}`, headers: { cookie: walt.cookie } });
    expect(record.statusCode).toBe(200);
    expect(record.body).toContain('Children’s home');
    expect(record.body).toContain('Transfer between teams as part of the process');
    expect(record.body).toContain('Services ceased for any other reason, including child no longer in need');
    expect(record.body).not.toMatch(/>(K2|TSPROC)<|\(RC7\)/);
  });

  it('calls a care leaver allocated to a worker a care leaver, not a closed case', async () => {
    await insertRows(database.db, 'ssd_person', ['pers_person_id', 'pers_forename', 'pers_surname', 'pers_dob'], [['C5', 'Eli', 'Thornbury', '2006-03-03']]);
    await insertRows(
      database.db,
      'ssd_involvements',
      ['invo_involvements_id', 'invo_professional_id', 'invo_professional_role_id', 'invo_professional_team', 'invo_involvement_start_date', 'invo_person_id'],
      [['I6', 'W1', 'ALLOCATED_CASE_WORKER', 'T1', '2024-01-01', 'C5']],
    );
    await insertRows(database.db, 'ssd_cla_episodes', EPISODE_COLUMNS, [['E-C5', 'C5', '2020-01-01', 'S', 'C2', '2024-03-03']]);
    await insertRows(database.db, 'ssd_care_leavers', ['clea_table_id', 'clea_person_id'], [['L-C5', 'C5']]);
    const rowOf = async (date: string) => {
      const page = await app.inject({ url: `/caseloads/workers/W1/children?date=${date}`, headers: { cookie: manager.cookie } });
      return /<tr[^>]*>(?:(?!<\/tr>)[\s\S])*Thornbury[\s\S]*?<\/tr>/.exec(page.body)?.[0];
    };
    expect(await rowOf(today)).toContain('Care leaver');
    expect(await rowOf('2024-02-01')).toContain('Looked after');
  });
});
