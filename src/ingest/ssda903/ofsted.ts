/**
 * Ofsted's lists of registered providers, for the SSDA903 rules about a placement's URN (1008, 219,
 * 221, 224, 227, 228, 229): the Children's Homes list (CH) and the Social Care Providers list (SCP)
 * Ofsted gives councils for the return, or the two in one workbook (SCPCH). A council puts them
 * beside its 903 files, as .xlsx or .csv; they are recognised by their header rows, whatever the
 * file is called. The rules run only when both kinds of provider are covered (CH and SCP, or SCPCH):
 * with one list alone, every provider on the other would look unregistered.
 *
 * The columns read (names compared ignoring case and spacing), as Ofsted's lists name them:
 *  - URN;
 *  - the placement types the provider is registered for: `Provider Placement Code` (CH), `Placement code`;
 *  - its placement provider codes (PR0–PR5): `Provider Code` (CH), `Placement provider code`;
 *  - its closure: `Closed Date` (CH, supported accommodation), `Deregistration date`;
 *  - its postcode: `Setting Postcode`, `Setting Address Postcode`, `Provider postcode`;
 *  - its local authority: `Local Authority`, `Provider local authority` (supported accommodation);
 *  - its type, telling a children's home from other providers: `Provider Type`, `Provision type`.
 * A sheet is a list when its header row (within the first rows) has URN and a placement code or
 * placement provider code column. The CH list is told by its own column names; the combined list by
 * its sheets "Providers" and "SA Providers", or by children's homes and other providers among its
 * providers' types (children's homes alone make a CH list). A sheet with URN and a postcode only (the
 * CH list's "Address Details") adds postcodes to the providers of the same workbook. A URN on several rows (current and
 * closed sheets, several settings) keeps every code and postcode; it is closed only when every row
 * gives a closure date, on the latest of them.
 */
import { readCsv } from '../csv.ts';
import type { Finding, InputFile } from '../types.ts';
import type { Cell, Sheet } from '../annex-a/workbook.ts';
import { dmy } from './values.ts';

export type ListKind = 'CH' | 'SCP' | 'SCPCH';
export const LIST_NAMES: Record<ListKind, string> = {
  CH: "Ofsted's Children's Homes list",
  SCP: "Ofsted's Social Care Providers list",
  SCPCH: "Ofsted's combined Social Care Providers and Children's Homes list",
};

export interface OfstedProvider {
  placeCodes: Set<string>;
  providerCodes: Set<string>;
  /** Upper case, without spaces. */
  postcodes: Set<string>;
  /** DfE codes of the councils the list's local authority names (names no English council has are left out). */
  councils: Set<string>;
  /** ISO date the provider closed; null while open; undefined when a closure date could not be read. */
  closed: string | null | undefined;
}

export interface ProviderList {
  file: string;
  kind: ListKind;
  sheets: string[];
  providers: number;
}

/** Ofsted's lists as read: the providers by URN (upper case) when the lists cover every kind of provider. */
export interface ProviderLists {
  lists: ProviderList[];
  /** The list files given, with what the report says of each (in the order given). */
  files: Map<string, { table: string | null; rows: number }>;
  findings: Finding[];
  /** Providers by URN; null when the lists given do not cover every provider (`incomplete` says why). */
  providers: ReadonlyMap<string, OfstedProvider> | null;
  incomplete?: string;
}

const COLUMNS = {
  urn: ['urn'],
  placeCodes: ['provider placement code', 'placement code'],
  providerCodes: ['provider code', 'placement provider code'],
  closed: ['closed date', 'deregistration date'],
  postcode: ['setting postcode', 'setting address postcode', 'provider postcode'],
  localAuthority: ['local authority', 'provider local authority'],
  providerType: ['provider type', 'provision type'],
} as const;
type Column = keyof typeof COLUMNS;

const normalise = (name: string) =>
  name
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
/** The header rows looked for in a sheet (Ofsted's may have a title above). */
const HEADER_ROWS = 10;

