/**
 * The XML form of the SSDA903 return (root element EXPSSDA903), streamed with saxes and turned
 * into the same per-table rows, with the same column names, as the CSV tables (tables.ts), so the
 * DfE rules and the mapping run over it unchanged. The layout read, element by element:
 *
 *   EXPSSDA903
 *     CHILD (any number)
 *       HEADER (once): CHILDID (the CSV's CHILD), UPN, SEX, DOB, ETHNIC, UASC, DUC, MOTHER, MC_DOB,
 *                      the adoption items DATE_INT … LS_ADOPTR (AD1), the care leaver items
 *                      IN_TOUCH, ACTIV, ACCOM (OC3), and the groups
 *         AREVIEW (any number)    → Reviews         REVIEW, REVIEW_CODE
 *         AMISSING (any number)   → Missing         MISSING, MIS_START, MIS_END
 *         OC2 (once)              → OC2             SDQ_SCORE … INTERVENTION_OFFERED
 *         PERMANENCE (once)       → PrevPerm        PREV_PERM, LA_PERM, DATE_PERM
 *         AD_PLACED (any number)  → PlacedAdoption  DATE_PLACED, DATE_PLACED_CEASED, REASON_PLACED_CEASED
 *       EPISODE (any number)      → Episodes        DECOM, RNE, LS, CIN, PL (the CSV's PLACE), PLACE_PROVIDER,
 *                                                   DEC, REC, REASON_PLACE_CHANGE, HOME_POST, PL_POST, URN,
 *                                                   and where given PL_DISTANCE, PL_LA, PL_LOCATION
 *
 * The child's CHILDID (and DOB, SEX where the CSV table has them) are copied onto each of its rows,
 * as the CSV tables carry them. A UASC row is made when UASC is 1 or DUC is given; an AD1 or OC3 row
 * when any of its items is. Social worker episodes are not in this file (the DfE collects them in a
 * file of their own): import them as the SWEpisodes CSV table beside it. Nor are deprivation of
 * liberty orders (the DoLO table from 2026-27): Keystone has no DfE specification of their XML
 * elements, so any element for them is reported as unknown and skipped; give them as the DoLO CSV
 * table (dolo.csv) beside the XML.
 *
 * Dates: the XML writes xs:date (YYYY-MM-DD); they become dd/mm/YYYY, as in the CSV tables. A date
 * already written dd/mm/YYYY is kept; anything else is kept as written (so the DfE rule for that
 * field reports it) and a warning names the element and line.
 *
 * Each row's line is the line of the element it comes from (the group element; for Header the
 * HEADER element, for UASC, AD1 and OC3 their first item), so findings name the file, the line and
 * the field (the element's name). Unknown or misplaced elements are reported and skipped; a child
 * without CHILDID is refused whole; bad bytes (UTF-16, binary, invalid UTF-8) or XML that is not
 * well formed (a truncated file) stop the file with one finding and it gives no rows. Never throws.
 * A file named `…_last.xml` is the previous year's return, read only for the rules comparing the years.
 */
import { createRequire } from 'node:module';
import { ByteGuard } from '../byte-guard.ts';
import { listStructureFinding } from '../structure-findings.ts';
import type { Finding, InputFile, PreparedImport, SourceRow } from '../types.ts';
import { REQUIRED_COLUMNS, TABLES_903, type Table903 } from './tables.ts';
import { dmy } from './values.ts';
import { append } from '../../core/arrays.ts';

const ROOT = 'EXPSSDA903';
const CHUNK_BYTES = 1024 * 1024;
const MAX_DEPTH = 8;
const MAX_TEXT = 10_000;

const AD1_ITEMS = ['DATE_INT', 'DATE_MATCH', 'FOSTER_CARE', 'NB_ADOPTR', 'SEX_ADOPTR', 'LS_ADOPTR'] as const;
const OC3_ITEMS = ['IN_TOUCH', 'ACTIV', 'ACCOM'] as const;
const HEADER_ITEMS = new Set(['CHILDID', 'UPN', 'SEX', 'DOB', 'ETHNIC', 'UASC', 'DUC', 'MOTHER', 'MC_DOB', ...AD1_ITEMS, ...OC3_ITEMS]);

