import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { engines, freshDatabase } from '../../../test/support/engines.ts';
import { cookiesFrom, csrfFrom, signedInAs, testConfig, TEST_PASSWORD } from '../../../test/support/http.ts';
import { sql } from 'kysely';
import { buildApp, RouteWithoutAccessError, type Capability } from './app.ts';
import { coreRoutes } from './core-routes.ts';
import { authRoutes } from '../auth/routes.ts';
import { loadMigrations } from '../db/migrate.ts';

/** A capability with one protected page and one protected form, to test the rules every route gets. */
const probe: Capability = (app) => {
  app.get('/probe', { config: { access: { permission: 'caseloads.view' } } }, (_request, reply) => reply.send('secret figures'));
  app.post('/probe', { config: { access: { permission: 'caseloads.view' } } }, (_request, reply) => reply.send('changed'));
};

/** Echoes the text a request sent through PostgreSQL, as a route storing or looking up text does. */
const echo: Capability = (app, { database }) => {
  const stored = async (texts: unknown[]) => (await sql<{ texts: string[] }>`select ${texts.flat()}::text[] as texts`.execute(database.db)).rows[0]!.texts;
  const access = { access: { permission: 'caseloads.view' as const } };
  app.get<{ Params: { id: string }; Querystring: { name: string } }>('/echo/:id', { config: access }, async (request, reply) =>
    reply.send(await stored([request.params.id, request.query.name])),
  );
  app.post<{ Body: { title: string; lines: string[] } }>('/echo', { config: access }, async (request, reply) =>
    reply.send(await stored([request.body.title, request.body.lines])),
  );
};

