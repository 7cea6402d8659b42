import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { engines, freshDatabase } from '../../test/support/engines.ts';
import { requestsTo, signedInAs, testConfig } from '../../test/support/http.ts';
import { insertRows } from '../core/db/bulk.ts';
import { buildApp } from '../core/http/app.ts';
import { adminRoutes } from './routes.ts';

describe.each(engines)('accounts administration on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let app: FastifyInstance;
  let admin: Awaited<ReturnType<typeof signedInAs>>;
  beforeAll(async () => {
    database = await freshDatabase(url);
    await insertRows(database.db, 'ssd_professionals', ['prof_professional_id', 'prof_professional_name'], [['W1', 'Wendy One']]);
    app = await buildApp({ database, config: testConfig() }, [adminRoutes]);
    admin = await signedInAs(database, { username: 'adi.admin', roles: ['administrator'] });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const { post } = requestsTo(() => app);

  it('adds an account with roles and scope, checking them against the data, and audits it', async () => {
    const bad = await post(admin, '/admin/users', { username: 'sw.one', displayName: 'Sol', roles: 'social_worker', professionalId: 'W9', password: 'short' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('There is no worker with that ID');
    expect(bad.body).toContain('at least 12 characters');
    const ok = await post(admin, '/admin/users', {
      username: 'sw.one',
      displayName: 'Sol',
      roles: 'social_worker',
      professionalId: 'W1',
      password: 'a long enough password',
    });
    expect(ok.statusCode).toBe(303);
    // A social worker sees children: the role waits for approval (below).
    const user = await database.db.selectFrom('ks_user').select(['roles', 'professional_id']).where('username', '=', 'sw.one').executeTakeFirstOrThrow();
    expect(user).toEqual({ roles: [], professional_id: 'W1' });
    const event = await database.db
      .selectFrom('ks_audit_event')
      .select(['username', 'details'])
      .where('action', '=', 'permission.change')
      .executeTakeFirstOrThrow();
    expect(event.username).toBe('adi.admin');
    expect(event.details).toMatchObject({ created: 'sw.one', roles: [] });
    expect(
      (await post(admin, '/admin/users', { username: 'sw.one', displayName: 'Again', roles: 'social_worker', password: 'a long enough password' })).body,
    ).toContain('already an account');
  });

  it('ends the sessions of an account that loses a role or is deactivated', async () => {
    const worker = await signedInAs(database, { username: 'tm.two', roles: ['team_manager', 'performance_analyst'] });
    const id = (await database.db.selectFrom('ks_user').select('user_id').where('username', '=', 'tm.two').executeTakeFirstOrThrow()).user_id;
    const saved = await post(admin, `/admin/users/${id}`, { displayName: 'Tam Two', roles: 'team_manager', active: 'yes' });
    expect(saved.statusCode).toBe(303);
    expect(await database.db.selectFrom('ks_session').select('user_id').where('user_id', '=', id).execute()).toEqual([]);
    void worker;
    const listing = await app.inject({ url: '/admin/users', headers: { cookie: admin.cookie } });
    expect(listing.body).toContain('tm.two');
  });

  it('will not let administrators remove their own administration', async () => {
    const id = admin.userId;
    const refused = await post(admin, `/admin/users/${id}`, { displayName: 'Adi', roles: 'senior_leader', active: 'yes' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('cannot change your own roles');
  });

  it('lets nobody change their own roles', async () => {
    const refused = await post(admin, `/admin/users/${admin.userId}`, { displayName: 'Adi', roles: ['administrator', 'senior_leader'], active: 'yes' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('cannot change your own roles');
    const me = await database.db.selectFrom('ks_user').select('roles').where('user_id', '=', admin.userId).executeTakeFirstOrThrow();
    expect(me.roles).toEqual(['administrator']);
    // The name is theirs to correct.
    expect((await post(admin, `/admin/users/${admin.userId}`, { displayName: 'Adi Admin', roles: 'administrator', active: 'yes' })).statusCode).toBe(303);
  });

  it('needs a second administrator or the IG officer to approve a role that sees children, and alerts the IG officer of every change', async () => {
    const ig = await signedInAs(database, { username: 'ig.officer', roles: ['information_governance'] });
    const second = await signedInAs(database, { username: 'second.admin', roles: ['administrator'] });
    const member = await signedInAs(database, { username: 'cllr.one', roles: ['elected_member'] });
    const notes = async () =>
      (await database.db.selectFrom('ks_notification').select('message').where('user_id', '=', ig.userId).execute()).map((note) => note.message);
    // A role that sees no child takes effect at once; the IG officer is told.
    expect((await post(admin, `/admin/users/${member.userId}`, { displayName: 'Cllr One', roles: ['elected_member'], active: 'yes' })).statusCode).toBe(303);
    await post(admin, `/admin/users/${member.userId}`, { displayName: 'Cllr One', roles: ['elected_member', 'administrator'], active: 'yes' });
    expect((await notes()).some((message) => message.includes('cllr.one') && message.includes('Administrator'))).toBe(true);
    // A role that sees children waits for approval.
    const asked = await post(admin, `/admin/users/${member.userId}`, { displayName: 'Cllr One', roles: ['elected_member', 'senior_leader'], active: 'yes' });
    expect(asked.statusCode).toBe(303);
    expect(asked.headers.location).toBe('/admin/users?saved=requested');
    const rolesOf = async (userId: number) =>
      (await database.db.selectFrom('ks_user').select('roles').where('user_id', '=', userId).executeTakeFirstOrThrow()).roles;
    expect(await rolesOf(member.userId)).toEqual(['elected_member', 'administrator']);
    expect((await notes()).some((message) => message.includes('Senior leader') && message.includes('approval'))).toBe(true);
    const listing = await app.inject({ url: '/admin/users', headers: { cookie: admin.cookie } });
    expect(listing.body).toContain('2 changes waiting for approval'); // sw.one's, above, and this one
    const page = await app.inject({ url: '/admin/approvals', headers: { cookie: admin.cookie } });
    const requestFor = (html: string, username: string) => new RegExp(`${username.replace('.', '\\.')}</td>[\\s\\S]*?/admin/approvals/(\\d+)`).exec(html)![1];
    // The administrator who asked sees it, but no button to decide it.
    expect(page.body).toContain('Someone else must decide this');
    const id = (
      await database.db
        .selectFrom('ks_access_request')
        .select('request_id')
        .where('user_id', '=', member.userId)
        .where('decided_at', 'is', null)
        .executeTakeFirstOrThrow()
    ).request_id;
    expect(requestFor((await app.inject({ url: '/admin/approvals', headers: { cookie: second.cookie } })).body, 'cllr.one')).toBe(String(id));
    // Not by the administrator who asked, nor by the person it is for.
    expect((await post(admin, `/admin/approvals/${id}`, { decision: 'approve' })).statusCode).toBe(403);
    const self = await signedInAs(database, { username: 'cllr.one', roles: ['elected_member', 'administrator'] });
    const bySelf = await app.inject({
      method: 'POST',
      url: `/admin/approvals/${id}`,
      headers: { cookie: self.cookie },
      payload: { _csrf: self.csrfToken, decision: 'approve' },
    });
    expect(bySelf.statusCode).toBe(403);
    expect(await rolesOf(member.userId)).toEqual(['elected_member', 'administrator']);
    const approved = await app.inject({
      method: 'POST',
      url: `/admin/approvals/${id}`,
      headers: { cookie: second.cookie },
      payload: { _csrf: second.csrfToken, decision: 'approve' },
    });
    expect(approved.statusCode).toBe(303);
    expect(await rolesOf(member.userId)).toEqual(['senior_leader', 'elected_member']);
    const events = await database.db
      .selectFrom('ks_audit_event')
      .select(['username', 'details'])
      .where('action', '=', 'permission.change')
      .where('subject_id', '=', String(member.userId))
      .orderBy('event_id')
      .execute();
    expect(events.at(-1)).toMatchObject({ username: 'second.admin', details: { approved: true, requested_by: 'adi.admin' } });
    // An account created with a role that sees children starts without it, waiting for approval; the IG officer may approve.
    await post(admin, '/admin/users', {
      username: 'sw.new',
      displayName: 'New Worker',
      roles: 'social_worker',
      professionalId: 'W1',
      password: 'a long enough password',
    });
    const created = await database.db.selectFrom('ks_user').select(['user_id', 'roles']).where('username', '=', 'sw.new').executeTakeFirstOrThrow();
    expect(created.roles).toEqual([]);
    const pending = await app.inject({ url: '/admin/approvals', headers: { cookie: ig.cookie } });
    expect(pending.body).toContain('sw.new');
    const second_id = requestFor(pending.body, 'sw.new');
    await app.inject({
      method: 'POST',
      url: `/admin/approvals/${second_id}`,
      headers: { cookie: ig.cookie },
      payload: { _csrf: ig.csrfToken, decision: 'approve' },
    });
    expect(await rolesOf(Number(created.user_id))).toEqual(['social_worker']);
  });

  it('prints when each account last signed in, and when each change was asked for, GOV.UK style on the clock in England', async () => {
    // The clocks go forward at 1am GMT on 29 March 2026 and back at 2am BST on 25 October 2026.
    await sql`UPDATE ks_user SET last_sign_in_at = '2026-10-25 00:30:00+00' WHERE username = 'adi.admin'`.execute(database.db);
    const listing = await app.inject({ url: '/admin/users', headers: { cookie: admin.cookie } });
    expect(listing.body).toMatch(/adi\.admin[\s\S]*?25 October 2026 at 1:30am<\/td>/);
    await sql`UPDATE ks_access_request SET requested_at = '2026-03-29 01:00:00+00' WHERE decided_at IS NULL`.execute(database.db);
    const approvals = await app.inject({ url: '/admin/approvals', headers: { cookie: admin.cookie } });
    expect(approvals.body).toContain('29 March 2026 at 2am');
    for (const page of [listing, approvals]) expect(page.body).not.toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  });

  it('sets a new password, unlocking the account', async () => {
    await signedInAs(database, { username: 'locked.one', roles: ['senior_leader'] });
    await database.db.updateTable('ks_user').set({ locked_until: '2999-01-01T00:00:00Z', failed_attempts: 5 }).where('username', '=', 'locked.one').execute();
    const id = (await database.db.selectFrom('ks_user').select('user_id').where('username', '=', 'locked.one').executeTakeFirstOrThrow()).user_id;
    expect((await post(admin, `/admin/users/${id}/password`, { password: 'short' })).statusCode).toBe(400);
    expect((await post(admin, `/admin/users/${id}/password`, { password: 'a brand new password' })).statusCode).toBe(303);
    const after = await database.db.selectFrom('ks_user').select(['locked_until', 'failed_attempts']).where('user_id', '=', id).executeTakeFirstOrThrow();
    expect(after).toEqual({ locked_until: null, failed_attempts: 0 });
  });
});