/** Where each column is in a header row (the first of each name that is there). */
function columnsOf(header: readonly string[]): Partial<Record<Column, number>> {
  const names = header.map(normalise);
  const found: Partial<Record<Column, number>> = {};
  for (const column of Object.keys(COLUMNS) as Column[]) {
    for (const name of COLUMNS[column]) {
      const index = names.indexOf(name);
      if (index >= 0) {
        found[column] = index;
        break;
      }
    }
  }
  return found;
}

const isListHeader = (columns: Partial<Record<Column, number>>) =>
  columns.urn !== undefined && (columns.placeCodes !== undefined || columns.providerCodes !== undefined);

/** True for a CSV whose header row is an Ofsted provider list's. */
export function isProviderListCsv(header: readonly string[]): boolean {
  return isListHeader(columnsOf(header));
}

/** An Ofsted provider list among a 903 return's files: a workbook (the return itself is CSV or XML), or a CSV with a list's header row. */
export function isProviderListFile(file: InputFile): boolean {
  if (/\.xlsx$/i.test(file.name)) return true;
  if (!/\.csv$/i.test(file.name)) return false;
  const start = new TextDecoder().decode(file.bytes.subarray(0, 4096)).replace(/^\uFEFF/, '');
  const firstLine = start.split(/\r?\n/, 1)[0] ?? '';
  return isProviderListCsv(firstLine.split(',').map((cell) => cell.replace(/^"|"$/g, '')));
}

/** The codes a cell lists (e.g. "K2/K1", "U1, U2"): the words shaped like codes of the kind. */
const PLACEMENT_CODE = /^[A-Z]\d{1,2}$/;
const PROVIDER_CODE = /^PR\d$/;
const codesIn = (text: string, shape: RegExp) =>
  text
    .toUpperCase()
    .split(/[\s,/;]+/)
    .filter((word) => shape.test(word));
const NO_DATE = new Set(['', '-', 'n/a', 'na', 'none', 'null']);
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** A closure date: ISO, null for none, undefined when it cannot be read. */
function closureDate(cell: Cell, date1904: boolean): string | null | undefined {
  if (cell.date) return cell.date;
  if (cell.number !== undefined) return new Date(EXCEL_EPOCH + (cell.number + (date1904 ? 1462 : 0)) * 86_400_000).toISOString().slice(0, 10);
  const text = cell.text.trim();
  if (NO_DATE.has(text.toLowerCase())) return null;
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  return iso ? (dmy(`${iso[3]}/${iso[2]}/${iso[1]}`) ?? undefined) : (dmy(text) ?? undefined);
}

/** A URN on several rows: closed only when every row says so (on the latest date); unknown when one row's date could not be read. */
function laterClosure(a: string | null | undefined, b: string | null | undefined): string | null | undefined {
  if (a === undefined || b === undefined) return undefined;
  if (a === null || b === null) return null;
  return a > b ? a : b;
}