describe.each(engines)('web app security on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let app: FastifyInstance;
  beforeAll(async () => {
    database = await freshDatabase(url);
    app = await buildApp({ database, config: testConfig() }, [coreRoutes, authRoutes, probe, echo]);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('refuses to register a route that declares no access rule', async () => {
    const undeclared: Capability = (instance) => {
      instance.get('/undeclared', (_request, reply) => reply.send('open'));
    };
    await expect(buildApp({ database, config: testConfig() }, [undeclared])).rejects.toBeInstanceOf(RouteWithoutAccessError);
  });

  it('serves /healthz with the schema version', async () => {
    const response = await app.inject({ url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', schema_version: loadMigrations().length });
  });

  it('sends strict security headers', async () => {
    const response = await app.inject({ url: '/sign-in' });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('sends a visitor who is not signed in to the sign-in page, and refuses their form posts', async () => {
    const page = await app.inject({ url: '/probe' });
    expect(page.statusCode).toBe(302);
    expect(page.headers.location).toBe('/sign-in?next=%2Fprobe');
    const post = await app.inject({ method: 'POST', url: '/probe', payload: { _csrf: 'x' } });
    expect(post.statusCode).toBe(401);
  });

  it('denies a signed-in user whose role lacks the permission', async () => {
    const member = await signedInAs(database, { username: 'member.one', roles: ['elected_member'] });
    const response = await app.inject({ url: '/probe', headers: { cookie: member.cookie } });
    expect(response.statusCode).toBe(403);
    expect(response.body).not.toContain('secret figures');
    const home = await app.inject({ url: '/', headers: { cookie: member.cookie } });
    expect(home.statusCode).toBe(200);
    expect(home.body).not.toContain('href="/caseloads"');
  });

  it('requires the session CSRF token on every state change', async () => {
    const manager = await signedInAs(database, { username: 'manager.one', roles: ['team_manager'] });
    const headers = { cookie: manager.cookie };
    expect((await app.inject({ method: 'POST', url: '/probe', headers, payload: {} })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/probe', headers, payload: { _csrf: 'wrong' } })).statusCode).toBe(403);
    const ok = await app.inject({ method: 'POST', url: '/probe', headers, payload: { _csrf: manager.csrfToken } });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('changed');
  });

  it('signs in with a password, rotating the session, and signs out', async () => {
    const old = await signedInAs(database, { username: 'analyst.one', roles: ['performance_analyst'] });
    // The browser still holds an older session: the form carries that session's CSRF token.
    const form = await app.inject({ url: '/sign-in?next=/probe', headers: { cookie: old.cookie } });
    const csrf = csrfFrom(form.body);
    const signIn = await app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { cookie: old.cookie },
      payload: { _csrf: csrf, username: 'Analyst.One', password: TEST_PASSWORD, next: '/probe' },
    });
    expect(signIn.statusCode).toBe(303);
    expect(signIn.headers.location).toBe('/probe');
    const sessionCookie = signIn.cookies.find((cookie) => cookie.name === 'ks_session')!;
    expect(sessionCookie.httpOnly).toBe(true);
    expect(sessionCookie.sameSite).toBe('Lax');
    expect(sessionCookie.secure).toBe(true);
    // The session the browser held before signing in is gone.
    expect((await app.inject({ url: '/probe', headers: { cookie: old.cookie } })).statusCode).toBe(302);
    const cookie = `ks_session=${sessionCookie.value}`;
    expect((await app.inject({ url: '/probe', headers: { cookie } })).body).toBe('secret figures');
    const home = await app.inject({ url: '/', headers: { cookie } });
    const signOut = await app.inject({ method: 'POST', url: '/sign-out', headers: { cookie }, payload: { _csrf: csrfFrom(home.body) } });
    expect(signOut.statusCode).toBe(303);
    expect((await app.inject({ url: '/probe', headers: { cookie } })).statusCode).toBe(302);
  });

  it('rejects a wrong password with the GOV.UK error summary, and never follows an off-site next', async () => {
    await signedInAs(database, { username: 'worker.one', roles: ['social_worker'] });
    const form = await app.inject({ url: '/sign-in' });
    const wrong = await app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { cookie: cookiesFrom(form) },
      payload: { _csrf: csrfFrom(form.body), username: 'worker.one', password: 'not the password', next: '//evil.example' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('govuk-error-summary');
    expect(wrong.body).toContain('The username or password is not right');
    const failures = await database.db.selectFrom('ks_audit_event').select(['action', 'details']).where('action', '=', 'sign_in_failed').execute();
    expect(failures.map((event) => event.details)).toContainEqual({ username: 'worker.one', method: 'password' });
    const right = await app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { cookie: cookiesFrom(form) },
      payload: { _csrf: csrfFrom(form.body), username: 'worker.one', password: TEST_PASSWORD, next: '//evil.example' },
    });
    expect(right.headers.location).toBe('/');
  });

  it('ends a session that has been idle too long', async () => {
    const user = await signedInAs(database, { username: 'idle.one', roles: ['team_manager'] });
    await database.db.updateTable('ks_session').set({ last_seen_at: '2000-01-01T00:00:00Z' }).where('user_id', '=', user.userId).execute();
    expect((await app.inject({ url: '/probe', headers: { cookie: user.cookie } })).statusCode).toBe(302);
  });

  it('removes NUL characters from URLs and forms, which PostgreSQL cannot hold, instead of failing', async () => {
    const manager = await signedInAs(database, { username: 'manager.nul', roles: ['team_manager'] });
    const headers = { cookie: manager.cookie };
    const page = await app.inject({ url: '/echo/TM%00-1?name=a%00b', headers });
    expect(page.statusCode).toBe(200);
    expect(page.json()).toEqual(['TM-1', 'ab']);
    const form = await app.inject({
      method: 'POST',
      url: '/echo',
      headers,
      payload: { _csrf: manager.csrfToken, title: 'Plan\u0000 A', lines: ['one\u0000', 'two'] },
    });
    expect(form.statusCode).toBe(200);
    expect(form.json()).toEqual(['Plan A', 'one', 'two']);
  });

  it('answers unknown pages with a GOV.UK style 404', async () => {
    const response = await app.inject({ url: '/no-such-page' });
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('Page not found');
  });
});
