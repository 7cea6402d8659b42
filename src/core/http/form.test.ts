import { describe, expect, it } from 'vitest';
import { longDate } from '../dates.ts';
import { readDateInput } from './form.ts';

const bounds = { earliest: '1990-01-01', today: '2024-06-15' };
const read = (day: unknown, month: unknown, year: unknown) => readDateInput({ day, month, year }, bounds);

describe('reading a GOV.UK date input', () => {
  it('treats three empty inputs as no date', () => {
    expect(read('', ' ', undefined)).toEqual({ kind: 'empty' });
  });

  it('reads real dates, with or without leading zeros, and month names', () => {
    expect(read('31', '3', '2024')).toEqual({ kind: 'date', date: '2024-03-31' });
    expect(read(' 01 ', '02', '2024')).toEqual({ kind: 'date', date: '2024-02-01' });
    expect(read('29', 'February', '2024')).toEqual({ kind: 'date', date: '2024-02-29' });
    expect(read('1', 'mar', '2024')).toEqual({ kind: 'date', date: '2024-03-01' });
  });

  it('names the missing parts', () => {
    expect(read('', '3', '2024')).toEqual({ kind: 'error', message: 'Date must include a day', parts: ['day'] });
    expect(read('1', '', '')).toEqual({ kind: 'error', message: 'Date must include a month and year', parts: ['month', 'year'] });
  });

  it('highlights the part that is not real', () => {
    expect(read('32', '1', '2024')).toEqual({ kind: 'error', message: 'Date must be a real date', parts: ['day'] });
    expect(read('1', 'Smarch', '2024')).toEqual({ kind: 'error', message: 'Date must be a real date', parts: ['month'] });
    expect(read('x', '13', '2024')).toEqual({ kind: 'error', message: 'Date must be a real date', parts: ['day', 'month'] });
    expect(read('29', '2', '2023')).toEqual({ kind: 'error', message: 'Date must be a real date', parts: ['day'] });
    expect(read('1', '1', '20x4')).toEqual({ kind: 'error', message: 'Date must be a real date', parts: ['year'] });
    expect(read('1', '1', '202')).toEqual({ kind: 'error', message: 'Year must include 4 numbers', parts: ['year'] });
  });

  it('keeps to the dates allowed', () => {
    expect(read('31', '12', '1989')).toMatchObject({ message: 'Date must be the same as or after 1 January 1990' });
    expect(read('1', '1', '1990')).toEqual({ kind: 'date', date: '1990-01-01' });
    expect(read('15', '6', '2024')).toEqual({ kind: 'date', date: '2024-06-15' });
    expect(read('16', '6', '2024')).toMatchObject({ message: 'Date must be today or in the past', parts: ['day', 'month', 'year'] });
  });

  it('ignores anything that is not a single string', () => {
    expect(read(['1', '2'], '3', '2024')).toMatchObject({ message: 'Date must include a day' });
  });

  it('writes dates in full', () => {
    expect(longDate('2024-03-05')).toBe('5 March 2024');
  });
});
