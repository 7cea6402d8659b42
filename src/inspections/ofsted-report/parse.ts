/**
 * Reads an Ofsted report on a council's children's services (SIF 2013–2018, ILACS 2018–, and the
 * letters for focused visits, monitoring visits and JTAIs) into the fields the inspection register
 * needs. `parseOfstedReportText` is pure and works on the text lines `extractPdfPages` produces;
 * `parseOfstedReport` does both steps for a PDF.
 *
 * Rules decided here (each is applied the same way to every report; none names a council):
 * - Grades come from the judgement table at the front of the report. Table rows wrap, and their
 *   grade cells are vertically centred, so label and grade text interleave line by line; we split
 *   the table's words into judgement labels and grade words and pair them in order (the rows never
 *   overlap vertically, so the n-th label owns the n-th grade). The SIF overall grade is the
 *   headline sentence ("Children's services in X require improvement to be good"); the SIF LSCB
 *   grade is the sentence "The Local Safeguarding Children Board is good" (or "...requires
 *   improvement"). ILACS judgements missing from the table (e.g. an unreadable table) are taken
 *   from the section headings ("The experiences and progress of children in care: good").
 * - Improvement points are the items (numbered or bulleted) of the first "Recommendations",
 *   "What does the local authority need to improve?", "What needs to improve ...", "Areas for
 *   improvement" or "Areas for priority action" section and the sections directly following it,
 *   up to the next major heading. Each item is joined across lines and pages; subheadings inside the
 *   list ("Care leavers", "Priority and immediate action") are dropped. The LSCB's own
 *   recommendations are never included: in SIF reports they sit in the later LSCB part (numbered
 *   on from the report's paragraphs), which starts with an LSCB heading that ends the section.
 * - `inspection_type`: what the report states (JTAI, focused visit, monitoring visit,
 *   re-inspection, "standard/short inspection"). ILACS judgement reports in practice do not state
 *   it, but the framework fixes it by time on site: a short inspection is one week, a standard one
 *   two weeks; so an ILACS judgement report whose dates span at most 7 days is `short`, a longer
 *   one `standard`. SIF judgement reports (the framework had one kind of judgement inspection) are `standard`.
 * - `local_authority` is the council's name as the report gives it, without "County Council",
 *   "Borough Council", "City Council", "Council", "City of" and similar wrapping, so that the
 *   same council has the same name across frameworks (e.g. "Durham", "Wolverhampton").
 */
import { extractPdfPages } from './extract-text.ts';

export type OfstedFramework = 'SIF' | 'ILACS' | 'OTHER';
export const GRADES = ['outstanding', 'good', 'requires_improvement', 'inadequate'] as const;
export type OfstedGrade = (typeof GRADES)[number];
export const JUDGEMENTS = [
  'overall_effectiveness',
  'impact_of_leaders',
  'leadership_management_governance',
  'help_and_protection',
  'children_in_care',
  'looked_after_permanence',
  'care_leavers',
  'adoption',
  'lscb',
] as const;
export type OfstedJudgement = (typeof JUDGEMENTS)[number];
export type OfstedInspectionType = 'standard' | 'short' | 'focused_visit' | 'monitoring_visit' | 'jtai' | 're_inspection';

/** What `keystone ofsted parse --json` prints; keys are the register's column names. */
export type OfstedReport = {
  local_authority: string | null;
  framework: OfstedFramework;
  inspection_type: OfstedInspectionType | null;
  /** ISO date (YYYY-MM-DD). */
  inspection_start: string | null;
  /** ISO date (YYYY-MM-DD). */
  inspection_end: string | null;
  /** Only the judgements the report grades. */
  grades: Partial<Record<OfstedJudgement, OfstedGrade>>;
  improvement_points: string[];
};

export type OfstedReportErrorCode = 'empty_file' | 'not_pdf' | 'unreadable_pdf' | 'no_text' | 'not_ofsted_report';

/** A file the parser cannot read as an Ofsted children's services report; `message` says why. */
export class OfstedReportError extends Error {
  readonly code: OfstedReportErrorCode;
  constructor(code: OfstedReportErrorCode, message: string) {
    super(message);
    this.name = 'OfstedReportError';
    this.code = code;
  }
}

