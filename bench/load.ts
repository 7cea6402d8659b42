import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/core/config.ts';
import { figureJob } from '../src/indicators/precompute.ts';
import { postgresCpuMs, postmasterPid } from './indicators.ts';
import { benchDatabase, EMBEDDED } from './database.ts';
import { buildApp } from '../src/core/http/app.ts';
import { upsertUser } from '../src/core/auth/users.ts';
import { startSession, SESSION_COOKIE } from '../src/core/auth/sessions.ts';
import { CAPABILITIES } from '../src/server/capabilities.ts';
import { seedDemo } from '../src/server/start.ts';

/**
 * N signed-in users (senior leaders, so every page has every team's figures) browse the main pages
 * for S seconds on loopback against the embedded PostgreSQL; the load comes from another process.
 * The server computes every scope's figures in the background first, as after any data change
 * (`figures_computed_ms`); then one user opens each page once, timed (`warm_up_ms`: the first open
 * renders the page from those figures); then the closed-loop run (each user asks again as soon as answered); then, with
 * `pacedRate`, a separate run where each user asks `pacedRate` times a second.
 */
export async function measureLoad(options: { users: number; seconds: number; children: number; paths: string[]; pacedRate?: number }) {
  const bench = await benchDatabase('keystone-bench-load-');
  const { database } = bench;
  await seedDemo(database, { children: options.children, seed: 42 }, () => undefined);
  const config = { ...loadConfig({}), sessionIdleMinutes: 24 * 60 };
  const cookies: string[] = [];
  for (let index = 0; index < options.users; index++) {
    const userId = await upsertUser(database, {
      username: `load.user.${index}`,
      displayName: `Load user ${index}`,
      password: 'load-test-password',
      roles: ['senior_leader'],
    });
    cookies.push(`${SESSION_COOKIE}=${await startSession(database, userId, { idleMinutes: 24 * 60, absoluteMinutes: 24 * 60 })}`);
  }
  const app = await buildApp({ database, config }, CAPABILITIES);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const computing = performance.now();
  await figureJob(database, config.caseloadThreshold).settled();
  const figuresComputedMs = Math.round(performance.now() - computing);
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const cookiesFile = path.join(mkdtempSync(path.join(tmpdir(), 'keystone-load-')), 'cookies.json');
  writeFileSync(cookiesFile, JSON.stringify(cookies));
  const warmUp: Record<string, number> = {};
  for (const page of options.paths) {
    const started = performance.now();
    const response = await fetch(baseUrl + page, { headers: { cookie: cookies[0]! } });
    await response.text();
    if (response.status !== 200) throw new Error(`${page} answered ${response.status} before the load`);
    warmUp[page] = Math.round(performance.now() - started);
  }
  // The client runs while this process serves: spawn asynchronously and wait for it.
  const run = async (rate?: number) => {
    const args = [
      path.join(import.meta.dirname, 'load-client.ts'),
      baseUrl,
      cookiesFile,
      String(options.seconds),
      String(options.users),
      options.paths.join(','),
      ...(rate ? [String(rate)] : []),
    ];
    const client = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    client.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await new Promise((resolve) => client.on('close', resolve));
    return JSON.parse(output) as Record<string, unknown>;
  };
  // Processor time per request, Keystone's process and PostgreSQL's: what the machine's load does not change.
  const postmaster = await postmasterPid(database);
  const cpuBefore = { own: process.cpuUsage(), postgres: postgresCpuMs(postmaster) };
  const closedLoop = await run();
  const own = process.cpuUsage(cpuBefore.own);
  const postgresAfter = postgresCpuMs(postmaster);
  const requests = Number(closedLoop.requests) || 1;
  const cpuPerRequest = {
    keystone_ms: Math.round(((own.user + own.system) / 1000 / requests) * 100) / 100,
    ...(cpuBefore.postgres !== null && postgresAfter !== null
      ? { postgres_ms: Math.round(((postgresAfter - cpuBefore.postgres) / requests) * 100) / 100 }
      : {}),
  };
  const paced = options.pacedRate ? await run(options.pacedRate) : undefined;
  await app.close();
  await bench.close();
  return {
    users: options.users,
    seconds: options.seconds,
    children: options.children,
    paths: options.paths,
    database: EMBEDDED,
    figures_computed_ms: figuresComputedMs,
    warm_up_ms: warmUp,
    ...closedLoop,
    cpu_per_request: cpuPerRequest,
    ...(paced ? { paced } : {}),
  };
}

if (import.meta.main) {
  const result = await measureLoad({
    users: Number(process.env.BENCH_LOAD_USERS ?? 50),
    seconds: Number(process.env.BENCH_LOAD_SECONDS ?? 60),
    children: Number(process.env.BENCH_CHILDREN ?? 10_000),
    paths: ['/', '/caseloads', '/account'],
  });
  console.log(JSON.stringify(result, null, 2));
}
