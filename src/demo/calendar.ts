import { isWorkingDay, type IsoDate } from '../core/dates.ts';

/**
 * The generator works in whole days since 1970-01-01 (UTC) for speed, and turns them into
 * 'YYYY-MM-DD' strings only when it writes rows. Working days follow src/core/dates.ts
 * (weekends and English bank holidays), read from a precomputed running count.
 */
export type Day = number;

const DAY_MS = 86_400_000;

export function toDay(date: IsoDate): Day {
  return Math.round(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS);
}

const isoCache = new Map<Day, IsoDate>();

export function isoOf(day: Day): IsoDate {
  let iso = isoCache.get(day);
  if (iso === undefined) {
    iso = new Date(day * DAY_MS).toISOString().slice(0, 10);
    isoCache.set(day, iso);
  }
  return iso;
}

/** Optional date column: null for a day that has not happened by the extract date. */
export function isoOrNull(day: Day | null | undefined, extractDay: Day): IsoDate | null {
  return day === null || day === undefined || day > extractDay ? null : isoOf(day);
}

/** 'YYYY-MM-DD HH:MM:SS' for a day and a minute of that day (minutes may run past midnight). */
export function timestampOf(day: Day, minute: number): string {
  const whole = Math.floor(minute);
  const date = day + Math.floor(whole / 1440);
  const minuteOfDay = ((whole % 1440) + 1440) % 1440;
  const hours = String(Math.floor(minuteOfDay / 60)).padStart(2, '0');
  const minutes = String(minuteOfDay % 60).padStart(2, '0');
  return `${isoOf(date)} ${hours}:${minutes}:00`;
}

/** Adds calendar months, clamping to the month's last day. */
export function addMonthsToDay(day: Day, months: number): Day {
  const date = new Date(day * DAY_MS);
  const index = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
  const year = Math.floor(index / 12);
  const month = index % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Math.round(Date.UTC(year, month, Math.min(date.getUTCDate(), lastDay)) / DAY_MS);
}

export function addYearsToDay(day: Day, years: number): Day {
  return addMonthsToDay(day, years * 12);
}

/** Month-end days from the month of `from` up to `to`, inclusive. */
export function monthEndDays(from: Day, to: Day): Day[] {
  const first = new Date(from * DAY_MS);
  const ends: Day[] = [];
  for (let index = first.getUTCFullYear() * 12 + first.getUTCMonth(); ; index++) {
    const end = Math.round(Date.UTC(Math.floor(index / 12), (index % 12) + 1, 0) / DAY_MS);
    if (end > to) return ends;
    ends.push(end);
  }
}

/** Running count of working days, grown on demand: workingCount[i] = working days in (origin, origin + i]. */
let origin = 0;
let workingCount = new Int32Array(0);

function ensureRange(low: Day, high: Day): void {
  if (workingCount.length > 0 && low >= origin && high < origin + workingCount.length) return;
  const start = Math.min(low, workingCount.length > 0 ? origin : low) - 800;
  const end = Math.max(high, workingCount.length > 0 ? origin + workingCount.length : high) + 800;
  const counts = new Int32Array(end - start);
  let running = 0;
  for (let day = start; day < end; day++) {
    if (day > start && isWorkingDay(isoOf(day))) running++;
    counts[day - start] = running;
  }
  origin = start;
  workingCount = counts;
}

/** The day `n` working days after `from`; with n = 0, `from` itself. */
export function addWorkingDaysToDay(from: Day, n: number): Day {
  ensureRange(from, from + 2 * n + 14);
  const target = workingCount[from - origin]! + n;
  let day = from;
  while (workingCount[day - origin]! < target) day++;
  return day;
}