/** Groups that make one row each, with the items they may hold (as the CSV columns name them). */
interface GroupDef {
  table: Table903;
  items: ReadonlySet<string>;
  max: number;
}
const columnsOf = (table: Table903, extra: readonly string[] = []) =>
  new Set([...REQUIRED_COLUMNS[table].filter((column) => column !== 'CHILD' && column !== 'DOB'), ...extra]);
const HEADER_GROUPS: Readonly<Record<string, GroupDef>> = {
  AREVIEW: { table: 'Reviews', items: columnsOf('Reviews'), max: Infinity },
  AMISSING: { table: 'Missing', items: columnsOf('Missing'), max: Infinity },
  OC2: { table: 'OC2', items: columnsOf('OC2'), max: 1 },
  PERMANENCE: { table: 'PrevPerm', items: columnsOf('PrevPerm'), max: 1 },
  AD_PLACED: { table: 'PlacedAdoption', items: columnsOf('PlacedAdoption'), max: Infinity },
};
const EPISODE: GroupDef = {
  table: 'Episodes',
  items: new Set([...columnsOf('Episodes', ['PL', 'PL_DISTANCE', 'PL_LA', 'PL_LOCATION'])].filter((item) => item !== 'PLACE')),
  max: Infinity,
};
/** Element names that differ from the CSV column they fill. */
const COLUMN_OF: Readonly<Record<string, string>> = { CHILDID: 'CHILD', PL: 'PLACE' };
/** Tables the XML form carries (all but SWEpisodes and DoLO). */
export const XML_TABLES: readonly Table903[] = TABLES_903.filter((table) => table !== 'SWEpisodes' && table !== 'DoLO');

const DATE_ITEMS = new Set([
  'DOB',
  'MC_DOB',
  'DUC',
  'DATE_INT',
  'DATE_MATCH',
  'DECOM',
  'DEC',
  'REVIEW',
  'MIS_START',
  'MIS_END',
  'DATE_PLACED',
  'DATE_PLACED_CEASED',
  'DATE_PERM',
]);
const XS_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:Z|[+-]\d{2}:\d{2})?$/;

/** A date as the CSV tables write it (dd/mm/YYYY), or null when the value is not a real date in either form. */
export function csvDate(value: string): string | null {
  const iso = XS_DATE.exec(value);
  if (iso) {
    const written = `${iso[3]}/${iso[2]}/${iso[1]}`;
    return dmy(written) ? written : null;
  }
  return dmy(value) ? value : null;
}

/** True when the file is the XML return: named .xml, or starting (after a byte-order mark and blanks) with `<?xml` or `<EXPSSDA903`. */
export function isXml903(file: InputFile): boolean {
  if (/\.xml$/i.test(file.name)) return true;
  const start = new TextDecoder('latin1')
    .decode(file.bytes.subarray(0, 256))
    .replace(/^\u00ef\u00bb\u00bf/, '')
    .trimStart();
  return start.startsWith('<?xml') || start.startsWith(`<${ROOT}`);
}

interface Group {
  name: string;
  line: number;
  values: Record<string, string>;
  lines: Record<string, number>;
}

interface ChildRecord {
  line: number;
  header: Group | null;
  episodes: Group[];
  groups: Array<{ def: GroupDef; group: Group }>;
  findings: Finding[];
}

type Kind = 'root' | 'child' | 'header' | 'group' | 'item';
interface Frame {
  kind: Kind;
  name: string;
  path: string;
  line: number;
  group: Group | null;
  def: GroupDef | null;
  text: string;
}

