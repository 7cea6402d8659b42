import { describe, expect, it } from 'vitest';
import { readValue } from './values.ts';

describe('reading SSD values', () => {
  it('dates in ISO or dd/mm/YYYY, with any time dropped; impossible dates refused', () => {
    expect(readValue('date', '2024-03-31')).toEqual({ value: '2024-03-31' });
    expect(readValue('date', '31/03/2024')).toEqual({ value: '2024-03-31' });
    expect(readValue('date', '1/4/2024')).toEqual({ value: '2024-04-01' });
    expect(readValue('date', '2024-03-31 00:00:00.000')).toEqual({ value: '2024-03-31' });
    expect(readValue('date', '2024-03-31T10:15')).toEqual({ value: '2024-03-31' });
    expect(readValue('date', '31/02/2024')).toHaveProperty('error');
    expect(readValue('date', '2024-13-01')).toHaveProperty('error');
    expect(readValue('date', '03/31/2024')).toHaveProperty('error');
    expect(readValue('date', 'yesterday')).toHaveProperty('error');
  });

  it('timestamps keep the time; a date alone is midnight', () => {
    expect(readValue('timestamp', '2024-03-31 14:05')).toEqual({ value: '2024-03-31 14:05:00' });
    expect(readValue('timestamp', '31/03/2024 14:05:09')).toEqual({ value: '2024-03-31 14:05:09' });
    expect(readValue('timestamp', '2024-03-31')).toEqual({ value: '2024-03-31 00:00:00' });
    expect(readValue('timestamp', '2024-03-31 25:00')).toHaveProperty('error');
  });

  it('blank and SQL NULL are null for every type', () => {
    for (const type of ['text', 'date', 'timestamp', 'integer', 'flag', { numeric: [4, 2] as [number, number] }] as const) {
      expect(readValue(type, '')).toEqual({ value: null });
      expect(readValue(type, 'NULL')).toEqual({ value: null });
    }
  });

  it('numbers: whole numbers within range; numeric(p,s) within its digits', () => {
    expect(readValue('integer', '12')).toEqual({ value: '12' });
    expect(readValue('integer', '12.0')).toEqual({ value: '12' });
    expect(readValue('integer', '12.5')).toHaveProperty('error');
    expect(readValue('integer', '1,200')).toHaveProperty('error');
    expect(readValue('integer', '99999999999')).toHaveProperty('error');
    expect(readValue({ numeric: [4, 2] }, '0.85')).toEqual({ value: '0.85' });
    expect(readValue({ numeric: [4, 2] }, '99.5')).toEqual({ value: '99.5' });
    expect(readValue({ numeric: [4, 2] }, '100')).toHaveProperty('error');
    expect(readValue({ numeric: [4, 2] }, '.5')).toEqual({ value: '.5' });
    expect(readValue({ numeric: [4, 2] }, 'abc')).toHaveProperty('error');
  });

  it('flags: Y / N and their usual spellings', () => {
    for (const yes of ['Y', 'y', 'Yes', 'TRUE', '1']) expect(readValue('flag', yes)).toEqual({ value: 'Y' });
    for (const no of ['N', 'no', 'False', '0']) expect(readValue('flag', no)).toEqual({ value: 'N' });
    expect(readValue('flag', 'U')).toHaveProperty('error');
  });
});
