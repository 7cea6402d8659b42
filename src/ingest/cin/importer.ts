/**
 * The CIN census importer: streams each XML file through the reader (structure against the year's
 * schema), runs the DfE rules on each child as it closes, and maps it to SSD rows (mapping.ts).
 * Children are handled one at a time, so the rows can be taken in batches (`takeBatch`) while a
 * large file is still being read: `stream()` is how the pipeline reads every CIN file, from memory or
 * from disk, and `prepare()` reads whole files at once (the same results; tests compare the two). A file that is not readable XML (truncated, binary, wrong
 * encoding) contributes no rows at all: its one finding says where it broke.
 */
import type { Finding, InputFile, PreparedImport, SourceRow, StreamingFormatImporter, StreamingRun } from '../types.ts';
import { CIN_TABLES, emptyRows, mapChild, sourceRow, toWrites, type CinRows } from './mapping.ts';
import { CinReader, type CinGroup } from './reader.ts';
import { censusPeriod, childFindings, coverage, headerFindings, ReturnChecks } from './rules/index.ts';
import { cinRulesetFor, type CinRuleset } from './catalogue.ts';
import { idTooLong } from '../identifiers.ts';
import { append } from '../../core/arrays.ts';

const CHUNK_BYTES = 1024 * 1024;

export interface CinBatch {
  rows: CinRows;
  findings: Finding[];
  rejectedRows: Array<{ row: SourceRow; child: string | null }>;
}

/** Every group in a child, by the line it starts on. */
function groupsByLine(group: CinGroup, into = new Map<number, CinGroup>()): Map<number, CinGroup> {
  into.set(group.line, group);
  for (const list of Object.values(group.groups)) for (const inner of list) groupsByLine(inner, into);
  return into;
}

export class CinImport {
  readonly files: Array<{ name: string; table: string | null; rows: number; year: number | null; lea: string | null; ruleset: CinRuleset | null }> = [];
  /** Children seen so far, across files (a child twice is refused the second time). */
  private readonly seen = new Set<string>();
  private batch: CinBatch = { rows: emptyRows(), findings: [], rejectedRows: [] };
  private readonly collectionYear: number | undefined;
  /** The DfE ruleset asked for (`--ruleset`); otherwise each file's collection year decides. */
  private readonly ruleset: CinRuleset | undefined;
  /** Each file's return rules (duplicate IDs and UPNs, counts over its children). */
  private readonly returns = new WeakMap<CinReader, ReturnChecks>();

  constructor(options: { collectionYear?: number | undefined; ruleset?: CinRuleset | undefined } = {}) {
    this.collectionYear = options.collectionYear;
    this.ruleset = options.ruleset;
  }

  /** A reader for one file: feed it with write(), then finish(reader). */
  open(name: string): CinReader {
    const reader: CinReader = new CinReader(name, { collectionYear: this.collectionYear, onChild: (child, findings) => this.accept(reader, child, findings) });
    this.returns.set(reader, new ReturnChecks(name));
    return reader;
  }

  /** Ends one file: its file-level findings and the header rule. */
  finish(reader: CinReader): void {
    reader.close();
    const findings = [...reader.findings];
    if (!reader.fatal) append(findings, headerFindings(reader.header, reader.file), this.returns.get(reader)!.finish());
    append(this.batch.findings, findings);
    const year = reader.fatal ? null : reader.collectionYear;
    this.files.push({
      name: reader.file,
      table: reader.fatal ? null : 'CIN census',
      rows: reader.children,
      year,
      lea: reader.header.lea,
      ruleset: year === null ? null : (this.ruleset ?? cinRulesetFor(year)),
    });
  }

  /** The rows, findings and refusals gathered since the last call. */
  takeBatch(): CinBatch {
    const batch = this.batch;
    this.batch = { rows: emptyRows(), findings: [], rejectedRows: [] };
    return batch;
  }

