/** Reads an Annex A sheet: its header row, its columns, and its rows with their cells by field id. */
import type { Finding, PreparedImport, SourceRow } from '../types.ts';
import { matchHeaders, type ListDef } from './lists.ts';
import { finding, type ReadRow } from './rows.ts';
import type { Cell, Sheet } from './workbook.ts';

const HEADER_SEARCH_ROWS = 10;

/** Reads the sheets: header row, columns, the rows with their cells by field id. */
export function readSheet(file: string, sheet: Sheet, list: ListDef, findings: Finding[], rejected: PreparedImport['rejectedRows']): ReadRow[] {
  const keyField = list.fields.find((field) => field.key)!;
  let headerIndex = -1;
  let matched: ReturnType<typeof matchHeaders> | null = null;
  for (let index = 0; index < Math.min(sheet.rows.length, HEADER_SEARCH_ROWS); index++) {
    const attempt = matchHeaders(
      list,
      sheet.rows[index]!.cells.map((cell) => cell.text),
    );
    if ([...attempt.byColumn.values()].some((field) => field.id === keyField.id)) {
      headerIndex = index;
      matched = attempt;
      break;
    }
  }
  const dataRows = sheet.rows.slice(headerIndex + 1);
  if (!matched) {
    findings.push(
      finding(
        'KS-HEADER',
        `No header row naming the ${list.number === 11 ? 'adopter identifier' : 'child’s unique ID'} in the first ${HEADER_SEARCH_ROWS} rows: the sheet cannot be read.`,
        file,
        sheet.name,
        null,
        null,
        null,
      ),
    );
    return [];
  }
  const headerRow = sheet.rows[headerIndex]!;
  for (const column of list.number === 11 ? [] : matched.unknown) {
    findings.push(
      finding(
        'KS-COLUMN',
        `Column “${headerRow.cells[column]!.text}” is not one ${list.title.toLowerCase()} (List ${list.number}) has: left aside.`,
        file,
        sheet.name,
        headerRow.line,
        headerRow.cells[column]!.text,
        null,
        'warning',
      ),
    );
  }
  const fields = new Map([...matched.byColumn].map(([column, field]) => [field.id, { column, field, header: headerRow.cells[column]!.text }]));
  const toSource = (row: Sheet['rows'][number]): SourceRow => {
    const values: Record<string, string> = {};
    headerRow.cells.forEach((header, column) => {
      const cell = row.cells[column];
      if (header.text && cell && (cell.text || cell.error)) values[header.text] = cell.text || `#${cell.error}`;
    });
    return { file, table: sheet.name, line: row.line, values };
  };
  const missingKeys = list.fields.filter((field) => field.key && !fields.has(field.id));
  if (missingKeys.length) {
    findings.push(
      finding(
        'KS-COLUMNS',
        `The sheet has no column for ${missingKeys.map((field) => (field.id === 'childId' ? 'the child’s unique ID' : field.id)).join(', ')}: none of its rows can be stored.`,
        file,
        sheet.name,
        headerRow.line,
        null,
        null,
      ),
    );
    for (const row of dataRows) rejected.push({ row: toSource(row), child: null });
    return [];
  }

  // Formulas and error values, one warning per column.
  const formulas = new Map<number, { first: number; count: number; formula: string }>();
  const errors = new Map<number, { first: number; count: number; error: string }>();
  for (const row of dataRows) {
    row.cells.forEach((cell, column) => {
      if (!matched!.byColumn.has(column)) return;
      if (cell.formula && !cell.error) {
        const entry = formulas.get(column) ?? { first: row.line, count: 0, formula: cell.formula };
        entry.count++;
        formulas.set(column, entry);
      } else if (cell.error) {
        const entry = errors.get(column) ?? { first: row.line, count: 0, error: cell.formula ? `a formula never calculated (${cell.formula})` : cell.error };
        entry.count++;
        errors.set(column, entry);
      }
    });
  }
  for (const [column, entry] of formulas) {
    findings.push(
      finding(
        'KS-FORMULA-VALUE',
        `${entry.count} cell${entry.count === 1 ? '' : 's'} of this column hold${entry.count === 1 ? 's' : ''} a formula (first at row ${entry.first}: ${entry.formula}); the value Excel last calculated is used.`,
        file,
        sheet.name,
        entry.first,
        headerRow.cells[column]!.text,
        null,
        'warning',
      ),
    );
  }
  for (const [column, entry] of errors) {
    findings.push(
      finding(
        'KS-CELL-ERROR',
        `${entry.count} cell${entry.count === 1 ? '' : 's'} of this column hold${entry.count === 1 ? 's' : ''} ${entry.error.startsWith('a formula') ? entry.error : `the error value ${entry.error}`} (first at row ${entry.first}), read as blank.`,
        file,
        sheet.name,
        entry.first,
        headerRow.cells[column]!.text,
        null,
        'warning',
      ),
    );
  }

  return dataRows.map((row) => {
    const cells = new Map<string, Cell>();
    const headers = new Map<string, string>();
    for (const [id, { column, header }] of fields) {
      cells.set(id, row.cells[column] ?? { text: '' });
      headers.set(id, header);
    }
    const child = cells.get(list.number === 11 ? 'adopterId' : 'childId')!.text.trim();
    return { list, origin: { file, sheet: sheet.name, line: row.line, list: list.number, child }, cells, headers, source: toSource(row) };
  });
}
