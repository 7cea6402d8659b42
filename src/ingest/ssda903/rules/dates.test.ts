/**
 * The date helpers the rules call for every row (values.ts) read dates digit by digit: checked here
 * against the straightforward readings they replaced (a regular expression, Number(), Date) on every
 * day of a range of years and on malformed text.
 */
import { describe, expect, it } from 'vitest';
import { addDays, addYears, ageOn, daysBetween, dmy } from '../values.ts';

const reference = {
  dmy(value: string | undefined): string | null {
    const match = value ? /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value.trim()) : null;
    if (!match) return null;
    const [, dd, mm, yyyy] = match as unknown as [string, string, string, string];
    const [day, month, year] = [Number(dd), Number(mm), Number(yyyy)];
    if (year < 1900 || month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
    return `${yyyy}-${mm}-${dd}`;
  },
  addYears(iso: string, years: number): string {
    const year = Number(iso.slice(0, 4)) + years;
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    return `${String(year).padStart(4, '0')}${iso.slice(4) === '-02-29' && !leap ? '-02-28' : iso.slice(4)}`;
  },
  addDays(iso: string, days: number): string {
    const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
    return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
  },
  daysBetween(from: string, to: string): number {
    const [y1, m1, d1] = from.split('-').map(Number) as [number, number, number];
    const [y2, m2, d2] = to.split('-').map(Number) as [number, number, number];
    return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000);
  },
  ageOn: (dob: string, on: string): number => Number(on.slice(0, 4)) - Number(dob.slice(0, 4)) - (on.slice(5) < dob.slice(5) ? 1 : 0),
};

/** Every day written dd/mm/YYYY from 1899 to 2001 and around 2024, with impossible days (31/04, 29/02 in common years, 00, 32). */
const texts: string[] = [];
for (const year of [1899, 1900, 1904, 1999, 2000, 2001, 2023, 2024, 2025, 2100])
  for (let month = 0; month <= 13; month++)
    for (let day = 0; day <= 32; day++) texts.push(`${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`);
const malformed = [
  '',
  ' ',
  '1/2/2020',
  '01/02/20',
  '01-02-2020',
  '01/02/2020x',
  'x01/02/2020',
  ' 01/02/2020 ',
  '01/02/2020\n',
  '0a/02/2020',
  '01/0b/2020',
  '01/02/20c0',
];
malformed.push('01/02/2020'.replace('0', '\u0660'), '2020-02-01', '01/02/ 2020', '-1/02/2020', '+1/02/2020', '01/02/-020');

describe('903 date helpers read dates digit by digit, as the readings they replaced did', () => {
  it('dmy accepts exactly the real dd/mm/YYYY dates from 1900, spaces around them allowed', () => {
    const all = [...texts, ...malformed, undefined];
    expect(all.map(dmy)).toEqual(all.map(reference.dmy));
    expect(dmy('29/02/2024')).toBe('2024-02-29');
    expect(dmy('29/02/1900')).toBeNull();
    expect(dmy(' 31/12/1999 ')).toBe('1999-12-31');
  });

  it('addYears, addDays, daysBetween and ageOn agree with them on every pair of a sample of dates', () => {
    const dates = texts.map((text) => dmy(text)).filter((iso): iso is string => iso !== null && iso >= '1999-12-01');
    const sample = dates.filter((_, index) => index % 15 === 0);
    const differences: string[] = [];
    const same = (what: string, ours: unknown, theirs: unknown) => ours !== theirs && differences.push(`${what}: ${String(ours)}, not ${String(theirs)}`);
    for (const iso of dates) {
      for (const years of [-25, -11, -1, 1, 4, 16, 18]) same(`addYears(${iso}, ${years})`, addYears(iso, years), reference.addYears(iso, years));
      for (const days of [-366, -1, 0, 1, 27, 365]) same(`addDays(${iso}, ${days})`, addDays(iso, days), reference.addDays(iso, days));
      for (const to of sample) {
        same(`daysBetween(${iso}, ${to})`, daysBetween(iso, to), reference.daysBetween(iso, to));
        same(`ageOn(${iso}, ${to})`, ageOn(iso, to), reference.ageOn(iso, to));
      }
    }
    expect(differences).toEqual([]);
  });
});
