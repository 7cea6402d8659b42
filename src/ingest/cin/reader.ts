/**
 * Streaming reader for CIN census XML (saxes): bytes go in chunk by chunk, each <Child> comes out
 * as a small tree as soon as it closes, so memory holds one child at a time whatever the file size.
 * Structure is checked against the year's schema (schema.ts) as the elements stream past: unknown
 * and misplaced elements, too many or missing elements, code lists, dates, spaces around values
 * and attributes (warnings). Every finding names the element path and line. Bad bytes (UTF-16, binary, invalid UTF-8) and XML that is not well formed
 * stop the file with one finding; the reader never throws on input.
 */
import { listStructureFinding } from '../structure-findings.ts';
import { SaxesParser } from 'saxes';
import { ByteGuard } from '../byte-guard.ts';
import type { Finding } from '../types.ts';
import { GENDER_CURRENT, leafProblem, schemaFor, SEX, xsDate, type CinSchema, type ElementDef, type LeafType } from './schema.ts';

/** One group element inside a child (Child, ChildIdentifiers, CINdetails, Assessments…). */
export interface CinGroup {
  name: string;
  line: number;
  /** Leaf values by element name (single-occurrence leaves), trimmed. */
  values: Record<string, string>;
  /** Line of each leaf value. */
  lines: Record<string, number>;
  /** Repeating leaves (Disability, AssessmentFactors, CPPreviewDate). */
  lists: Record<string, string[]>;
  groups: Record<string, CinGroup[]>;
}

export interface CinHeader {
  year: string | null;
  referenceDate: string | null;
  lea: string | null;
}

/** Elements without which the group holding them cannot be stored. */
export const KEY_ELEMENTS: ReadonlySet<string> = new Set([
  'LAchildID',
  'CINreferralDate',
  'AssessmentActualStartDate',
  'CINPlanStartDate',
  'S47ActualStartDate',
  'CPPstartDate',
  'PPStartDate',
]);
const SEX_ELEMENTS = new Set(['Sex', 'GenderCurrent']);
const GENDER_TO_SEX: Record<string, string> = { '1': 'M', '2': 'F', '0': 'U', '9': 'U' };
const MAX_DEPTH = 16;
const MAX_TEXT = 10_000;
const MAX_GROUPS_PER_CHILD = 20_000;

interface Frame {
  def: ElementDef | null;
  path: string;
  line: number;
  counts: Map<string, number>;
  lastIndex: number;
  group: CinGroup | null;
  text: string;
  /** The element name as written, when it stands in for another (GenderCurrent for Sex). */
  writtenAs?: string;
}

export interface CinReaderOptions {
  collectionYear?: number | undefined;
  /** Called for each complete child with the findings made inside it. */
  onChild(child: CinGroup, findings: Finding[]): void;
}

export class CinReader {
  readonly file: string;
  readonly header: CinHeader = { year: null, referenceDate: null, lea: null };
  /** Findings outside any child (file, header, structure above Child). */
  readonly findings: Finding[] = [];
  schema: CinSchema;
  /** The collection year (the year the census ends), from the options or the header. */
  collectionYear: number;
  /** True when the file stopped being readable (the findings say where and why). */
  fatal = false;
  children = 0;
  bytes = 0;
  private readonly options: CinReaderOptions;
  private readonly parser = new SaxesParser({ position: true });
  private readonly guard = new ByteGuard('the CIN census XML');
  private readonly stack: Frame[] = [];
  private skipDepth = 0;
  private childFindings: Finding[] | null = null;
  private childGroups = 0;
  private findingCount = 0;
  private sawRoot = false;
  private readonly ampersands = new AmpersandScanner();

