/**
 * Reading an Annex A workbook (xlsx) with exceljs into plain cells, safely:
 * - the bytes must be an xlsx (a zip: "PK\x03\x04"); an old .xls or a password-protected workbook
 *   (both OLE2 files) and anything else are refused with a finding that says what to do;
 * - a workbook larger than MAX_WORKBOOK_BYTES, one whose parts unpack to more than MAX_PART_BYTES
 *   or MAX_UNPACKED_BYTES (a zip bomb: counted as it inflates, whatever its headers declare, before
 *   exceljs holds any part whole), or a sheet longer than MAX_ROWS is refused (Annex A lists run to
 *   thousands of rows, not millions);
 * - a formula cell gives its last calculated value (a warning per column says so); a formula never
 *   calculated, or an error value (#N/A, #REF!…), reads as blank (with a warning);
 * - rich text and hyperlinks read as their text; Excel dates (date cells, or day numbers) and
 *   text dates are told apart later, by the column (dates.ts).
 * Nothing here throws on bad input: an unreadable workbook is one finding.
 */
import * as ExcelJS from '@cj-tech-master/excelts';
import { Unzip, UnzipInflate, unzipSync } from 'fflate';
import type { Finding } from '../types.ts';

export const MAX_WORKBOOK_BYTES = 50 * 1024 * 1024;
export const MAX_ROWS = 250_000;
/** Unpacked bytes allowed in one part of the package (exceljs reads a part as one string) and in all of them. */
export const MAX_PART_BYTES = 256 * 1024 * 1024;
export const MAX_UNPACKED_BYTES = 512 * 1024 * 1024;
const INFLATE_SLICE = 16 * 1024;
/** Inflated bytes between turns of the event loop (tens of milliseconds of work). */
const YIELD_BYTES = 8 * 1024 * 1024;

/**
 * Why the package would unpack too large, judged first by the sizes its directory declares (nothing
 * inflated), then counted as it inflates in small slices (a directory can lie); undefined when it would not.
 * A slice of a bomb inflates to megabytes: the count gives way to other work between slices, so a
 * hostile upload never holds the event loop (the server's, or a test worker's) for seconds.
 */
