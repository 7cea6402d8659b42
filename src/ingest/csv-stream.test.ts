/**
 * The streamed CSV reader (csv-stream.ts) reads what readCsv (csv.ts) reads, whatever the chunks:
 * the same rows with the same lines, the same refusals, the same reasons a file cannot be read.
 */
import { describe, expect, it } from 'vitest';
import { CsvStream } from './csv-stream.ts';
import { readCsv } from './csv.ts';

const encode = (text: string) => new TextEncoder().encode(text);

function streamed(bytes: Uint8Array, size: number) {
  const rows: string[] = [];
  const refused: string[] = [];
  const csv = new CsvStream('f.csv', {
    onRow: (row) => rows.push(`${row.line}:${JSON.stringify(row.values)}`),
    onRefused: (row, finding) => refused.push(`${row.line}:${finding.rule}:${finding.field}`),
  });
  for (let offset = 0; offset < bytes.length && !csv.unreadable; offset += size) csv.write(bytes.subarray(offset, offset + size));
  csv.end();
  return {
    rows: csv.unreadable ? [] : rows,
    refused: csv.unreadable ? [] : refused,
    fatal: csv.findings.map((finding) => finding.rule),
    unreadable: csv.unreadable,
  };
}

function whole(bytes: Uint8Array) {
  const csv = readCsv('f.csv', bytes);
  const refusedLines = new Set(csv.rejected.map((row) => row.line));
  return {
    rows: csv.rows.map((row) => `${row.line}:${JSON.stringify(row.values)}`),
    refused: csv.findings
      .filter((finding) => finding.row !== null && refusedLines.has(finding.row) && !csv.unreadable)
      .map((finding) => `${finding.row}:${finding.rule}:${finding.field}`),
    fatal: csv.unreadable ? csv.findings.map((finding) => finding.rule) : [],
    unreadable: csv.unreadable,
  };
}

const samples: Array<[string, Uint8Array]> = [
  ['plain', encode('a,b\n1,2\n\n3,4\n5\n6,=SUM(A1)\n7,8')],
  ['Windows line endings, a byte-order mark', encode('\uFEFFa,b\r\n1,caf\u00e9\r\n2,\u20ac\r\n')],
  ['quoted cells over several lines', encode('a,b\n1,"two\nlines"\n"3","4"\n5,"x""y"\n6,7,8\n')],
  ['a broken quote further on', encode(`a,b\n${'1,2\n'.repeat(50)}3,"oops\n4,5\n`)],
  ['a zero byte on line 40', Uint8Array.from([...encode(`a,b\n${'1,2\n'.repeat(38)}`), 0, ...encode('3,4\n')])],
  ['not UTF-8 on line 30', Uint8Array.from([...encode(`a,b\n${'1,2\n'.repeat(28)}`), 0xe9, ...encode('3,4\n')])],
  ['empty', encode(' \n\n')],
  ['a header naming a column twice', encode('a,A\n1,2\n')],
  ['UTF-16', Uint8Array.from([0xff, 0xfe, 0x61, 0])],
];

describe('the streamed CSV reader', () => {
  for (const [label, bytes] of samples) {
    it(`${label}: as readCsv reads it, in chunks of any size`, () => {
      const expected = whole(bytes);
      for (const size of [1 << 20, 16, 3, 1]) expect(streamed(bytes, size), `chunks of ${size}`).toEqual(expected);
    });
  }
});
