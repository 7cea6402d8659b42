import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { freshDatabase } from './support/engines.ts';
import { testConfig } from './support/http.ts';
import { buildApp } from '../src/core/http/app.ts';
import { CAPABILITIES } from '../src/server/capabilities.ts';
import { seedDemo } from '../src/server/start.ts';
import { startSession, SESSION_COOKIE } from '../src/core/auth/sessions.ts';
import { allows, ROLES } from '../src/core/auth/access.ts';

/** Pages of one route (its path with numbers and IDs generalised) visited per account: enough to meet each route's kinds of answer. */
const PAGES_PER_ROUTE = 2;
const TEXT_TYPES = /^(text\/|application\/json)/;

/**
 * Every answer that carries a child's identifier is audited. Each demo account (one per role)
 * crawls every page and download it can reach from the home page, opens every route the access
 * table gives its role (placeholders where a route takes an ID), and sends every form route a
 * body with nothing but its CSRF token (error pages). Any child ID or full name in an answer must
 * be among the children of the audit events that same request wrote.
 */
describe('no child identifier leaves the server without an audit event', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let app: FastifyInstance;
  let children: { id: string; name: string }[];

  beforeAll(async () => {
    database = await freshDatabase(undefined);
    await seedDemo(database, { children: 200, seed: 5 }, () => undefined);
    // A restricted record and a break-glass use, so the IG officer's lists of them have rows.
    const [first, second] = (await sql<{ id: string }>`SELECT pers_person_id AS id FROM ssd_person ORDER BY pers_person_id LIMIT 2`.execute(database.db)).rows;
    const director = await database.db.selectFrom('ks_user').select('user_id').where('username', '=', 'director').executeTakeFirstOrThrow();
    await sql`INSERT INTO ks_restricted_child (person_id, reason, restricted_by) VALUES (${first!.id}, 'Relative of staff', ${director.user_id})`.execute(
      database.db,
    );
    await sql`INSERT INTO ks_break_glass (user_id, person_id, reason, expires_at) VALUES (${director.user_id}, ${second!.id}, 'Police called out of hours', now() + interval '1 day')`.execute(
      database.db,
    );
    app = await buildApp({ database, config: testConfig() }, CAPABILITIES);
    children = (
      await sql<{ id: string; name: string }>`SELECT pers_person_id AS id, concat_ws(' ', pers_forename, pers_surname) AS name FROM ssd_person`.execute(
        database.db,
      )
    ).rows;
  }, 600_000);
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const lastEventId = async () =>
    Number((await sql<{ id: number | null }>`SELECT max(event_id) AS id FROM ks_audit_event`.execute(database.db)).rows[0]!.id ?? 0);
  const auditedSince = async (eventId: number) =>
    new Set(
      (await sql<{ child: string }>`SELECT DISTINCT unnest(child_ids) AS child FROM ks_audit_event WHERE event_id > ${eventId}`.execute(database.db)).rows.map(
        (row) => row.child,
      ),
    );

  function childrenIn(body: string): string[] {
    return children.filter((child) => body.includes(child.name) || new RegExp(`(?<![\\w-])${child.id}(?![\\w-])`).test(body)).map((child) => child.id);
  }

  it('finds every child identifier in an answer among the children that request audited, for every role', async () => {
    const unaudited: string[] = [];
    let answersWithChildren = 0;
    const accounts = await database.db.selectFrom('ks_user').select(['user_id', 'username', 'roles']).execute();
    for (const role of ROLES) {
      const account = accounts.find((candidate) => candidate.roles.length === 1 && candidate.roles[0] === role)!;
      expect(account, role).toBeDefined();
      let cookie = `${SESSION_COOKIE}=${await startSession(database, Number(account.user_id), { idleMinutes: 30, absoluteMinutes: 720 })}`;
      const csrf = async () =>
        (
          await database.db
            .selectFrom('ks_session')
            .select('csrf_token')
            .where('user_id', '=', Number(account.user_id))
            .orderBy('created_at', 'desc')
            .executeTakeFirstOrThrow()
        ).csrf_token;
      const perRoute = new Map<string, number>();
      const seen = new Set<string>();
      const queue: { method: 'GET' | 'POST'; url: string }[] = [{ method: 'GET', url: '/' }];
      for (const route of app.routeAccessTable) {
        if (!('permission' in route.access) || !allows(route.access.permission, [role]) || route.url.startsWith('/sign-out')) continue;
        queue.push({ method: route.method as 'GET' | 'POST', url: route.url.replace(/:[a-zA-Z]+/g, '1').replace('*', 'x') });
      }
      while (queue.length) {
        const { method, url } = queue.shift()!;
        const key = `${method} ${url}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const pattern = `${method} ${url.split('?')[0]!.replace(/\/[^/]*\d[^/]*/g, '/:n')}`;
        if ((perRoute.get(pattern) ?? 0) >= PAGES_PER_ROUTE) continue;
        perRoute.set(pattern, (perRoute.get(pattern) ?? 0) + 1);
        const before = await lastEventId();
        const response = await app.inject({ method, url, headers: { cookie }, ...(method === 'POST' ? { payload: { _csrf: await csrf() } } : {}) });
        if (!TEXT_TYPES.test(String(response.headers['content-type'] ?? ''))) continue;
        const found = childrenIn(response.body);
        if (found.length) {
          answersWithChildren++;
          const audited = await auditedSince(before);
          const missing = found.filter((id) => !audited.has(id));
          if (missing.length)
            unaudited.push(
              `${role} ${method} ${url} (${response.statusCode}): ${missing.length} of ${found.length} children not audited, e.g. ${missing.slice(0, 3).join(', ')}`,
            );
        }
        if (response.statusCode === 401 || (response.statusCode === 302 && String(response.headers.location).startsWith('/sign-in'))) {
          cookie = `${SESSION_COOKIE}=${await startSession(database, Number(account.user_id), { idleMinutes: 30, absoluteMinutes: 720 })}`;
        }
        for (const [, href] of response.body.matchAll(/href="(\/[^"#]*)"/g)) {
          const target = href!.replace(/&amp;/g, '&');
          if (!/^\/(assets|stylesheets|javascripts|sign-out)/.test(target)) queue.push({ method: 'GET', url: target });
        }
      }
    }
    // The crawl met child identifiers (it proves something), and every one was audited.
    expect(answersWithChildren).toBeGreaterThan(20);
    expect(unaudited).toEqual([]);
  }, 1_200_000);
});
