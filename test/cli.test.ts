import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/core/db/database.ts';
import { buildApp } from '../src/core/http/app.ts';
import { CAPABILITIES } from '../src/server/capabilities.ts';
import { signedInAs, testConfig } from './support/http.ts';

const BIN = path.resolve('bin/keystone.js');
const dataDir = mkdtempSync(path.join(tmpdir(), 'keystone-cli-'));

/** Runs the `keystone` command as a user would, with the machine's own Node (which may be older than 24). */
function keystone(...args: string[]) {
  const result = spawnSync('node', [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `/usr/local/bin:/usr/bin:/bin`, KEYSTONE_DATA_DIR: dataDir, KEYSTONE_DATABASE_URL: '' },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the keystone command', () => {
  it('explains itself with --help', () => {
    const help = keystone('--help');
    expect(help.code).toBe(0);
    for (const command of ['start', 'demo', 'indicators', 'migrate']) expect(help.stdout).toContain(command);
    expect(keystone('indicators', '--help').stdout).toContain('--as-of');
  });

  it('refuses bad arguments with a clear message', () => {
    const badDate = keystone('indicators', '--as-of', '2025-02-30');
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('--as-of must be a real date written YYYY-MM-DD');
    const unknown = keystone('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
  });

  it('generates the demo county and prints the same caseload figures as the page', async () => {
    const demo = keystone('demo', '--children', '400', '--seed', '3');
    expect(demo.stderr).toBe('');
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain('teammanager');
    const cli = keystone('indicators', '--as-of', '2025-06-30', '--json');
    expect(cli.code).toBe(0);
    const report = JSON.parse(cli.stdout) as { indicators: { id: string; value: number | null }[] };
    const value = (id: string) => report.indicators.find((indicator) => indicator.id === id)?.value;
    expect(value('caseload.workers')).toBeGreaterThan(0);

    const database = await openDatabase({ dataDir });
    try {
      const app = await buildApp({ database, config: testConfig() }, CAPABILITIES);
      const leader = await signedInAs(database, { username: 'cli.test.leader', roles: ['senior_leader'] });
      const page = await app.inject({ url: '/caseloads?day=30&month=6&year=2025', headers: { cookie: leader.cookie } });
      expect(page.statusCode).toBe(200);
      const figure = (id: string) => new RegExp(`id="${id}">([^<]*)<`).exec(page.body)?.[1];
      expect(figure('figure-average')).toBe(value('caseload.average')!.toFixed(1));
      expect(figure('figure-workers')).toBe(String(value('caseload.workers')));
      expect(figure('figure-over-threshold-pct')).toBe(`${value('caseload.over_threshold_pct')!.toFixed(1)}%`);
      expect(figure('figure-cases')).toBe(value('caseload.cases')!.toLocaleString('en-GB'));
      await app.close();
    } finally {
      await database.close();
    }
  });
});
