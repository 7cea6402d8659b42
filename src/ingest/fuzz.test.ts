import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { unzipFiles, ZipRefused } from '../core/zip.ts';
import {
  ARCHIVE_MUTATIONS,
  BYTE_MUTATIONS,
  checkOutcome,
  CSV_MUTATIONS,
  FAST_SIZES,
  fuzzCases,
  seededRandom,
  writeZip,
  XLSX_INSIDE_MUTATIONS,
  XML_MUTATIONS,
} from '../../test/support/fuzz.ts';

const bytes = (value: string) => new TextEncoder().encode(value);
const text = (value: Uint8Array) => new TextDecoder().decode(value);
const CSV = bytes('CHILD,SEX,DOB\nC1,1,01/01/2012\nC2,2,02/02/2013\n');
const XML = bytes('<?xml version="1.0" encoding="UTF-8"?>\n<Message><Child><LAchildID>K1</LAchildID><Sex>1</Sex></Child></Message>');

describe('the fuzz mutations', () => {
  it('are the same for the same seed and differ for another', () => {
    const first = [...fuzzCases('903', [{ name: 'header.csv', bytes: CSV }], 40, 5)].map((fuzzCase) => text(fuzzCase.files[0]!.bytes));
    const again = [...fuzzCases('903', [{ name: 'header.csv', bytes: CSV }], 40, 5)].map((fuzzCase) => text(fuzzCase.files[0]!.bytes));
    const other = [...fuzzCases('903', [{ name: 'header.csv', bytes: CSV }], 40, 6)].map((fuzzCase) => text(fuzzCase.files[0]!.bytes));
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    expect(seededRandom(1).next()).toBe(seededRandom(1).next());
  });

  it('cycle through every mutation of the format, so a short run tries each', () => {
    const cin = [...fuzzCases('cin', [{ name: 'cin.xml', bytes: XML }], Object.keys({ ...BYTE_MUTATIONS, ...XML_MUTATIONS }).length, 1)];
    expect(new Set(cin.map((fuzzCase) => fuzzCase.mutation))).toEqual(new Set(Object.keys({ ...BYTE_MUTATIONS, ...XML_MUTATIONS })));
    const ssd = [...fuzzCases('ssd', [{ name: 'ssd_person.csv', bytes: CSV }], 100, 1)].map((fuzzCase) => fuzzCase.mutation);
    for (const name of [...Object.keys(CSV_MUTATIONS), ...Object.keys(ARCHIVE_MUTATIONS)]) expect(ssd).toContain(name);
    expect(cin[0]!.label).toBe('cin #0: truncate in cin.xml');
  });

  it('do what their names say', () => {
    const random = seededRandom(3);
    const cut = BYTE_MUTATIONS.truncate!(CSV, random, FAST_SIZES);
    expect(text(CSV).startsWith(text(cut))).toBe(true);
    expect(cut.length).toBeLessThan(CSV.length);
    expect([...BYTE_MUTATIONS['UTF-16']!(bytes('AB'), random, FAST_SIZES)]).toEqual([0xff, 0xfe, 0x41, 0, 0x42, 0]);
    expect([...BYTE_MUTATIONS['Latin-1']!(bytes('Ab'), random, FAST_SIZES)]).toEqual([0x41, 0x62, 0xe9, 0xa3, 0xfc]);
    expect([...BYTE_MUTATIONS['byte-order mark']!(bytes('A'), random, FAST_SIZES).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(BYTE_MUTATIONS['huge field']!(CSV, random, FAST_SIZES).length).toBe(CSV.length + FAST_SIZES.hugeField);
    expect(text(CSV_MUTATIONS['formula cell']!(CSV, random, FAST_SIZES))).toMatch(/\n(=HYPERLINK|\+SUM|-2\+3|@SUM|=cmd|=1\+1)/);
    const ragged = text(CSV_MUTATIONS['ragged row']!(CSV, random, FAST_SIZES))
      .split('\n')
      .map((line) => line.split(',').length);
    expect(ragged.slice(0, 3).some((columns) => columns !== 3)).toBe(true);
    expect(text(XML_MUTATIONS['deep nesting']!(XML, random, FAST_SIZES)).split('<Deep>').length - 1).toBe(FAST_SIZES.nesting);
    expect(text(XML_MUTATIONS['entity expansion']!(XML, random, FAST_SIZES))).toContain('<!DOCTYPE lolz');
    expect(
      text(CSV_MUTATIONS['long value']!(CSV, random, FAST_SIZES))
        .split(/[,\n]/)
        .some((cell) => /^[A-Za-z0-9]{3000}$/.test(cell)),
    ).toBe(true);
    expect(text(XML_MUTATIONS['long value']!(XML, random, FAST_SIZES))).toMatch(/<(LAchildID|Sex)>[A-Za-z0-9]{3000}<\//);
  });

  it('build zips that declare what they like: a bomb is refused by the guarded reader before anything inflates', () => {
    const random = seededRandom(9);
    const [bomb] = ARCHIVE_MUTATIONS['zip bomb']!([{ name: 'header.csv', bytes: CSV }], random, FAST_SIZES);
    expect(bomb!.bytes.length).toBeLessThan(200_000);
    expect(() => unzipFiles(bomb!.bytes)).toThrow(ZipRefused);
    expect(() => unzipFiles(bomb!.bytes)).toThrow(/compressed \d+ times/);
    // The writer's plain zips read back exactly.
    const plain = writeZip([{ name: 'a.csv', method: 0, data: CSV, crc: 0, size: CSV.length }]);
    expect(text(unzipSync(plain, {})['a.csv']!)).toBe(text(CSV));
    // Inside an xlsx: a part mutated still gives a readable zip of the same parts.
    const xlsx = zipSync({ '[Content_Types].xml': bytes('<Types/>'), 'xl/workbook.xml': XML, 'xl/worksheets/sheet1.xml': XML });
    const mutated = XLSX_INSIDE_MUTATIONS['part mutated as XML']!(xlsx, random, FAST_SIZES);
    expect(Object.keys(unzipSync(mutated)).sort()).toEqual(['[Content_Types].xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml']);
  });

  it('judge an outcome: a failed import is a crash; a finding must name a file given', () => {
    const finding = (file: string) => ({
      rule: 'KS-CSV',
      message: 'x',
      file,
      table: null,
      row: 2,
      child: null,
      field: 'SEX',
      severity: 'error' as const,
      rejects: true,
    });
    expect(checkOutcome({ status: 'checked', findings: [finding('a.csv')] }, ['a.csv'])).toEqual({ unnamed: [] });
    expect(checkOutcome({ status: 'failed', errorMessage: 'boom', findings: [finding('')] }, ['a.csv'])).toEqual({ crash: 'boom', unnamed: [finding('')] });
  });
});
