/**
 * The CIN census importer: streams each XML file through the reader (structure against the year's
 * schema), runs the DfE rules on each child as it closes, and maps it to SSD rows (mapping.ts).
 * Children are handled one at a time, so the rows can be taken in batches (`takeBatch`) while a
 * large file is still being read: `stream()` is how the pipeline reads every CIN file, from memory or
 * from disk, and `prepare()` reads whole files at once (the same results; tests compare the two).
 * What must be remembered across children (the IDs seen: a child twice is refused; rules 8510 and
 * 1520) is looked up a batch of children at a time, in SQL on import (`SeenInDatabase`), so memory
 * holds one batch whatever the number of children; without a database (validation), in memory. A file that is not readable XML (truncated, binary, wrong
 * encoding) contributes no rows at all: its one finding says where it broke.
 */
import type { Finding, InputFile, PreparedImport, SourceRow, StreamingFormatImporter, StreamingRun } from '../types.ts';
import { CIN_TABLES, emptyRows, mapChild, sourceRow, toWrites, type CinRows } from './mapping.ts';
import { CinReader, type CinGroup } from './reader.ts';
import { censusPeriod, childFindings, coverage, headerFindings, ReturnChecks, type Repeat } from './rules/index.ts';
import { cinRulesetFor, parseCinRuleset, type CinRuleset } from './catalogue.ts';
import { idTooLong } from '../identifiers.ts';
import { append } from '../../core/arrays.ts';
import type { SeenInDatabase } from './seen.ts';
import { KeyIndex } from '../key-index.ts';

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

/**
 * What a CIN import has seen, as keys `<scope> <value>`: `child <ID>` for each child stored or refused for
 * another reason than its ID (a child twice is refused the second time, across files), and
 * `<file>:<rule> <value>` for the IDs and UPNs of each file (rules 8510 and 1520). A scope holds no
 * space, so the key is unambiguous. Children are looked up a batch at a time: an import keeps the
 * keys in a temporary table of its transaction (`SeenInDatabase`, seen.ts), so memory does not grow with the
 * children; a check without a database keeps them in memory (`SeenInMemory`).
 */
const CHILD_SCOPE = 'child ';

/**
 * The keys seen, in memory (a check without a database), compactly outside the JavaScript heap (KeyIndex): a
 * child's ID with the file it was in, each file's IDs and UPNs while it is read.
 */
class SeenInMemory {
  private readonly children = new KeyIndex();
  private fileKeys = new KeyIndex();
  private file = -1;

  known(keys: readonly string[]): Seen {
    const seen: Seen = new Map();
    for (const key of keys) {
      if (key.startsWith(CHILD_SCOPE)) {
        if (this.children.has(key)) seen.set(key, null);
        continue;
      }
      // Looked up without adding (firstOrAdd would add it): an ID or UPN repeated is rare, so found twice only then.
      if (!this.fileKeys.has(key)) continue;
      const first = this.fileKeys.firstOrAdd(key, this.file, 0)!;
      seen.set(key, { child: first.note ?? null, line: first.line || null });
    }
    return seen;
  }

  add(added: Seen): void {
    for (const [key, holder] of added)
      if (key.startsWith(CHILD_SCOPE)) this.children.firstOrAdd(key, this.file, 0);
      else this.fileKeys.firstOrAdd(key, this.file, holder?.line ?? 0, holder?.child ?? undefined);
  }

  /** A new file: the last one's IDs and UPNs are not needed again (their scope is their file). */
  startFile(file: number): void {
    this.file = file;
    this.fileKeys = new KeyIndex();
  }

  /** An unreadable file stores no child: its children are forgotten, as an import rolls them back. */
  forgetFile(file: number): void {
    this.children.drop(file);
  }
}

/** Who first gave an ID or UPN a repeat rule looks for (its child and line), null for a child's own key. */
export interface Holder {
  child: string | null;
  line: number | null;
}
/** Keys seen, with who first gave each. */
export type Seen = Map<string, Holder | null>;