/** Parses a PDF file's bytes. Rejects only with OfstedReportError. */
export async function parseOfstedReport(pdfBytes: Uint8Array): Promise<OfstedReport> {
  if (pdfBytes.length === 0) throw new OfstedReportError('empty_file', 'The file is empty.');
  const head = new TextDecoder('latin1').decode(pdfBytes.subarray(0, 1024));
  if (!head.includes('%PDF-')) throw new OfstedReportError('not_pdf', 'The file is not a PDF.');
  let pages: string[][];
  try {
    pages = await extractPdfPages(pdfBytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new OfstedReportError('unreadable_pdf', `The PDF could not be read (${reason}).`);
  }
  return parseOfstedReportText(pages.map((lines) => lines.join('\n')).join('\n'));
}

/** Parses report text, one visual line per text line, running headers and footers removed. */
export function parseOfstedReportText(text: string): OfstedReport {
  const lines = text
    .split(/[\n\f\r]+/)
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '');
  if (lines.length === 0) {
    throw new OfstedReportError('no_text', 'The PDF has no text layer (a scan?), so it cannot be read.');
  }
  const flat = lines.join(' ');
  if (!/ofsted|majesty['’]s inspector/i.test(flat) || !/children['’]s (social care )?services|children in need/i.test(flat)) {
    throw new OfstedReportError('not_ofsted_report', 'This does not look like an Ofsted report on a council’s children’s services.');
  }
  const front = lines.slice(0, FRONT_LINES);
  const frontText = front.join(' ');
  const [inspection_start, inspection_end] = findDates(lines);
  const type = statedType(front, flat);
  const framework = findFramework(frontText, type, inspection_start);
  const grades = findGrades(lines, framework);
  const report: OfstedReport = {
    local_authority: findLocalAuthority(front),
    framework,
    inspection_type: type ?? inferredType(framework, grades, inspection_start, inspection_end),
    inspection_start,
    inspection_end,
    grades,
    improvement_points: findImprovementPoints(lines),
  };
  if (!report.local_authority && !inspection_start && Object.keys(grades).length === 0) {
    throw new OfstedReportError(
      'not_ofsted_report',
      'No council, inspection dates or judgements found: this does not look like an Ofsted children’s services report.',
    );
  }
  return report;
}

/** The title, dates and judgement table are always within the first lines (page 1 of a report). */
const FRONT_LINES = 60;
const GRADE = String.raw`(?:requires?\s+improvement(?:\s+to\s+be\s+good)?|good|outstanding|inadequate)`;

function toGrade(phrase: string): OfstedGrade | null {
  const p = phrase.toLowerCase();
  if (p.startsWith('require')) return 'requires_improvement';
  return GRADES.find((grade) => grade === p) ?? null;
}

// ---------------------------------------------------------------------------------------------
// Council, framework, type