  private accept(reader: CinReader, child: CinGroup, structure: Finding[]) {
    const file = reader.file;
    const id = (child.groups.ChildIdentifiers?.[0]?.values.LAchildID ?? '').trim();
    const period = censusPeriod(reader.collectionYear, reader.schema, this.ruleset);
    const findings = [...structure, ...childFindings(child, period, file, id || null), ...this.returns.get(reader)!.add(child, period, id || null)];
    const reject = (rule: string, message: string) => {
      findings.push({ rule, message, file, table: 'Child', row: child.line, child: id || null, field: 'LAchildID', severity: 'error', rejects: true });
      this.batch.rejectedRows.push({ row: sourceRow(file, child, id || null), child: id || null });
      append(this.batch.findings, findings);
    };
    if (!id) return reject('KS-REQUIRED', 'The child has no <LAchildID>, so it cannot be stored.');
    const tooLong = idTooLong('LAchildID', id);
    if (tooLong) return reject('KS-ID', tooLong);
    if (this.seen.has(id)) return reject('KS-DUPLICATE', `Child ${id} appears more than once; only the first is stored.`);
    this.seen.add(id);
    const unstorable = new Set(findings.filter((finding) => finding.rejects && finding.row !== null).map((finding) => finding.row!));
    if (unstorable.has(child.line) || unstorable.has(child.groups.ChildIdentifiers?.[0]?.line ?? -1)) {
      this.batch.rejectedRows.push({ row: sourceRow(file, child, id), child: id });
      append(this.batch.findings, findings);
      return;
    }
    const lines = groupsByLine(child);
    for (const line of unstorable) {
      const group = lines.get(line);
      if (group) this.batch.rejectedRows.push({ row: sourceRow(file, group, id), child: id });
    }
    for (const { group, finding } of mapChild(file, child, id, this.batch.rows, unstorable)) {
      findings.push(finding);
      this.batch.rejectedRows.push({ row: sourceRow(file, group, id), child: id });
    }
    append(this.batch.findings, findings);
  }
}

function summaryOf(cin: CinImport): Pick<PreparedImport, 'summary' | 'files'> {
  const years = [...new Set(cin.files.map((file) => file.year).filter((year): year is number => year !== null))];
  return {
    summary: {
      collectionYears: years.map((year) => `${year - 1}-${String(year).slice(2)}`),
      councils: [...new Set(cin.files.map((file) => file.lea).filter(Boolean))],
      // The DfE ruleset each file was checked with: its collection year's, or the one asked for.
      ruleset: [...new Set(cin.files.map((file) => file.ruleset).filter(Boolean))].join(', ') || null,
      rulesChecked: coverage().implemented,
      rulesInCatalogue: coverage().total,
    },
    files: cin.files.map(({ name, table, rows: count }) => ({ name, table, rows: count })),
  };
}

export const cinImporter: StreamingFormatImporter = {
  format: 'cin',
  /** Reads whole files held in memory at once, as formats that cannot stream are read. */
  prepare(files: InputFile[], options): PreparedImport {
    const cin = new CinImport(options);
    let rows = emptyRows();
    const findings: Finding[] = [];
    const rejectedRows: CinBatch['rejectedRows'] = [];
    for (const file of files) {
      const reader = cin.open(file.name);
      for (let offset = 0; offset < file.bytes.length && !reader.fatal; offset += CHUNK_BYTES) reader.write(file.bytes.subarray(offset, offset + CHUNK_BYTES));
      cin.finish(reader);
      const batch = cin.takeBatch();
      append(findings, batch.findings);
      if (reader.fatal) continue;
      append(rejectedRows, batch.rejectedRows);
      for (const [table, list] of batch.rows) for (const row of list) rows.get(table)!.push(row);
    }
    return {
      ...summaryOf(cin),
      findings,
      rejectedRows,
      childIds: new Set(),
      writes() {
        const writes = toWrites(rows);
        rows = emptyRows();
        return { writes, lateRejections: [], lateRejectedRows: [] };
      },
    };
  },
  /** Reads files as they are fed, one child at a time: the pipeline takes the rows in batches. */
  stream(options): StreamingRun {
    const cin = new CinImport(options);
    return {
      tables: CIN_TABLES.map(({ table, key, columns }) => {
        const childColumn = columns.find((column) => column.endsWith('_person_id'));
        return { table, key, columns, ...(childColumn ? { childColumn } : {}) };
      }),
      open(name) {
        const reader = cin.open(name);
        return {
          write: (bytes) => reader.write(bytes),
          get stopped() {
            return reader.fatal;
          },
          take: () => cin.takeBatch(),
          finish() {
            cin.finish(reader);
            return { unreadable: reader.fatal };
          },
        };
      },
      done: () => summaryOf(cin),
    };
  },
};