async function unpacksTooLarge(bytes: Uint8Array): Promise<string | undefined> {
  const megabytes = (count: number) => `${Math.round(count / 1048576)} MB`;
  // A damaged directory can give a part any name: only a plausible one is repeated in the finding.
  const partName = (name: string) => (/^[\w\-./[\] ]{1,120}$/.test(name) ? `part ${name}` : 'a part (its name unreadable)');
  let total = 0;
  let problem: string | undefined;
  try {
    unzipSync(bytes, {
      filter(part) {
        total += part.originalSize;
        if (part.originalSize > MAX_PART_BYTES) problem ??= `its ${partName(part.name)} would unpack to ${megabytes(part.originalSize)}`;
        return false;
      },
    });
  } catch {
    // A damaged directory: the streaming count below and exceljs judge the rest.
  }
  if (!problem && total > MAX_UNPACKED_BYTES) problem = `its parts would unpack to ${megabytes(total)}`;
  if (problem) return problem;
  total = 0;
  let yieldedAt = 0;
  const unzip = new Unzip((file) => {
    let part = 0;
    file.ondata = (error, data) => {
      if (error || problem) return;
      part += data.length;
      total += data.length;
      if (part > MAX_PART_BYTES) problem = `its ${partName(file.name)} unpacks to more than ${megabytes(MAX_PART_BYTES)}`;
      else if (total > MAX_UNPACKED_BYTES) problem = `its parts unpack to more than ${megabytes(MAX_UNPACKED_BYTES)}`;
      if (problem) file.terminate();
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let at = 0; at < bytes.length && !problem; at += INFLATE_SLICE) {
      unzip.push(bytes.subarray(at, at + INFLATE_SLICE), at + INFLATE_SLICE >= bytes.length);
      if (total - yieldedAt > YIELD_BYTES) {
        yieldedAt = total;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  } catch {
    // A damaged package: exceljs says what is wrong with it.
  }
  return problem;
}

/** A cell as read: its text, and its date or number when Excel stored one. */
export interface Cell {
  text: string;
  date?: string;
  number?: number;
  /** The cell held a formula; `text` is its last calculated value. */
  formula?: string;
  /** The cell held an error value (#N/A…), read as blank. */
  error?: string;
}

export interface Sheet {
  name: string;
  /** Rows with their Excel row numbers, cells from column A; trailing blank rows dropped. */
  rows: Array<{ line: number; cells: Cell[] }>;
}

export interface Workbook {
  sheets: Sheet[];
  /** Days since 1899-12-30 (or 1904-01-01 for workbooks made on old Macs) number day 0. */
  date1904: boolean;
}

const BLANK: Cell = { text: '' };

function isoFromDate(date: Date): string | null {
  if (Number.isNaN(date.getTime())) return null;
  // Excel stores days as fractions: round to the minute so 23:59:59.999 is the next day's midnight.
  const rounded = new Date(Math.round(date.getTime() / 60_000) * 60_000);
  return rounded.toISOString().slice(0, 10);
}

function plain(value: ExcelJS.CellValue | undefined): Cell {
  if (value === null || value === undefined) return BLANK;
  if (typeof value === 'string') return { text: value.trim() };
  if (typeof value === 'number') return Number.isFinite(value) ? { text: String(value), number: value } : BLANK;
  if (typeof value === 'boolean') return { text: value ? 'Yes' : 'No' };
  if (value instanceof Date) {
    const iso = isoFromDate(value);
    return iso ? { text: iso, date: iso } : BLANK;
  }
  if ('error' in value) return { text: '', error: String(value.error) };
  if ('richText' in value)
    return {
      text: (value.richText ?? [])
        .map((part) => part.text)
        .join('')
        .trim(),
    };
  if ('hyperlink' in value) return { text: String(value.text ?? '').trim() };
  if ('formula' in value || 'sharedFormula' in value) {
    const formula = 'formula' in value && value.formula ? value.formula : `(shared with ${(value as ExcelJS.CellSharedFormulaValue).sharedFormula})`;
    const result = value.result;
    if (result === undefined || result === null) return { text: '', formula, error: 'never calculated' };
    const read = plain(result as ExcelJS.CellValue);
    return { ...read, formula };
  }
  return BLANK;
}

function fileFinding(file: string, rule: string, message: string): Finding {
  return { rule, message, file, table: null, row: null, child: null, field: null, severity: 'error', rejects: true };
}

/** What the workbook should be, in the findings: Annex A's, unless another reader says (e.g. Ofsted's provider lists). */
export interface WorkbookKind {
  workbook: string;
  list: string;
  lists: string;
}
const ANNEX_A: WorkbookKind = { workbook: 'an Annex A workbook', list: 'an Annex A list', lists: 'the Annex A lists' };

/** The workbook's sheets as plain cells, or the one finding that says why it cannot be read. */
export async function readWorkbook(file: string, bytes: Uint8Array, kind: WorkbookKind = ANNEX_A): Promise<{ workbook: Workbook } | { finding: Finding }> {
  if (bytes.length > MAX_WORKBOOK_BYTES) {
    return {
      finding: fileFinding(
        file,
        'KS-SIZE',
        `The workbook is ${bytes.length.toLocaleString('en-GB')} bytes, more than the ${MAX_WORKBOOK_BYTES.toLocaleString('en-GB')} ${kind.workbook} is allowed.`,
      ),
    };
  }
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  const isOle = bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
  if (isOle) {
    return {
      finding: fileFinding(
        file,
        'KS-FORMAT',
        'This is an Excel 97–2003 workbook (.xls) or a password-protected one: open it in Excel, remove any password, and save it as an Excel Workbook (.xlsx).',
      ),
    };
  }
  if (!isZip) return { finding: fileFinding(file, 'KS-FORMAT', `This is not an Excel workbook (.xlsx): export ${kind.lists} from Excel as .xlsx.`) };
  const bomb = await unpacksTooLarge(bytes);
  if (bomb)
    return {
      finding: fileFinding(
        file,
        'KS-SIZE',
        `The workbook was not opened: ${bomb}, far more than ${kind.workbook} holds (a damaged file or a zip bomb). Save it again from Excel.`,
      ),
    };
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch (error) {
    return {
      finding: fileFinding(
        file,
        'KS-XLSX',
        `The workbook cannot be read (${(error as Error).message.slice(0, 120)}): it may be damaged or not finished copying; save it again from Excel.`,
      ),
    };
  }
  const sheets: Sheet[] = [];
  for (const worksheet of workbook.worksheets) {
    if (worksheet.rowCount > MAX_ROWS) {
      return {
        finding: fileFinding(
          file,
          'KS-SIZE',
          `Sheet “${worksheet.name}” has ${worksheet.rowCount.toLocaleString('en-GB')} rows, more than the ${MAX_ROWS.toLocaleString('en-GB')} ${kind.list} is allowed.`,
        ),
      };
    }
    const rows: Sheet['rows'] = [];
    worksheet.eachRow({ includeEmpty: false }, (row, line) => {
      const cells: Cell[] = [];
      row.eachCell({ includeEmpty: true }, (cell, column) => {
        cells[column - 1] = plain(cell.value);
      });
      for (let index = 0; index < cells.length; index++) cells[index] ??= BLANK;
      if (cells.some((cell) => cell.text !== '' || cell.error)) rows.push({ line, cells });
    });
    sheets.push({ name: worksheet.name, rows });
  }
  // A package without its workbook part has no properties: dates then count from 1899 as usual.
  const properties = workbook.properties as unknown as { date1904?: boolean } | undefined;
  return { workbook: { sheets, date1904: properties?.date1904 === true } };
}
