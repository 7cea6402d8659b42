/**
 * The SSDA903 importer: CSV tables (one file per table, recognised by name or header row) or the
 * XML return (EXPSSDA903, read into the same tables by xml.ts) →
 * structural checks → the DfE rules → rows for the SSD-shaped tables (mapping.ts).
 */
import { readCsv } from '../csv.ts';
import type { Finding, FormatImporter, InputFile, PreparedImport, SourceRow } from '../types.ts';
import { map903 } from './mapping.ts';
import { runRules, rulesetName, rulesNotRun } from './rules/index.ts';
import { date, rulesetOf, v, type Return903 } from './rules/rule.ts';
import { DOLO_RULES, inRuleset903, parseRuleset903, type Ruleset903 } from './catalogue.ts';
import { isPreviousYearFile, recognisePreviousYearTable, recogniseTable, REQUIRED_COLUMNS, TABLES_903, type Table903 } from './tables.ts';
import { collectionYear, collectionYearContaining, type CollectionYear } from './values.ts';
import { addXml903, isXml903 } from './xml.ts';
import { LIST_NAMES, type ProviderLists } from './ofsted.ts';
import { idTooLong, MAX_ID_LENGTH } from '../identifiers.ts';
import { append } from '../../core/arrays.ts';

/** The fields holding IDs that become keys (a value too long to index refuses its row). */
const ID_FIELDS = ['CHILD', 'SW_ID'] as const;

function fileFinding(file: string, rule: string, message: string, field: string | null = null): Finding {
  return { rule, message, file, table: null, row: null, child: null, field, severity: 'error', rejects: true };
}

/**
 * The collection year when not given: the one containing the latest episode start (DECOM) on or
 * before today; episode ends, reviews and missing periods are only used when there are no episodes,
 * because they are where a mistyped future date most often hides.
 */
function inferYear(tables: Record<Table903, SourceRow[]>): CollectionYear {
  const today = new Date().toISOString().slice(0, 10);
  let latest = '';
  const consider = (table: Table903, field: string) => {
    for (const row of tables[table]) {
      const day = date(row, field);
      if (day && day <= today && day > latest) latest = day;
    }
  };
  consider('Episodes', 'DECOM');
  if (!latest) consider('Reviews', 'REVIEW');
  if (!latest) consider('Missing', 'MIS_START');
  return latest ? collectionYearContaining(latest) : collectionYearContaining(today);
}

function emptyTables() {
  return {
    tables: Object.fromEntries(TABLES_903.map((table) => [table, [] as SourceRow[]])) as Record<Table903, SourceRow[]>,
    columns: Object.fromEntries(TABLES_903.map((table) => [table, new Set<string>()])) as Record<Table903, Set<string>>,
    present: new Set<Table903>(),
  };
}

/**
 * A previous year's table (`<table>_last.csv`): read only for the rules comparing the two years, never
 * stored, so its problems are warnings that reject nothing.
 */
function readPreviousYear(
  name: string,
  csv: ReturnType<typeof readCsv>,
  previous: ReturnType<typeof emptyTables>,
  findings: Finding[],
  fileInfo: PreparedImport['files'],
) {
  const table = recognisePreviousYearTable(name, csv.header);
  const rows = csv.rows.length + csv.rejected.length;
  fileInfo.push({ name, table: table && `${table}_last`, rows });
  const warn = (rule: string, message: string, field: string | null = null) =>
    findings.push({ ...fileFinding(name, rule, message, field), table: table && `${table}_last`, severity: 'warning', rejects: false });
  if (!table)
    return warn('KS-TABLE', `Cannot tell which SSDA903 table this previous year's file holds: name it after the table with _last (e.g. episodes_last.csv).`);
  for (const finding of csv.findings) Object.assign(finding, { table: `${table}_last`, severity: 'warning', rejects: false });
  const missing = REQUIRED_COLUMNS[table].filter((column) => !csv.header.includes(column));
  if (missing.length)
    return warn(
      'KS-COLUMNS',
      `The previous year's ${table} file lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; the rules comparing with last year's ${table} are not checked.`,
      missing[0]!,
    );
  for (const row of csv.rows) row.table = table;
  append(previous.tables[table], csv.rows);
  for (const column of csv.header) previous.columns[table].add(column);
  previous.present.add(table);
}