export class Xml903Reader {
  readonly file: string;
  readonly rows: Record<Table903, SourceRow[]> = Object.fromEntries(TABLES_903.map((table) => [table, [] as SourceRow[]])) as Record<Table903, SourceRow[]>;
  /** Rows refused whole (a child without CHILDID), kept for quarantine. */
  readonly rejected: SourceRow[] = [];
  readonly findings: Finding[] = [];
  /** True when the file stopped being readable (the findings say where and why); it then gives no rows. */
  fatal = false;
  children = 0;
  private readonly interned = new Map<string, string>();
  // saxes is loaded with the first XML return read (a check of CSV tables need not load it).
  private readonly parser = new (createRequire(import.meta.url)('saxes') as typeof import('saxes')).SaxesParser({ position: true });
  private readonly guard = new ByteGuard('the SSDA903 XML');
  private readonly stack: Frame[] = [];
  private skipDepth = 0;
  private child: ChildRecord | null = null;
  private findingCount = 0;
  private sawRoot = false;

  constructor(file: string) {
    this.file = file;
    this.parser.on('opentag', (node) => this.open(localName(node.name)));
    this.parser.on('text', (text) => this.text(text));
    this.parser.on('cdata', (text) => this.text(text));
    this.parser.on('closetag', () => this.close());
    this.parser.on('error', (error) =>
      this.stop(
        'KS-XML',
        `The file is not well-formed XML (line ${this.parser.line}, column ${this.parser.column}): ${error.message.replace(/^(?:.*?:)?\d+:\d+: /, '')}`,
        this.parser.line,
      ),
    );
  }

  /** Feeds the next bytes of the file. */
  write(bytes: Uint8Array): void {
    if (this.fatal) return;
    const read = this.guard.decode(bytes);
    if ('problem' in read) return this.stop(read.problem.rule, read.problem.message, read.problem.line);
    this.feed(read.text);
  }

  /** Ends the file: checks it was complete, then finishes the rows. */
  end(): void {
    if (!this.fatal) {
      const rest = this.guard.end();
      if ('problem' in rest) this.stop(rest.problem.rule, rest.problem.message, rest.problem.line);
      else if (rest.text) this.feed(rest.text);
    }
    if (!this.fatal && !this.sawRoot) this.stop('KS-EMPTY', `The file holds no XML: an SSDA903 XML return starts with <${ROOT}>.`, 1);
    if (!this.fatal && this.stack.length)
      this.stop(
        'KS-XML',
        `The file ends on line ${this.parser.line} before </${this.stack[this.stack.length - 1]!.name}> (is it truncated?).`,
        this.parser.line,
      );
    if (!this.fatal) {
      try {
        this.parser.close();
      } catch {
        // reported through the error handler
      }
    }
    if (this.fatal) {
      for (const table of TABLES_903) this.rows[table].length = 0;
      this.rejected.length = 0;
      return;
    }
    this.fillColumns();
    this.warnSharedLines();
  }

  /** Columns each table has: the CSV table's own, and any optional column (PL_DISTANCE, UASC…) that some row of it gives. */
  columns(table: Table903): Set<string> {
    const columns = new Set(REQUIRED_COLUMNS[table]);
    for (const row of this.rows[table]) for (const column of Object.keys(row.values)) columns.add(column);
    return columns;
  }

  private fillColumns() {
    for (const table of XML_TABLES) {
      const columns = this.columns(table);
      for (const row of this.rows[table]) for (const column of columns) row.values[column] ??= '';
    }
  }

  /** Rows are told apart by line: say so when an export puts several on one line. */
  private warnSharedLines() {
    const perLine = new Map<number, number>();
    for (const table of XML_TABLES) for (const row of this.rows[table]) perLine.set(row.line, (perLine.get(row.line) ?? 0) + 1);
    let busiest: [number, number] | null = null;
    for (const entry of perLine) if (entry[1] > 1 && (!busiest || entry[1] > busiest[1])) busiest = entry;
    if (!busiest) return;
    this.findings.push({
      rule: 'KS-XML',
      message: `Several rows come from one line of this file (line ${busiest[0]} holds ${busiest[1]}). Keystone tells rows apart by their line, so a row refused on a line takes the other rows on that line into quarantine with it: export the XML with one element per line to keep them apart.`,
      file: this.file,
      table: ROOT,
      row: busiest[0],
      child: null,
      field: null,
      severity: 'warning',
      rejects: false,
    });
  }

