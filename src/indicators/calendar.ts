/**
 * The working-day calendar table (ks_calendar) that the indicator SQL joins to count working days.
 * Filled from src/core/dates.ts, the one list of English bank holidays, so SQL and TypeScript
 * always agree: working days from A to B = working_day_number(B) - working_day_number(A).
 */
import { sql } from 'kysely';
import type { Database } from '../core/db/database.ts';
import { insertRows, type Cell } from '../core/db/bulk.ts';
import { addDays, daysBetween, isWorkingDay, type IsoDate } from '../core/dates.ts';

/** The calendar covers these days: far enough back for the oldest case records, forward for due dates. */
export const CALENDAR_FROM: IsoDate = '1990-01-01';
export const CALENDAR_TO: IsoDate = '2050-12-31';

/** The calendar rows, oldest first: [day, is working day, working day number]. */
export function calendarRows(from: IsoDate = CALENDAR_FROM, to: IsoDate = CALENDAR_TO): [IsoDate, boolean, number][] {
  const rows: [IsoDate, boolean, number][] = [];
  let number = 0;
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const working = isWorkingDay(day);
    if (working) number++;
    rows.push([day, working, number]);
  }
  return rows;
}

const filled = new WeakSet<Database>();

/**
 * Makes ks_calendar hold exactly the calendar from CALENDAR_FROM to CALENDAR_TO (rewriting it when
 * it is missing, partial or was made from an older bank-holiday list). Cheap when already right.
 * Call once at start-up after migrate; the indicator engine also calls it before its first query.
 */
export async function fillCalendar(database: Database): Promise<void> {
  if (filled.has(database)) return;
  const rows = calendarRows();
  const expected = { days: rows.length, working: rows[rows.length - 1]![2] };
  const actual = await sql<{ days: number; working: number; first: IsoDate | null; last: IsoDate | null }>`
    SELECT count(*)::int AS days, coalesce(max(working_day_number), 0)::int AS working, min(day) AS first, max(day) AS last
    FROM ks_calendar`.execute(database.db);
  const row = actual.rows[0]!;
  if (row.days !== expected.days || row.working !== expected.working || row.first !== CALENDAR_FROM || row.last !== CALENDAR_TO) {
    await database.db.transaction().execute(async (trx) => {
      await sql`DELETE FROM ks_calendar`.execute(trx);
      await insertRows(trx, 'ks_calendar', ['day', 'is_working_day', 'working_day_number'], rows as Cell[][]);
    });
    await sql`ANALYZE ks_calendar`.execute(database.db);
  }
  filled.add(database);
}

/** Days in the calendar (for checks). */
export const CALENDAR_DAYS = daysBetween(CALENDAR_FROM, CALENDAR_TO) + 1;
