/**
 * Reading a GOV.UK date input (day, month, year) with the GOV.UK Design System's error messages:
 * https://design-system.service.gov.uk/components/date-input/ ("If there's an error").
 */
import { isRealDate, makeDate, type IsoDate } from '../core/dates.ts';

export type DatePart = 'day' | 'month' | 'year';
export type DateInputValues = Record<DatePart, string>;
export type DateInputResult =
  | { kind: 'empty' }
  | { kind: 'date'; date: IsoDate }
  /** `parts`: the inputs to highlight. */
  | { kind: 'error'; message: string; parts: DatePart[] };

const PARTS: DatePart[] = ['day', 'month', 'year'];
const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** Month as a number, accepting names and their first three letters ("March", "mar"). */
function monthNumber(text: string): number {
  const lower = text.toLowerCase();
  const index = MONTH_NAMES.findIndex((name) => lower === name || lower === name.slice(0, 3));
  return index >= 0 ? index + 1 : /^\d{1,2}$/.test(text) ? Number(text) : NaN;
}

export function longDate(date: IsoDate): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return `${day} ${MONTH_NAMES[month - 1]!.replace(/^./, (letter) => letter.toUpperCase())} ${year}`;
}

const listParts = (parts: DatePart[]) => (parts.length === 2 ? `${parts[0]} and ${parts[1]}` : parts[0]!);

/** Reads the three inputs: a real date from `earliest` to `today` inclusive, or nothing at all. */
export function readDateInput(raw: Partial<Record<DatePart, unknown>>, { earliest, today }: { earliest: IsoDate; today: IsoDate }): DateInputResult {
  const values = inputValues(raw);
  const missing = PARTS.filter((part) => values[part] === '');
  if (missing.length === 3) return { kind: 'empty' };
  if (missing.length > 0) return { kind: 'error', message: `Date must include a ${listParts(missing)}`, parts: missing };

  const day = /^\d{1,2}$/.test(values.day) ? Number(values.day) : NaN;
  const month = monthNumber(values.month);
  if (/^\d+$/.test(values.year) && values.year.length !== 4) return { kind: 'error', message: 'Year must include 4 numbers', parts: ['year'] };
  const year = /^\d{4}$/.test(values.year) ? Number(values.year) : NaN;
  const wrong = PARTS.filter((part, index) => {
    const value = [day, month, year][index]!;
    return Number.isNaN(value) || (part === 'day' && (value < 1 || value > 31)) || (part === 'month' && (value < 1 || value > 12));
  });
  if (wrong.length > 0) return { kind: 'error', message: 'Date must be a real date', parts: wrong };
  if (!isRealDate(year, month, day)) return { kind: 'error', message: 'Date must be a real date', parts: ['day'] };

  const date = makeDate(year, month, day);
  if (date < earliest) return { kind: 'error', message: `Date must be the same as or after ${longDate(earliest)}`, parts: PARTS };
  if (date > today) return { kind: 'error', message: 'Date must be today or in the past', parts: PARTS };
  return { kind: 'date', date };
}

/** The inputs as typed (trimmed), to show back in the form. */
export function inputValues(raw: Partial<Record<DatePart, unknown>>): DateInputValues {
  const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
  return { day: text(raw.day), month: text(raw.month), year: text(raw.year) };
}