  private feed(text: string) {
    try {
      this.parser.write(text);
    } catch (error) {
      if (!this.fatal) this.stop('KS-XML', `The file is not well-formed XML (line ${this.parser.line}): ${(error as Error).message}`, this.parser.line);
    }
  }

  private stop(rule: string, message: string, line: number) {
    if (this.fatal) return;
    this.fatal = true;
    this.findings.push({ rule, message, file: this.file, table: null, row: line, child: null, field: null, severity: 'error', rejects: true });
  }

  private report(path: string, line: number, field: string | null, message: string, severity: 'error' | 'warning' = 'error', rejects = false) {
    if (!listStructureFinding(++this.findingCount, this.file, this.findings)) return;
    const finding: Finding = { rule: 'KS-XSD', message, file: this.file, table: path, row: line, child: null, field, severity, rejects };
    (this.child?.findings ?? this.findings).push(finding);
  }

  private push(kind: Kind, name: string, line: number, group: Group | null = null, def: GroupDef | null = null) {
    const parent = this.stack[this.stack.length - 1];
    this.stack.push({ kind, name, path: parent ? `${parent.path}/${name}` : name, line, group, def, text: '' });
  }

  private skip(parent: Frame, name: string, line: number, why: string) {
    this.report(`${parent.path}/${name}`, line, name, why);
    this.skipDepth = 1;
  }

  private open(name: string) {
    if (this.fatal) return;
    const line = this.parser.line;
    if (this.skipDepth > 0) {
      this.skipDepth++;
      return;
    }
    const parent = this.stack[this.stack.length - 1];
    if (!parent) {
      this.sawRoot = true;
      if (name !== ROOT) {
        const hint = name === 'Message' ? ' (a file starting <Message> is usually a CIN census: import it as cin)' : '';
        this.stop('KS-XSD', `The file starts with <${name}>, not <${ROOT}>: it is not an SSDA903 XML return${hint}.`, line);
        return;
      }
      this.push('root', name, line);
      return;
    }
    if (this.stack.length >= MAX_DEPTH) {
      this.stop('KS-XML', `Elements are nested more than ${MAX_DEPTH} deep at line ${line}: this is not an SSDA903 XML return.`, line);
      return;
    }
    switch (parent.kind) {
      case 'root':
        if (name !== 'CHILD') return this.skip(parent, name, line, `<${name}> is not expected inside <${ROOT}> (only <CHILD>): it is ignored.`);
        this.child = { line, header: null, episodes: [], groups: [], findings: [] };
        return this.push('child', name, line);
      case 'child': {
        const child = this.child!;
        if (name === 'HEADER') {
          if (child.header)
            return this.skip(
              parent,
              name,
              line,
              `<CHILD> (line ${child.line}) has more than one <HEADER>: only the first (line ${child.header.line}) is read.`,
            );
          child.header = newGroup(name, line);
          return this.push('header', name, line, child.header);
        }
        if (name === 'EPISODE') {
          const episode = newGroup(name, line);
          child.episodes.push(episode);
          return this.push('group', name, line, episode, EPISODE);
        }
        return this.skip(parent, name, line, `<${name}> is not expected inside <CHILD> (only <HEADER> and <EPISODE>): it is ignored.`);
      }
      case 'header': {
        const def = HEADER_GROUPS[name];
        if (def) {
          const child = this.child!;
          const earlier = child.groups.filter((entry) => entry.def === def);
          if (earlier.length >= def.max)
            return this.skip(parent, name, line, `<${name}> appears more than once in <HEADER>: only the first (line ${earlier[0]!.group.line}) is read.`);
          const group = newGroup(name, line);
          child.groups.push({ def, group });
          return this.push('group', name, line, group, def);
        }
        if (HEADER_ITEMS.has(name)) return this.push('item', name, line);
        return this.skip(parent, name, line, `<${name}> is not expected inside <HEADER>: it is ignored.`);
      }
      case 'group':
        if (parent.def!.items.has(name) || (parent.def === EPISODE && name === 'PLACE')) return this.push('item', name, line);
        return this.skip(parent, name, line, `<${name}> is not expected inside <${parent.name}>: it is ignored.`);
      case 'item':
        return this.skip(parent, name, line, `<${parent.name}> holds a value, not elements: <${name}> inside it is ignored.`);
    }
  }