/** A child read, waiting for its IDs and UPN to be looked up among those seen. */
interface PendingChild {
  reader: CinReader;
  fileIndex: number;
  child: CinGroup;
  id: string;
  /** Its findings so far: structure, the child rules, the return tallies. */
  findings: Finding[];
  repeats: Repeat[];
}

export class CinImport {
  readonly files: Array<{ name: string; table: string | null; rows: number; year: number | null; lea: string | null; ruleset: CinRuleset | null }> = [];
  private batch: CinBatch = { rows: emptyRows(), findings: [], rejectedRows: [] };
  /** Children read since the last batch was taken, in order. */
  private pending: PendingChild[] = [];
  /** Findings of files finished since the last batch was taken: they follow their children's. */
  private finished: Array<{ findings: Finding[]; unreadable: number | null }> = [];
  private readonly collectionYear: number | undefined;
  /** The DfE ruleset asked for (`--ruleset`); otherwise each file's collection year decides. */
  private readonly ruleset: CinRuleset | undefined;
  /** Each file's return rules (counts over its children; the IDs and UPNs it repeats) and its place among the files. */
  private readonly returns = new WeakMap<CinReader, { checks: ReturnChecks; index: number }>();
  /** The keys seen (see CHILD_SCOPE): in the database once `useDatabase` is called, else in memory. */
  private readonly inMemory = new SeenInMemory();
  private database: SeenInDatabase | null = null;
  /** Repeated IDs and UPNs whose first holder has been reported too (only keys found repeated). */
  private readonly firstReported = new Set<string>();

  constructor(options: { collectionYear?: number | undefined; ruleset?: string | undefined } = {}) {
    this.collectionYear = options.collectionYear;
    // The ruleset asked for (`--ruleset`, already checked to be one the CIN census has).
    this.ruleset = options.ruleset === undefined ? undefined : (parseCinRuleset(options.ruleset) ?? undefined);
  }

  /** Keeps what has been seen in the database from now on (an import), not in memory. */
  useDatabase(seen: SeenInDatabase): void {
    this.database = seen;
  }

  /** A reader for one file: feed it with write(), then finish(reader). */
  open(name: string): CinReader {
    const reader: CinReader = new CinReader(name, { collectionYear: this.collectionYear, onChild: (child, findings) => this.accept(reader, child, findings) });
    const index = this.files.length;
    this.returns.set(reader, { checks: new ReturnChecks(name), index });
    if (!this.database) this.inMemory.startFile(index);
    return reader;
  }

