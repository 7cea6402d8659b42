/**
 * An SSD extract checked without a database (`keystone validate ssd`, `keystone import ssd --dry-run`),
 * as a stream: each CSV is read in chunks (csv-stream.ts) and each row checked as it is read, as an
 * import checks it (checkRow: types, required values, the row's own rules); a key seen before in its
 * table is a duplicate, found among the keys kept so far (key-index.ts: about 30 bytes a key, outside
 * the garbage-collected heap); a file found unreadable gives its keys back. Memory holds a chunk, the keys and the
 * first findings, never the rows.
 *
 * The findings are those the in-memory reader (readSsd) gives, in its order: for each file the lines
 * the CSV parser skipped, the lines refused as read (ragged, formula), then the file's own (its columns,
 * each row's problems, in line order). Each part keeps only as many as the result can still hold
 * (FindingTally); every finding is counted. References to other rows are not checked (an import
 * checks them against the stored tables); whether any row refers to rows Keystone may hold is noted.
 */
import { CsvStream } from '../csv-stream.ts';
import { FindingTally } from '../issues.ts';
import type { Finding, PreparedImport, SourceRow } from '../types.ts';
import { checkRow } from './importer.ts';
import { KeyIndex } from '../key-index.ts';
import { duplicateKey, notCsv, ssdLayout, tableNotHeld, tableUnknown } from './stream.ts';
import { SSD_TABLES } from './tables.ts';

/** The first bytes of a file, enough to tell a zip archive. */
const HEAD_BYTES = 4;

/** Whether a reference can be checked without a database (a child is taken as known). */
const toPerson = (reference: { table: string; target: string }) => reference.table === 'ssd_person' && reference.target === 'pers_person_id';

export function ssdCheck() {
  const files: PreparedImport['files'] = [];
  const notHeld: string[] = [];
  /** Rows of each table that would be stored, before references are checked. */
  const rowsRead = new Map<string, number>();
  const keys = new Map<string, KeyIndex>(SSD_TABLES.map((table) => [table.name, new KeyIndex()]));
  /** True once a row kept names something other than a child (a team, worker, referral…), or a team is kept. */
  let refersToStored = false;

  /** Opens a file; `room` is how many more findings the result can hold. */
  function open(fileName: string, room: number) {
    const fileIndex = files.length;
    const info = { name: fileName, table: null as string | null, rows: 0 };
    files.push(info);
    /** The lines the CSV parser skipped, the lines refused as read (ragged, formula), the rows checked (and the header). */
    const skipped = new FindingTally(room);
    const refused = new FindingTally(room);
    const checked = new FindingTally(room);
    let refusedLines = 0;
    let refusedRows = 0;
    let keptRows = 0;
    let refers = false;
    let refusal: Finding | null = null;
    let head: Uint8Array | null = new Uint8Array(0);
    let layout: ReturnType<typeof ssdLayout> | null = null;
    const layoutOf = () => (layout ??= ssdLayout(fileName, csv.header ?? [], (problem) => checked.add(problem)));

    const csv = new CsvStream(fileName, {
      onRow: (row) => take(row),
      onRefused: (_row, problem) => {
        info.rows++;
        refusedLines++;
        if (problem.field) problem.field = problem.field.toLowerCase();
        (problem.rule === 'KS-CSV' ? skipped : refused).add(problem);
      },
    });

    const take = (row: SourceRow) => {
      const at = layoutOf();
      info.rows++;
      const { table } = at;
      if (!table) return;
      if (at.missing.length) {
        refusedRows++;
        return;
      }
      const child = at.personOf(row);
      const { values, problems } = checkRow(table, at.present, row, child);
      if (!problems.length) for (const warning of at.codes!.row(row.line, child, values)) checked.add(warning);
      const key = values[table.key];
      if (!problems.length && key) {
        const first = keys.get(table.name)!.firstOrAdd(key, fileIndex, row.line);
        if (first) {
          const where = `${files[first.file]!.name} line ${first.line}`;
          problems.push(duplicateKey(fileName, table.name, table.key, key, where, row.line, child));
        }
      }
      if (problems.length) {
        for (const problem of problems) checked.add(problem);
        refusedRows++;
        return;
      }
      keptRows++;
      if (!refers) refers = table.name === 'ssd_department' || table.references.some((reference) => !toPerson(reference) && values[reference.column] != null);
    };

    const start = (bytes: Uint8Array) => {
      refusal = notCsv(fileName, bytes);
      head = null;
      if (!refusal) csv.write(bytes);
    };

    return {
      write(bytes: Uint8Array): void {
        if (head) {
          // A file is told apart by its first bytes, whatever the size of the chunks it comes in.
          const joined = new Uint8Array(head.length + bytes.length);
          joined.set(head);
          joined.set(bytes, head.length);
          if (joined.length < HEAD_BYTES) head = joined;
          else start(joined);
        } else if (!refusal) csv.write(bytes);
      },
      get stopped(): boolean {
        return refusal !== null || csv.unreadable;
      },
      /** The file's findings, and how many of its rows an import would refuse. */
      finish(): { findings: FindingTally; rejected: number } {
        if (head) start(head);
        const findings = new FindingTally(room);
        if (refusal) {
          findings.add(refusal);
          return { findings, rejected: 0 };
        }
        csv.end();
        if (csv.unreadable) {
          // None of the file's rows count, and the keys they took are free again; as readCsv, the
          // lines skipped are reported only with a file that turned out to have no header row.
          info.rows = 0;
          if (layout?.table) keys.get(layout.table.name)!.drop(fileIndex);
          const problems = csv.findings.map((problem) => ({ ...problem, field: problem.field?.toLowerCase() ?? null }));
          if (problems.some((problem) => problem.rule === 'KS-EMPTY')) findings.merge(skipped);
          for (const problem of problems) findings.add(problem);
          return { findings, rejected: 0 };
        }
        const at = layoutOf();
        info.table = at.tableName;
        for (const problem of [...skipped.held, ...refused.held]) problem.table = at.tableName;
        findings.merge(skipped);
        findings.merge(refused);
        if (!at.tableName) findings.add(tableUnknown(fileName, at.header));
        else if (!at.table) {
          notHeld.push(fileName);
          findings.add(tableNotHeld(fileName, at.tableName, info.rows));
        } else {
          for (const warning of at.codes!.end()) checked.add(warning);
          findings.merge(checked);
          rowsRead.set(at.table.name, (rowsRead.get(at.table.name) ?? 0) + keptRows);
          refersToStored ||= refers;
        }
        return { findings, rejected: at.table ? refusedLines + refusedRows : 0 };
      },
    };
  }

  return {
    open,
    done() {
      const read = Object.fromEntries(SSD_TABLES.filter((table) => rowsRead.get(table.name)).map((table) => [table.name, rowsRead.get(table.name)!]));
      return {
        summary: { personMatch: 'ssd_person.pers_person_id (the council’s child ID)', rowsRead: read, ...(notHeld.length ? { tablesNotHeld: notHeld } : {}) },
        files,
        /** Rows of each table an import would store, unless a reference refuses them. */
        rowsRead: read,
        /** Whether rows refer to rows Keystone may hold (teams, workers, referrals…), which only an import can check. */
        refersToStored,
      };
    },
  };
}
