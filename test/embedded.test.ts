/**
 * The embedded PostgreSQL shared by real Keystone processes on one data folder, as a council would
 * run them: the web server, `keystone import` while people browse, a second `keystone start` by
 * mistake, a `kill -9`, `keystone migrate` on a migrated folder. No timings are asserted: each step
 * waits for what it needs (a line printed, a process ended), within the test's time limit.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/core/db/database.ts';
import { loadMigrations } from '../src/core/db/migrate.ts';
import { signedInAs } from './support/http.ts';
import { freePort, keystoneProcess, noPostgres, postmasterOf, printed, reachableTempDir, writeSsdFolder } from './support/processes.ts';

const RUNNING = 'Keystone is running at';

describe('processes sharing one embedded PostgreSQL data folder', () => {
  let folder: string;
  let dataDir: string;
  const env = () => ({ KEYSTONE_DATA_DIR: dataDir, KEYSTONE_INSECURE_COOKIES: '1', KEYSTONE_HOST: '127.0.0.1' });
  const start = async (port: number) => {
    const server = keystoneProcess(['start', '--no-demo', '--port', String(port)], env());
    await printed(server, RUNNING);
    return server;
  };

  beforeAll(() => {
    folder = reachableTempDir('keystone-embedded-');
    dataDir = path.join(folder, 'data');
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('`keystone migrate` on a new folder, then on the migrated folder: both print the version and end', async () => {
    const latest = loadMigrations().length;
    for (let run = 0; run < 2; run++) {
      const migrate = await keystoneProcess(['migrate'], env()).finished;
      expect(migrate.code, migrate.stderr).toBe(0);
      expect(migrate.stdout).toContain(`Schema version ${latest}`);
    }
    // Nothing holds the folder any more, so its PostgreSQL has stopped.
    await noPostgres(dataDir);
  });

  it('`keystone import` into the folder while the server serves pages; the server stopped and started again finds the data', async () => {
    const extract = path.join(folder, 'extract');
    const rows = writeSsdFolder(extract, 200, 5);
    const port = await freePort();
    const server = await start(port);
    let database: Database | undefined = await openDatabase({ dataDir });
    const leader = await signedInAs(database, { username: 'shared.leader', roles: ['senior_leader'] });
    await database.close();
    database = undefined;

    // Pages requested one after another for as long as the import runs, and a little after.
    const answers: { path: string; status: number | string }[] = [];
    let importing = true;
    const browse = (async () => {
      for (let round = 0; importing || round < 3; round++) {
        for (const page of ['/healthz', '/indicators', '/caseloads', '/sign-in']) {
          const status = await fetch(`http://127.0.0.1:${port}${page}`, { headers: { cookie: leader.cookie }, redirect: 'manual' }).then(
            (response) => response.status,
            (error: Error) => error.message,
          );
          answers.push({ path: page, status });
        }
      }
    })();
    const imported = await keystoneProcess(['import', 'ssd', extract, '--json'], env()).finished;
    importing = false;
    await browse;
    expect(imported.code, imported.stderr.slice(-2000)).toBe(0);
    const report = JSON.parse(imported.stdout) as { status: string; counts: { new: number } };
    expect(report).toMatchObject({ status: 'committed', counts: { new: rows } });
    expect(answers.length).toBeGreaterThanOrEqual(12);
    expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);

    server.kill('SIGTERM');
    expect((await server.finished).code).toBe(0);
    await noPostgres(dataDir);

    const again = await start(port);
    try {
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      const page = await fetch(`http://127.0.0.1:${port}/caseloads`, { headers: { cookie: leader.cookie } });
      expect(page.status).toBe(200);
      database = await openDatabase({ dataDir });
      const counts = await sql<{ people: number; imports: number }>`
        SELECT (SELECT count(*) FROM ssd_person)::int AS people, (SELECT count(*) FROM ks_import WHERE status = 'committed')::int AS imports`.execute(
        database.db,
      );
      expect(counts.rows[0]).toEqual({ people: 200, imports: 1 });
    } finally {
      await database?.close();
      again.kill('SIGTERM');
      await again.finished;
    }
    await noPostgres(dataDir);
  });

  it('a second `keystone start` on the folder refuses and the first runs on; kill -9 of the server leaves no PostgreSQL and the next start recovers', async () => {
    const port = await freePort();
    const first = await start(port);
    const postmaster = postmasterOf(dataDir);
    expect(postmaster).toBeDefined();

    const second = await keystoneProcess(['start', '--no-demo', '--port', String(await freePort())], env()).finished;
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`Keystone is already running on the data folder ${dataDir} (process ${first.pid}, port ${port})`);
    expect(second.stdout).not.toContain('schema version');
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect(postmasterOf(dataDir)).toBe(postmaster);

    first.kill('SIGKILL');
    await first.finished;
    await noPostgres(dataDir);

    const next = await start(port);
    try {
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      const database = await openDatabase({ dataDir });
      try {
        const people = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ssd_person`.execute(database.db);
        expect(people.rows[0]!.n).toBe(200);
      } finally {
        await database.close();
      }
    } finally {
      next.kill('SIGTERM');
      await next.finished;
    }
    await noPostgres(dataDir);
  });
}, 600_000);
