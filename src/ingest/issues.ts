/**
 * An import's findings and quarantined rows, kept out of memory: a huge file can give millions.
 * Each batch (a child's findings with its refused rows, or a whole in-memory import) becomes the
 * ks_import_issue and ks_import_quarantine rows it will be stored as; they wait in a spill file on
 * disk once there are more than a few thousand, and are read back in chunks when the import is
 * recorded. Only the first HELD findings stay in memory, for the result; counts cover them all.
 */
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Cell } from '../core/db/bulk.ts';
import type { Finding, SourceRow } from './types.ts';

/** Findings kept in memory for the result (the CLI's JSON, the tests); all are stored. */
export const HELD_FINDINGS = 10_000;
const SPILL_LINES = 10_000;
const CHUNK = 5_000;

/** A finding as stored, without the import ID: file, table, row, child, rule, field, message, severity, rejected, and whether it rejects at all. */
type IssueEntry = ['i', string, string | null, number | null, string | null, string, string | null, string, string, boolean, boolean];
/** A quarantined row as stored, without the import ID. */
type QuarantineEntry = ['q', string, string | null, number, string | null, string, string, string, string];
type Entry = IssueEntry | QuarantineEntry;

/** Findings counted (by rule, errors, warnings) with the first `limit` held in order: what is kept of them in memory. */
export class FindingTally {
  readonly held: Finding[] = [];
  readonly byRule = new Map<string, { count: number; message: string }>();
  errors = 0;
  warnings = 0;
  readonly limit: number;
  constructor(limit: number = HELD_FINDINGS) {
    this.limit = limit;
  }

  add(finding: Finding): void {
    if (finding.severity === 'error') this.errors++;
    else this.warnings++;
    if (this.held.length < this.limit) this.held.push(finding);
    const rule = this.byRule.get(finding.rule);
    if (rule) rule.count++;
    else this.byRule.set(finding.rule, { count: 1, message: finding.message });
  }

  /** Another tally's findings, as if added after this one's. */
  merge(other: FindingTally): void {
    this.errors += other.errors;
    this.warnings += other.warnings;
    for (const finding of other.held) {
      if (this.held.length >= this.limit) break;
      this.held.push(finding);
    }
    for (const [rule, { count, message }] of other.byRule) {
      const mine = this.byRule.get(rule);
      if (mine) mine.count += count;
      else this.byRule.set(rule, { count, message });
    }
  }
}

export class IssueLog {
  private readonly tally = new FindingTally();
  private rejectedByFile = new Map<string, number>();
  private readonly dropped = new Set<string>();
  private pending: string[] = [];
  private spill: { directory: string; file: string; fd: number } | null = null;

  /** With `store: false` (a validation that writes nothing), findings are counted and the first held, nothing more. */
  private readonly options: { store?: boolean };
  constructor(options: { store?: boolean } = {}) {
    this.options = options;
  }

  /** The first findings (HELD_FINDINGS), in the order added. */
  get held(): Finding[] {
    return this.tally.held;
  }
  get byRule(): ReadonlyMap<string, { count: number; message: string }> {
    return this.tally.byRule;
  }
  get errors(): number {
    return this.tally.errors;
  }
  get warnings(): number {
    return this.tally.warnings;
  }

  /** Findings counted already (a tally of one file's, in a log that stores nothing), with the rows of `file` they refused. */
  addCounted(findings: FindingTally, file: string, rejected: number): void {
    if (this.options.store !== false) throw new Error('Counted findings go only to a log that stores nothing.');
    this.tally.merge(findings);
    if (rejected) this.rejectedByFile.set(file, (this.rejectedByFile.get(file) ?? 0) + rejected);
  }

  /** Rows refused, in files that were read to the end. */
  get rejected(): number {
    let total = 0;
    for (const [file, count] of this.rejectedByFile) if (!this.dropped.has(file)) total += count;
    return total;
  }

