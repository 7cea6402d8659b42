import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { engines, freshDatabase } from '../../../test/support/engines.ts';
import { cookiesFrom, csrfFrom, signedInAs, testConfig, TEST_PASSWORD } from '../../../test/support/http.ts';
import { buildApp } from '../http/app.ts';
import { coreRoutes } from '../http/core-routes.ts';
import { authRoutes } from './routes.ts';
import { accountRoutes } from './account.ts';
import { currentTotp } from './totp.ts';
import { LOCKOUT_AFTER_FAILURES } from './users.ts';

describe.each(engines)('sign-in security on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let app: FastifyInstance;
  beforeAll(async () => {
    database = await freshDatabase(url);
    app = await buildApp({ database, config: testConfig() }, [coreRoutes, authRoutes, accountRoutes]);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  /** Posts the sign-in form as a browser would: fetch the form, then send it with its token. */
  async function signIn(username: string, password: string, remoteAddress = '10.0.0.1') {
    const form = await app.inject({ url: '/sign-in', remoteAddress });
    return app.inject({
      method: 'POST',
      url: '/sign-in',
      remoteAddress,
      headers: { cookie: cookiesFrom(form) },
      payload: { _csrf: csrfFrom(form.body), username, password },
    });
  }

  it(`locks an account after ${LOCKOUT_AFTER_FAILURES} wrong passwords, even against the right one`, async () => {
    await signedInAs(database, { username: 'lock.me', roles: ['team_manager'] });
    for (let attempt = 1; attempt <= LOCKOUT_AFTER_FAILURES; attempt++) expect((await signIn('lock.me', 'wrong password', `10.0.1.${attempt}`)).statusCode).toBe(401);
    const right = await signIn('lock.me', TEST_PASSWORD, '10.0.1.99');
    expect(right.statusCode).toBe(401);
    expect(right.body).toContain('locked for 15 minutes');
    const events = await database.db.selectFrom('ks_audit_event').select('details').where('action', '=', 'sign_in_failed').execute();
    expect(events.some((event) => (event.details as { locked?: boolean }).locked)).toBe(true);
    // When the lock has passed, the right password works and the count starts again.
    await database.db.updateTable('ks_user').set({ locked_until: '2000-01-01T00:00:00Z' }).where('username', '=', 'lock.me').execute();
    expect((await signIn('lock.me', TEST_PASSWORD, '10.0.1.100')).statusCode).toBe(303);
  });

  it('limits the rate of sign-in attempts from one address', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 12; attempt++) statuses.push((await signIn(`nobody${attempt}`, 'x', '10.0.2.1')).statusCode);
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
    expect(statuses[11]).toBe(429);
  });

  it('asks for a TOTP code after the password once two-step sign-in is on, and never accepts a code twice', async () => {
    const user = await signedInAs(database, { username: 'two.step', roles: ['senior_leader'] });
    const headers = { cookie: user.cookie };
    const setup = await app.inject({ method: 'POST', url: '/account/two-factor/setup', headers, payload: { _csrf: user.csrfToken } });
    expect(setup.statusCode).toBe(200);
    expect(setup.body).toContain('<svg');
    const secret = /<code class="ks-secret">([A-Z2-7]+)<\/code>/.exec(setup.body)![1]!;
    const wrong = await app.inject({ method: 'POST', url: '/account/two-factor/confirm', headers, payload: { _csrf: user.csrfToken, code: '000000' === currentTotp(secret) ? '111111' : '000000' } });
    expect(wrong.statusCode).toBe(400);
    const earlier = currentTotp(secret, Date.now() - 30_000);
    const on = await app.inject({ method: 'POST', url: '/account/two-factor/confirm', headers, payload: { _csrf: user.csrfToken, code: earlier } });
    expect(on.headers.location).toBe('/account?done=two-factor-on');

    const password = await signIn('two.step', TEST_PASSWORD, '10.0.3.1');
    expect(password.statusCode).toBe(303);
    expect(password.headers.location).toBe('/sign-in/code?next=%2F');
    const pending = cookiesFrom(password);
    // The half-signed-in session opens nothing but the code page.
    expect((await app.inject({ url: '/', headers: { cookie: pending } })).statusCode).toBe(302);
    const codePage = await app.inject({ url: '/sign-in/code', headers: { cookie: pending } });
    const csrf = csrfFrom(codePage.body);
    // The code used to turn it on cannot be replayed.
    const replay = await app.inject({ method: 'POST', url: '/sign-in/code', remoteAddress: '10.0.3.1', headers: { cookie: pending }, payload: { _csrf: csrf, code: earlier } });
    expect(replay.statusCode).toBe(401);
    const good = await app.inject({ method: 'POST', url: '/sign-in/code', remoteAddress: '10.0.3.1', headers: { cookie: pending }, payload: { _csrf: csrf, code: currentTotp(secret) } });
    expect(good.statusCode).toBe(303);
    const full = cookiesFrom(good);
    expect(full).not.toBe(pending);
    expect((await app.inject({ url: '/', headers: { cookie: full } })).statusCode).toBe(200);
  });

  it('signs out everywhere', async () => {
    const first = await signedInAs(database, { username: 'many.devices', roles: ['performance_analyst'] });
    const second = await signedInAs(database, { username: 'many.devices', roles: ['performance_analyst'] });
    const out = await app.inject({ method: 'POST', url: '/sign-out-everywhere', headers: { cookie: first.cookie }, payload: { _csrf: first.csrfToken } });
    expect(out.statusCode).toBe(303);
    expect((await app.inject({ url: '/', headers: { cookie: second.cookie } })).statusCode).toBe(302);
  });
});
