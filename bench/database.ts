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
