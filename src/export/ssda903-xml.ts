/**
 * The SSDA903 return as DfE's XML (root element EXPSSDA903), in the layout the importer reads
 * (src/ingest/ssda903/xml.ts): per child a HEADER (CHILDID, UPN, SEX, DOB, ETHNIC, MOTHER, MC_DOB,
 * the care leaver items IN_TOUCH, ACTIV, ACCOM, then its AREVIEW, AMISSING and OC2 groups) and its
 * EPISODEs (the CSV's PLACE written as PL), dates as xs:date (YYYY-MM-DD), empty items left out.
 * It is written from the same tables as the CSV export (ssda903.ts), so both hold the same return.
 * Social worker episodes and deprivation of liberty orders have no element in this file (DfE collects
 * them apart): they go beside it as their CSV tables.
 */
import type { CsvTable } from './ssda903.ts';
import { XmlWriter } from './xml.ts';

const DATE_ITEMS = new Set(['DOB', 'MC_DOB', 'DECOM', 'DEC', 'REVIEW', 'MIS_START', 'MIS_END']);
const HEADER_ITEMS = ['UPN', 'SEX', 'DOB', 'ETHNIC', 'MOTHER', 'MC_DOB'];
const LEAVER_ITEMS = ['IN_TOUCH', 'ACTIV', 'ACCOM'];
/** The groups inside HEADER, with the table each holds one row of. */
const HEADER_GROUPS = [
  ['AREVIEW', 'Reviews'],
  ['AMISSING', 'Missing'],
  ['OC2', 'OC2'],
] as const;
/**
 * What the XML leaves out: a CSV return leaves out whole tables Keystone does not hold (DfE's rules on
 * them are then not run); in the XML every child has a HEADER, so the missing items read as not given.
 */
export const NOT_IN_903_XML =
  'Previous permanence (PERMANENCE), UASC and adoption decisions (AD1 items, AD_PLACED): Keystone checks them on import but does not store them, so the XML has none and DfE’s rules on them (630, 551, 553) report each child they apply to; add them from the case system before submitting.';

/** The tables written beside the XML, as CSV. */
export const BESIDE_903_XML: readonly string[] = ['SWEpisodes', 'DoLO'];

/** dd/mm/YYYY → YYYY-MM-DD; anything else as it is. */
const isoDate = (text: string) => (/^\d{2}\/\d{2}\/\d{4}$/.test(text) ? `${text.slice(6)}-${text.slice(3, 5)}-${text.slice(0, 2)}` : text);

/** A table's rows by child, each row as its items (the CSV column names). */
function byChild(table: CsvTable | undefined): Map<string, Array<Map<string, string>>> {
  const rows = new Map<string, Array<Map<string, string>>>();
  if (!table) return rows;
  for (const cells of table.rows) {
    const row = new Map(table.header.map((column, index) => [column, cells[index] ?? '']));
    const child = row.get('CHILD')!;
    const list = rows.get(child);
    if (list) list.push(row);
    else rows.set(child, [row]);
  }
  return rows;
}

export function ssda903Xml(tables: readonly CsvTable[]): string {
  const table = (name: string) => tables.find((each) => each.table === name);
  const header = byChild(table('Header'));
  const leavers = byChild(table('OC3'));
  const episodes = byChild(table('Episodes'));
  const groups = HEADER_GROUPS.map(([element, name]) => [element, byChild(table(name))] as const);
  const xml = new XmlWriter();
  const leaf = (item: string, value: string | undefined, element = item) => xml.leaf(element, DATE_ITEMS.has(item) ? isoDate(value ?? '') : value);
  xml.open('EXPSSDA903');
  for (const [child, [person]] of header) {
    xml.open('CHILD');
    xml.open('HEADER');
    xml.leaf('CHILDID', child);
    for (const item of HEADER_ITEMS) leaf(item, person!.get(item));
    const leaver = leavers.get(child)?.[0];
    for (const item of LEAVER_ITEMS) leaf(item, leaver?.get(item));
    for (const [element, rows] of groups) {
      for (const row of rows.get(child) ?? []) {
        xml.open(element);
        for (const [item, value] of row) if (item !== 'CHILD' && item !== 'DOB') leaf(item, value);
        xml.close(element);
      }
    }
    xml.close('HEADER');
    for (const episode of episodes.get(child) ?? []) {
      xml.open('EPISODE');
      for (const [item, value] of episode) if (item !== 'CHILD') leaf(item, value, item === 'PLACE' ? 'PL' : item);
      xml.close('EPISODE');
    }
    xml.close('CHILD');
  }
  xml.close('EXPSSDA903');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml.parts.join('')}`;
}
