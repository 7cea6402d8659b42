// A CIN census with seeded faults, for comparing validators rule by rule (issue 14): a clean census
// (the demo county's, bench/cin-county.ts) fires few rules, so each leaf value (LAchildID and the header
// aside) is, at the given rate, moved (a date up to 400 days either way), swapped for another value the
// file holds in that element, replaced by one off DfE's lists, or dropped. The XML stays well formed
// and in DfE's structure, so both validators read every child.
//
//   node bench/cin-faults.ts IN.xml OUT.xml [rate (default 0.03)] [seed (default 1)]
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { addDays } from '../src/core/dates.ts';
import { seededRandom } from '../test/support/fuzz.ts';

const LEAF = /^([ \t]*)<(\w+)>([^<]*)<\/\2>\r?\n/gm;
const KEEP = new Set(['LAchildID', 'Collection', 'Year', 'ReferenceDate', 'SourceLevel', 'LEA', 'SoftwareCode', 'SerialNo', 'DateTime']);

export function withFaults(xml: string, rate = 0.03, seed = 1): { xml: string; faults: number } {
  const random = seededRandom(seed);
  const seen = new Map<string, string[]>();
  for (const [, , name, value] of xml.matchAll(LEAF)) {
    let values = seen.get(name!);
    if (!values) seen.set(name!, (values = []));
    if (!values.includes(value!)) values.push(value!);
  }
  let faults = 0;
  const out = xml.replace(LEAF, (line, indent: string, name: string, value: string) => {
    if (KEEP.has(name) || random.next() >= rate) return line;
    faults++;
    const roll = random.next();
    if (roll < 0.25) return '';
    let next: string;
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) next = addDays(value, Math.round((random.next() - 0.5) * 800));
    else if (roll < 0.7) {
      const others = seen.get(name)!;
      next = random.pick(others);
    } else next = /^\d+$/.test(value) ? '7' : 'XX9';
    return `${indent}<${name}>${next}</${name}>\n`;
  });
  return { xml: out, faults };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [input, output, rate, seed] = process.argv.slice(2);
  if (!input || !output) throw new Error('usage: node bench/cin-faults.ts IN.xml OUT.xml [rate] [seed]');
  const result = withFaults(readFileSync(input, 'utf8'), rate ? Number(rate) : undefined, seed ? Number(seed) : undefined);
  writeFileSync(output, result.xml);
  console.log(JSON.stringify({ faults: result.faults }));
}