export function read903(
  files: InputFile[],
  options: { collectionYear?: number | undefined; ruleset?: Ruleset903 | undefined; council?: Return903['council']; lists?: ProviderLists | undefined } = {},
) {
  const findings: Finding[] = [];
  const structuralRejects: SourceRow[] = [];
  const tables = Object.fromEntries(TABLES_903.map((table) => [table, [] as SourceRow[]])) as Record<Table903, SourceRow[]>;
  const columns = Object.fromEntries(TABLES_903.map((table) => [table, new Set<string>()])) as Record<Table903, Set<string>>;
  const present = new Set<Table903>();
  const fileInfo: PreparedImport['files'] = [];
  const previous = emptyTables();
  const intern = new Map<string, string>();
  for (const file of files) {
    // Ofsted's provider lists, read before (ofsted.ts), are not tables of the return.
    const list = options.lists?.files.get(file.name);
    if (list) {
      fileInfo.push({ name: file.name, ...list });
      continue;
    }
    if (isXml903(file)) {
      addXml903(
        file,
        isPreviousYearFile(file.name)
          ? { ...previous, findings, structuralRejects, fileInfo, lastYear: true }
          : { tables, columns, present, findings, structuralRejects, fileInfo },
      );
      continue;
    }
    const csv = readCsv(file.name, file.bytes, { intern });
    append(findings, csv.findings);
    if (csv.unreadable) {
      fileInfo.push({ name: file.name, table: null, rows: 0 });
      continue;
    }
    if (isPreviousYearFile(file.name)) {
      readPreviousYear(file.name, csv, previous, findings, fileInfo);
      continue;
    }
    const table = recogniseTable(file.name, csv.header);
    if (!table) {
      findings.push(
        fileFinding(
          file.name,
          'KS-TABLE',
          `Cannot tell which SSDA903 table this file holds: name it after the table (e.g. episodes.csv) or give the table's header row (columns found: ${csv.header.join(', ')}).`,
        ),
      );
      fileInfo.push({ name: file.name, table: null, rows: csv.rows.length + csv.rejected.length });
      continue;
    }
    const missing = REQUIRED_COLUMNS[table].filter((column) => !csv.header.includes(column));
    const allRows = append(append([], csv.rows), csv.rejected);
    for (let index = 0; index < allRows.length; index++) allRows[index]!.table = table;
    fileInfo.push({ name: file.name, table, rows: allRows.length });
    if (missing.length) {
      findings.push(
        fileFinding(
          file.name,
          'KS-COLUMNS',
          `The ${table} file lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; none of its rows can be used.`,
          missing[0]!,
        ),
      );
      append(structuralRejects, allRows);
      continue;
    }
    for (const finding of csv.findings) finding.table = table;
    append(structuralRejects, csv.rejected);
    // The child's and the social worker's IDs become keys: one too long to index refuses its row.
    // By index, and only a value over the limit trimmed: this runs for every row, mostly before V8 optimises it.
    for (let index = 0; index < csv.rows.length; index++) {
      const row = csv.rows[index]!;
      for (let at = 0; at < ID_FIELDS.length; at++) {
        const field = ID_FIELDS[at]!;
        const value = row.values[field];
        const tooLong = value !== undefined && value.length > MAX_ID_LENGTH ? idTooLong(field, value.trim()) : undefined;
        if (tooLong)
          findings.push({ rule: 'KS-ID', message: tooLong, file: file.name, table, row: row.line, child: null, field, severity: 'error', rejects: true });
      }
    }
    append(tables[table], csv.rows);
    for (const column of csv.header) columns[table].add(column);
    present.add(table);
  }
  const year = options.collectionYear ? collectionYear(options.collectionYear) : inferYear(tables);
  const data: Return903 = {
    tables,
    present,
    columns,
    year,
    ruleset: options.ruleset,
    council: options.council,
    ...(previous.present.size ? { previous } : {}),
    ...(options.lists?.providers ? { providers: options.lists.providers } : {}),
    ...(options.lists?.incomplete ? { providersIncomplete: options.lists.incomplete } : {}),
  };
  return { data, findings, structuralRejects, fileInfo };
}

