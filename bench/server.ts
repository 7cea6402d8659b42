// Keystone as a council runs it, measured: the health check while heavy work goes on, the first open
// of each team's page, and `npm start` on a new data folder. Each uses its own embedded data folder.
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/core/config.ts';
import { openDatabase } from '../src/core/db/database.ts';
import { migrate } from '../src/core/db/migrate.ts';
import { buildApp } from '../src/core/http/app.ts';
import { upsertUser } from '../src/core/auth/users.ts';
import { startSession, SESSION_COOKIE } from '../src/core/auth/sessions.ts';
import { addMonths, monthEnd } from '../src/core/dates.ts';
import { CAPABILITIES } from '../src/server/capabilities.ts';
import { seedDemo } from '../src/server/start.ts';
import { figureJob, figureScopes } from '../src/indicators/precompute.ts';
import { freePort, keystoneProcess, noPostgres, printed, writeSsdFolder } from '../test/support/processes.ts';
import { benchDatabase, benchFolder, EMBEDDED } from './database.ts';

const percentile = (sorted: number[], share: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]! : null);
const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50_ms: percentile(sorted, 0.5),
    p95_ms: percentile(sorted, 0.95),
    p99_ms: percentile(sorted, 0.99),
    max_ms: sorted.at(-1) ?? null,
  };
};

async function signedInCookie(database: Parameters<typeof upsertUser>[0], username: string): Promise<string> {
  const userId = await upsertUser(database, {
    username,
    displayName: username,
    password: 'bench-password-123',
    roles: ['senior_leader', 'performance_analyst'],
  });
  return `${SESSION_COOKIE}=${await startSession(database, userId, { idleMinutes: 24 * 60, absoluteMinutes: 24 * 60 })}`;
}

/** Times one GET, body read. */
async function timedGet(url: string, cookie?: string): Promise<{ ms: number; status: number; body: string }> {
  const started = performance.now();
  const response = await fetch(url, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
  const body = await response.text();
  return { ms: performance.now() - started, status: response.status, body };
}

/** `/healthz` every 20 ms for `ms`: its latencies. */
async function watchHealth(base: string, ms: number) {
  const latencies: number[] = [];
  const until = performance.now() + ms;
  while (performance.now() < until) {
    const started = performance.now();
    latencies.push((await timedGet(`${base}/healthz`)).ms);
    const rest = 20 - (performance.now() - started);
    if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
  }
  return summary(latencies);
}

/**
 * The first open of every team's performance page, once the server has computed every scope's
 * figures after the data changed (as it does in the background after each import).
 */
export async function measureTeamPages(options: { children: number }) {
  const bench = await benchDatabase('keystone-bench-teams-');
  try {
    const { database } = bench;
    await seedDemo(database, { children: options.children, seed: 42 }, () => undefined);
    const cookie = await signedInCookie(database, 'bench.teams');
    const config = { ...loadConfig({}), sessionIdleMinutes: 24 * 60 };
    const app = await buildApp({ database, config }, CAPABILITIES);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    try {
      const job = figureJob(database, config.caseloadThreshold);
      const started = performance.now();
      await job.settled();
      const computedMs = Math.round(performance.now() - started);
      const status = job.status();
      const teams = (await figureScopes(database, status.asOf!)).filter((scope) => scope.scope.kind === 'teams' && scope.scope.teamIds.length === 1);
      const opens: number[] = [];
      for (const team of teams) {
        const page = await timedGet(`${base}/indicators/teams/${(team.scope as { teamIds: string[] }).teamIds[0]}`, cookie);
        if (page.status !== 200 || page.body.includes('being calculated')) throw new Error(`team page ${team.name}: ${page.status}`);
        opens.push(page.ms);
      }
      const overview = await timedGet(`${base}/indicators`, cookie);
      return {
        database: EMBEDDED,
        children: options.children,
        scopes_computed: status.total,
        figures_computed_ms: computedMs,
        teams: teams.length,
        first_open: summary(opens),
        overview_first_open_ms: Math.round(overview.ms),
      };
    } finally {
      await app.close();
    }
  } finally {
    await bench.close();
  }
}

/**
 * `/healthz` asked every 20 ms from this process while the real server (`keystone start`, its own
 * process) serves a team page for a month whose figures nobody has computed, and `keystone import`
 * (another process) writes an SSD extract into the same data folder — after which the server
 * computes every scope's figures again. Measured until the import has finished and the page is ready.
 */
export async function measureHealthUnderWork(options: { children: number }) {
  const folder = benchFolder('keystone-bench-health-');
  const dataDir = path.join(folder, 'data');
  try {
    const database = await openDatabase({ dataDir });
    await migrate(database);
    await seedDemo(database, { children: options.children, seed: 42 }, () => undefined);
    const cookie = await signedInCookie(database, 'bench.health');
    await database.close();
    const extract = path.join(folder, 'extract');
    const extractRows = writeSsdFolder(extract, Math.max(200, Math.round(options.children / 5)), 77);

    const port = await freePort();
    const env = { KEYSTONE_DATA_DIR: dataDir, KEYSTONE_HOST: '127.0.0.1', KEYSTONE_INSECURE_COOKIES: '1', KEYSTONE_SESSION_IDLE_MINUTES: String(24 * 60) };
    const server = keystoneProcess(['start', '--no-demo', '--port', String(port)], env);
    await printed(server, 'Keystone is running at');
    const base = `http://127.0.0.1:${port}`;
    try {
      // The server computes every scope's figures as it starts: wait for the overview.
      let overview = await timedGet(`${base}/indicators`, cookie);
      while (overview.body.includes('being calculated')) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        overview = await timedGet(`${base}/indicators`, cookie);
      }
      await new Promise((resolve) => setTimeout(resolve, 20_000));
      // The same watch with nothing else to do: what the machine's own load costs.
      const idle = await watchHealth(base, Number(process.env.BENCH_HEALTH_IDLE_MS ?? 15_000));
      const latencies: number[] = [];
      const failures: string[] = [];
      let stop = false;
      const poll = (async () => {
        while (!stop) {
          const started = performance.now();
          try {
            const health = await timedGet(`${base}/healthz`);
            if (health.status !== 200) failures.push(String(health.status));
            latencies.push(health.ms);
          } catch (error) {
            failures.push((error as Error).message);
          }
          const rest = 20 - (performance.now() - started);
          if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
        }
      })();
      // A team page for a month a year back: not computed ahead, so the server computes it now.
      const firstTeam = /href="\/indicators\/teams\/([^"?]+)/.exec(overview.body)?.[1];
      const latest = /name="as_of"[\s\S]*?<option value="(\d{4}-\d{2}-\d{2})"/.exec(overview.body)?.[1];
      const cold = latest ? monthEnd(addMonths(latest, -12)) : undefined;
      const teamStarted = performance.now();
      const teamPage = (async () => {
        if (!firstTeam || !cold) return { error: 'no team or month found on /indicators' };
        for (;;) {
          const page = await timedGet(`${base}/indicators/teams/${firstTeam}?as_of=${cold}`, cookie);
          if (page.status === 200 && !page.body.includes('being calculated'))
            return { team: firstTeam, as_of: cold, ready_after_ms: Math.round(performance.now() - teamStarted) };
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      })();
      const importStarted = performance.now();
      const imported = await keystoneProcess(['import', 'ssd', extract, '--json'], env).finished;
      const importMs = Math.round(performance.now() - importStarted);
      const team = await teamPage;
      // Let the server notice the new data and compute every scope again, under the same watch.
      await new Promise((resolve) => setTimeout(resolve, Number(process.env.BENCH_HEALTH_AFTER_MS ?? 20_000)));
      stop = true;
      await poll;
      return {
        database: EMBEDDED,
        children: options.children,
        import: { rows: extractRows, exit_code: imported.code, ms: importMs },
        team_page: team,
        healthz: { ...summary(latencies), failures: failures.length, first_failures: failures.slice(0, 5) },
        healthz_with_no_work: idle,
      };
    } finally {
      server.kill('SIGTERM');
      await server.finished;
    }
  } finally {
    await noPostgres(dataDir);
    rmSync(folder, { recursive: true, force: true });
  }
}

