/**
 * The demo county's disabled children tell a story: disabilities recorded, short breaks, EHC plans,
 * and more children waiting for a service while the closed team's work is being covered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/support/engines.ts';
import { generateCounty, loadCounty } from '../demo/index.ts';
import { fillCalendar } from '../indicators/calendar.ts';
import { measure } from '../../test/support/indicators.ts';
import { monthEnds } from '../core/dates.ts';
import { dataCoverage, waitsByMonth } from './queries.ts';

describe('disabled children in the demo county', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;

  beforeAll(async () => {
    database = await freshDatabase(undefined);
    await loadCounty(database, generateCounty({ children: 8000, seed: 11 }));
    await fillCalendar(database);
  }, 120_000);
  afterAll(async () => database?.drop());

  it('records disabilities, short breaks and EHC plans', async () => {
    expect(await dataCoverage(database)).toEqual({ disabilitiesRecorded: true, ehcpLoaded: true, shortBreaksRecorded: true, transitionAssessments: null });
    const values = await measure(
      database,
      ['disabled.children_in_need', 'disabled.short_breaks_children', 'disabled.short_break_nights_per_child', 'disabled.ehcp_20_weeks_pct'],
      monthEnds('2025-01-01', '2025-12-31'),
    );
    const points = (id: string) => Object.values(values[id]!);
    expect(Math.min(...points('disabled.children_in_need').map((point) => point.value!))).toBeGreaterThan(10);
    expect(points('disabled.short_breaks_children').reduce((sum, point) => sum + point.value!, 0)).toBeGreaterThan(12);
    expect(points('disabled.short_break_nights_per_child').some((point) => point.value! >= 1)).toBe(true);
    expect(points('disabled.ehcp_20_weeks_pct').some((point) => point.denominator! > 0)).toBe(true);
  });

  it('has more disabled children waiting for a service while a team is closed for staff shortage', async () => {
    // The closure runs from 1 October 2023 to 1 May 2024 (src/demo/structure.ts); waits started then end by the summer.
    const before = monthEnds('2022-09-01', '2023-08-31');
    const during = monthEnds('2023-12-01', '2024-06-30');
    const values = await measure(database, ['disabled.waiting_for_service'], [...before, ...during]);
    const average = (dates: string[]) => dates.reduce((sum, date) => sum + values['disabled.waiting_for_service']![date]!.value!, 0) / dates.length;
    expect(average(during)).toBeGreaterThan(average(before) * 1.3);
    const waits = await waitsByMonth(database, '2024-04-30', { kind: 'all' }, 24);
    expect(waits.some((month) => month.service.count > 0 && month.service.median !== null)).toBe(true);
  });
});
