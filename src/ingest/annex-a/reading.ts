/**
 * One row of a list read: the checks every row gets (text that would run as a formula, the child's
 * ID, the list's key date), which make `problems` (the row is refused), and readers of its values,
 * each noting a value it cannot read in `warnings` (the value is left out).
 */
import { looksLikeFormula } from '../csv.ts';
import { idTooLong } from '../identifiers.ts';
import type { Finding } from '../types.ts';
import type { FieldDef } from './lists.ts';
import { finding, type ReadRow } from './rows.ts';
import { readCode, readDate, readInteger, readYesNo, type Reading } from './values.ts';

export function readRow(row: ReadRow, date1904: boolean) {
  const { list, origin, cells, headers } = row;
  const child = origin.child;
  const problems: Finding[] = [];
  const warnings: Finding[] = [];
  const here = (rule: string, id: string, message: string, severity: 'error' | 'warning' = 'error') =>
    (severity === 'error' ? problems : warnings).push(
      finding(rule, message, origin.file, origin.sheet, origin.line, headers.get(id) ?? id, child || null, severity),
    );
  for (const [id, cell] of cells) {
    if (!cell.formula && cell.number === undefined && looksLikeFormula(cell.text))
      here('KS-FORMULA', id, `The cell holds text a spreadsheet would run as a formula (“${cell.text.slice(0, 40)}”), not a value.`);
  }
  if (!child) here('KS-REQUIRED', 'childId', 'The child’s unique ID is blank: the row cannot be stored.');
  const tooLong = idTooLong(headers.get('childId') ?? 'Child Unique ID', child);
  if (tooLong) here('KS-ID', 'childId', tooLong);
  const text = (id: string) => cells.get(id)?.text.trim() ?? '';
  const take = <T>(id: string, reading: Reading<T>): T | null => {
    if (reading.problem) here('KS-VALUE', id, `${reading.problem} The value is not stored.`, 'warning');
    return reading.value;
  };
  const date = (id: string) => (cells.has(id) ? take(id, readDate(cells.get(id)!, date1904)) : null);
  const code = (id: string) => (cells.has(id) ? take(id, readCode(id, text(id))) : null);
  const yesNo = (id: string) => (cells.has(id) ? take(id, readYesNo(text(id))) : null);
  const integer = (id: string) => (cells.has(id) ? take(id, readInteger(cells.get(id)!)) : null);
  const plainText = (id: string) => text(id) || null;

  const keyField = list.fields.find((field: FieldDef) => field.key && field.id !== 'childId');
  let keyDate: string | null = null;
  if (keyField) {
    const reading = readDate(cells.get(keyField.id)!, date1904);
    if (reading.value) keyDate = reading.value;
    else
      here(
        reading.problem ? 'KS-DATE' : 'KS-REQUIRED',
        keyField.id,
        reading.problem
          ? `${reading.problem} A row of List ${list.number} cannot be stored without it.`
          : `${headers.get(keyField.id)} is blank: a row of List ${list.number} cannot be stored without it.`,
      );
  }
  return { child, cells, problems, warnings, here, text, take, date, code, yesNo, integer, plainText, keyField, keyDate };
}

export type RowReading = ReturnType<typeof readRow>;
