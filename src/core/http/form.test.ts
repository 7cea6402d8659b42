import { describe, expect, it } from 'vitest';
import { longDate } from '../dates.ts';
import { dateItems, Errors, readDate, readDateInput } from './form.ts';

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
    // Each part possible, the whole date not: the whole date is highlighted.
    expect(read('29', '2', '2023')).toEqual({ kind: 'error', message: 'Date must be a real date', parts: ['day', 'month', 'year'] });
    expect(read('31', '2', '2026')).toEqual({ kind: 'error', message: 'Date must be a real date', parts: ['day', 'month', 'year'] });
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

describe('a form’s date input with an error highlights only the parts that are wrong', () => {
  /** Reads the due date as a form does, and says which inputs get GOV.UK's error style. */
  const send = (day: string, month: string, year: string) => {
    const body = { 'due-day': day, 'due-month': month, 'due-year': year };
    const errors = new Errors();
    const date = readDate(body, 'due', 'the due date', errors, { required: true });
    const highlighted = dateItems('due', body, errors)
      .filter((item) => item.classes.includes('govuk-input--error'))
      .map((item) => item.name);
    return { date, message: errors.field('due')?.text, href: errors.summary?.[0]?.href, highlighted };
  };

  it('a missing day: the day only', () => {
    expect(send('', '3', '2026')).toEqual({ date: null, message: 'The due date must include a day', href: '#due-day', highlighted: ['day'] });
  });
  it('a month of 13: the month only', () => {
    expect(send('1', '13', '2026')).toEqual({ date: null, message: 'The due date must be a real date', href: '#due-month', highlighted: ['month'] });
  });
  it('a two-figure year: the year only; a missing month and year: those two', () => {
    expect(send('1', '3', '26')).toMatchObject({ message: 'Year must include 4 numbers', highlighted: ['year'] });
    expect(send('1', '', '')).toMatchObject({ message: 'The due date must include a month and year', href: '#due-month', highlighted: ['month', 'year'] });
  });
  it('31 2 2026, each part possible but the date not: the whole date', () => {
    expect(send('31', '2', '2026')).toEqual({
      date: null,
      message: 'The due date must be a real date',
      href: '#due-day',
      highlighted: ['day', 'month', 'year'],
    });
  });
  it('a blank required date: the whole date', () => {
    expect(send('', '', '')).toEqual({ date: null, message: 'Enter the due date', href: '#due-day', highlighted: ['day', 'month', 'year'] });
  });
  it('a real date: nothing', () => {
    expect(send('28', '2', '2026')).toEqual({ date: '2026-02-28', message: undefined, href: undefined, highlighted: [] });
  });
  it('an error the form adds about the whole date (say, before another): the whole date', () => {
    const errors = new Errors();
    errors.add('end', 'The last day must be the same as or after the first day', 'end-day');
    expect(errors.dateParts('end')).toEqual(['day', 'month', 'year']);
    expect(errors.dateParts('start')).toEqual([]);
  });
});
