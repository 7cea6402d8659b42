/**
 * Dashboards never wait for heavy work: a page whose figures are not computed yet says so and
 * refreshes itself (no script), then shows them; after a data change the background job computes
 * every scope (council, services, teams), and the team pages and overviews then run no indicator
 * query at all; the Imports page says where the job has got to.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { longDate } from '../core/dates.ts';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../core/http/app.ts';
import { signedInAs, testConfig } from '../../test/support/http.ts';
import { engines, freshDatabase } from '../../test/support/engines.ts';
import { seedDemo } from '../server/start.ts';
import { importRoutes } from '../ingest/routes.ts';
import { indicatorRoutes } from './routes/index.ts';
import { heavyQueriesStarted } from './engine.ts';
import { figureJob, figureScopes } from './precompute.ts';

describe.each(engines)('figures computed ahead on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  const apps: FastifyInstance[] = [];
  let cookie: string;

  beforeAll(async () => {
    database = await freshDatabase(url);
    await seedDemo(database, { children: 80, seed: 4 }, () => undefined);
    cookie = (await signedInAs(database, { username: 'ahead.leader', roles: ['senior_leader', 'performance_analyst'] })).cookie;
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await database?.drop();
  });

  const appWith = async (config: Parameters<typeof testConfig>[0]) => {
    const app = await buildApp({ database, config: testConfig(config) }, [indicatorRoutes, importRoutes]);
    apps.push(app);
    return app;
  };

  it('a page whose figures are not ready says so, refreshes itself, and shows them once computed', async () => {
    const app = await appWith({ precomputeFigures: false, figureWaitMs: 0 });
    const first = await app.inject({ url: '/indicators', headers: { cookie } });
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('The figures for this page are being calculated');
    expect(first.body).toMatch(/<meta http-equiv="refresh" content="3">/);
    // The browser comes back on its own; the computation went on meanwhile.
    let page = first;
    for (let visit = 0; visit < 600 && page.body.includes('being calculated'); visit++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      page = await app.inject({ url: '/indicators', headers: { cookie } });
    }
    expect(page.body).toContain('Performance overview');
    expect(page.body).not.toContain('http-equiv="refresh"');
  }, 300_000);

  it('computes every scope in the background after a data change; the pages then run no indicator query', async () => {
    const app = await appWith({ precomputeFigures: true, figureWaitMs: null });
    await app.ready();
    const job = figureJob(database, testConfig().caseloadThreshold);
    await job.settled();
    let status = job.status();
    expect(status).toMatchObject({ state: 'idle', error: null });
    const scopes = await figureScopes(database, status.asOf!);
    expect(scopes.filter((scope) => scope.scope.kind === 'teams').length).toBeGreaterThan(2);
    expect(status.total).toBe(scopes.length);
    expect(status.done).toBe(scopes.length);
    const imports = await app.inject({ url: '/imports', headers: { cookie } });
    expect(imports.body).toContain(
      `id="figures-status">The dashboards’ figures for the whole council, each service and each team are up to date (to ${longDate(status.asOf!)}),`,
    );

    const before = heavyQueriesStarted(database);
    const overview = await app.inject({ url: '/indicators', headers: { cookie } });
    expect(overview.body).toContain('Performance overview');
    for (const { scope } of scopes) {
      if (scope.kind !== 'teams' || scope.teamIds.length !== 1) continue;
      const team = await app.inject({ url: `/indicators/teams/${scope.teamIds[0]}`, headers: { cookie } });
      expect(team.statusCode).toBe(200);
      expect(team.body).toContain('id="team-indicators"');
    }
    expect(heavyQueriesStarted(database)).toBe(before);

    // A change to the data: the job sees the new version and computes again.
    const version = status.version!;
    await sql`UPDATE ssd_person SET pers_forename = pers_forename WHERE pers_person_id = (SELECT min(pers_person_id) FROM ssd_person)`.execute(database.db);
    await job.settled();
    status = job.status();
    expect(status.version).toBeGreaterThan(version);
    expect(status.done).toBe(scopes.length);
  }, 600_000);
});