/** What a report says of Ofsted's lists given: each file, its kind and sheets, and how many providers it lists. */
export function providerListsUsed(lists: ProviderLists) {
  return lists.lists.map((list) => ({ file: list.file, list: LIST_NAMES[list.kind], sheets: list.sheets, providers: list.providers }));
}

export const ssda903Importer: FormatImporter = {
  format: '903',
  prepare(files, options) {
    // The ruleset asked for (`--ruleset`, already checked to be one Keystone has), else the collection year's.
    const ruleset = options.ruleset === undefined ? undefined : (parseRuleset903(options.ruleset) ?? undefined);
    // Ofsted's provider lists among the files, read by the caller (ofsted.ts reads workbooks asynchronously, once for a return checked in parts), which reports their findings.
    const lists = options.providerLists;
    const { data, findings, structuralRejects, fileInfo } = read903(files, {
      collectionYear: options.collectionYear,
      ruleset,
      council: options.council,
      lists,
    });
    const ruleResult = runRules(data);
    append(findings, ruleResult.findings);
    const checkedWith = rulesetOf(data);
    // DoLO is a table of the return from 2026-27: given with a return checked by an earlier year's rules, nothing checks it.
    if (data.tables.DoLO.length && !inRuleset903(DOLO_RULES[0]!, checkedWith)) {
      const files = [...new Set(data.tables.DoLO.map((row) => row.file))];
      for (const file of files)
        findings.push({
          ...fileFinding(
            file,
            'KS-TABLE',
            `Deprivation of liberty orders (the DoLO table) are part of the SSDA903 return from 2026-27; this return is checked with DfE's ${checkedWith} rules, which have none on them, so DfE's rules ${DOLO_RULES[0]}–${DOLO_RULES[DOLO_RULES.length - 1]} were not run on its rows.`,
          ),
          table: 'DoLO',
          severity: 'warning',
          rejects: false,
        });
    }

    // Rows a rejecting finding points at are quarantined; the rest go on to mapping.
    // Lines refused, by file.
    const rejectedLines = new Map<string, Set<number>>();
    for (const finding of findings) {
      if (!finding.rejects || finding.row === null) continue;
      const lines = rejectedLines.get(finding.file) ?? rejectedLines.set(finding.file, new Set()).get(finding.file)!;
      lines.add(finding.row);
    }
    const rejectedRows = structuralRejects.map((row) => ({ row, child: v(row, 'CHILD') || null }));
    const accepted: Record<string, SourceRow[]> = {};
    for (const table of TABLES_903) {
      accepted[table] = data.tables[table].filter((row) => {
        if (!rejectedLines.get(row.file)?.has(row.line)) return true;
        rejectedRows.push({ row, child: v(row, 'CHILD') || null });
        return false;
      });
    }
    const childIds = new Set<string>();
    for (const rows of Object.values(accepted)) for (const row of rows) if (v(row, 'CHILD')) childIds.add(v(row, 'CHILD'));

    return {
      summary: {
        collectionYear: `${data.year.endYear - 1}-${String(data.year.endYear).slice(2)}`,
        collectionStart: data.year.start,
        collectionEnd: data.year.end,
        tables: [...data.present],
        previousYearTables: [...(data.previous?.present ?? [])],
        ruleset: rulesetName(data),
        rulesetYear: checkedWith,
        rulesSkipped: ruleResult.skipped,
        // Every rule not run, or run in part, with why: shown on every report of the import.
        rulesNotRun: rulesNotRun(data, ruleResult.skipped),
        ...(lists?.lists.length ? { providerLists: providerListsUsed(lists) } : {}),
      },
      files: fileInfo,
      findings,
      rejectedRows,
      childIds,
      writes(existingPeople, _found, options) {
        const mapped = map903(accepted, data.year, existingPeople, options);
        return {
          writes: mapped.writes,
          lateRejections: mapped.rejected.flatMap((entry) => entry.findings),
          lateRejectedRows: mapped.rejected.map((entry) => ({ row: entry.row, child: v(entry.row, 'CHILD') || null })),
        };
      },
    };
  },
};