  constructor(file: string, options: CinReaderOptions) {
    this.file = file;
    this.options = options;
    this.collectionYear = options.collectionYear ?? 2026;
    this.schema = schemaFor(this.collectionYear);
    // Attributes are plain strings: the parser is not asked to resolve namespaces.
    this.parser.on('opentag', (node) => this.openElement(node.name, node.attributes as Record<string, string>));
    this.parser.on('text', (text) => this.text(text));
    this.parser.on('cdata', (text) => this.text(text));
    this.parser.on('closetag', (node) => this.closeElement(node.name));
    this.parser.on('error', (error) =>
      this.stop(
        'KS-XML',
        `The file is not well-formed XML (line ${this.parser.line}, column ${this.parser.column}): ${error.message.replace(/^.*?:\d+:\d+: /, '')}`,
        this.parser.line,
      ),
    );
  }

  /** Feeds the next bytes of the file. */
  write(bytes: Uint8Array): void {
    if (this.fatal) return;
    this.bytes += bytes.length;
    const read = this.guard.decode(bytes);
    if ('problem' in read) return this.stop(read.problem.rule, read.problem.message, read.problem.line);
    this.feed(read.text);
  }

  /** Ends the file: checks it was complete. */
  close(): void {
    if (this.fatal) return;
    const rest = this.guard.end();
    if ('problem' in rest) return this.stop(rest.problem.rule, rest.problem.message, rest.problem.line);
    this.feed(rest.text, true);
    if (this.fatal) return;
    if (!this.sawRoot) {
      this.stop('KS-EMPTY', 'The file holds no XML: a CIN census file starts with <Message>.', 1);
      return;
    }
    try {
      this.parser.close();
    } catch {
      // reported through the error handler
    }
    if (!this.fatal && this.stack.length)
      this.stop('KS-XML', `The file ends before </${this.stack[this.stack.length - 1]!.def?.name ?? 'Message'}> (is it truncated?).`, this.parser.line);
  }

  private feed(text: string, final = false) {
    const bareAmpersand = this.ampersands.scan(text, final);
    try {
      this.parser.write(bareAmpersand ? text.slice(0, bareAmpersand.offset) : text);
    } catch (error) {
      if (!this.fatal) this.stop('KS-XML', `The file is not well-formed XML (line ${this.parser.line}): ${(error as Error).message}`, this.parser.line);
    }
    if (bareAmpersand)
      this.stop(
        'KS-XML',
        `The file is not well-formed XML (line ${bareAmpersand.line}): a bare “&” — in XML it is written &amp; (or it starts an entity such as &lt;).`,
        bareAmpersand.line,
      );
  }

  private stop(rule: string, message: string, line: number) {
    if (this.fatal) return;
    this.fatal = true;
    this.findings.push({ rule, message, file: this.file, table: null, row: line, child: null, field: null, severity: 'error', rejects: true });
  }

  private report(path: string, line: number, field: string | null, message: string, rejects = false, severity: 'error' | 'warning' = 'error') {
    if (!listStructureFinding(++this.findingCount, this.file, this.findings) && !rejects) return;
    const child = this.currentChildId();
    const finding: Finding = { rule: 'KS-XSD', message, file: this.file, table: path, row: line, child, field, severity, rejects };
    (this.childFindings ?? this.findings).push(finding);
  }

  private currentChildId(): string | null {
    const childFrame = this.stack.find((frame) => frame.def?.name === 'Child');
    const identifiers = childFrame?.group?.groups.ChildIdentifiers?.[0];
    return identifiers?.values.LAchildID || null;
  }

