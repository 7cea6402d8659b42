import { stringify } from 'csv-stringify/sync';

/** Characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * A cell as it is safe to put in a CSV or spreadsheet: text that a spreadsheet would run as a
 * formula gets a leading apostrophe, which spreadsheets show as text. Numbers stay numbers.
 */
export function safeCell(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  const text = String(value);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** CSV text (RFC 4180, header row first) with every cell made safe. Every export uses this. */
export function toSafeCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return stringify([header.map(safeCell), ...rows.map((row) => row.map(safeCell))], { record_delimiter: '\r\n' });
}