  /**
   * Adds findings with the rows they refused. A finding is marked as rejecting its row when the row
   * is among `rejectedRows` (or it is about no row); each refused row is quarantined once, with the
   * reasons that reject it (or else every finding about it).
   */
  add(findings: readonly Finding[], rejectedRows: ReadonlyArray<{ row: SourceRow; child: string | null }>): void {
    this.count(findings, rejectedRows);
    if (this.options.store === false) return;
    const rejecting = new Set(rejectedRows.map(({ row }) => `${row.file}\u0000${row.line}`));
    const reasons = new Map<string, Finding[]>();
    for (const finding of findings) {
      const rejected = finding.rejects && (finding.row === null || rejecting.has(`${finding.file}\u0000${finding.row}`));
      this.write([
        'i',
        finding.file,
        finding.table,
        finding.row,
        finding.child,
        finding.rule,
        finding.field,
        finding.message,
        finding.severity,
        rejected,
        finding.rejects,
      ]);
      if (finding.row === null) continue;
      const key = `${finding.file}\u0000${finding.row}`;
      const list = reasons.get(key);
      if (list) list.push(finding);
      else reasons.set(key, [finding]);
    }
    const seen = new Set<string>();
    for (const { row, child } of rejectedRows) {
      const key = `${row.file}\u0000${row.line}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const why = (reasons.get(key) ?? []).filter((finding) => finding.rejects);
      const list = why.length ? why : (reasons.get(key) ?? []);
      const array = (values: string[]) => `{${values.map((value) => JSON.stringify(value)).join(',')}}`;
      this.write([
        'q',
        row.file,
        row.table || null,
        row.line,
        child,
        array(list.map((finding) => finding.rule)),
        array(list.map((finding) => finding.field ?? '')),
        array(list.map((finding) => finding.message)),
        JSON.stringify(row.values),
      ]);
    }
  }

  /** Counts the findings and refused rows, and holds the first findings. */
  private count(findings: readonly Finding[], rejectedRows: ReadonlyArray<{ row: SourceRow }>): void {
    for (const finding of findings) this.tally.add(finding);
    for (const { row } of rejectedRows) this.rejectedByFile.set(row.file, (this.rejectedByFile.get(row.file) ?? 0) + 1);
  }

  /** A file that turned out unreadable gives no rows: its refused rows are not quarantined, and its findings reject nothing but the file. */
  dropFile(file: string): void {
    this.dropped.add(file);
  }

  /** Everything added, as rows of ks_import_issue and ks_import_quarantine for this import, a few thousand at a time. */
  async *chunks(importId: number): AsyncGenerator<{ issues: Cell[][]; quarantine: Cell[][] }> {
    let issues: Cell[][] = [];
    let quarantine: Cell[][] = [];
    const take = (line: string) => {
      const entry = JSON.parse(line) as Entry;
      if (entry[0] === 'i') {
        const [, file, table, row, child, rule, field, message, severity, rejected, rejects] = entry;
        issues.push([importId, file, table, row, child, rule, field, message, severity, this.dropped.has(file) ? rejects && row === null : rejected]);
      } else if (!this.dropped.has(entry[1])) {
        quarantine.push([importId, ...entry.slice(1)] as Cell[]);
      }
    };
    const full = () => issues.length + quarantine.length >= CHUNK;
    const flush = () => {
      const chunk = { issues, quarantine };
      issues = [];
      quarantine = [];
      return chunk;
    };
    if (this.spill) {
      for await (const line of createInterface({ input: createReadStream(this.spill.file), crlfDelay: Infinity })) {
        take(line);
        if (full()) yield flush();
      }
    }
    for (const line of this.pending) {
      take(line);
      if (full()) yield flush();
    }
    if (issues.length || quarantine.length) yield flush();
  }

  /** Removes the spill file. */
  close(): void {
    if (!this.spill) return;
    closeSync(this.spill.fd);
    rmSync(this.spill.directory, { recursive: true, force: true });
    this.spill = null;
  }

  private write(entry: Entry) {
    this.pending.push(JSON.stringify(entry));
    if (this.pending.length < SPILL_LINES) return;
    if (!this.spill) {
      const directory = mkdtempSync(path.join(tmpdir(), 'keystone-import-'));
      const file = path.join(directory, 'issues.ndjson');
      this.spill = { directory, file, fd: openSync(file, 'w', 0o600) };
    }
    writeSync(this.spill.fd, `${this.pending.join('\n')}\n`);
    this.pending = [];
  }
}
