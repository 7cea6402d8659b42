/** Keystone as real processes, for the tests that prove how processes share a data folder. */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'csv-stringify/sync';
import { generateCounty } from '../../src/demo/index.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * A temporary folder PostgreSQL can reach: run as root, the embedded PostgreSQL runs as the
 * `postgres` user, who must pass through the folders above its data folder (mkdtemp makes them 0700).
 */
export function reachableTempDir(prefix: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), prefix));
  chmodSync(folder, 0o755);
  return folder;
}

/** The demo county's SSD tables as CSV files in a folder; returns the number of rows written. */
export function writeSsdFolder(folder: string, children: number, seed: number): number {
  mkdirSync(folder, { recursive: true });
  let rows = 0;
  for (const table of generateCounty({ children, seed }).tables.filter((candidate) => candidate.name.startsWith('ssd_'))) {
    writeFileSync(
      path.join(folder, `${table.name}.csv`),
      stringify([table.columns as string[], ...table.rows.map((row) => row.map((cell) => (cell === null ? '' : String(cell))))]),
    );
    rows += table.rows.length;
  }
  return rows;
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** `node src/cli/main.ts ARGS` on the project's Node, with the environment given (nothing of the test's database leaks in). */
export function keystoneProcess(args: string[], env: Record<string, string>): ChildProcess & { output: Finished; finished: Promise<Finished> } {
  return testProcess('src/cli/main.ts', args, env);
}

/** A script of the repository (path from its root) run by this Node, its output collected. */
export function testProcess(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): ChildProcess & { output: Finished; finished: Promise<Finished> } {
  const environment: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (!env.KEYSTONE_DATABASE_URL) delete environment.KEYSTONE_DATABASE_URL;
  const child = spawn(process.execPath, [script, ...args], { cwd: ROOT, env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: Finished = { code: null, signal: null, stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (text: string) => (output.stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (output.stderr += text));
  const finished = new Promise<Finished>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(Object.assign(output, { code, signal })));
  });
  return Object.assign(child, { output, finished });
}

/** Resolves when the process prints `text` on standard output; rejects if it ends first. */
export async function printed(child: ReturnType<typeof keystoneProcess>, text: string): Promise<void> {
  while (!child.output.stdout.includes(text)) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `the process ended (${child.exitCode ?? child.signalCode}) before printing "${text}": ${child.output.stderr.slice(-2000)} ${child.output.stdout.slice(-2000)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A TCP port nothing listens on just now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The PostgreSQL process running for a data folder, if any (PostgreSQL's own lock file names it). */
export function postmasterOf(dataDir: string): number | undefined {
  const file = path.join(dataDir, 'postgres', 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/** Waits until no PostgreSQL runs for the data folder; throws after `limitMs`. */
export async function noPostgres(dataDir: string, limitMs = 60_000): Promise<void> {
  for (let waited = 0; postmasterOf(dataDir) !== undefined; waited += 100) {
    if (waited > limitMs) throw new Error(`PostgreSQL (process ${postmasterOf(dataDir)}) still runs for ${dataDir}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