/** Council names as Ofsted and DfE write them, reduced to what they share ("Durham County Council", "County Durham" → "durham"). */
function councilKey(name: string): string {
  const words = normalise(name)
    .replace(/&/g, ' and ')
    .replace(/[.,'()]/g, ' ')
    .replace(/-/g, ' ')
    .split(' ')
    .filter((word) => word && !['council', 'county', 'borough', 'metropolitan', 'royal', 'district', 'city', 'of', 'the'].includes(word));
  if (words[0] === 'london' && words.length > 1) words.shift();
  return words.join(' ');
}

async function councilsByName(): Promise<Map<string, string>> {
  const { NEIGHBOURS } = await import('../../indicators/benchmarks/index.ts');
  return new Map(Object.entries(NEIGHBOURS.councils).map(([code, council]) => [councilKey(council.name), code]));
}

interface ReadRow {
  line: number;
  cell: (column: Column) => Cell;
}
interface ReadSheet {
  name: string | null;
  columns: Partial<Record<Column, number>>;
  header: string[];
  rows: ReadRow[];
}

/** What an unreadable cell should have held, and the rules left unchecked for its provider. */
const UNREADABLE = {
  closed: ['a date (dd/mm/yyyy or an Excel date)', 'rules 227 and 228 are'],
  placeCodes: ['a list of placement types (e.g. K2, or U1, U2)', 'rule 219 is'],
  providerCodes: ['a list of placement provider codes (PR0 to PR5)', 'rule 224 is'],
} as const;

function listFinding(file: string, message: string, row: number | null = null, field: string | null = null): Finding {
  return { rule: 'KS-OFSTED', message, file, table: null, row, child: null, field, severity: 'error', rejects: false };
}

const BLANK: Cell = { text: '' };

function sheetOf(sheet: Sheet): ReadSheet | null {
  for (const row of sheet.rows.slice(0, HEADER_ROWS)) {
    const header = row.cells.map((cell) => cell.text);
    const columns = columnsOf(header);
    if (columns.urn === undefined) continue;
    const rows = sheet.rows
      .filter((later) => later.line > row.line)
      .map((later) => ({ line: later.line, cell: (column: Column) => (columns[column] === undefined ? BLANK : (later.cells[columns[column]] ?? BLANK)) }));
    return { name: sheet.name, columns, header, rows };
  }
  return null;
}

/**
 * Reads the Ofsted lists among a 903 return's files (isProviderListFile); the other files are left
 * alone. A list that cannot be read is an error naming its file (and sheet, row and column).
 */
export async function readProviderLists(files: readonly InputFile[]): Promise<ProviderLists> {
  const result: ProviderLists = { lists: [], files: new Map(), findings: [], providers: null };
  const listFiles = files.filter(isProviderListFile);
  if (!listFiles.length) return result;
  const providers = new Map<string, OfstedProvider>();
  const councils = await councilsByName();
  const covers = { homes: false, others: false };
  for (const file of listFiles) {
    let sheets: ReadSheet[];
    let date1904 = false;
    if (/\.xlsx$/i.test(file.name)) {
      const { readWorkbook } = await import('../annex-a/workbook.ts');
      const read = await readWorkbook(file.name, file.bytes, {
        workbook: "an Ofsted provider list's workbook",
        list: 'an Ofsted provider list',
        lists: "Ofsted's provider lists",
      });
      if ('finding' in read) {
        result.findings.push({ ...read.finding, rule: 'KS-OFSTED', rejects: false });
        result.files.set(file.name, { table: null, rows: 0 });
        continue;
      }
      date1904 = read.workbook.date1904;
      sheets = read.workbook.sheets.flatMap((sheet) => sheetOf(sheet) ?? []);
    } else {
      const csv = readCsv(file.name, file.bytes);
      result.findings.push(...csv.findings.map((finding) => ({ ...finding, rejects: false })));
      if (csv.unreadable) {
        result.files.set(file.name, { table: null, rows: 0 });
        continue;
      }
      const columns = columnsOf(csv.header);
      sheets = [
        {
          name: null,
          columns,
          header: csv.header,
          rows: csv.rows.map((row) => ({
            line: row.line,
            cell: (column: Column) => ({ text: columns[column] === undefined ? '' : (row.values[csv.header[columns[column]]!] ?? '') }),
          })),
        },
      ];
    }
    const lists = sheets.filter((sheet) => isListHeader(sheet.columns));
    if (!lists.length) {
      result.findings.push(
        listFinding(
          file.name,
          `${file.name} is not an Ofsted provider list: no sheet has a header row with URN and Placement code (or Provider Placement Code, or Placement provider code) columns.`,
        ),
      );
      result.files.set(file.name, { table: null, rows: 0 });
      continue;
    }
    // Cells that cannot be read, by sheet and column: the first named, the others counted.
    const problems = new Map<string, { sheet: ReadSheet; column: Column; line: number; text: string; urns: string[] }>();
    const unreadable = (sheet: ReadSheet, column: Column, row: ReadRow, urn: string) => {
      const key = `${sheet.name ?? ''}\u0000${column}`;
      const problem = problems.get(key);
      if (problem) problem.urns.push(urn);
      else problems.set(key, { sheet, column, line: row.line, text: row.cell(column).text, urns: [urn] });
    };
    // The list's kind: the CH list names its columns its own way; the combined list has sheets "Providers" and
    // "SA Providers", or children's homes and others among its providers (homes alone: the CH list).
    const chNaming = lists.some((sheet) => sheet.header.some((name) => normalise(name) === 'provider placement code'));
    const sheetNames = new Set(lists.map((sheet) => normalise(sheet.name ?? '')));
    const combinedSheets = sheetNames.has('providers') && sheetNames.has('sa providers');
    let homes = false;
    let others = false;
    let rows = 0;
    const urns = new Set<string>();
    for (const sheet of lists) {
      for (const row of sheet.rows) {
        const urn = row.cell('urn').text.trim().toUpperCase();
        if (!urn) continue;
        rows++;
        const type = normalise(row.cell('providerType').text).replace(/'/g, '');
        if (type === 'childrens home') homes = true;
        else if (type) others = true;
        const closed = sheet.columns.closed === undefined ? null : closureDate(row.cell('closed'), date1904);
        if (closed === undefined) unreadable(sheet, 'closed', row, urn);
        urns.add(urn);
        let entry = providers.get(urn);
        if (!entry) providers.set(urn, (entry = { placeCodes: new Set(), providerCodes: new Set(), postcodes: new Set(), councils: new Set(), closed }));
        else entry.closed = laterClosure(entry.closed, closed);
        for (const [column, shape, codes] of [
          ['placeCodes', PLACEMENT_CODE, entry.placeCodes],
          ['providerCodes', PROVIDER_CODE, entry.providerCodes],
        ] as const) {
          const cell = row.cell(column).text;
          const found = codesIn(cell, shape);
          for (const code of found) codes.add(code);
          if (cell.trim() && !found.length) unreadable(sheet, column, row, urn);
        }
        const postcode = row.cell('postcode').text.replace(/\s+/g, '').toUpperCase();
        if (postcode) entry.postcodes.add(postcode);
        const council = councils.get(councilKey(row.cell('localAuthority').text));
        if (council) entry.councils.add(council);
      }
    }
    // An address sheet (URN and postcode, no codes: the CH list's "Address Details") gives postcodes to the providers above.
    for (const sheet of sheets.filter((sheet) => !isListHeader(sheet.columns) && sheet.columns.postcode !== undefined))
      for (const row of sheet.rows) {
        const provider = providers.get(row.cell('urn').text.trim().toUpperCase());
        const postcode = row.cell('postcode').text.replace(/\s+/g, '').toUpperCase();
        if (provider && postcode) provider.postcodes.add(postcode);
      }
    for (const { sheet, column, line, text, urns: affected } of problems.values()) {
      const name = sheet.header[sheet.columns[column]!]!;
      const [what, rules] = UNREADABLE[column as keyof typeof UNREADABLE];
      const others = affected.length - 1;
      result.findings.push(
        listFinding(
          file.name,
          `${sheet.name === null ? '' : `sheet “${sheet.name}”, `}row ${line}, column “${name}”: “${text}” is not ${what}${others ? `, nor are ${others} other row${others > 1 ? 's' : ''} of the column` : ''}; ${rules} not checked for ${others ? `those ${affected.length} providers` : `URN ${affected[0]}`}.`,
          line,
          name,
        ),
      );
    }
    const kind: ListKind = chNaming || (homes && !others && !combinedSheets) ? 'CH' : (homes && others) || combinedSheets ? 'SCPCH' : 'SCP';
    covers.homes ||= kind !== 'SCP';
    covers.others ||= kind !== 'CH';
    result.lists.push({ file: file.name, kind, sheets: lists.flatMap((sheet) => (sheet.name === null ? [] : [sheet.name])), providers: urns.size });
    result.files.set(file.name, { table: LIST_NAMES[kind], rows });
  }
  if (!result.lists.length) return result;
  if (covers.homes && covers.others) result.providers = providers;
  else
    result.incomplete = covers.homes
      ? `needs ${LIST_NAMES.SCP} as well as the Children's Homes list given (or the combined list): with one alone, the other's providers would look unregistered`
      : `needs ${LIST_NAMES.CH} as well as the Social Care Providers list given (or the combined list): with one alone, the other's providers would look unregistered`;
  return result;
}
