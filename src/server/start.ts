import { sql } from 'kysely';
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

export async function openConfiguredDatabase(config: Config): Promise<Database> {
  const database = await openDatabase(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir });
  await migrate(database);
  // The audit trail's key and checkpoint live outside the database (threat model: README).
  await openAuditSeal(database, fileSeal(config.audit.folder, config.audit.key));
  return database;
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
  return [
    `Demo sign-in accounts (password for all: ${DEMO_PASSWORD}):`,
    ...accounts.map((account) => `  ${account.username.padEnd(width)}  ${account.roles.join(', ')} – sees ${account.sees}`),
  ].join('\n');
}

/** Starts Keystone: migrate, seed the demo county into an empty database (unless told not to), listen. */
export async function startServer(config: Config, options: { demo: boolean }) {
  const database = await openConfiguredDatabase(config);
  const version = await migrate(database);
  await fillCalendar(database);
  console.log(`Database: ${database.kind === 'pglite' ? `embedded (${config.dataDir})` : 'PostgreSQL'}, schema version ${version}.`);
  if (options.demo && (await isEmpty(database))) {
    console.log(describeAccounts(await seedDemo(database, config.demo, console.log)));
  } else {
    const existing = await database.db.selectFrom('ks_user').select(['username', 'roles']).where('active', '=', true).orderBy('user_id').execute();
    console.log(`Database already holds data; ${existing.length} active accounts: ${existing.map((user) => user.username).join(', ')}.`);
    if (options.demo && existing.some((user) => user.username === 'director')) console.log(`Demo accounts use the password ${DEMO_PASSWORD}.`);
  }
  const policy = { idleMinutes: config.sessionIdleMinutes, absoluteMinutes: config.sessionAbsoluteMinutes };
  await endExpiredSessions(database, policy);
  const sweeper = setInterval(() => void endExpiredSessions(database, policy).catch(() => undefined), 15 * 60_000);
  sweeper.unref();
  const app = await buildApp({ config, database }, CAPABILITIES, { logger: true });
  await app.listen({ host: config.host, port: config.port });
  console.log(`Keystone is running at http://${['0.0.0.0', '::'].includes(config.host) ? 'localhost' : config.host}:${config.port}`);
  const stop = async () => {
    clearInterval(sweeper);
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  return app;
}