/** `keystone start` (what `npm start` runs) on a new data folder, demo county included, to the first /healthz answer. */
export async function measureStartup(options: { children: number }) {
  const folder = benchFolder('keystone-bench-start-');
  const dataDir = path.join(folder, 'data');
  const port = await freePort();
  const started = performance.now();
  const server = keystoneProcess(['start', '--port', String(port)], {
    KEYSTONE_DATA_DIR: dataDir,
    KEYSTONE_HOST: '127.0.0.1',
    KEYSTONE_DEMO_CHILDREN: String(options.children),
  });
  try {
    // When the database is ready (created, started, migrated): the line that says so.
    let databaseMs: number | undefined;
    let healthMs: number | undefined;
    server.stdout!.on('data', () => {
      if (databaseMs === undefined && server.output.stdout.includes('Database: ')) databaseMs = Math.round(performance.now() - started);
    });
    while (healthMs === undefined) {
      if (server.exitCode !== null) throw new Error(`keystone start ended: ${server.output.stderr.slice(-2000)}`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200) healthMs = Math.round(performance.now() - started);
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    // The demo county loads once Keystone answers; its accounts are printed when it is ready.
    await printed(server, 'Demo sign-in accounts');
    const demoReadyMs = Math.round(performance.now() - started);
    const lines = server.output.stdout.split('\n');
    return {
      database: EMBEDDED,
      children: options.children,
      to_database_ready_ms: databaseMs ?? null,
      to_healthz_ms: healthMs,
      to_demo_ready_ms: demoReadyMs,
      demo_line: lines.find((line) => line.startsWith('Demo county ready')) ?? null,
    };
  } finally {
    server.kill('SIGTERM');
    await server.finished;
    await noPostgres(dataDir);
    rmSync(folder, { recursive: true, force: true });
  }
}
