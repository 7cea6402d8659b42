/**
 * Calendar dates as 'YYYY-MM-DD' strings, computed in UTC so no time zone or daylight-saving
 * change can move a statutory date. Working days exclude weekends and English bank holidays.
 */

export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Parses a real calendar date; returns undefined for anything else (e.g. 2023-02-29). */
export function parseIsoDate(text: string): IsoDate | undefined {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const [, y, m, d] = match;
  return isRealDate(Number(y), Number(m), Number(d)) ? text : undefined;
}

export function isRealDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function makeDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function toUtcMs(date: IsoDate): number {
  const match = ISO_DATE.exec(date);
  if (!match) throw new Error(`Not a YYYY-MM-DD date: "${date}"`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

function fromUtcMs(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromUtcMs(toUtcMs(date) + days * DAY_MS);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return new Date(toUtcMs(date)).getUTCDay();
}

/** Adds calendar months, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return makeDate(year, month, Math.min(d, daysInMonth(year, month)));
}

export function monthEnd(date: IsoDate): IsoDate {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return makeDate(y, m, daysInMonth(y, m));
}

/** Month-ends from the month of `from` to the month of `to`, inclusive. */
export function monthEnds(from: IsoDate, to: IsoDate): IsoDate[] {
  const ends: IsoDate[] = [];
  for (let end = monthEnd(from); end <= monthEnd(to); end = monthEnd(addMonths(end.slice(0, 8) + '01', 1))) {
    ends.push(end);
  }
  return ends;
}

/** The latest month-end on or before a date. */
export function monthEndOnOrBefore(date: IsoDate): IsoDate {
  return monthEnd(date) === date ? date : addDays(`${date.slice(0, 8)}01`, -1);
}

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** Month as a number, accepting names and their first three letters ("March", "mar"); NaN for anything else. */
export function monthNumber(text: string): number {
  const lower = text.toLowerCase();
  const index = MONTH_NAMES.findIndex((name) => lower === name || lower === name.slice(0, 3));
  return index >= 0 ? index + 1 : /^\d{1,2}$/.test(text) ? Number(text) : NaN;
}

/** "5 March 2024". */
export function longDate(date: IsoDate): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return `${day} ${MONTH_NAMES[month - 1]!.replace(/^./, (letter) => letter.toUpperCase())} ${year}`;
}

// ---------------------------------------------------------------------------------------------
// English bank holidays (England and Wales). Regular rules plus the one-off changes, checked
// against the GOV.UK bank-holidays list for 2012-2027.

/** Dates moved or added by proclamation: [date, what]. */
const SPECIAL_HOLIDAYS: ReadonlyArray<readonly [IsoDate, string]> = [
  ['2011-04-29', 'Royal wedding'],
  ['2012-06-05', 'Queen’s Diamond Jubilee'],
  ['2022-06-03', 'Queen’s Platinum Jubilee'],
  ['2022-09-19', 'State Funeral of Queen Elizabeth II'],
  ['2023-05-08', 'Coronation of King Charles III'],
];
/** Years whose early May or spring bank holiday moved: year → [moved-from rule, new date]. */
const MOVED_HOLIDAYS: Readonly<Record<number, { earlyMay?: IsoDate; spring?: IsoDate }>> = {
  1995: { earlyMay: '1995-05-08' },
  2002: { spring: '2002-06-04' },
  2012: { spring: '2012-06-04' },
  2020: { earlyMay: '2020-05-08' },
  2022: { spring: '2022-06-02' },
};

/** Easter Sunday (Gregorian), by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return makeDate(year, month, day);
}

function firstMonday(year: number, month: number): IsoDate {
  const first = makeDate(year, month, 1);
  return addDays(first, (8 - dayOfWeek(first)) % 7);
}

function lastMonday(year: number, month: number): IsoDate {
  const last = makeDate(year, month, daysInMonth(year, month));
  return addDays(last, -((dayOfWeek(last) + 6) % 7));
}

/** A holiday on a weekend moves to the next weekday not already a holiday ("substitute day"). */
function withSubstitutes(dates: IsoDate[]): IsoDate[] {
  const taken = new Set<IsoDate>();
  for (const date of dates) {
    let day = date;
    while (dayOfWeek(day) === 0 || dayOfWeek(day) === 6 || taken.has(day)) day = addDays(day, 1);
    taken.add(day);
  }
  return [...taken];
}

const holidayCache = new Map<number, Set<IsoDate>>();

export function bankHolidays(year: number): Set<IsoDate> {
  let holidays = holidayCache.get(year);
  if (holidays) return holidays;
  const easter = easterSunday(year);
  const moved = MOVED_HOLIDAYS[year] ?? {};
  holidays = new Set<IsoDate>([
    ...withSubstitutes([makeDate(year, 1, 1)]),
    addDays(easter, -2),
    addDays(easter, 1),
    moved.earlyMay ?? firstMonday(year, 5),
    moved.spring ?? lastMonday(year, 5),
    lastMonday(year, 8),
    ...withSubstitutes([makeDate(year, 12, 25), makeDate(year, 12, 26)]),
    ...SPECIAL_HOLIDAYS.filter(([date]) => date.startsWith(`${year}-`)).map(([date]) => date),
  ]);
  holidayCache.set(year, holidays);
  return holidays;
}

export function isBankHoliday(date: IsoDate): boolean {
  return bankHolidays(Number(date.slice(0, 4))).has(date);
}

export function isWorkingDay(date: IsoDate): boolean {
  const weekday = dayOfWeek(date);
  return weekday !== 0 && weekday !== 6 && !isBankHoliday(date);
}

/**
 * Working days from `from` to `to`: the working days after `from` up to and including `to`.
 * So a referral on Monday with a decision on Tuesday took 1 working day; the same day is 0.
 * This is how DfE counts "within 45 working days" of referral.
 */
export function workingDaysBetween(from: IsoDate, to: IsoDate): number {
  if (to < from) return -workingDaysBetween(to, from);
  let count = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) if (isWorkingDay(day)) count++;
  return count;
}

