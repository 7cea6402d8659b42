import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { safeCell, toSafeCsv } from './csv.ts';

describe('safe CSV', () => {
  it('neutralises cells a spreadsheet would run as formulas', () => {
    for (const attack of ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '＝1']) {
      expect(safeCell(attack)).toBe(`'${attack}`);
    }
    expect(safeCell('Tansy Quillfeather')).toBe('Tansy Quillfeather');
    expect(safeCell(-3)).toBe(-3);
    expect(safeCell(null)).toBeNull();
  });

  it('writes CSV that reads back to the same (safe) values, quoting commas, quotes and line breaks', () => {
    const text = toSafeCsv(
      ['name', 'note', 'n'],
      [
        ['A, B', 'said "hi"\nthen left', 3],
        ['=cmd|calc', '', -1],
      ],
    );
    expect(parse(text)).toEqual([
      ['name', 'note', 'n'],
      ['A, B', 'said "hi"\nthen left', '3'],
      ["'=cmd|calc", '', '-1'],
    ]);
  });
});
