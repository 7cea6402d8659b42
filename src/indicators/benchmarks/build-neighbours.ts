/**
 * Builds statistical-neighbours.json from the DfE/NFER neighbour lists as published in
 * la_lookup.csv (data-to-insight/ofsted-ilacs-scrape-tool, import_data/la_lookup; MIT).
 * Run: node src/indicators/benchmarks/build-neighbours.ts PATH/TO/la_lookup.csv VERSION
 */
import { readFileSync, writeFileSync } from 'node:fs';

export interface CouncilEntry {
  name: string;
  ons_code: string;
  region_code: string;
  region_name: string;
  neighbours: string[];
  previous_neighbours: string[];
}

/** A minimal CSV reader: quoted fields with commas, doubled quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index]!;
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (character === '"') quoted = false;
      else field += character;
    } else if (character === '"') quoted = true;
    else if (character === ',') {
      row.push(field);
      field = '';
    } else if (character === '\n' || character === '\r') {
      if (character === '\r' && text[index + 1] === '\n') index++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += character;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((cells) => cells.some((cell) => cell !== ''));
}

/** ONS codes of the English regions. la_lookup.csv's rgn22cd is wrong for two councils (Buckinghamshire
 * E12000004, Gloucestershire E12000003) while their region names agree with DfE's tables, so the code is taken
 * from the name. */
const REGION_CODES: Record<string, string> = {
  'north east': 'E12000001',
  'north west': 'E12000002',
  'yorkshire and the humber': 'E12000003',
  'east midlands': 'E12000004',
  'west midlands': 'E12000005',
  'east of england': 'E12000006',
  london: 'E12000007',
  'south east': 'E12000008',
  'south west': 'E12000009',
};

export function councilsFromLookup(csv: string): Record<string, CouncilEntry> {
  const [header, ...rows] = parseCsv(csv.replace(/^\uFEFF/, ''));
  const column = (name: string) => {
    const index = header!.indexOf(name);
    if (index < 0) throw new Error(`la_lookup.csv has no column ${name}`);
    return index;
  };
  const codes = (text: string) =>
    text
      .split(',')
      .map((code) => code.trim())
      .filter(Boolean);
  const councils: Record<string, CouncilEntry> = {};
  for (const [index, row] of rows.entries()) {
    const regionName = row[column('region_name')]!;
    const regionCode = REGION_CODES[regionName.toLowerCase()];
    if (!regionCode) throw new Error(`la_lookup.csv row ${index + 2}, region_name: “${regionName}” is not an English region`);
    councils[row[column('la_code')]!] = {
      name: row[column('local_authority_ons_name')]!,
      ons_code: row[column('la_code_new')]!,
      region_code: regionCode,
      region_name: regionName,
      neighbours: codes(row[column('stat_neighbours')]!),
      previous_neighbours: codes(row[column('stat_neighbours_previous')]!),
    };
  }
  return councils;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, version] = process.argv.slice(2);
  if (!file || !version) throw new Error('usage: build-neighbours.ts la_lookup.csv VERSION');
  const councils = councilsFromLookup(readFileSync(file, 'utf8'));
  const output = {
    title: 'Statistical neighbours (10 per council) and regions of English councils, by DfE local authority code',
    version,
    source:
      'DfE children’s services statistical neighbour benchmarking tool (NFER model) lists, current and previous, as published in data-to-insight/ofsted-ilacs-scrape-tool import_data/la_lookup/la_lookup.csv (MIT); regions: ONS region codes from the lookup’s region_name (its rgn22cd is wrong for Buckinghamshire and Gloucestershire)',
    councils,
  };
  writeFileSync(new URL('./statistical-neighbours.json', import.meta.url), `${JSON.stringify(output, null, 1)}\n`);
  console.log(`${Object.keys(councils).length} councils written`);
}
