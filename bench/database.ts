// A benchmark's own embedded PostgreSQL: a data folder of its own under the temporary folder (as
// `npm start` would make in ./data), opened and migrated; `close()` stops it and removes the folder.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../src/core/db/database.ts';
import { migrate } from '../src/core/db/migrate.ts';

export const EMBEDDED = 'embedded PostgreSQL (its own data folder)';

/** A new data folder that the embedded PostgreSQL can reach (as root it runs as the `postgres` user). */
export function benchFolder(prefix: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), prefix));
  chmodSync(folder, 0o755);
  return folder;
}

export async function benchDatabase(prefix = 'keystone-bench-'): Promise<{ database: Database; dataDir: string; close(): Promise<void> }> {
  const dataDir = benchFolder(prefix);
  const database = await openDatabase({ dataDir });
  await migrate(database);
  return {
    database,
    dataDir,
    async close() {
      await database.close();
      // PostgreSQL removes its lock file as it stops: wait for that before the folder goes.
      const { noPostgres } = await import('../test/support/processes.ts');
      await noPostgres(dataDir);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs `work` on a database of its own, then drops it: a fresh schema of BENCH_POSTGRES_URL when set (migrated here),
 * else a new embedded PostgreSQL (bench/cin-county.ts, bench/903-county.ts).
 */
export async function withOwnDatabase<T>(name: string, work: (database: Database) => Promise<T>): Promise<T> {
  const url = process.env.BENCH_POSTGRES_URL;
  const schema = `bench_${name}_${process.pid}`;
  const bench = url ? null : await benchDatabase(`keystone-bench-${name}-`);
  const database = bench ? bench.database : await openDatabase({ databaseUrl: url!, schema });
  try {
    if (!bench) await migrate(database);
    return await work(database);
  } finally {
    if (bench) await bench.close();
    else {
      const { sql } = await import('kysely');
      await sql.raw(`DROP SCHEMA ${schema} CASCADE`).execute(database.db);
      await database.close();
    }
  }
}
