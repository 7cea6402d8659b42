import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { freshDatabase } from './support/engines.ts';
import { signedInAs, testConfig } from './support/http.ts';
import { buildApp } from '../src/core/http/app.ts';
import { CAPABILITIES } from '../src/server/capabilities.ts';
import { allows, ROLES, type Role } from '../src/core/auth/access.ts';

/**
 * The authorisation matrix: every route the app registers, for every role, is either allowed or
 * forbidden exactly as the access table says. A route added without a rule fails at registration.
 */
describe('authorisation matrix', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let app: FastifyInstance;
  const sessions = new Map<Role, { cookie: string; csrfToken: string }>();

  beforeAll(async () => {
    database = await freshDatabase(undefined);
    app = await buildApp({ database, config: testConfig() }, CAPABILITIES);
    for (const role of ROLES) sessions.set(role, await signedInAs(database, { username: `matrix.${role}`, roles: [role] }));
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('declares a rule for every route', () => {
    expect(app.routeAccessTable.length).toBeGreaterThan(5);
    for (const route of app.routeAccessTable) expect(route.access, `${route.method} ${route.url}`).toBeDefined();
  });

  it('allows and forbids each role on each protected route as the access table says', async () => {
    const protectedRoutes = app.routeAccessTable.filter((route) => 'permission' in route.access);
    const mismatches: string[] = [];
    for (const route of protectedRoutes) {
      const permission = 'permission' in route.access ? route.access.permission : undefined;
      const url = route.url.replace(/:[a-zA-Z]+/g, 'x').replace('*', 'x');
      for (const role of ROLES) {
        const session = sessions.get(role)!;
        const response = await app.inject({
          method: route.method as 'GET' | 'POST',
          url,
          headers: { cookie: session.cookie },
          ...(route.method === 'GET' ? {} : { payload: { _csrf: session.csrfToken } }),
        });
        const denied = response.statusCode === 403 || response.statusCode === 401;
        const expected = allows(permission!, [role]);
        if (denied === expected)
          mismatches.push(`${route.method} ${route.url} as ${role}: status ${response.statusCode}, expected ${expected ? 'allowed' : 'forbidden'}`);
        if (response.statusCode >= 500) mismatches.push(`${route.method} ${route.url} as ${role}: server error ${response.statusCode} on an empty database`);
        // Re-sign-in after sign-out so later routes still have a session.
        if (route.url.startsWith('/sign-out') && expected) sessions.set(role, await signedInAs(database, { username: `matrix.${role}`, roles: [role] }));
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('sends visitors who are not signed in to sign in on every protected page', async () => {
    for (const route of app.routeAccessTable.filter((r) => 'permission' in r.access)) {
      const url = route.url.replace(/:[a-zA-Z]+/g, 'x').replace('*', 'x');
      const response = await app.inject({ method: route.method as 'GET' | 'POST', url, ...(route.method === 'GET' ? {} : { payload: {} }) });
      expect([302, 401], `${route.method} ${route.url}`).toContain(response.statusCode);
    }
  });
});
