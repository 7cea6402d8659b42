/**
 * The byte guard the XML readers share (byte-guard.ts): the CIN census reader and the SSDA903 XML
 * reader report the same bad byte on the same line, whichever chunk it arrives in, a character
 * split between chunks included.
 */
import { describe, expect, it } from 'vitest';
import { ByteGuard } from './byte-guard.ts';
import { CinReader } from './cin/reader.ts';
import { Xml903Reader } from './ssda903/xml.ts';
import type { Finding } from './types.ts';

const encode = (text: string) => new TextEncoder().encode(text);
const padding = '<!-- line -->\n'.repeat(40);
const CIN = `<?xml version="1.0" encoding="utf-8"?>\n<Message>\n${padding}<Children>\n<Child>\n</Child>\n</Children>\n</Message>\n`;
const SSDA903 = `<?xml version="1.0" encoding="utf-8"?>\n<EXPSSDA903>\n${padding}<CHILD>\n</CHILD>\n</EXPSSDA903>\n`;

/** The text's bytes with `bad` put in just before `marker`, and the line it is then on. */
function spoilt(text: string, marker: string, bad: number[]): { bytes: Uint8Array; line: number } {
  const at = encode(text.slice(0, text.indexOf(marker))).length;
  const bytes = encode(text);
  return { bytes: Uint8Array.from([...bytes.subarray(0, at), ...bad, ...bytes.subarray(at)]), line: text.slice(0, text.indexOf(marker)).split('\n').length };
}

/** Each reader fed in chunks of `size` bytes: the findings that stopped it. */
function readCin(bytes: Uint8Array, size: number): Finding[] {
  const reader = new CinReader('bad.xml', { onChild: () => {} });
  for (let offset = 0; offset < bytes.length && !reader.fatal; offset += size) reader.write(bytes.subarray(offset, offset + size));
  reader.close();
  return reader.findings;
}
function read903(bytes: Uint8Array, size: number): Finding[] {
  const reader = new Xml903Reader('bad.xml');
  for (let offset = 0; offset < bytes.length && !reader.fatal; offset += size) reader.write(bytes.subarray(offset, offset + size));
  reader.end();
  return reader.findings;
}

describe('the byte guard the XML readers share', () => {
  const cases: Array<[string, number[], string]> = [
    ['a byte that is not UTF-8', [0xe9], 'KS-ENCODING'],
    ['a character cut short', [0xc3, 0x28], 'KS-ENCODING'],
    ['a zero byte', [0x00], 'KS-BINARY'],
  ];
  for (const [label, bad, rule] of cases) {
    it(`${label}: both readers name the file and the same line, in one chunk or many`, () => {
      const cin = spoilt(CIN, '<Children>', bad);
      const ssda903 = spoilt(SSDA903, '<CHILD>', bad);
      expect(cin.line).toBe(ssda903.line);
      expect(cin.line).toBeGreaterThan(40);
      for (const size of [1 << 20, 64, 7, 1]) {
        const where = (findings: Finding[]) => findings.map((finding) => [finding.file, finding.rule, finding.row]);
        expect(where(readCin(cin.bytes, size)), `CIN, chunks of ${size}`).toEqual([['bad.xml', rule, cin.line]]);
        expect(where(read903(ssda903.bytes, size)), `SSDA903, chunks of ${size}`).toEqual([['bad.xml', rule, ssda903.line]]);
        expect(readCin(cin.bytes, size)[0]!.message).toMatch(new RegExp(`line ${cin.line}\\b`));
        expect(read903(ssda903.bytes, size)[0]!.message).toMatch(new RegExp(`line ${ssda903.line}\\b`));
      }
    });
  }

  it('UTF-16 is refused on line 1; a file ending inside a character on its last line', () => {
    const guard = new ByteGuard('the test XML');
    expect(guard.decode(Uint8Array.from([0xff, 0xfe, 0x3c, 0x00]))).toEqual({ problem: expect.objectContaining({ rule: 'KS-ENCODING', line: 1 }) });
    const cut = new ByteGuard('the test XML');
    expect(cut.decode(Uint8Array.from([...encode('<a/>\n<b/>\n'), 0xe2, 0x82]))).toEqual({ text: '<a/>\n<b/>\n' });
    expect(cut.end()).toEqual({ problem: expect.objectContaining({ rule: 'KS-ENCODING', line: 3 }) });
  });

  it('a character split between chunks is read whole', () => {
    const guard = new ByteGuard('the test XML');
    const bytes = encode('caf\u00e9 \u20ac \u{1F600}\n');
    let text = '';
    for (const byte of bytes) {
      const read = guard.decode(Uint8Array.of(byte));
      expect('text' in read).toBe(true);
      if ('text' in read) text += read.text;
    }
    expect(text).toBe('caf\u00e9 \u20ac \u{1F600}\n');
  });
});
