// An SSDA903 return (CSV tables) with seeded faults, for comparing validators rule by rule (issue 14), as
// bench/cin-faults.ts does for the census: a clean return (the demo county's, bench/903-county.ts) fires few
// rules, so each cell (CHILD aside) is, at the given rate, moved (a dd/mm/YYYY date up to 400 days either
// way), swapped for another value its column holds, replaced by one off DfE's lists, or blanked. Each
// file keeps its header and its number of cells a row, so both validators read every row.
//
//   node bench/903-faults.ts IN_FOLDER OUT_FOLDER [rate (default 0.03)] [seed (default 1)]
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addDays } from '../src/core/dates.ts';
import { seededRandom } from '../test/support/fuzz.ts';

const DMY = /^(\d{2})\/(\d{2})\/(\d{4})$/;

/** The CSV text with faults; the files are plain CSV (no quoted cells), as Keystone's export writes them. */
export function withFaults903(text: string, random: ReturnType<typeof seededRandom>, rate: number): { text: string; faults: number } {
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const [headerLine, ...lines] = text.split(newline).filter((line) => line !== '');
  const header = headerLine!.split(',');
  const rows = lines.map((line) => line.split(','));
  const columns = header.map((_, index) => [...new Set(rows.map((row) => row[index] ?? ''))].filter((value) => value !== ''));
  let faults = 0;
  for (const row of rows)
    for (let index = 0; index < header.length; index++) {
      if (header[index] === 'CHILD' || random.next() >= rate) continue;
      faults++;
      const value = row[index] ?? '';
      const roll = random.next();
      const date = DMY.exec(value);
      if (roll < 0.25) row[index] = '';
      else if (date) {
        const moved = addDays(`${date[3]}-${date[2]}-${date[1]}`, Math.round((random.next() - 0.5) * 800));
        row[index] = `${moved.slice(8, 10)}/${moved.slice(5, 7)}/${moved.slice(0, 4)}`;
      } else if (roll < 0.7 && columns[index]!.length) row[index] = random.pick(columns[index]!);
      else row[index] = /^\d+$/.test(value) ? '7' : 'XX9';
    }
  return { text: [header, ...rows].map((row) => row.join(',')).join(newline) + newline, faults };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [input, output, rate, seed] = process.argv.slice(2);
  if (!input || !output) throw new Error('usage: node bench/903-faults.ts IN_FOLDER OUT_FOLDER [rate] [seed]');
  const random = seededRandom(seed ? Number(seed) : 1);
  mkdirSync(output, { recursive: true });
  let faults = 0;
  for (const name of readdirSync(input)
    .filter((file) => file.endsWith('.csv'))
    .sort()) {
    const result = withFaults903(readFileSync(path.join(input, name), 'utf8'), random, rate ? Number(rate) : 0.03);
    faults += result.faults;
    writeFileSync(path.join(output, name), result.text);
  }
  console.log(JSON.stringify({ faults }));
}