  private openElement(name: string, attributes: Record<string, string>) {
    if (this.fatal) return;
    const line = this.parser.line;
    if (this.skipDepth > 0) {
      this.skipDepth++;
      return;
    }
    if (this.stack.length >= MAX_DEPTH) {
      this.stop('KS-XML', `Elements are nested more than ${MAX_DEPTH} deep at line ${line}: this is not a CIN census file.`, line);
      return;
    }
    const parent = this.stack[this.stack.length - 1];
    if (!parent) {
      this.sawRoot = true;
      if (name !== 'Message') {
        this.stop('KS-XSD', `The file starts with <${name}>, not <Message>: it is not a CIN census file.`, line);
        return;
      }
      this.stack.push(this.frame(this.schema.root, 'Message', line, null));
      this.checkAttributes('Message', name, line, attributes);
      return;
    }
    const siblings = parent.def?.children ?? [];
    let writtenAs: string | undefined;
    let index = siblings.findIndex((def) => def.name === name);
    if (index < 0 && SEX_ELEMENTS.has(name) && parent.def?.name === 'ChildIdentifiers') {
      index = siblings.findIndex((def) => def.name === this.schema.sexElement);
      writtenAs = name;
      this.report(
        `${parent.path}/${name}`,
        line,
        name,
        `The ${this.schema.year} schema names the child's sex <${this.schema.sexElement}>; <${name}> is read in its place.`,
      );
    }
    if (index < 0) {
      this.report(`${parent.path}/${name}`, line, name, `<${name}> is not expected inside <${parent.def?.name}>: it is ignored.`);
      this.skipDepth = 1;
      return;
    }
    if (name === 'Children' && parent.def?.name === 'Message') this.fixSchema(parent);
    const def = (parent.def!.children ?? [])[index]!;
    const count = (parent.counts.get(def.name) ?? 0) + 1;
    parent.counts.set(def.name, count);
    const path = `${parent.path}/${name}`;
    if (index < parent.lastIndex) this.report(path, line, name, `<${name}> is out of order: it must come before <${siblings[parent.lastIndex]!.name}>.`);
    parent.lastIndex = Math.max(parent.lastIndex, index);
    if (count > def.max)
      this.report(
        path,
        line,
        name,
        `<${name}> appears more than ${def.max === 1 ? 'once' : `${def.max} times`} in <${parent.def!.name}>: only the first is read.`,
      );
    let group: CinGroup | null = null;
    if (def.children) {
      if (name === 'Child') {
        this.childFindings = [];
        this.childGroups = 0;
      }
      if (name === 'Child' || parent.group) {
        this.childGroups++;
        if (this.childGroups > MAX_GROUPS_PER_CHILD) {
          this.stop(
            'KS-XSD',
            `The child starting on line ${this.stack.find((frame) => frame.def?.name === 'Child')?.line} has more than ${MAX_GROUPS_PER_CHILD.toLocaleString('en-GB')} elements: this is not a plausible CIN census record.`,
            line,
          );
          return;
        }
        group = { name, line, values: {}, lines: {}, lists: {}, groups: {} };
        if (parent.group) (parent.group.groups[name] ??= []).push(group);
      }
    }
    this.stack.push({ ...this.frame(def, path, line, group), writtenAs });
    this.checkAttributes(path, name, line, attributes);
  }

  /** The schema gives no element an attribute: only namespace declarations and where the schema is are allowed. */
  private checkAttributes(path: string, name: string, line: number, attributes: Record<string, string>) {
    for (const [attribute, value] of Object.entries(attributes)) {
      if (
        attribute.startsWith('xmlns:') ||
        attribute === 'xsi:noNamespaceSchemaLocation' ||
        attribute === 'xsi:schemaLocation' ||
        (attribute === 'xmlns' && value === '')
      )
        continue;
      this.report(
        path,
        line,
        name,
        attribute === 'xmlns'
          ? `<${name}> puts its elements in the namespace “${value.slice(0, 80)}”; the CIN census schema has none. They are read as if it were not there.`
          : `<${name}> has the attribute ${attribute}="${value.slice(0, 40)}", which the schema does not allow: it is ignored.`,
        false,
        'warning',
      );
    }
  }

  private frame(def: ElementDef, path: string, line: number, group: CinGroup | null): Frame {
    return { def, path, line, counts: new Map(), lastIndex: -1, group, text: '' };
  }

  /** The collection year is known once the header has been read: the schema is that year's. */
  private fixSchema(message: Frame) {
    const fromReference = xsDate(this.header.referenceDate ?? undefined);
    const year =
      this.options.collectionYear ??
      (fromReference
        ? Number(fromReference.slice(0, 4)) + (fromReference.slice(5) > '03-31' ? 1 : 0)
        : this.header.year && /^\d{4}/.test(this.header.year)
          ? Number(this.header.year.slice(0, 4))
          : 2026);
    this.collectionYear = year;
    this.schema = schemaFor(year);
    message.def = this.schema.root;
  }

