/** Helpers for the indicator tests: a fresh database with the calendar, and values by id and date. */
import { insertRows, type Cell } from '../../src/core/db/bulk.ts';
import type { Database } from '../../src/core/db/database.ts';
import type { IsoDate } from '../../src/core/dates.ts';
import { freshDatabase } from './engines.ts';
import { fillCalendar } from '../../src/indicators/calendar.ts';
import { findIndicator } from '../../src/indicators/catalogue/index.ts';
import { computeSeries, WHOLE_COUNCIL, type EngineContext, type SeriesPoint } from '../../src/indicators/engine.ts';

export async function indicatorDatabase(url: string | undefined) {
  const database = await freshDatabase(url);
  await fillCalendar(database);
  return database;
}

export function insert(database: Database, table: string, columns: string[], rows: Cell[][]) {
  return insertRows(database.db, table, columns, rows);
}

export async function insertPeople(database: Database, people: [id: string, dob: IsoDate | null][]) {
  await insert(
    database,
    'ssd_person',
    ['pers_person_id', 'pers_forename', 'pers_surname', 'pers_dob'],
    people.map(([id, dob]) => [id, 'Child', id, dob]),
  );
}

/** { value, numerator, denominator } of each indicator on each date, computed afresh (no cache), as the SQL counts them (coverage: coverage.test.ts). */
export async function measure(
  database: Database,
  ids: string[],
  dates: IsoDate[],
  context: Partial<EngineContext> = {},
): Promise<Record<string, Record<IsoDate, Omit<SeriesPoint, 'asOf'>>>> {
  const indicators = ids.map((id) => {
    const indicator = findIndicator(id);
    if (!indicator) throw new Error(`No indicator ${id}`);
    return indicator;
  });
  const series = await computeSeries(database, indicators, dates, { selection: WHOLE_COUNCIL, threshold: 20, noCache: true, ignoreCoverage: true, ...context });
  return Object.fromEntries([...series].map(([id, points]) => [id, Object.fromEntries(points.map(({ asOf, ...rest }) => [asOf, rest]))]));
}
