import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { engines, freshDatabase } from '../../test/support/engines.ts';
import { signedInAs, testConfig } from '../../test/support/http.ts';
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

  const post = (url: string, payload: Record<string, unknown>) => app.inject({ method: 'POST', url, headers: { cookie: admin.cookie }, payload: { _csrf: admin.csrfToken, ...payload } });

  it('adds an account with roles and scope, checking them against the data, and audits it', async () => {
    const bad = await post('/admin/users', { username: 'sw.one', displayName: 'Sol', roles: 'social_worker', professionalId: 'W9', password: 'short' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('There is no worker with that ID');
    expect(bad.body).toContain('at least 12 characters');
    const ok = await post('/admin/users', { username: 'sw.one', displayName: 'Sol', roles: 'social_worker', professionalId: 'W1', password: 'a long enough password' });
    expect(ok.statusCode).toBe(303);
    const user = await database.db.selectFrom('ks_user').select(['roles', 'professional_id']).where('username', '=', 'sw.one').executeTakeFirstOrThrow();
    expect(user).toEqual({ roles: ['social_worker'], professional_id: 'W1' });
    const event = await database.db.selectFrom('ks_audit_event').select(['username', 'details']).where('action', '=', 'permission.change').executeTakeFirstOrThrow();
    expect(event.username).toBe('adi.admin');
    expect(event.details).toMatchObject({ created: 'sw.one', roles: ['social_worker'] });
    expect((await post('/admin/users', { username: 'sw.one', displayName: 'Again', roles: 'social_worker', password: 'a long enough password' })).body).toContain('already an account');
  });

  it('ends the sessions of an account that loses a role or is deactivated', async () => {
    const worker = await signedInAs(database, { username: 'tm.two', roles: ['team_manager', 'performance_analyst'] });
    const id = (await database.db.selectFrom('ks_user').select('user_id').where('username', '=', 'tm.two').executeTakeFirstOrThrow()).user_id;
    const saved = await post(`/admin/users/${id}`, { displayName: 'Tam Two', roles: 'team_manager', active: 'yes' });
    expect(saved.statusCode).toBe(303);
    expect(await database.db.selectFrom('ks_session').select('user_id').where('user_id', '=', id).execute()).toEqual([]);
    void worker;
    const listing = await app.inject({ url: '/admin/users', headers: { cookie: admin.cookie } });
    expect(listing.body).toContain('tm.two');
  });

  it('will not let administrators remove their own administration', async () => {
    const id = admin.userId;
    const refused = await post(`/admin/users/${id}`, { displayName: 'Adi', roles: 'senior_leader', active: 'yes' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('cannot remove your own administrator role');
  });

  it('sets a new password, unlocking the account', async () => {
    await signedInAs(database, { username: 'locked.one', roles: ['senior_leader'] });
    await database.db.updateTable('ks_user').set({ locked_until: '2999-01-01T00:00:00Z', failed_attempts: 5 }).where('username', '=', 'locked.one').execute();
    const id = (await database.db.selectFrom('ks_user').select('user_id').where('username', '=', 'locked.one').executeTakeFirstOrThrow()).user_id;
    expect((await post(`/admin/users/${id}/password`, { password: 'short' })).statusCode).toBe(400);
    expect((await post(`/admin/users/${id}/password`, { password: 'a brand new password' })).statusCode).toBe(303);
    const after = await database.db.selectFrom('ks_user').select(['locked_until', 'failed_attempts']).where('user_id', '=', id).executeTakeFirstOrThrow();
    expect(after).toEqual({ locked_until: null, failed_attempts: 0 });
  });
});
