import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../../src/core/db/database.ts';
import { migrate } from '../../src/core/db/migrate.ts';

/**
 * The database engines a test file runs against: the embedded PGlite always, and a real
 * PostgreSQL when KEYSTONE_TEST_DATABASE_URL is set (CI sets it). Use with describe.each.
 */
export const engines: { name: string; url: string | undefined }[] = [
  { name: 'PGlite', url: undefined },
  ...(process.env.KEYSTONE_TEST_DATABASE_URL ? [{ name: 'PostgreSQL', url: process.env.KEYSTONE_TEST_DATABASE_URL }] : []),
];

/** A freshly migrated database in a schema of its own; `drop()` removes it. */
export async function freshDatabase(url: string | undefined): Promise<Database & { drop(): Promise<void> }> {
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const database = await openDatabase({ databaseUrl: url, schema });
  await migrate(database);
  return Object.assign(database, {
    async drop() {
      if (url) await sql.raw(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).execute(database.db);
      await database.close();
    },
  });
}
