// The demo county's CIN census as a file, for comparisons beside the shared fixtures (issue 14): a
// county of the given number of children (default 1,900: 334 of them in the census, seed 42; 17,000 gives 3,062),
// loaded into a database of its own (a fresh schema of BENCH_POSTGRES_URL when set, else the embedded
// PostgreSQL) and exported for 2025/26 as `keystone export cin` would.
//
//   node bench/cin-county.ts OUT.xml [children] [seed]
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateCounty, loadCounty } from '../src/demo/index.ts';
import { exportCin } from '../src/export/cin.ts';
import { CIN_TABLES } from '../src/ingest/cin/mapping.ts';
import { withOwnDatabase } from './database.ts';

export function writeCountyCensus(file: string, children = 1900, seed = 42): Promise<{ children: number; bytes: number }> {
  return withOwnDatabase('cin_county', async (database) => {
    const county = generateCounty({ children, seed });
    const cinTables = new Set(CIN_TABLES.map((table) => table.table));
    await loadCounty(database, { ...county, tables: county.tables.filter((table) => cinTables.has(table.name)), events: [] });
    const census = await exportCin(database, { from: '2025-04-01', to: '2026-03-31' }, { laCode: '840', madeAt: '2026-04-02T09:00:00' });
    writeFileSync(file, census.xml);
    return { children: census.xml.split('<Child>').length - 1, bytes: Buffer.byteLength(census.xml) };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, children, seed] = process.argv.slice(2);
  if (!file) throw new Error('usage: node bench/cin-county.ts OUT.xml [children] [seed]');
  console.log(JSON.stringify(await writeCountyCensus(file, children ? Number(children) : undefined, seed ? Number(seed) : undefined)));
}