  private text(text: string) {
    if (this.fatal || this.skipDepth > 0) return;
    const frame = this.stack[this.stack.length - 1];
    if (!frame) return;
    if (frame.kind !== 'item') {
      if (text.trim() !== '')
        this.report(
          frame.path,
          this.parser.line,
          frame.name,
          `Text “${text.trim().slice(0, 40)}” is not expected inside <${frame.name}>: it is ignored.`,
          'warning',
        );
      return;
    }
    if (frame.text.length <= MAX_TEXT) frame.text += text.slice(0, MAX_TEXT + 1 - frame.text.length);
  }

  private close() {
    if (this.fatal) return;
    if (this.skipDepth > 0) {
      this.skipDepth--;
      return;
    }
    const frame = this.stack.pop();
    if (!frame) return;
    if (frame.kind === 'child') return this.finishChild();
    if (frame.kind !== 'item') return;
    const parent = this.stack[this.stack.length - 1]!;
    let value = frame.text.trim();
    if (frame.text.length > MAX_TEXT) {
      this.report(frame.path, frame.line, frame.name, `<${frame.name}> holds more than ${MAX_TEXT.toLocaleString('en-GB')} characters: it is cut short.`);
      value = value.slice(0, MAX_TEXT);
    }
    if (value !== '' && DATE_ITEMS.has(frame.name)) {
      const written = csvDate(value);
      if (written) value = written;
      else
        this.report(frame.path, frame.line, frame.name, `<${frame.name}> “${value.slice(0, 40)}” is not a date: the XML writes dates YYYY-MM-DD.`, 'warning');
    }
    const group = parent.group!;
    const column = COLUMN_OF[frame.name] ?? frame.name;
    if (column in group.values) {
      this.report(
        frame.path,
        frame.line,
        frame.name,
        `<${frame.name}> appears more than once in <${parent.name}> (line ${parent.line}): only the first (line ${group.lines[column]}) is read.`,
      );
      return;
    }
    // One copy of each short value (codes, dates, IDs) for the whole return: its rows hold far less.
    if (value.length <= 16) {
      const held = this.interned.get(value);
      if (held === undefined) this.interned.set(value, value);
      else value = held;
    }
    group.values[column] = value;
    group.lines[column] = frame.line;
  }