  private text(text: string) {
    if (this.fatal || this.skipDepth > 0) return;
    const frame = this.stack[this.stack.length - 1];
    if (!frame) return;
    if (frame.def?.children) {
      if (text.trim() !== '')
        this.report(
          frame.path,
          this.parser.line,
          frame.def.name,
          `Text “${text.trim().slice(0, 40)}” is not expected inside <${frame.def.name}>: it is ignored.`,
          false,
          'warning',
        );
      return;
    }
    if (frame.text.length < MAX_TEXT) frame.text += text.slice(0, MAX_TEXT - frame.text.length + 1);
  }

  private closeElement(name: string) {
    if (this.fatal) return;
    if (this.skipDepth > 0) {
      this.skipDepth--;
      return;
    }
    const frame = this.stack.pop();
    if (!frame?.def) return;
    const parent = this.stack[this.stack.length - 1];
    const def = frame.def;
    if (def.children) {
      for (const child of def.children) {
        if (child.min > (frame.counts.get(child.name) ?? 0))
          this.report(
            frame.path,
            frame.line,
            child.name,
            `<${def.name}> (line ${frame.line}) lacks <${child.name}>, which it must have.`,
            KEY_ELEMENTS.has(child.name),
          );
      }
      if (name === 'Child' && frame.group) {
        const findings = this.childFindings ?? [];
        const id = frame.group.groups.ChildIdentifiers?.[0]?.values.LAchildID || null;
        for (const finding of findings) finding.child ??= id;
        this.childFindings = null;
        this.children++;
        this.options.onChild(frame.group, findings);
      }
      return;
    }
    const raw = frame.text;
    let value = raw.trim();
    if (raw.length > MAX_TEXT) {
      this.report(
        frame.path,
        frame.line,
        def.name,
        `<${def.name}> holds more than ${MAX_TEXT.toLocaleString('en-GB')} characters: it is cut short.`,
        KEY_ELEMENTS.has(def.name),
      );
      value = value.slice(0, MAX_TEXT);
    }
    // Sex written under the other year's name has already been reported once: either coding is read (M / F / U or 1 / 2 / 0 / 9).
    const leafType: LeafType = frame.writtenAs ? { kind: 'codes', codes: [...SEX, ...GENDER_CURRENT] } : def.type!;
    // Only free text and whole numbers may have spaces or line breaks around them: a code, pattern or date with them fails the XSD.
    if (leafType.kind !== 'text' && leafType.kind !== 'count' && value !== '' && value !== raw.slice(0, MAX_TEXT))
      this.report(
        frame.path,
        frame.line,
        def.name,
        `<${def.name}> has spaces or line breaks around “${value.slice(0, 40)}”, which the schema does not allow: it is read without them.`,
        false,
        'warning',
      );
    let problem = leafProblem(leafType, value);
    // The DfE's own tools write yes/no as true/false; the XSD says 1/0. Read them, and say so.
    if (problem && leafType.kind === 'codes' && leafType.codes.includes('0') && leafType.codes.includes('1') && (value === 'true' || value === 'false')) {
      this.report(
        frame.path,
        frame.line,
        def.name,
        `<${def.name}> is “${value}”; the schema wants 1 or 0. It is read as ${value === 'true' ? 1 : 0}.`,
        false,
        'warning',
      );
      value = value === 'true' ? '1' : '0';
      problem = null;
    }
    // A bad key date makes its whole group unstorable: the finding points at the group's line.
    const written = frame.writtenAs ?? def.name;
    if (problem) {
      const key = KEY_ELEMENTS.has(def.name) && !!parent;
      this.report(frame.path, key ? parent!.line : frame.line, written, `<${written}>${key ? ` (line ${frame.line})` : ''}: ${problem}.`, key);
    }
    const sexSlot = SEX_ELEMENTS.has(def.name);
    // The child's sex is kept as M / F / U whichever element the year uses (GenderCurrent 1, 2, 0, 9).
    if (sexSlot) value = GENDER_TO_SEX[value] ?? value;
    const key = sexSlot ? 'Sex' : def.name;
    const group = parent?.group;
    if (group) {
      if (def.max > 1) (group.lists[def.name] ??= []).push(value);
      else if (!(key in group.values)) {
        group.values[key] = value;
        group.lines[key] = frame.line;
      }
    } else if (parent?.def?.name === 'CollectionDetails' || parent?.def?.name === 'Source') {
      if (def.name === 'Year') this.header.year = value;
      if (def.name === 'ReferenceDate') this.header.referenceDate = value;
      if (def.name === 'LEA') this.header.lea ??= value;
    }
  }
}

