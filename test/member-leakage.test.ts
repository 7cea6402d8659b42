import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { freshDatabase } from './support/engines.ts';
import { testConfig } from './support/http.ts';
import { buildApp } from '../src/core/http/app.ts';
import { CAPABILITIES } from '../src/server/capabilities.ts';
import { seedDemo } from '../src/server/start.ts';
import { DEMO_PASSWORD } from '../src/server/demo-accounts.ts';
import { cookiesFrom, csrfFrom } from './support/http.ts';

/**
 * An elected member signs in and follows every link and every export they can reach. No child's
 * ID or name from the database may appear anywhere they get to.
 */
describe('elected members never see child-level data', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let app: FastifyInstance;
  let cookie: string;

  beforeAll(async () => {
    database = await freshDatabase(undefined);
    await seedDemo(database, { children: 600, seed: 11 }, () => undefined);
    app = await buildApp({ database, config: testConfig() }, CAPABILITIES);
    const form = await app.inject({ url: '/sign-in' });
    const signIn = await app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { cookie: cookiesFrom(form) },
      payload: { _csrf: csrfFrom(form.body), username: 'member', password: DEMO_PASSWORD },
    });
    expect(signIn.statusCode).toBe(303);
    cookie = cookiesFrom(signIn);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('crawls every reachable page and download without meeting a child identifier or name', async () => {
    const people = await sql<{ id: string; name: string }>`
      SELECT pers_person_id AS id, concat_ws(' ', pers_forename, pers_surname) AS name FROM ssd_person`.execute(database.db);
    expect(people.rows.length).toBe(600);
    const seen = new Set<string>();
    const queue = ['/'];
    const leaks: string[] = [];
    while (queue.length && seen.size < 500) {
      const path = queue.shift()!;
      if (seen.has(path)) continue;
      seen.add(path);
      const response = await app.inject({ url: path, headers: { cookie } });
      if (response.statusCode >= 300 && response.statusCode < 400) continue;
      const body = response.body;
      for (const person of people.rows) {
        if (new RegExp(`\\b${person.id}\\b`).test(body) || body.includes(person.name)) leaks.push(`${path}: ${person.id}`);
      }
      for (const [, href] of body.matchAll(/href="(\/[^"#]*)"/g)) {
        const target = href!.replace(/&amp;/g, '&');
        if (!target.startsWith('/assets') && !target.startsWith('/stylesheets') && !seen.has(target)) queue.push(target);
      }
    }
    expect(seen.size).toBeGreaterThan(1);
    expect(leaks).toEqual([]);
  });
});
