/**
 * Reading 903 values: dd/mm/YYYY dates to ISO strings, ages in whole years, the collection year.
 * ISO date strings ('YYYY-MM-DD') compare correctly as strings, so rules compare them directly.
 */

/**
 * The number written by the ASCII digits of text from start to end, or -1 if any is not a digit.
 * Dates are read this way rather than with Number(): the checks read many dates, and Number() of a
 * string calls into V8's runtime.
 */
function digitsAt(text: string, start: number, end: number): number {
  let value = 0;
  for (let index = start; index < end; index++) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

const isLeapYear = (year: number): boolean => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A real calendar date written dd/mm/YYYY, as 'YYYY-MM-DD'; anything else (blank included) is null. */
export function dmy(value: string | undefined): string | null {
  if (!value) return null;
  const text = value.trim();
  if (text.length !== 10 || text.charCodeAt(2) !== 47 || text.charCodeAt(5) !== 47) return null;
  const day = digitsAt(text, 0, 2);
  const month = digitsAt(text, 3, 5);
  const year = digitsAt(text, 6, 10);
  if (day < 1 || month < 1 || month > 12 || year < 1900) return null;
  if (day > (month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!)) return null;
  return `${text.slice(6, 10)}-${text.slice(3, 5)}-${text.slice(0, 2)}`;
}

/**
 * Orders text by its characters (UTF-16 code units): ISO dates in date order. Used instead of
 * localeCompare, whose ICU collator is slower and loads locale data the checks do not need.
 */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function isBlank(value: string | undefined): boolean {
  return value === undefined || value.trim() === '';
}

/** True when the value is blank or a valid dd/mm/YYYY date (the “is not a valid date” rules allow blanks). */
export function blankOrDate(value: string | undefined): boolean {
  return isBlank(value) || dmy(value) !== null;
}

// The helpers below take ISO dates ('YYYY-MM-DD', as dmy writes them) and read their parts by position.

/** Adds whole years to an ISO date (29 February becomes 28 February in a common year). */
export function addYears(iso: string, years: number): string {
  const year = digitsAt(iso, 0, 4) + years;
  let monthDay = iso.slice(4);
  if (monthDay === '-02-29' && !isLeapYear(year)) monthDay = '-02-28';
  return `${String(year).padStart(4, '0')}${monthDay}`;
}

/** An ISO date as milliseconds since 1970 (UTC). */
const utc = (iso: string): number => Date.UTC(digitsAt(iso, 0, 4), digitsAt(iso, 5, 7) - 1, digitsAt(iso, 8, 10));

/** Adds days to an ISO date. */
export function addDays(iso: string, days: number): string {
  return new Date(utc(iso) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whole days from one ISO date to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((utc(to) - utc(from)) / 86_400_000);
}

/** Age in completed years on a date. */
export function ageOn(dob: string, on: string): number {
  const age = digitsAt(on, 0, 4) - digitsAt(dob, 0, 4);
  // Month and day as MMDD: before the birthday in the year, a year less.
  return digitsAt(on, 5, 7) * 100 + digitsAt(on, 8, 10) < digitsAt(dob, 5, 7) * 100 + digitsAt(dob, 8, 10) ? age - 1 : age;
}

/** The 903 collection year ending 31 March `endYear`: 1 April endYear-1 to 31 March endYear. */
export interface CollectionYear {
  endYear: number;
  start: string;
  end: string;
}

export function collectionYear(endYear: number): CollectionYear {
  return { endYear, start: `${endYear - 1}-04-01`, end: `${endYear}-03-31` };
}

/** The collection year whose 31 March is the first on or after the latest date given. */
export function collectionYearContaining(latest: string): CollectionYear {
  const year = Number(latest.slice(0, 4));
  return collectionYear(latest.slice(5) <= '03-31' ? year : year + 1);
}