/**
 * Finds a “&” that starts no entity reference, outside comments, CDATA sections and processing
 * instructions. saxes reads such a “&” as the start of an entity name running on to the next “;”, so
 * it notices only there or at the end of the file: this names the line where the “&” is.
 */
class AmpersandScanner {
  private mode: 'markup' | 'cdata' | 'comment' | 'pi' = 'markup';
  /** Text held back until more arrives to decide on it (a “&” or “<” at the end of a chunk). */
  private carry = '';
  private line = 1;

  /** The offset in `text` (0 when it was in an earlier chunk) and line of the first bare “&”, or null. */
  scan(text: string, final: boolean): { offset: number; line: number } | null {
    const value = this.carry + text;
    const held = this.carry.length;
    this.carry = '';
    let at = 0;
    const advance = (to: number) => {
      for (let index = value.indexOf('\n', at); index >= 0 && index < to; index = value.indexOf('\n', index + 1)) this.line++;
      at = to;
    };
    while (at < value.length) {
      if (this.mode !== 'markup') {
        const terminator = TERMINATORS[this.mode];
        const end = value.indexOf(terminator, at);
        if (end < 0) {
          advance(Math.max(at, value.length - terminator.length + 1));
          this.carry = value.slice(at);
          return null;
        }
        advance(end + terminator.length);
        this.mode = 'markup';
        continue;
      }
      MARKUP_START.lastIndex = at;
      const next = MARKUP_START.exec(value);
      if (!next) {
        // A “<” at the very end may open a comment or CDATA section once the next chunk comes.
        const waiting = !final && value.endsWith('<');
        advance(waiting ? value.length - 1 : value.length);
        if (waiting) this.carry = '<';
        return null;
      }
      advance(next.index);
      if (next[0] !== '&') {
        if (!final && value.length - at < 9) {
          this.carry = value.slice(at);
          return null;
        }
        const opened = value.startsWith('<![CDATA[', at) ? 'cdata' : value.startsWith('<!--', at) ? 'comment' : next[0] === '<?' ? 'pi' : null;
        this.mode = opened ?? 'markup';
        at += opened === 'cdata' ? 9 : opened === 'comment' ? 4 : 2;
        continue;
      }
      const ahead = value.slice(at, at + ENTITY_LOOKAHEAD);
      const reference = ENTITY_REFERENCE.exec(ahead);
      if (reference) {
        at += reference[0].length;
        continue;
      }
      if (!final && ahead.length < ENTITY_LOOKAHEAD && ENTITY_PREFIX.test(ahead)) {
        this.carry = ahead;
        return null;
      }
      return { offset: Math.max(0, at - held), line: this.line };
    }
    return null;
  }
}

const TERMINATORS = { cdata: ']]>', comment: '-->', pi: '?>' } as const;
/** What the scan stops at: a “&”, or “<!” or “<?” (a CDATA section, comment, processing instruction or doctype). */
const MARKUP_START = /&|<[!?]/g;
const ENTITY_LOOKAHEAD = 64;
const ENTITY_REFERENCE = /^&(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z_:][\w.:-]*);/;
/** What could still become a reference once more text arrives. */
const ENTITY_PREFIX = /^&(?:#[0-9]*|#x[0-9a-fA-F]*|[A-Za-z_:][\w.:-]*)?$/;
