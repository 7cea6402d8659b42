import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { zip } from './zip.ts';

/** Reads a zip back through its central directory. */
function unzip(archive: Buffer): Record<string, string> {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  const files: Record<string, string> = {};
  for (let index = 0; index < count; index++) {
    const compressed = archive.readUInt32LE(at + 20);
    const nameLength = archive.readUInt16LE(at + 28);
    const offset = archive.readUInt32LE(at + 42);
    const name = archive.subarray(at + 46, at + 46 + nameLength).toString();
    const dataStart = offset + 30 + archive.readUInt16LE(offset + 26);
    files[name] = inflateRawSync(archive.subarray(dataStart, dataStart + compressed)).toString();
    at += 46 + nameLength;
  }
  return files;
}

describe('zip', () => {
  it('holds each file, deflated, readable through its central directory', () => {
    const header = 'CHILD,SEX\r\n1,1\r\n'.repeat(100);
    const archive = zip([
      { name: 'header.csv', bytes: new TextEncoder().encode(header) },
      { name: 'episodes.csv', bytes: new TextEncoder().encode('CHILD,DECOM\r\n') },
    ]);
    expect(archive.length).toBeLessThan(header.length);
    expect(unzip(archive)).toEqual({ 'header.csv': header, 'episodes.csv': 'CHILD,DECOM\r\n' });
  });

  it('refuses names that could escape a folder', () => {
    expect(() => zip([{ name: '../evil.csv', bytes: new Uint8Array() }])).toThrow(/Unsafe/);
  });
});
