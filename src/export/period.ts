/**
 * The period an export covers: `from` and `to` inclusive, both ISO dates. Exports describe the
 * data as at `to`: rows starting after `to` are left out and dates after `to` (an end, a closure)
 * are left blank, as they would have been on that day.
 */
import { parseIsoDate, type IsoDate } from '../core/dates.ts';

export interface ExportPeriod {
  from: IsoDate;
  to: IsoDate;
}

export class ExportPeriodError extends Error {}

/** A valid period from two texts, or an error saying which is wrong. */
export function exportPeriod(from: string | undefined, to: string | undefined): ExportPeriod {
  const start = from ? parseIsoDate(from) : undefined;
  const end = to ? parseIsoDate(to) : undefined;
  if (!start) throw new ExportPeriodError(`The start date must be a real date written YYYY-MM-DD${from ? `, not “${from}”` : ''}.`);
  if (!end) throw new ExportPeriodError(`The end date must be a real date written YYYY-MM-DD${to ? `, not “${to}”` : ''}.`);
  if (end < start) throw new ExportPeriodError('The end date must be the same as or after the start date.');
  return { from: start, to: end };
}

/** The collection year (named by the year it ends) whose 31 March is the first on or after the date. */
export function collectionYearEnding(date: IsoDate): number {
  const year = Number(date.slice(0, 4));
  return date.slice(5) <= '03-31' ? year : year + 1;
}

/** A date as at the end of the period: null when it falls after it. */
export function asAt(date: string | null | undefined, period: ExportPeriod): string | null {
  return date && date <= period.to ? date.slice(0, 10) : null;
}
