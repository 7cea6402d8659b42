import { describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { textInZip, unzipFiles, zipFiles, ZipRefused, isZip } from './zip.ts';

const text = (value: string) => new TextEncoder().encode(value);

describe('zip archives', () => {
  it('write and read back files, flattening folders and skipping hidden ones', () => {
    const archive = zipSync({ 'extract/ssd_person.csv': text('pers_person_id\nC1\n'), '__MACOSX/._x': text('junk'), '.DS_Store': text('junk') });
    expect(isZip(archive)).toBe(true);
    expect(unzipFiles(archive).map((file) => [file.name, new TextDecoder().decode(file.bytes)])).toEqual([['ssd_person.csv', 'pers_person_id\nC1\n']]);
    const written = zipFiles([{ name: 'header.csv', bytes: text('CHILD\n1\n') }]);
    expect(textInZip(written, 'header.csv')).toBe('CHILD\n1\n');
    expect(() => zipFiles([{ name: '../evil.csv', bytes: text('x') }])).toThrow(/Unsafe/);
  });

  it('refuse zip bombs, too many files, and paths that climb out, before inflating', () => {
    const bomb = zipSync({ 'zeros.csv': new Uint8Array(50 * 1024 * 1024) }, { level: 9 });
    expect(() => unzipFiles(bomb)).toThrow(ZipRefused);
    expect(() => unzipFiles(bomb)).toThrow(/compressed \d+ times/);
    const many = zipSync(Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`f${i}.csv`, text('a,b\n')])));
    expect(() => unzipFiles(many, { maxEntries: 3, maxEntryBytes: 1e6, maxTotalBytes: 1e6, maxRatio: 200 })).toThrow(/more than 3 files/);
    const climbing = zipSync({ '../../etc/passwd': text('x') });
    expect(() => unzipFiles(climbing)).toThrow(/outside the archive/);
    expect(() => unzipFiles(text('not a zip at all'))).toThrow(ZipRefused);
  });
});