  /** A CHILD has closed: its rows, one per table row the CSV form would have. */
  private finishChild() {
    const child = this.child!;
    this.child = null;
    this.children++;
    const header = child.header;
    const id = header?.values.CHILD ?? '';
    for (const finding of child.findings) finding.child = id || null;
    append(this.findings, child.findings);
    const rows: SourceRow[] = [];
    const base = header?.values ?? {};
    const row = (table: Table903, line: number, values: Record<string, string>) =>
      rows.push({ file: this.file, table, line, values: { CHILD: id, ...values } });
    const pick = (names: readonly string[]) => Object.fromEntries(names.filter((name) => name in base).map((name) => [name, base[name]!]));
    const firstLine = (names: readonly string[]) => Math.min(...names.map((name) => header?.lines[name] ?? Infinity));
    const given = (names: readonly string[]) => names.some((name) => (base[name] ?? '') !== '');
    const dob = { DOB: base.DOB ?? '' };
    if (header) {
      row('Header', header.line, pick(['SEX', 'DOB', 'ETHNIC', 'UPN', 'MOTHER', 'MC_DOB', 'UASC']));
      if (base.UASC === '1' || given(['DUC'])) row('UASC', firstLine(['UASC', 'DUC']), { SEX: base.SEX ?? '', ...dob, DUC: base.DUC ?? '' });
      if (given(AD1_ITEMS)) row('AD1', firstLine(AD1_ITEMS), { ...dob, ...pick(AD1_ITEMS) });
      if (given(OC3_ITEMS)) row('OC3', firstLine(OC3_ITEMS), { ...dob, ...pick(OC3_ITEMS) });
    }
    for (const { def, group } of child.groups) row(def.table, group.line, { ...dob, ...group.values });
    for (const episode of child.episodes) row('Episodes', episode.line, episode.values);
    if (!id) {
      // Every row of the child is refused, each with its own finding so quarantine says why.
      const where = `the <CHILD> on line ${child.line} ${header ? `has no <CHILDID> in its <HEADER> (line ${header.line})` : 'has no <HEADER>'}`;
      const refuse = (table: string | null, line: number, message: string, rejects: boolean): Finding => ({
        rule: 'KS-XSD',
        message,
        file: this.file,
        table,
        row: line,
        child: null,
        field: 'CHILDID',
        severity: 'error',
        rejects,
      });
      if (!rows.length) this.findings.push(refuse(`${ROOT}/CHILD`, child.line, `Nothing can be read from ${where}.`, false));
      for (const entry of rows)
        this.findings.push(refuse(entry.table, entry.line, `This ${entry.table} row cannot be stored: ${where}, the child's ID.`, true));
      append(this.rejected, rows);
      return;
    }
    for (const entry of rows) this.rows[entry.table as Table903].push(entry);
  }
}

function newGroup(name: string, line: number): Group {
  return { name, line, values: {}, lines: {} };
}

/** The element's name without a namespace prefix. */
function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/** Reads one XML return from its bytes, in chunks as a stream would deliver them. */
export function readXml903(file: InputFile): Xml903Reader {
  const reader = new Xml903Reader(file.name);
  for (let offset = 0; offset < file.bytes.length && !reader.fatal; offset += CHUNK_BYTES) reader.write(file.bytes.subarray(offset, offset + CHUNK_BYTES));
  reader.end();
  return reader;
}

/** What read903 gathers from every file, which an XML return adds to. */
export interface Gathered903 {
  tables: Record<Table903, SourceRow[]>;
  columns: Record<Table903, Set<string>>;
  present: Set<Table903>;
  findings: Finding[];
  structuralRejects: SourceRow[];
  fileInfo: PreparedImport['files'];
  /** The previous year's return (`…_last.xml`): read for the rules comparing the years, never stored, its problems warnings. */
  lastYear?: boolean;
}

/** Reads an XML return into the tables read903 gathers: every table the XML carries counts as supplied. */
export function addXml903(file: InputFile, into: Gathered903): void {
  const reader = readXml903(file);
  const suffix = into.lastYear ? '_last' : '';
  if (into.lastYear) for (const finding of reader.findings) Object.assign(finding, { severity: 'warning', rejects: false });
  else append(into.structuralRejects, reader.rejected);
  append(into.findings, reader.findings);
  const rows = XML_TABLES.reduce((count, table) => count + reader.rows[table].length, reader.rejected.length);
  into.fileInfo.push({ name: file.name, table: reader.fatal ? null : `${ROOT}${suffix}`, rows });
  if (reader.fatal) return;
  for (const table of XML_TABLES) {
    append(into.tables[table], reader.rows[table]);
    for (const column of reader.columns(table)) into.columns[table].add(column);
    into.present.add(table);
  }
}
