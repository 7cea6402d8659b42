/**
 * Reading 903 values: dd/mm/YYYY dates to ISO strings, ages in whole years, the collection year.
 * ISO date strings ('YYYY-MM-DD') compare correctly as strings, so rules compare them directly.
 */

const DMY = /^(\d{2})\/(\d{2})\/(\d{4})$/;

/** A real calendar date written dd/mm/YYYY, as 'YYYY-MM-DD'; anything else (blank included) is null. */
export function dmy(value: string | undefined): string | null {
  if (!value) return null;
  const match = DMY.exec(value.trim());
  if (!match) return null;
  const [, dd, mm, yyyy] = match as unknown as [string, string, string, string];
  const day = Number(dd);
  const month = Number(mm);
  const year = Number(yyyy);
  if (year < 1900 || month < 1 || month > 12 || day < 1) return null;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > days) return null;
  return `${yyyy}-${mm}-${dd}`;
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

/** Adds whole years to an ISO date (29 February becomes 28 February in a common year). */
export function addYears(iso: string, years: number): string {
  const year = Number(iso.slice(0, 4)) + years;
  let monthDay = iso.slice(4);
  if (monthDay === '-02-29' && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) monthDay = '-02-28';
  return `${String(year).padStart(4, '0')}${monthDay}`;
}

/** Adds days to an ISO date. */
export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Whole days from one ISO date to another. */
export function daysBetween(from: string, to: string): number {
  const [y1, m1, d1] = from.split('-').map(Number) as [number, number, number];
  const [y2, m2, d2] = to.split('-').map(Number) as [number, number, number];
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000);
}

/** Age in completed years on a date. */
export function ageOn(dob: string, on: string): number {
  let age = Number(on.slice(0, 4)) - Number(dob.slice(0, 4));
  if (on.slice(5) < dob.slice(5)) age--;
  return age;
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
