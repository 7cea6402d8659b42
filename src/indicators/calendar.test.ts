import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { engines } from '../../test/support/engines.ts';
import { addDays, workingDaysBetween } from '../core/dates.ts';
import { calendarRows, CALENDAR_DAYS, fillCalendar } from './calendar.ts';
import { indicatorDatabase } from '../../test/support/indicators.ts';

describe('the working-day calendar rows', () => {
  it('number working days so differences match workingDaysBetween', () => {
    const rows = calendarRows('2023-12-01', '2024-04-30');
    const number = new Map(rows.map(([day, , n]) => [day, n]));
    for (let from = '2023-12-01'; from < '2024-04-01'; from = addDays(from, 3)) {
      for (const span of [1, 2, 5, 13, 29]) {
        const to = addDays(from, span);
        expect(number.get(to)! - number.get(from)!, `${from} → ${to}`).toBe(workingDaysBetween(from, to));
      }
    }
    expect(rows.find(([day]) => day === '2024-03-29')![1]).toBe(false); // Good Friday
  });
});

describe.each(engines)('ks_calendar on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof indicatorDatabase>>;
  beforeAll(async () => {
    database = await indicatorDatabase(url);
  });
  afterAll(async () => database?.drop());

  it('is filled once and answers the SQL helpers', async () => {
    await fillCalendar(database); // a second call changes nothing
    const result = await sql<{ days: number; over_easter: number; due: string; saturday_due: string }>`
      SELECT (SELECT count(*)::int FROM ks_calendar) AS days,
             ks_working_days('2024-03-28', '2024-04-02') AS over_easter,
             ks_add_working_days('2024-03-28', 1)::text AS due,
             ks_add_working_days('2024-03-09', 1)::text AS saturday_due`.execute(database.db);
    expect(result.rows[0]).toEqual({ days: CALENDAR_DAYS, over_easter: 1, due: '2024-04-02', saturday_due: '2024-03-11' });
  });
});
