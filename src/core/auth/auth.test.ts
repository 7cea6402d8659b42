import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { engines, freshDatabase } from '../../../test/support/engines.ts';
import { cookiesFrom, csrfFrom, signedInAs, testConfig, TEST_PASSWORD } from '../../../test/support/http.ts';
import { buildApp } from '../http/app.ts';
import { coreRoutes } from '../http/core-routes.ts';
import { authRoutes } from './routes.ts';
import { accountRoutes } from './account.ts';
import { currentTotp } from './totp.ts';
import { sql } from 'kysely';
import { ACCOUNT_FREE_FAILURES, SIGN_IN_FREE_FAILURES } from './throttle.ts';

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

  /** A wait that has passed: moves every recorded failure of `username` back by `minutes`. */
  const waitMinutes = (username: string, minutes: number) =>
    sql`UPDATE ks_sign_in_failure SET failed_at = failed_at - make_interval(mins => ${minutes}) WHERE username = ${username}`.execute(database.db);

  it('does not let five wrong passwords from someone else lock an account out', async () => {
    await signedInAs(database, { username: 'victim', roles: ['team_manager'] });
    for (let attempt = 1; attempt <= 5; attempt++) await signIn('victim', 'wrong password', '10.0.1.66');
    expect((await signIn('victim', TEST_PASSWORD, '10.0.1.7')).statusCode).toBe(303);
  });

  it('slows guessing progressively from one address, then locks it out for a limited time, counting only failures', async () => {
    await signedInAs(database, { username: 'guessed', roles: ['team_manager'] });
    // Three failures are free; the fourth attempt must wait 30 seconds, even with the right password.
    for (let attempt = 1; attempt <= SIGN_IN_FREE_FAILURES; attempt++) expect((await signIn('guessed', 'wrong password', '10.0.3.1')).statusCode).toBe(401);
    const waiting = await signIn('guessed', TEST_PASSWORD, '10.0.3.1');
    expect(waiting.statusCode).toBe(429);
    expect(waiting.body).toContain('Wait 30 seconds');
    // Attempts during the wait are refused unchecked and not counted: still 30 seconds.
    expect((await signIn('guessed', 'wrong password', '10.0.3.1')).body).toContain('Wait 30 seconds');
    // Each further failure doubles the wait (1, 2, 4, 8 minutes) up to a lock of 15 minutes.
    const waits: string[] = [];
    for (let failure = 4; failure <= 9; failure++) {
      await waitMinutes('guessed', 16);
      const answer = await signIn('guessed', 'wrong password', '10.0.3.1');
      waits.push(/Wait ([^.]+)\./.exec(answer.body)?.[1] ?? String(answer.statusCode));
    }
    expect(waits).toEqual(['1 minute', '2 minutes', '4 minutes', '8 minutes', '15 minutes', '15 minutes']);
    // The lock ends by itself: after 15 minutes the right password works, and the count starts again.
    await waitMinutes('guessed', 16);
    expect((await signIn('guessed', TEST_PASSWORD, '10.0.3.1')).statusCode).toBe(303);
    expect((await signIn('guessed', 'wrong password', '10.0.3.1')).statusCode).toBe(401);
  });

  it('slows a guessing attack spread over many addresses, for a limited time', async () => {
    await signedInAs(database, { username: 'spread', roles: ['team_manager'] });
    for (let attempt = 1; attempt <= ACCOUNT_FREE_FAILURES; attempt++) await signIn('spread', 'wrong password', `10.0.4.${attempt}`);
    const answer = await signIn('spread', TEST_PASSWORD, '10.0.5.1');
    expect(answer.statusCode).toBe(429);
    expect(answer.body).toContain('Wait 30 seconds');
    await waitMinutes('spread', 1);
    expect((await signIn('spread', TEST_PASSWORD, '10.0.5.1')).statusCode).toBe(303);
  });

  it('limits failed sign-ins from one address, not successful ones', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 12; attempt++) statuses.push((await signIn(`nobody${attempt}`, 'x', '10.0.2.1')).statusCode);
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
    expect(statuses[11]).toBe(429);
    await signedInAs(database, { username: 'busy.desk', roles: ['team_manager'] });
    for (let attempt = 0; attempt < 12; attempt++) expect((await signIn('busy.desk', TEST_PASSWORD, '10.0.2.2')).statusCode).toBe(303);
  });
  it('asks for a TOTP code after the password once two-step sign-in is on, and never accepts a code twice', async () => {
    const user = await signedInAs(database, { username: 'two.step', roles: ['senior_leader'] });
    const headers = { cookie: user.cookie };
    const setup = await app.inject({ method: 'POST', url: '/account/two-factor/setup', headers, payload: { _csrf: user.csrfToken } });
    expect(setup.statusCode).toBe(200);
    expect(setup.body).toContain('<svg');
    const secret = /<code class="ks-secret">([A-Z2-7]+)<\/code>/.exec(setup.body)![1]!;
    const wrong = await app.inject({
      method: 'POST',
      url: '/account/two-factor/confirm',
      headers,
      payload: { _csrf: user.csrfToken, code: '000000' === currentTotp(secret) ? '111111' : '000000' },
    });
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
    const replay = await app.inject({
      method: 'POST',
      url: '/sign-in/code',
      remoteAddress: '10.0.3.1',
      headers: { cookie: pending },
      payload: { _csrf: csrf, code: earlier },
    });
    expect(replay.statusCode).toBe(401);
    const good = await app.inject({
      method: 'POST',
      url: '/sign-in/code',
      remoteAddress: '10.0.3.1',
      headers: { cookie: pending },
      payload: { _csrf: csrf, code: currentTotp(secret) },
    });
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

describe('sign-in behind a council’s reverse proxy', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let app: FastifyInstance;
  beforeAll(async () => {
    database = await freshDatabase(undefined);
    // The proxy is on this machine: inject's connections come from 127.0.0.1.
    app = await buildApp({ database, config: testConfig({ trustProxy: '127.0.0.1' }) }, [coreRoutes, authRoutes]);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  async function signInVia(client: string, username: string, password: string) {
    const form = await app.inject({ url: '/sign-in', headers: { 'x-forwarded-for': client } });
    return app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { cookie: cookiesFrom(form), 'x-forwarded-for': client },
      payload: { _csrf: csrfFrom(form.body), username, password },
    });
  }

  it('keys the limit on the client the proxy names, so one client’s failures do not stop another', async () => {
    await signedInAs(database, { username: 'other.client', roles: ['team_manager'] });
    for (let attempt = 0; attempt < 11; attempt++) await signInVia('192.0.2.10', `stranger${attempt}`, 'x');
    expect((await signInVia('192.0.2.10', 'stranger99', 'x')).statusCode).toBe(429);
    expect((await signInVia('192.0.2.20', 'other.client', TEST_PASSWORD)).statusCode).toBe(303);
    const failures = await database.db.selectFrom('ks_sign_in_failure').select('address').distinct().execute();
    expect(failures).toEqual([{ address: '192.0.2.10' }]);
  });
});
