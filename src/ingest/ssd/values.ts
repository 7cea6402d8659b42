/**
 * Reading SSD cell values into the database's types. Each reader returns the value to store, or
 * `undefined` with the reason it cannot be read. Blank (and SQL Server's literal NULL, which SSD
 * extracts saved from SQL Server Management Studio often carry) is null.
 *
 * - Dates: YYYY-MM-DD or dd/mm/YYYY, optionally followed by a time (SQL Server writes datetime
 *   columns as `2024-03-31 00:00:00.000`); the time is dropped, the SSD's date columns carry days.
 * - Timestamps: the same, keeping the time (hours and minutes, seconds optional, fractions of a
 *   second dropped); a date alone is midnight. No time zone: case systems record local time.
 * - Numbers: plain digits with an optional sign and decimal point (no thousands separators);
 *   integers must be whole (2.0 is 2) and fit PostgreSQL's integer; numeric(p,s) must fit p digits
 *   with s after the point.
 * - Flags: Y / N, also Yes / No, True / False, 1 / 0 in any case — stored as Y or N.
 */
import type { ColumnType } from './tables.ts';

export type Read = { value: string | null } | { error: string };

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;
const DMY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;

export function isBlank(value: string): boolean {
  return value === '' || value === 'NULL';
}

function calendarDate(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return null;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A date and optional time of day from ISO or dd/mm/YYYY text. */
export function readDateTime(text: string): { date: string; time: string | null } | null {
  const iso = ISO.exec(text);
  const dmy = iso ? null : DMY.exec(text);
  const match = iso ?? dmy;
  if (!match) return null;
  const [year, month, day] = iso ? [Number(match[1]), Number(match[2]), Number(match[3])] : [Number(match[3]), Number(match[2]), Number(match[1])];
  const date = calendarDate(year, month, day);
  if (!date) return null;
  if (match[4] === undefined) return { date, time: null };
  const [hour, minute, second] = [Number(match[4]), Number(match[5]), Number(match[6] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return null;
  return { date, time: `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')}` };
}

const INT_MAX = 2_147_483_647;

export function readValue(type: ColumnType, raw: string): Read {
  const text = raw.trim();
  if (isBlank(text)) return { value: null };
  if (type === 'text') return { value: text };
  if (type === 'date' || type === 'timestamp') {
    const read = readDateTime(text);
    if (!read)
      return {
        error: `“${text.slice(0, 40)}” is not a date: write it as YYYY-MM-DD or dd/mm/YYYY${type === 'timestamp' ? ', with the time after a space if known' : ''}.`,
      };
    return { value: type === 'date' ? read.date : `${read.date} ${read.time ?? '00:00:00'}` };
  }
  if (type === 'flag') {
    const upper = text.toUpperCase();
    if (['Y', 'YES', 'TRUE', 'T', '1'].includes(upper)) return { value: 'Y' };
    if (['N', 'NO', 'FALSE', 'F', '0'].includes(upper)) return { value: 'N' };
    return { error: `“${text.slice(0, 40)}” is not a Y / N flag.` };
  }
  if (type === 'integer') {
    const match = /^([+-]?\d+)(?:\.0+)?$/.exec(text);
    if (!match || Math.abs(Number(match[1])) > INT_MAX) return { error: `“${text.slice(0, 40)}” is not a whole number.` };
    return { value: String(Number(match[1])) };
  }
  const [precision, scale] = type.numeric;
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match || (match[2] === '' && !match[3])) return { error: `“${text.slice(0, 40)}” is not a number.` };
  const whole = match[2]!.replace(/^0+(?=\d)/, '');
  if (whole.length > precision - scale)
    return { error: `${text} is too large: at most ${precision - scale} digit${precision - scale === 1 ? '' : 's'} before the decimal point.` };
  return { value: text };
}