const TITLE_PATTERNS: RegExp[] = [
  // ILACS 2022– ("Inspection of Testshire local authority children's services"), and covers naming
  // the council in full ("Inspection of the London Borough of X children's services").
  /(?:^|\n)Inspection of (?:the\s+)?([^]{1,80}?)(?:['’]s)?(?:\s+local\s+authority)?\s+children['’]s\s+(?:social\s+care\s+)?services/i,
  /(?:^|\n)(?:Focused|Monitoring)(?: assurance)? visit (?:to|of) ([^]{1,80}?)(?:\s+local\s+authority)?\s+children['’]s\s+services/i,
  /(?:^|\n)Joint targeted area inspection of [^]{0,200}?\bin ([A-Z][\w'’ -]+?)(?:\.|\n)/,
];
/** Titles that follow a line naming the council (SIF, ILACS 2018–2021). */
const TITLE_AFTER_NAME = /^(?:Re-)?inspection of (?:services for children|children['’]s social care services)/i;

function findLocalAuthority(front: string[]): string | null {
  const titleAt = front.findIndex((line) => TITLE_AFTER_NAME.test(line));
  if (titleAt > 0) {
    const name = front
      .slice(0, titleAt)
      .filter((line) => !/^\d+$/.test(line))
      .join(' ');
    if (name) return councilName(name);
  }
  const frontText = front.join('\n');
  for (const pattern of TITLE_PATTERNS) {
    const match = pattern.exec(frontText);
    // A council's name is capitalised and is not a phrase about services.
    if (match?.[1] && /^[A-Z]/.test(match[1]) && !/\bservices\b|\bchildren\b/i.test(match[1])) return councilName(match[1]);
  }
  return null;
}

/** "Northumberland County Council" → "Northumberland"; "City of Wolverhampton" → "Wolverhampton". */
function councilName(raw: string): string {
  let name = raw.replace(/\s+/g, ' ').trim();
  name = name.replace(/^the\s+/i, '');
  name = name.replace(/\s+(?:Metropolitan\s+)?(?:County|Borough|City|District)?\s*Council$/i, '');
  name = name.replace(/^(?:(?:The\s+)?(?:London|Royal|Metropolitan)\s+Borough\s+(?:Council\s+)?of|Borough\s+of|Council\s+of\s+the)\s+/i, '');
  if (!/^City of London$/i.test(name)) name = name.replace(/^City of\s+/i, '');
  return name.trim();
}

function statedType(front: string[], flat: string): OfstedInspectionType | null {
  // Letters open with a title line, or say "This letter summarises the findings of the focused visit".
  const title = (pattern: string): boolean =>
    front.some((line) => new RegExp(String.raw`^(?:${pattern}|This letter summarises the findings of (?:the|a) ${pattern})`, 'i').test(line));
  if (title('joint targeted area inspection')) return 'jtai';
  if (title('focused(?: assurance)? visit')) return 'focused_visit';
  if (title('monitoring visit')) return 'monitoring_visit';
  if (title('re-inspection of services')) return 're_inspection';
  const stated = /\bthis (?:was|is) an? (standard|short) (?:ILACS )?inspection\b/i.exec(flat) ?? /\b(standard|short) inspection of\b/i.exec(front.join(' '));
  if (stated?.[1]) return stated[1].toLowerCase() as 'standard' | 'short';
  return null;
}

function findFramework(frontText: string, type: OfstedInspectionType | null, start: string | null): OfstedFramework {
  if (type === 'jtai') return 'OTHER';
  // Visits carry no framework title: ILACS began in January 2018 (SIF monitoring visits before).
  if (type === 'focused_visit' || type === 'monitoring_visit') return start && start < '2018-01-01' ? 'SIF' : 'ILACS';
  if (/inspection of services for children in need of help and protection/i.test(frontText)) return 'SIF';
  if (/children looked after and achieving permanence/i.test(frontText)) return 'SIF';
  if (/inspection of (?:[^.]{1,100}? )?children['’]s (?:social care )?services/i.test(frontText)) return 'ILACS';
  if (/impact of leaders on social work practice/i.test(frontText)) return 'ILACS';
  return 'OTHER';
}

/** ILACS judgement inspections: one week on site is a short inspection, two weeks a standard one. */
function inferredType(framework: OfstedFramework, grades: OfstedReport['grades'], start: string | null, end: string | null): OfstedInspectionType | null {
  if (Object.keys(grades).length === 0) return null;
  // SIF had one kind of judgement inspection (about four weeks on site): the register's standard one.
  if (framework === 'SIF') return 'standard';
  if (framework !== 'ILACS' || !start || !end) return null;
  const days = (Date.parse(end) - Date.parse(start)) / 86_400_000;
  return days <= 7 ? 'short' : 'standard';
}

// ---------------------------------------------------------------------------------------------
// Dates

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH = String.raw`(January|February|March|April|May|June|July|August|September|October|November|December)`;
/** "9 to 20 May 2022", "23 June – 16 July 2015", "22 February 2016–18 March 2016", "15 and 16 January 2019". */
const DATE_RANGE = new RegExp(String.raw`(\d{1,2})(?:\s+${MONTH})?(?:\s+(\d{4}))?\s*(?:–|—|-|to|and|until)\s*(\d{1,2})\s+${MONTH}\s+(\d{4})`, 'i');
const SINGLE_DATE = new RegExp(String.raw`(\d{1,2})\s+${MONTH}\s+(\d{4})`, 'i');

function isoDate(day: string, month: string, year: string | number): string | null {
  const m = MONTHS.indexOf(month.toLowerCase()) + 1;
  const d = Number(day);
  const y = Number(year);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (m === 0 || date.getUTCDate() !== d) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A later part of an inspection held in two parts: "... and 14 to 15 February 2023". */
const NEXT_PART = new RegExp(String.raw`^\s*(?:,|;|and|then)\s*(?:(\d{1,2})\s*(?:–|—|-|to|and|until)\s*)?(\d{1,2})\s+${MONTH}\s+(\d{4})`, 'i');

function parseDateRange(text: string): [string | null, string | null] | null {
  const range = DATE_RANGE.exec(text);
  if (range) {
    const parts = parseFirstRange(range);
    if (parts) {
      // The inspection ends on the last day of its last part.
      let rest = text.slice(range.index + range[0].length);
      for (let next = NEXT_PART.exec(rest); next; next = NEXT_PART.exec(rest)) {
        const end = isoDate(next[2] ?? '', next[3] ?? '', next[4] ?? '');
        if (!end || end < parts[1]) break;
        parts[1] = end;
        rest = rest.slice(next[0].length);
      }
      return parts;
    }
  }
  const single = SINGLE_DATE.exec(text);
  if (single) {
    const date = isoDate(single[1] ?? '', single[2] ?? '', single[3] ?? '');
    if (date) return [date, date];
  }
  return null;
}

function parseFirstRange(range: RegExpExecArray): [string, string] | null {
  const [, d1 = '', m1, y1, d2 = '', m2 = '', y2 = ''] = range;
  const end = isoDate(d2, m2, y2);
  let start = isoDate(d1, m1 ?? m2, y1 ?? y2);
  // "28 December to 8 January 2016": the start year is the one before.
  if (start && end && !y1 && start > end) start = isoDate(d1, m1 ?? m2, Number(y2) - 1);
  return start && end ? [start, end] : null;
}

function findDates(lines: string[]): [string | null, string | null] {
  for (let i = 0; i < Math.min(lines.length, FRONT_LINES); i++) {
    const line = lines[i] ?? '';
    const label = /^(?:inspection|visit) dates?:?\s*/i.exec(line);
    if (label) {
      const found = parseDateRange(`${line.slice(label[0].length)} ${lines[i + 1] ?? ''}`);
      if (found) return found;
    }
  }
  // Letters: "... the focused visit to X children's services on 15 and 16 January 2019."
  const flat = lines.slice(0, FRONT_LINES * 2).join(' ');
  const visit = /\b(?:visit|inspection|took place)\b[^.]{0,200}?\b(?:on|from|between)\s+(\d{1,2}\b[^.]{0,60})/i.exec(flat);
  return (visit?.[1] && parseDateRange(visit[1])) || [null, null];
}

// ---------------------------------------------------------------------------------------------
// Grades

/** Judgement labels, most specific first (one regex alternation, so a match is never reused). */
const LABELS: [OfstedJudgement, string][] = [
  ['impact_of_leaders', String.raw`impact of leaders`],
  ['help_and_protection', String.raw`children who need help and protection`],
  ['looked_after_permanence', String.raw`children looked after and achieving permanence`],
  ['children_in_care', String.raw`children in care and care leavers`],
  ['children_in_care', String.raw`children in care`],
  ['adoption', String.raw`adoption performance`],
  ['care_leavers', String.raw`care leavers`],
  ['leadership_management_governance', String.raw`leadership,? management and governance`],
  ['overall_effectiveness', String.raw`overall effectiveness`],
];
const LABEL_RE = new RegExp(LABELS.map(([, pattern]) => `(${pattern})`).join('|'), 'gi');
const GRADE_WORDS = new Set(['requires', 'require', 'improvement', 'to', 'be', 'good', 'outstanding', 'inadequate']);
/** Every word a judgement table holds; a line with any other word is not part of the table. */
const TABLE_WORDS = new Set([
  ...GRADE_WORDS,
  ...'judgement grade the impact of leaders on social work practice with children and families experiences progress who need help protection in care leavers overall effectiveness looked after achieving permanence adoption performance leadership management governance'.split(
    ' ',
  ),
]);

const words = (line: string): string[] =>
  line
    .toLowerCase()
    .split(/[\s,:;]+/)
    .filter((w) => w !== '');
const isTableLine = (line: string): boolean => words(line).every((w) => TABLE_WORDS.has(w) || /^[\d.]+$/.test(w));
const isGradeStart = (line: string): boolean => /^requires?(?: improvement(?: to be)?)?$/i.test(line);

function findGrades(lines: string[], framework: OfstedFramework): OfstedReport['grades'] {
  const grades: OfstedReport['grades'] = { ...tableGrades(lines.slice(0, FRONT_LINES)) };
  if (framework === 'ILACS') {
    for (const [judgement, grade] of Object.entries(headingGrades(lines))) grades[judgement as OfstedJudgement] ??= grade;
  }
  if (framework === 'SIF') {
    const flat = lines.join(' ');
    if (!grades.overall_effectiveness) {
      // "Children's services in Durham require improvement to be good", "The overall judgement is good"
      const headline = new RegExp(
        String.raw`(?:children['’]s services in [^.]{1,80}?|the overall judgement is(?: that children['’]s services)?)\s+(?:(?:are|is)\s+)?(${GRADE})\b`,
        'i',
      ).exec(lines.slice(0, FRONT_LINES).join(' '));
      const grade = headline?.[1] && toGrade(headline[1]);
      if (grade) grades.overall_effectiveness = grade;
    }
    const lscb = new RegExp(
      String.raw`\bThe (?:judgement for the )?(?:effectiveness of the )?(?:Local Safeguarding Children Board|LSCB)(?: \(LSCB\))? (?:(?:is|are) )?(${GRADE})\b`,
      'i',
    ).exec(flat);
    const grade = lscb?.[1] && toGrade(lscb[1]);
    if (grade) grades.lscb = grade;
  }
  // The register's column order, so the JSON reads the same for every report.
  return Object.fromEntries(JUDGEMENTS.filter((j) => grades[j]).map((j) => [j, grades[j]]));
}

/** Reads the judgement table: labels and grade words interleave, so pair them by order. */
function tableGrades(front: string[]): OfstedReport['grades'] {
  const hasLabel = new RegExp(LABEL_RE.source, 'i');
  for (let anchor = 0; anchor < front.length; anchor++) {
    if (!isTableLine(front[anchor] ?? '') || !hasLabel.test(front[anchor] ?? '')) continue;
    let first = anchor;
    while (first > 0 && isGradeStart(front[first - 1] ?? '')) first--;
    let last = anchor;
    while (last + 1 < front.length && isTableLine(front[last + 1] ?? '')) last++;
    const grades = pairLabelsWithGrades(front.slice(first, last + 1).flatMap(words));
    if (grades) return grades;
    anchor = last; // title lines can look like a table ("... children looked after and care leavers")
  }
  return {};
}

/** The n-th judgement label owns the n-th grade; null unless both counts agree. */
function pairLabelsWithGrades(tableWords: string[]): OfstedReport['grades'] | null {
  const gradeText = tableWords.filter((w) => GRADE_WORDS.has(w)).join(' ');
  const labelText = tableWords.filter((w) => !GRADE_WORDS.has(w)).join(' ');
  const found = [...gradeText.matchAll(new RegExp(GRADE, 'gi'))].map((m) => toGrade(m[0]));
  const labels = [...labelText.matchAll(LABEL_RE)].map((m) => LABELS[m.slice(1).findIndex((g) => g !== undefined)]?.[0]);
  if (found.length === 0 || found.length !== labels.length) return null;
  const grades: OfstedReport['grades'] = {};
  labels.forEach((label, i) => {
    const grade = found[i];
    if (label && grade) grades[label] = grade;
  });
  return grades;
}

/** ILACS section headings: "The experiences and progress of children in care: good". */
function headingGrades(lines: string[]): OfstedReport['grades'] {
  const grades: OfstedReport['grades'] = {};
  const flat = lines.join(' ');
  const heading = new RegExp(String.raw`\b(The impact of leaders[^:.]{0,80}|The experiences and progress of [^:.]{0,80}):\s*(${GRADE})\b`, 'gi');
  for (const match of flat.matchAll(heading)) {
    const label = [...(match[1] ?? '').matchAll(LABEL_RE)][0];
    const judgement = label && LABELS[label.slice(1).findIndex((g) => g !== undefined)]?.[0];
    const grade = toGrade(match[2] ?? '');
    if (judgement && grade && !grades[judgement]) grades[judgement] = grade;
  }
  return grades;
}

// ---------------------------------------------------------------------------------------------
// Improvement points

const SECTION_START =
  /^(?:Recommendations|What does the local authority need to improve\??|What needs to improve\b.*|Areas? for (?:priority )?(?:action|improvement)s?|Priority (?:and immediate )?actions?)$/i;
/** Headings (capitalised lines) ending the improvement section; the LSCB part of a SIF report starts with one. */
const SECTION_END =
  /^(?:Summary for children|The local authority['’]s strengths|Information about|Progress since|Summary of|Inspection findings|Inspection judgements?|The (?:Local Safeguarding Children Board|LSCB)\b|Section \d|The experiences and progress|The impact of leaders|Overall effectiveness|Executive summary|Contents|Headline findings|Main findings|Findings|Next steps|Evaluation of progress|Yours sincerely)/i;
const ITEM = /^(?:(\d{1,3})[.)]\s+|[\uF000-\uF0FF•◼▪●■◆]\s*)/;
const ENDS_SENTENCE = /[.;:!?]$|\)$/;

function findImprovementPoints(lines: string[]): string[] {
  // A contents page lists the heading too, followed by a page number or another listed heading.
  const listedInContents = (next: string): boolean => /^\d{1,3}$/.test(next) || (SECTION_END.test(next) && /\s\d{1,3}$/.test(next));
  const start = lines.findIndex((line, i) => SECTION_START.test(line) && !listedInContents(lines[i + 1] ?? ''));
  if (start < 0) return [];
  const section: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if ((/^[A-Z]/.test(line) && SECTION_END.test(line)) || /:\s*(?:requires?\s+improvement.*|good|outstanding|inadequate)$/i.test(line)) break;
    section.push(line);
  }
  const subheading = subheadingFlags(section);
  // Each heading of the section ("Areas for priority action", "Areas for improvement") opens a part.
  const parts: { items: string[][]; prose: string[] }[] = [{ items: [], prose: [] }];
  section.forEach((line, i) => {
    const part = parts.at(-1);
    const item = ITEM.exec(line);
    if (SECTION_START.test(line)) parts.push({ items: [], prose: [] });
    else if (!part || subheading[i]) return;
    else if (item) part.items.push([line.slice(item[0].length).trim()]);
    else if (part.items.length > 0) part.items.at(-1)?.push(line);
    else part.prose.push(line);
  });
  // Text before a part's first item introduces the list; a part with no items at all (a focused
  // visit's priority action written as a paragraph) is itself one point.
  return parts
    .flatMap((part) => (part.items.length > 0 ? part.items : part.prose.length > 0 ? [part.prose] : []))
    .map(joinLines)
    .filter((point) => point !== '');
}

const headingShaped = (line: string): boolean => /^[A-Z]/.test(line) && !ENDS_SENTENCE.test(line) && !/,$/.test(line);

/**
 * Subheadings inside the list ("Care leavers", "Planning for children who need protection"): a
 * capitalised line without closing punctuation that follows a finished sentence (or another heading)
 * and leads, possibly through further such lines, to the next item.
 */
function subheadingFlags(section: string[]): boolean[] {
  const flags = section.map(() => false);
  section.forEach((line, i) => {
    const previous = section[i - 1];
    const afterBreak = previous === undefined || flags[i - 1] === true || ENDS_SENTENCE.test(previous) || SECTION_START.test(previous);
    if (ITEM.test(line) || !afterBreak || !headingShaped(line)) return;
    let next = i + 1;
    while (next < section.length && !ITEM.test(section[next] ?? '') && headingShaped(section[next] ?? '')) next++;
    flags[i] = next >= section.length || ITEM.test(section[next] ?? '');
  });
  return flags;
}

/** Joins wrapped lines; a line ending in a hyphen ("16- and 17-year-" + "olds") joins without a space. */
function joinLines(parts: string[]): string {
  return parts
    .reduce((text, part) => (text === '' ? part : /\w-$/.test(text) ? text + part : `${text} ${part}`), '')
    .replace(/\s+/g, ' ')
    .trim();
}
