import { sql } from 'kysely';
import pg from 'pg';
import type { Config } from '../core/config.ts';
import { openDatabase, type Database } from '../core/db/database.ts';
import { migrate } from '../core/db/migrate.ts';
import { openAuditSeal } from '../core/audit/trail.ts';
import { fileSeal } from '../core/audit/seal.ts';
import { fillCalendar } from '../indicators/calendar.ts';
import { buildApp } from '../core/http/app.ts';
import { endExpiredSessions } from '../core/auth/sessions.ts';
import { generateCounty, loadCounty } from '../demo/index.ts';
import { CAPABILITIES } from './capabilities.ts';
import { seedDemoEstablishment } from '../workforce/demo-establishment.ts';
import { seedImprovementDemo } from '../improvement/demo.ts';
import { createDemoAccounts, DEMO_PASSWORD, type DemoAccount } from './demo-accounts.ts';

/**
 * The database the configuration names: an external PostgreSQL (KEYSTONE_DATABASE_URL), else the
 * embedded PostgreSQL of the data folder, started if no other Keystone process runs it already.
 */
export async function openConfiguredDatabase(config: Config, options: { onLost?: () => void } = {}): Promise<Database> {
  return openDatabase(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir, onLost: options.onLost });
}

/**
 * Brings an opened database up to the newest schema and attaches the audit trail's key and
 * checkpoint, which live outside the database (threat model: README). Returns the schema version.
 */
export async function prepareDatabase(database: Database, config: Config): Promise<number> {
  const version = await migrate(database);
  await openAuditSeal(database, fileSeal(config.audit.folder, config.audit.key));
  return version;
}

/**
 * The session-level advisory lock the one web server of a data folder holds: a two-number key, a
 * space apart from the one-number keys the migrations (727001) and the audit trail (727002) take.
 */
const SERVER_LOCK = [727, 3] as const;

export class AlreadyRunningError extends Error {}

/**
 * One web server per data folder: the server holds a PostgreSQL advisory lock on a connection of its
 * own for as long as it runs (PostgreSQL lets go of it when that connection ends, even on kill -9).
 * A second `keystone start` on the folder finds it held and stops before touching anything. With an
 * external PostgreSQL several servers may share one database, so no lock is taken.
 */
async function holdServerLock(database: Database, config: Config): Promise<pg.Client | undefined> {
  if (database.kind !== 'embedded') return undefined;
  const client = new pg.Client({ connectionString: database.connectionString, application_name: `keystone server ${process.pid} port ${config.port}` });
  client.on('error', () => undefined);
  await client.connect();
  const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS locked', [...SERVER_LOCK]);
  if (rows[0]!.locked) return client;
  const holder = await client.query<{ application_name: string }>(
    `SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
     WHERE l.locktype = 'advisory' AND l.classid = $1 AND l.objid = $2 AND l.objsubid = 2 AND l.granted LIMIT 1`,
    [...SERVER_LOCK],
  );
  await client.end();
  const match = /keystone server (\d+) port (\d+)/.exec(holder.rows[0]?.application_name ?? '');
  throw new AlreadyRunningError(
    `Keystone is already running on the data folder ${config.dataDir}${match ? ` (process ${match[1]}, port ${match[2]})` : ''}. ` +
      'Stop it first, or set KEYSTONE_DATA_DIR to another folder. Commands such as "keystone import" can run while it runs.',
  );
}

async function isEmpty(database: Database): Promise<boolean> {
  const result = await sql<{ people: number; users: number }>`
    SELECT (SELECT count(*) FROM ssd_person)::int AS people, (SELECT count(*) FROM ks_user)::int AS users`.execute(database.db);
  const row = result.rows[0]!;
  return row.people === 0 && row.users === 0;
}

