// The demo county's SSDA903 return as CSV tables, for comparing validators rule by rule beside the shared
// fixture (issue 14): a county of the given number of children (default 1,900, seed 42), loaded into a
// database of its own (a fresh schema of BENCH_POSTGRES_URL when set, else the embedded PostgreSQL) and
// exported for the collection year ending 31 March `year` (default 2026) as `keystone export 903` would.
//
//   node bench/903-county.ts OUT_FOLDER [children] [seed] [year]
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCounty, loadCounty } from '../src/demo/index.ts';
import { buildExport } from '../src/export/run.ts';
import { withOwnDatabase } from './database.ts';

export function writeCounty903(folder: string, children = 1900, seed = 42, year = 2026): Promise<{ children: number; files: number }> {
  return withOwnDatabase('903_county', async (database) => {
    await loadCounty(database, generateCounty({ children, seed }));
    const exported = await buildExport(database, '903', { from: `${year - 1}-04-01`, to: `${year}-03-31` });
    mkdirSync(folder, { recursive: true });
    for (const file of exported.files) writeFileSync(path.join(folder, file.name), file.bytes);
    return { children: exported.childIds.length, files: exported.files.length };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [folder, children, seed, year] = process.argv.slice(2);
  if (!folder) throw new Error('usage: node bench/903-county.ts OUT_FOLDER [children] [seed] [year]');
  console.log(
    JSON.stringify(await writeCounty903(folder, children ? Number(children) : undefined, seed ? Number(seed) : undefined, year ? Number(year) : undefined)),
  );
}
