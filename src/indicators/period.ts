/** The month-end a figures page shows, and the month-ends it offers, from the data held. */
import type { Database } from '../core/db/database.ts';
import { addMonths, monthEnd, parseIsoDate, todayInEngland, type IsoDate } from '../core/dates.ts';
import { dataVersion } from '../core/cache.ts';
import { dataPeriod, SERIES_MONTHS } from './analysis.ts';
import { fillCalendar } from './calendar.ts';

/** The as-of month-end (from ?as_of, else the latest with data) and the month-ends to choose from. */
export async function monthEndPeriod(database: Database, asOfQuery: unknown) {
  await fillCalendar(database);
  const today = todayInEngland();
  const version = await dataVersion(database);
  const range = await dataPeriod(database, today, version);
  const latest = range?.defaultAsOf ?? monthEnd(addMonths(`${today.slice(0, 8)}01`, -1));
  const choices: IsoDate[] = [];
  for (let back = 0; back < SERIES_MONTHS; back++) {
    const date = monthEnd(addMonths(`${latest.slice(0, 8)}01`, -back));
    if (range && date < range.first) break;
    choices.push(date);
  }
  const asked = typeof asOfQuery === 'string' && asOfQuery !== '' ? parseIsoDate(asOfQuery) : latest;
  const error = !asked || !choices.includes(asked) ? 'Select a month end from the list' : undefined;
  const asOf = error ? latest : asked!;
  return { asOf, first: range?.first ?? null, error, version, today, choices: choices.map((date) => ({ value: date, selected: date === asOf })) };
}

/**
 * The date a worker's own pages (My work, My children, a worker's list of children) are as at: the
 * data period's month end, the date every dashboard opens on; today when no data are held.
 */
export async function dataAsOf(database: Database, today: IsoDate = todayInEngland()): Promise<IsoDate> {
  return (await dataPeriod(database, today, await dataVersion(database)))?.defaultAsOf ?? today;
}