/** Generates the synthetic county into the database and creates the demo sign-in accounts. */
export async function seedDemo(database: Database, options: { children: number; seed: number }, log: (line: string) => void) {
  const started = performance.now();
  log(`Generating the demo county: ${options.children.toLocaleString('en-GB')} children, seed ${options.seed}…`);
  const summary = await loadCounty(database, generateCounty(options));
  const accounts = await createDemoAccounts(database, summary);
  await seedDemoEstablishment(database);
  await seedImprovementDemo(database, summary);
  log(`Demo county ready in ${((performance.now() - started) / 1000).toFixed(1)} s (${summary.from} to ${summary.to}).`);
  return accounts;
}

export function describeAccounts(accounts: DemoAccount[]): string {
  const width = Math.max(...accounts.map((account) => account.username.length));
  const nameWidth = Math.max(...accounts.map((account) => account.displayName.length));
  return [
    `Demo sign-in accounts (password for all: ${DEMO_PASSWORD}):`,
    ...accounts.map(
      (account) => `  ${account.username.padEnd(width)}  ${account.displayName.padEnd(nameWidth)}  ${account.roles.join(', ')} – sees ${account.sees}`,
    ),
  ].join('\n');
}

/** Starts Keystone: migrate, seed the demo county into an empty database (unless told not to), listen. */
export async function startServer(config: Config, options: { demo: boolean }) {
  const database = await openConfiguredDatabase(config, {
    onLost: () => {
      console.error(`The embedded PostgreSQL of ${config.dataDir} stopped; Keystone stops too (see ${config.dataDir}/postgres.log).`);
      process.exit(1);
    },
  });
  let serverLock: pg.Client | undefined;
  try {
    serverLock = await holdServerLock(database, config);
  } catch (error) {
    await database.close();
    throw error;
  }
  const version = await prepareDatabase(database, config);
  await fillCalendar(database);
  console.log(
    `Database: ${database.kind === 'embedded' ? `embedded PostgreSQL (${config.dataDir})` : 'PostgreSQL (KEYSTONE_DATABASE_URL)'}, schema version ${version}.`,
  );
  // An empty database gets the demo county once Keystone answers: every page says so meanwhile.
  let notice: string | undefined;
  const seedingDemo = options.demo && (await isEmpty(database));
  if (!seedingDemo) {
    const existing = await database.db.selectFrom('ks_user').select(['username', 'roles']).where('active', '=', true).orderBy('user_id').execute();
    console.log(`Database already holds data; ${existing.length} active accounts: ${existing.map((user) => user.username).join(', ')}.`);
    if (options.demo && existing.some((user) => user.username === 'director')) console.log(`Demo accounts use the password ${DEMO_PASSWORD}.`);
  }
  const policy = { idleMinutes: config.sessionIdleMinutes, absoluteMinutes: config.sessionAbsoluteMinutes };
  await endExpiredSessions(database, policy);
  const sweeper = setInterval(() => void endExpiredSessions(database, policy).catch(() => undefined), 15 * 60_000);
  sweeper.unref();
  const app = await buildApp({ config, database, notice: () => notice }, CAPABILITIES, { log: { format: config.logFormat } });
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    clearInterval(sweeper);
    await app.close();
    await serverLock?.end();
    await database.close();
    throw error;
  }
  console.log(`Keystone is running at http://${['0.0.0.0', '::'].includes(config.host) ? 'localhost' : config.host}:${config.port}`);
  if (seedingDemo) {
    notice = `Keystone is loading its demo county (${config.demo.children.toLocaleString('en-GB')} children). The demo accounts can sign in once it is ready, usually within a minute or two; this message then goes.`;
    seedDemo(database, config.demo, console.log).then(
      (accounts) => {
        console.log(describeAccounts(accounts));
        notice = undefined;
      },
      (error: unknown) => {
        notice = 'The demo county could not be loaded: see the messages where Keystone was started.';
        console.error(`Loading the demo county failed: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
  }
  const stop = async () => {
    clearInterval(sweeper);
    await app.close();
    await serverLock?.end();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  return app;
}