/** The date `n` working days after `from` (n ≥ 0); with n = 0, `from` itself. */
export function addWorkingDays(from: IsoDate, n: number): IsoDate {
  let day = from;
  for (let remaining = n; remaining > 0;) {
    day = addDays(day, 1);
    if (isWorkingDay(day)) remaining--;
  }
  return day;
}

// Made on first use: a date formatter loads ICU's locale and time-zone data (about 8 MB), which the
// commands that never ask for today's date in England (`keystone validate`) need not hold.
let londonParts: Intl.DateTimeFormat | undefined;

/**
 * A moment as the clock in England (GMT or BST) read then, GOV.UK style: "7 December 2026 at 11:05pm",
 * "at 9am", "at midday", "at midnight" (https://www.gov.uk/guidance/style-guide/a-to-z#times).
 */
export function londonDateTime(moment: Date): string {
  londonParts ??= new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: 'Europe/London',
  });
  const parts = Object.fromEntries(londonParts.formatToParts(moment).map((one) => [one.type, one.value]));
  const hour = Number(parts.hour) % 24;
  const minute = Number(parts.minute);
  const time =
    minute === 0 && hour === 0
      ? 'midnight'
      : minute === 0 && hour === 12
        ? 'midday'
        : `${hour % 12 || 12}${minute ? `:${String(minute).padStart(2, '0')}` : ''}${hour < 12 ? 'am' : 'pm'}`;
  return `${parts.day} ${parts.month} ${parts.year} at ${time}`;
}

let englandDay: Intl.DateTimeFormat | undefined;

/** The date on the clock in England at a moment: 23:30 UTC on 14 July is 15 July (00:30 BST). */
export function londonIsoDate(moment: Date): IsoDate {
  englandDay ??= new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });
  return englandDay.format(moment);
}

/** A moment as its date on the clock in England, GOV.UK style: "15 July 2026". */
export function londonDate(moment: Date): string {
  return longDate(londonIsoDate(moment));
}

/** Today's date in England (Europe/London), whatever the server's time zone. */
export function todayInEngland(): IsoDate {
  return londonIsoDate(new Date());
}
