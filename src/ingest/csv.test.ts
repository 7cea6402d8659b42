import { describe, expect, it } from 'vitest';
import { firstInvalidUtf8, looksLikeFormula, readCsv } from './csv.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('reading a CSV file', () => {
  it('reads rows by column, trims cells, strips a BOM and reports line numbers', () => {
    const table = readCsv('header.csv', bytes('\uFEFFCHILD,SEX\r\n 1 ,2\r\n"2","1"\r\n'));
    expect(table.header).toEqual(['CHILD', 'SEX']);
    expect(table.rows.map((row) => [row.line, row.values])).toEqual([
      [2, { CHILD: '1', SEX: '2' }],
      [3, { CHILD: '2', SEX: '1' }],
    ]);
    expect(table.findings).toEqual([]);
  });

  it('reads a file without quotes as csv-parse reads it: blank lines skipped, line numbers kept, either line ending', () => {
    // The same text with one quoted cell goes through csv-parse; without quotes, through the direct split.
    for (const text of ['A,B\n1,2\n\n 3 ,4,5\n  \n=1+1,2\n6', 'A,B\r\n1,2\r\n\r\n3\r\n4,5\r\n', '\n\nA,B\n1,2\n\n\n', 'A,B\r1,2\n3,4\r\n']) {
      const quoted = text.replace(/^(\s*)A/, '$1"A"');
      expect(readCsv('p.csv', bytes(text))).toEqual(readCsv('p.csv', bytes(quoted)));
    }
    expect(readCsv('p.csv', bytes('A,B\n1,2\n\n3,4')).rows.map((row) => [row.line, row.values])).toEqual([
      [2, { A: '1', B: '2' }],
      [4, { A: '3', B: '4' }],
    ]);
  });

  it('refuses a ragged row, naming the file, line and missing column, and keeps the others', () => {
    const table = readCsv('e.csv', bytes('CHILD,SEX,DOB\n1,2,01/01/2010\n2,1\n3,1,01/01/2011,extra\n'));
    expect(table.rows.map((row) => row.line)).toEqual([2]);
    expect(table.rejected.map((row) => row.line)).toEqual([3, 4]);
    expect(table.findings[0]).toMatchObject({ rule: 'KS-RAGGED', file: 'e.csv', row: 3, field: 'DOB' });
    expect(table.findings[0]!.message).toMatch(/Line 3 has 2 cells but the header has 3 columns: DOB missing/);
  });

  it('refuses spreadsheet formulas in cells but not signed numbers', () => {
    expect(looksLikeFormula('=HYPERLINK("x")')).toBe(true);
    expect(looksLikeFormula('@SUM(A1)')).toBe(true);
    expect(looksLikeFormula('+cmd')).toBe(true);
    expect(looksLikeFormula('-12')).toBe(false);
    expect(looksLikeFormula('WBRI')).toBe(false);
    const table = readCsv('h.csv', bytes('CHILD,ETHNIC\n1,=1+1\n2,WBRI\n'));
    expect(table.findings[0]).toMatchObject({ rule: 'KS-FORMULA', row: 2, field: 'ETHNIC' });
    expect(table.rows).toHaveLength(1);
  });

  it('says a binary file is not text', () => {
    const table = readCsv('x.csv', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x01]));
    expect(table.unreadable).toBe(true);
    expect(table.findings[0]).toMatchObject({ rule: 'KS-BINARY', file: 'x.csv' });
  });

  it('says which line is not UTF-8, and recognises UTF-16', () => {
    const latin1 = new Uint8Array([...bytes('CHILD,NAME\n1,'), 0xe9, 0x0a]);
    expect(firstInvalidUtf8(latin1)).toBe(13);
    const table = readCsv('x.csv', latin1);
    expect(table.findings[0]).toMatchObject({ rule: 'KS-ENCODING', row: 2 });
    expect(table.findings[0]!.message).toMatch(/byte 0xE9 on line 2/);
    expect(readCsv('u.csv', new Uint8Array([0xff, 0xfe, 0x43, 0x00])).findings[0]).toMatchObject({ rule: 'KS-ENCODING' });
    expect(firstInvalidUtf8(bytes('naïve – ok'))).toBe(-1);
  });

  it('reports a truncated file (an unclosed quote) without throwing', () => {
    const table = readCsv('t.csv', bytes('CHILD,SEX\n1,2\n2,"1\n'));
    expect(table.rows.map((row) => row.values.CHILD)).toEqual(['1']);
    expect(table.findings.some((finding) => finding.rule === 'KS-CSV')).toBe(true);
  });

  it('reports empty files, headers without names and repeated columns', () => {
    expect(readCsv('e.csv', bytes('')).findings[0]!.rule).toBe('KS-EMPTY');
    expect(readCsv('e.csv', bytes('CHILD,,SEX\n')).findings[0]!.rule).toBe('KS-HEADER');
    expect(readCsv('e.csv', bytes('CHILD,CHILD\n')).findings[0]!.message).toMatch(/CHILD twice/);
  });

  it('refuses a file over the size limit before parsing it', () => {
    expect(readCsv('big.csv', bytes('CHILD\n1\n'), { maxBytes: 4 }).findings[0]!.rule).toBe('KS-SIZE');
  });
});
