import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { expandArchives, ZipRefused } from './archives.ts';
import { gatherFiles, progressBar } from './cli.ts';
import { UsageError } from '../core/cli.ts';

const text = (value: string) => new TextEncoder().encode(value);

describe('zipped imports', () => {
  it('open an SSD extract into the CSV files the format reads', () => {
    const archive = zipSync({ 'extract/ssd_person.csv': text('pers_person_id\nC1\n'), 'extract/readme.txt': text('notes') });
    const files = expandArchives(
      [
        { name: 'extract.zip', bytes: archive },
        { name: 'ssd_contacts.csv', bytes: text('cont_contact_id\n') },
      ],
      'ssd',
    );
    expect(files.map((file) => file.name)).toEqual(['ssd_person.csv', 'ssd_contacts.csv']);
  });

  it('refuse a zip bomb, an empty archive and a zipped single-file format, naming the archive', () => {
    const bomb = zipSync({ 'big.csv': new Uint8Array(40 * 1024 * 1024) }, { level: 9 });
    expect(() => expandArchives([{ name: 'bomb.zip', bytes: bomb }], 'ssd')).toThrow(/bomb\.zip: The archive was not opened/);
    expect(() => expandArchives([{ name: 'empty.zip', bytes: zipSync({ 'notes.txt': text('x') }) }], '903')).toThrow(
      /empty\.zip holds no \.csv or \.xml files/,
    );
    expect(() => expandArchives([{ name: 'cin.zip', bytes: zipSync({ 'cin.xml': text('<x/>') }) }], 'cin')).toThrow(ZipRefused);
  });

  it('take zips from a folder on the command line', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'ks-zip-'));
    writeFileSync(path.join(folder, 'return.zip'), zipSync({ 'header.csv': text('CHILD\n1\n'), 'episodes.csv': text('CHILD\n1\n') }));
    expect(
      gatherFiles([folder], '903')
        .map((file) => file.name)
        .sort(),
    ).toEqual(['episodes.csv', 'header.csv']);
    writeFileSync(path.join(folder, 'broken.zip'), text('PK not really'));
    expect(() => gatherFiles([folder], '903')).toThrow(UsageError);
  });
});

describe('the import progress bar', () => {
  it('draws on an interactive terminal and stays silent otherwise', () => {
    let written = '';
    const terminal = {
      isTTY: true,
      write: (text: string) => {
        written += text;
        return true;
      },
    } as unknown as NodeJS.WriteStream;
    progressBar(terminal)!({ stage: 'writing', done: 3, total: 6, detail: 'ssd_cla_episodes' });
    expect(written).toContain('Writing [############------------] 3/6 ssd_cla_episodes');
    expect(progressBar({ isTTY: false } as unknown as NodeJS.WriteStream)).toBeUndefined();
  });
});
