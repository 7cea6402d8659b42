import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/core/db/database.ts';
import { embeddedUrl } from '../../src/core/db/embedded/paths.ts';
import { migrate } from '../../src/core/db/migrate.ts';

const TEMPLATE_DATABASE = 'keystone_template';

/**
 * The database engines a test file runs against: the embedded PostgreSQL always (one server for the
 * test run, started by global-setup.ts), and the machine's PostgreSQL when
 * KEYSTONE_TEST_DATABASE_URL is set (CI sets it). Use with describe.each; `url` undefined means the
 * embedded one.
 */
export const engines: { name: string; url: string | undefined }[] = [
  { name: 'embedded PostgreSQL', url: undefined },
  ...(process.env.KEYSTONE_TEST_DATABASE_URL ? [{ name: 'PostgreSQL', url: process.env.KEYSTONE_TEST_DATABASE_URL }] : []),
];

/** The test run's embedded PostgreSQL, database `name`. */
export function embeddedTestUrl(name: string): string {
  return embeddedUrl(inject('embeddedSocketDir'), name);
}

async function onEmbedded(work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: embeddedTestUrl('postgres') });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

/**
 * CREATE DATABASE … TEMPLATE fails while anything is connected to the template, and a closed
 * connection's backend leaves PostgreSQL a moment after the client has gone: wait and try again.
 */
async function cloneTemplate(client: pg.Client, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt === 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * Math.min(attempt, 10)));
    }
  }
}

/**
 * A freshly migrated database of its own; `drop()` removes it. On the embedded PostgreSQL a new
 * database cloned from the run's migrated template; on KEYSTONE_TEST_DATABASE_URL a new schema,
 * migrated.
 */
export async function freshDatabase(url: string | undefined): Promise<Database & { drop(): Promise<void>; url: string | undefined }> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  if (!url) {
    await onEmbedded((client) => cloneTemplate(client, name));
    const database = await openDatabase({ databaseUrl: embeddedTestUrl(name) });
    return Object.assign(database, {
      /** The new database's URL, for another process to open. */
      url: embeddedTestUrl(name),
      async drop() {
        await database.close();
        await onEmbedded((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      },
    });
  }
  const database = await openDatabase({ databaseUrl: url, schema: name });
  await migrate(database);
  return Object.assign(database, {
    url: undefined,
    async drop() {
      await sql.raw(`DROP SCHEMA IF EXISTS ${name} CASCADE`).execute(database.db);
      await database.close();
    },
  });
}
