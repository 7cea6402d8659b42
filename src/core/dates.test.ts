import { describe, expect, it } from 'vitest';
import {
  addMonths,
  addWorkingDays,
  bankHolidays,
  londonDate,
  londonIsoDate,
  easterSunday,
  isWorkingDay,
  monthEndOnOrBefore,
  monthEnds,
  parseIsoDate,
  workingDaysBetween,
} from './dates.ts';

// England and Wales bank holidays as published on GOV.UK.
const GOV_UK: Record<number, string[]> = {
  2016: ['2016-01-01', '2016-03-25', '2016-03-28', '2016-05-02', '2016-05-30', '2016-08-29', '2016-12-26', '2016-12-27'],
  2019: ['2019-01-01', '2019-04-19', '2019-04-22', '2019-05-06', '2019-05-27', '2019-08-26', '2019-12-25', '2019-12-26'],
  2020: ['2020-01-01', '2020-04-10', '2020-04-13', '2020-05-08', '2020-05-25', '2020-08-31', '2020-12-25', '2020-12-28'],
  2021: ['2021-01-01', '2021-04-02', '2021-04-05', '2021-05-03', '2021-05-31', '2021-08-30', '2021-12-27', '2021-12-28'],
  2022: ['2022-01-03', '2022-04-15', '2022-04-18', '2022-05-02', '2022-06-02', '2022-06-03', '2022-08-29', '2022-09-19', '2022-12-26', '2022-12-27'],
  2023: ['2023-01-02', '2023-04-07', '2023-04-10', '2023-05-01', '2023-05-08', '2023-05-29', '2023-08-28', '2023-12-25', '2023-12-26'],
  2024: ['2024-01-01', '2024-03-29', '2024-04-01', '2024-05-06', '2024-05-27', '2024-08-26', '2024-12-25', '2024-12-26'],
  2025: ['2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26'],
  2026: ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28'],
};

describe('English bank holidays', () => {
  it.each(Object.entries(GOV_UK))('match GOV.UK for %s', (year, expected) => {
    expect([...bankHolidays(Number(year))].sort()).toEqual(expected);
  });

  it('computes Easter Sunday', () => {
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2038)).toBe('2038-04-25');
  });
});

describe('working days', () => {
  it('skip weekends and bank holidays', () => {
    expect(isWorkingDay('2024-12-25')).toBe(false);
    expect(isWorkingDay('2024-12-28')).toBe(false); // Saturday
    expect(isWorkingDay('2024-12-27')).toBe(true);
  });

  it('count the working days after the start, up to and including the end', () => {
    // Thu 19 Dec 2024 → Fri 27 Dec: Fri 20, Mon 23, Tue 24, (Christmas, Boxing Day), Fri 27.
    expect(workingDaysBetween('2024-12-19', '2024-12-27')).toBe(4);
    // Thu 28 Mar 2024 → Tue 2 Apr: Good Friday and Easter Monday are holidays; only Tue 2 counts.
    expect(workingDaysBetween('2024-03-28', '2024-04-02')).toBe(1);
    expect(workingDaysBetween('2024-05-01', '2024-05-01')).toBe(0);
    expect(workingDaysBetween('2024-12-27', '2024-12-19')).toBe(-4);
  });

  it('add working days', () => {
    expect(addWorkingDays('2024-12-24', 1)).toBe('2024-12-27');
    expect(addWorkingDays('2024-12-24', 0)).toBe('2024-12-24');
    // 45 working days from Mon 2 Sep 2024: 9 full weeks of 5, no holidays → Mon 4 Nov.
    expect(addWorkingDays('2024-09-02', 45)).toBe('2024-11-04');
    expect(workingDaysBetween('2024-09-02', addWorkingDays('2024-09-02', 45))).toBe(45);
  });
});

describe('calendar helpers', () => {
  it('parse only real dates', () => {
    expect(parseIsoDate('2024-02-29')).toBe('2024-02-29');
    expect(parseIsoDate('2023-02-29')).toBeUndefined();
    expect(parseIsoDate('2023-13-01')).toBeUndefined();
    expect(parseIsoDate('1/2/2023')).toBeUndefined();
  });

  it('add months clamping to month end, and list month-ends', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2024-03-15', -3)).toBe('2023-12-15');
    expect(monthEnds('2023-11-15', '2024-02-01')).toEqual(['2023-11-30', '2023-12-31', '2024-01-31', '2024-02-29']);
  });
});

describe('month-end on or before', () => {
  it('keeps a month-end and steps back otherwise', () => {
    expect(monthEndOnOrBefore('2024-02-29')).toBe('2024-02-29');
    expect(monthEndOnOrBefore('2024-03-30')).toBe('2024-02-29');
    expect(monthEndOnOrBefore('2024-01-01')).toBe('2023-12-31');
  });
});

describe('the date on the clock in England', () => {
  it('is the next day from 23:00 UTC in summer time, and the UTC date in winter', () => {
    expect(londonIsoDate(new Date('2026-07-14T23:30:00Z'))).toBe('2026-07-15'); // 00:30 BST
    expect(londonIsoDate(new Date('2026-07-14T22:59:59Z'))).toBe('2026-07-14');
    expect(londonIsoDate(new Date('2026-12-07T23:30:00Z'))).toBe('2026-12-07');
    expect(londonDate(new Date('2026-07-14T23:30:00Z'))).toBe('15 July 2026');
  });
});