  /** Ends one file: its file-level findings and the header rule. */
  finish(reader: CinReader): void {
    reader.close();
    const { checks, index } = this.returns.get(reader)!;
    const findings = [...reader.findings];
    if (!reader.fatal) append(findings, headerFindings(reader.header, reader.file), checks.finish());
    this.finished.push({ findings, unreadable: reader.fatal ? index : null });
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

  /** The rows, findings and refusals gathered since the last call, the children read looked up among those seen in memory. */
  takeBatch(): CinBatch {
    if (this.database) throw new Error('This CIN import keeps what it has seen in the database: take its batches with takeBatchFromDatabase()');
    this.inMemory.add(this.settle(this.inMemory.known(this.pendingKeys())));
    return this.endBatch();
  }

  /** The same, the children looked up among those seen in the database (`useDatabase`). */
  async takeBatchFromDatabase(): Promise<CinBatch> {
    const database = this.database!;
    await database.add(this.settle(await database.known(this.pendingKeys())));
    return this.endBatch();
  }

  private endBatch(): CinBatch {
    for (const { findings, unreadable } of this.finished) {
      append(this.batch.findings, findings);
      if (unreadable !== null && !this.database) this.inMemory.forgetFile(unreadable);
    }
    this.finished = [];
    const batch = this.batch;
    this.batch = { rows: emptyRows(), findings: [], rejectedRows: [] };
    return batch;
  }

  private accept(reader: CinReader, child: CinGroup, structure: Finding[]) {
    const { checks, index } = this.returns.get(reader)!;
    const id = (child.groups.ChildIdentifiers?.[0]?.values.LAchildID ?? '').trim();
    const period = censusPeriod(reader.collectionYear, reader.schema, this.ruleset);
    const findings = [...structure, ...childFindings(child, period, reader.file, id || null), ...checks.add(child, period, id || null)];
    this.pending.push({ reader, fileIndex: index, child, id, findings, repeats: checks.repeats(child, period, id || null) });
  }

  /** The keys the children waiting would look up. */
  private pendingKeys(): string[] {
    const keys: string[] = [];
    for (const { fileIndex, id, repeats } of this.pending) {
      for (const repeat of repeats) keys.push(`${fileIndex}:${repeat.rule} ${repeat.key}`);
      if (id) keys.push(CHILD_SCOPE + id);
    }
    return keys;
  }

  /**
   * Decides each waiting child, in order, given the keys seen before them; returns the keys they add. A repeated ID
   * or UPN is reported on every record that gives it, as DfE's "more than one record with the same UPN" reads: the
   * first record too, once, when the second comes.
   */
  private settle(known: Seen): Seen {
    const added: Seen = new Map();
    /** Whether the key was seen before; it is seen from now on. */
    const repeated = (key: string) => {
      if (known.has(key) || added.has(key)) return true;
      added.set(key, null);
      return false;
    };
    for (const pending of this.pending) {
      for (const repeat of pending.repeats) {
        const key = `${pending.fileIndex}:${repeat.rule} ${repeat.key}`;
        const first = known.has(key) ? known.get(key) : added.get(key);
        if (first === undefined) {
          added.set(key, { child: repeat.finding.child, line: repeat.finding.row });
          continue;
        }
        if (first && !this.firstReported.has(key)) {
          this.firstReported.add(key);
          pending.findings.push({ ...repeat.finding, child: first.child, row: first.line });
        }
        pending.findings.push(repeat.finding);
      }
      this.decide(pending, repeated);
    }
    this.pending = [];
    return added;
  }

  /** Stores the child's rows, or refuses it (or the groups of it that cannot be stored). */
  private decide({ reader, child, id, findings }: PendingChild, repeated: (key: string) => boolean) {
    const file = reader.file;
    const reject = (rule: string, message: string) => {
      findings.push({ rule, message, file, table: 'Child', row: child.line, child: id || null, field: 'LAchildID', severity: 'error', rejects: true });
      this.batch.rejectedRows.push({ row: sourceRow(file, child, id || null), child: id || null });
      append(this.batch.findings, findings);
    };
    if (!id) return reject('KS-REQUIRED', 'The child has no <LAchildID>, so it cannot be stored.');
    const tooLong = idTooLong('LAchildID', id);
    if (tooLong) return reject('KS-ID', tooLong);
    if (repeated(CHILD_SCOPE + id)) return reject('KS-DUPLICATE', `Child ${id} appears more than once; only the first is stored.`);
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
      const fileRows = emptyRows();
      const fileRejected: CinBatch['rejectedRows'] = [];
      const keep = (batch: CinBatch) => {
        append(findings, batch.findings);
        append(fileRejected, batch.rejectedRows);
        for (const [table, list] of batch.rows) append(fileRows.get(table)!, list);
      };
      for (let offset = 0; offset < file.bytes.length && !reader.fatal; offset += CHUNK_BYTES) {
        reader.write(file.bytes.subarray(offset, offset + CHUNK_BYTES));
        keep(cin.takeBatch());
      }
      cin.finish(reader);
      keep(cin.takeBatch());
      // An unreadable file gives no rows: its findings stay.
      if (reader.fatal) continue;
      append(rejectedRows, fileRejected);
      for (const [table, list] of fileRows) append(rows.get(table)!, list);
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
    let seen: SeenInDatabase | null = null;
    return {
      async useDatabase(trx) {
        // Loaded only here: a check without a database does not load the database layer.
        const { SeenInDatabase } = await import('./seen.ts');
        seen = await SeenInDatabase.create(trx);
        cin.useDatabase(seen);
      },
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
          take: () => (seen ? cin.takeBatchFromDatabase() : cin.takeBatch()),
          finish() {
            cin.finish(reader);
            return { unreadable: reader.fatal };
          },
        };
      },
      // The children seen are not needed once every file is read.
      settle: async () => seen?.drop(),
      done: () => summaryOf(cin),
    };
  },
};
