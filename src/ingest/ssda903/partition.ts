/**
 * A large SSDA903 return checked in parts, so memory stays bounded whatever its size: one pass
 * over the CSV tables (read line by line, never whole) writes each row to the part its child falls
 * in (a hash of CHILD), every part holding every table; each part is then read and checked as a
 * return of its own, and the line numbers of its findings are those of the files given. Every DfE
 * rule compares a child's rows with that child's other rows, so a child's rows being together is
 * enough; the collection year is the whole return's (the latest episode start, as importer.ts infers).
 *
 * Only CSV tables whose cells hold no line breaks are split; anything else (XML, a quoted line break,
 * a table without CHILD) is left to the whole-file path, which the caller takes when this says so.
 */
import { closeSync, createReadStream, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { ImportFile, InputFile } from '../types.ts';
import { csvParse } from '../csv.ts';
import { isPreviousYearFile } from './tables.ts';
import { collectionYearContaining, dmy } from './values.ts';

/** Bytes of CSV per part: a part's rows, findings and rows to store stay within a few hundred MB. */
export const PART_BYTES = 1024 * 1024;

export interface Part {
  files: InputFile[];
  /** For each file, the line in the file given of each line of the part's copy (index = line - 1). */
  lines: Map<string, number[]>;
}

const onDisk = (file: ImportFile): file is Extract<ImportFile, { path: string }> => 'path' in file;

function lineReader(file: ImportFile) {
  const input = onDisk(file) ? createReadStream(file.path) : Readable.from([Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.length)]);
  return createInterface({ input, crlfDelay: Infinity });
}

function hash(text: string): number {
  let value = 2166136261;
  for (let index = 0; index < text.length; index++) value = Math.imul(value ^ text.charCodeAt(index), 16777619);
  return value >>> 0;
}

const cellsOf = (line: string): string[] => (line.includes('"') ? ((csvParse()(line, { relax_column_count: true }) as string[][])[0] ?? []) : line.split(','));

/**
 * Splits the return into `parts` parts in a temporary folder; yields each part's files in turn (the
 * folder is removed at the end). Returns null, having read nothing further, when a file cannot be split.
 */
export async function partition903(files: readonly ImportFile[], parts: number): Promise<{ year: number; parts: AsyncGenerator<Part> } | null> {
  if (files.some((file) => !/\.csv$/i.test(file.name))) return null;
  const folder = mkdtempSync(path.join(tmpdir(), 'keystone-903-parts-'));
  const outputs = Array.from({ length: parts }, (_, part) => ({
    fds: new Map<string, number>(),
    lines: new Map<string, number[]>(),
    pending: new Map<string, string[]>(),
    part,
  }));
  const flush = (output: (typeof outputs)[number], name: string) => {
    const pending = output.pending.get(name)!;
    if (pending.length) writeSync(output.fds.get(name)!, `${pending.join('\n')}\n`);
    output.pending.set(name, []);
  };
  const today = new Date().toISOString().slice(0, 10);
  const latest = { DECOM: '', REVIEW: '', MIS_START: '' } as Record<string, string>;
  let splittable = true;
  try {
    for (const file of files) {
      let header: string[] | null = null;
      let childIndex = -1;
      const dateIndexes: Array<[string, number]> = [];
      let lineNumber = 0;
      for await (const raw of lineReader(file)) {
        lineNumber++;
        const line = lineNumber === 1 ? raw.replace(/^\uFEFF/, '') : raw;
        if (!header) {
          header = cellsOf(line).map((name) => name.trim().toUpperCase());
          childIndex = header.indexOf('CHILD');
          if (childIndex < 0) {
            splittable = false;
            break;
          }
          // The year is this year's tables': last year's (…_last.csv) are left out, as importer.ts does.
          if (!isPreviousYearFile(file.name))
            for (const field of Object.keys(latest)) if (header.includes(field)) dateIndexes.push([field, header.indexOf(field)]);
          for (const output of outputs) {
            output.fds.set(file.name, openSync(path.join(folder, `${output.part}-${output.fds.size}.csv`), 'w'));
            output.lines.set(file.name, [1]);
            output.pending.set(file.name, [line]);
          }
          continue;
        }
        if ((line.match(/"/g)?.length ?? 0) % 2 === 1) {
          splittable = false; // a quoted cell runs onto the next line
          break;
        }
        if (line.trim() === '') continue;
        const cells = cellsOf(line);
        for (const [field, index] of dateIndexes) {
          const day = dmy(cells[index]?.trim());
          if (day && day <= today && day > latest[field]!) latest[field] = day;
        }
        const output = outputs[hash((cells[childIndex] ?? '').trim()) % parts]!;
        output.lines.get(file.name)!.push(lineNumber);
        const pending = output.pending.get(file.name)!;
        pending.push(line);
        if (pending.length >= 2_000) flush(output, file.name);
      }
      if (!splittable) break;
      for (const output of outputs) flush(output, file.name);
    }
  } finally {
    for (const output of outputs) for (const fd of output.fds.values()) closeSync(fd);
  }
  if (!splittable) {
    rmSync(folder, { recursive: true, force: true });
    return null;
  }
  const newest = latest.DECOM || latest.REVIEW || latest.MIS_START || today;
  async function* each(): AsyncGenerator<Part> {
    try {
      for (const output of outputs) {
        const names = [...output.fds.keys()];
        const partFiles = names.map((name, index) => ({ name, bytes: new Uint8Array(readFileSync(path.join(folder, `${output.part}-${index}.csv`))) }));
        yield { files: partFiles, lines: output.lines };
        output.lines = new Map();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }
  return { year: collectionYearContaining(newest).endYear, parts: each() };
}
