/**
 * Reaching a data folder's embedded PostgreSQL from any Keystone process: the server, every
 * `keystone` command, tests. If a supervisor (supervisor.ts) already runs PostgreSQL for the folder,
 * this process links to it; otherwise it starts one. Either way the link lasts as long as this
 * process holds it (`close()`, or the process ending however it ends), and PostgreSQL stops when the
 * last link goes. So the server and a command share one database safely, in whatever order they run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { embeddedPaths, embeddedUrl } from './paths.ts';
import type { SupervisorHello, SupervisorReport } from './supervisor.ts';

export interface EmbeddedServer {
  /** Connection string for the `keystone` database over PostgreSQL's Unix socket. */
  url: string;
  hello: SupervisorHello;
  /** Lets go of the database (PostgreSQL stops if no other process holds it). */
  close(): void;
  /** Called if PostgreSQL or its supervisor stops while this process still holds its link. */
  onLost(listener: () => void): void;
}

export interface AttachOptions {
  /** Test databases: no fsync (supervisor.ts `--fast`). Applies only when this process starts PostgreSQL. */
  fast?: boolean;
  /** How long to keep trying while another process starts or stops PostgreSQL for the folder. */
  timeoutMs?: number;
}

const SUPERVISOR = fileURLToPath(new URL('./supervisor.ts', import.meta.url));

export class EmbeddedStartError extends Error {}

export async function attachEmbedded(dataDir: string, options: AttachOptions = {}): Promise<EmbeddedServer> {
  const paths = embeddedPaths(dataDir);
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (let attempt = 0; ; attempt++) {
    const linked = await linkToRunning(paths.supervisorSocket);
    if (linked !== 'absent' && linked !== 'retry') return linked;
    if (linked === 'absent') {
      const started = await startSupervisor(paths.dataDir, options.fast ?? false);
      if (started !== 'busy') return started;
    }
    if (Date.now() > deadline) {
      throw new EmbeddedStartError(
        `The embedded database in ${paths.dataDir} is being started or stopped by another process and did not become ready; see ${paths.log}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** attempt, 500)));
  }
}

/** Links to the folder's running supervisor: 'absent' when none listens, 'retry' when it is stopping. */
function linkToRunning(socketPath: string): Promise<EmbeddedServer | 'absent' | 'retry'> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    let buffered = '';
    let settled = false;
    socket.setEncoding('utf8');
    const settle = (outcome: EmbeddedServer | 'absent' | 'retry') => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    socket.once('error', () => settle('absent'));
    socket.on('data', (chunk: string) => {
      if (settled) return;
      buffered += chunk;
      const end = buffered.indexOf('\n');
      if (end < 0) return;
      const hello = JSON.parse(buffered.slice(0, end)) as SupervisorHello;
      socket.unref();
      settle(
        attachment(
          hello,
          () => socket.destroy(),
          (lost) => socket.once('close', lost),
        ),
      );
    });
    socket.once('close', () => settle('retry'));
  });
}

/** Starts a supervisor for the folder and waits for its one-line report. */
function startSupervisor(dataDir: string, fast: boolean): Promise<EmbeddedServer | 'busy'> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [SUPERVISOR, dataDir, ...(fast ? ['--fast'] : [])], {
      // Its own session: a Ctrl-C in this terminal reaches this process, which lets go in order.
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    let errors = '';
    child.stdout!.setEncoding('utf8');
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => (errors += chunk));
    child.stdin!.on('error', () => undefined);
    const onExit = (code: number | null) =>
      reject(new EmbeddedStartError(`The embedded database supervisor stopped before answering (code ${code}): ${errors.trim() || 'no message'}`));
    child.once('exit', onExit);
    child.stdout!.on('data', (chunk: string) => {
      output += chunk;
      const end = output.indexOf('\n');
      if (end < 0) return;
      child.off('exit', onExit);
      const report = JSON.parse(output.slice(0, end)) as SupervisorReport;
      child.stdout!.destroy();
      child.stderr!.destroy();
      if ('error' in report) return reject(new EmbeddedStartError(report.error));
      if ('busy' in report) return resolve('busy');
      // Standard input is this process's link: it closes when this process ends, however it ends.
      (child.stdin as unknown as net.Socket).unref();
      child.unref();
      resolve(
        attachment(
          report,
          () => child.stdin!.destroy(),
          (lost) => child.once('exit', lost),
        ),
      );
    });
  });
}

function attachment(hello: SupervisorHello, release: () => void, watch: (lost: () => void) => void): EmbeddedServer {
  let closed = false;
  const listeners: (() => void)[] = [];
  watch(() => {
    if (!closed) for (const listener of listeners) listener();
  });
  return {
    url: embeddedUrl(hello.socketDir),
    hello,
    close() {
      if (closed) return;
      closed = true;
      release();
    },
    onLost(listener) {
      listeners.push(listener);
    },
  };
}
