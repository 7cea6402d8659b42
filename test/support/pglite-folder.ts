/**
 * Builds an earlier Keystone's PGlite data folder from a database, in a process of its own:
 * `node test/support/pglite-folder.ts <folder> <database URL>`. PGlite runs PostgreSQL as WebAssembly
 * on the thread that calls it; migrating and filling it held a test worker's event loop for over a
 * minute on a loaded machine, past Vitest's 60-second limit for a worker's reports (issue 15).
 */
import { copyTables } from '../../src/core/db/copy.ts';
import { openDatabase } from '../../src/core/db/database.ts';
import { withPglite } from '../../src/core/db/from-pglite.ts';
import { migrate } from '../../src/core/db/migrate.ts';

const [folder, url] = process.argv.slice(2);
if (!folder || !url) throw new Error('usage: node test/support/pglite-folder.ts <folder> <database URL>');
const source = await openDatabase({ databaseUrl: url, connections: 1 });
try {
  await withPglite(folder, async (pglite) => {
    await migrate({ rawTransaction: (work) => work(pglite) });
    await source.rawTransaction((tx) => copyTables(tx, pglite));
  });
} finally {
  await source.close();
}
