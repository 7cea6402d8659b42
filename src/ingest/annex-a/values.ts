/**
 * Reading Annex A cell values. Ofsted's template offers coded choices such as `a) WBRI`,
 * `q) 6: Police`, `e) PR4 - Private provision`: the letter prefix (`a) `, `p1) `, `zz) `) is
 * stripped and the code kept in the form the other sources store it (WBRI, 6, PR4), so a child's
 * record reads the same whichever return it came from. Plain values (`WBRI`, `Male`, `Yes`) and the
 * usual descriptions (`White British`, `Physical abuse`) are read too. A value that cannot be read
 * gives a problem (a warning: the value is not stored); the caller decides when it stops a row.
 */
import { readDateTime } from '../ssd/values.ts';
import type { Cell } from './workbook.ts';

export type Reading<T = string> = { value: T | null; problem?: string };

/** `a) WBRI` → `WBRI`; `p1) 5D: LA services` → `5D: LA services`. */
export function stripPrefix(text: string): string {
  return text.replace(/^\s*[a-z]{1,2}\d?\)\s*/i, '').trim();
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function isoDay(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** An Excel day number (1 = 1 January 1900, or 2 January 1904 in the 1904 system) as a date. */
export function excelSerialDate(serial: number, date1904: boolean): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 110_000) return null;
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  return new Date(epoch + Math.floor(serial + 1e-9) * 86_400_000).toISOString().slice(0, 10);
}

/** A date from a date cell, an Excel day number, or text (ISO, dd/mm/YYYY, dd-mm-YYYY, dd.mm.YYYY, 5 Sep 2024). */
export function readDate(cell: Cell, date1904: boolean): Reading {
  if (cell.date) return { value: cell.date };
  if (cell.number !== undefined) {
    const value = excelSerialDate(cell.number, date1904);
    return value ? { value } : { value: null, problem: `${cell.text} is not a date.` };
  }
  const text = cell.text.trim();
  if (!text) return { value: null };
  const read = readDateTime(text.replace(/^(\d{1,2})[-.](\d{1,2})[-.](\d{4})/, '$1/$2/$3'));
  if (read) return { value: read.date };
  const named = /^(\d{1,2})[ -]([a-z]{3,9})[ -,]+(\d{4})$/i.exec(text);
  const month = named ? MONTHS.indexOf(named[2]!.slice(0, 3).toLowerCase()) + 1 : 0;
  const value = named && month ? isoDay(Number(named[3]), month, Number(named[1])) : null;
  return value ? { value } : { value: null, problem: `“${text.slice(0, 40)}” is not a date: give an Excel date, or write it dd/mm/YYYY.` };
}

export function readInteger(cell: Cell): Reading {
  const text = cell.text.trim();
  if (!text) return { value: null };
  const number = cell.number ?? (/^[+-]?\d+(\.0+)?$/.test(text) ? Number(text) : Number.NaN);
  if (!Number.isInteger(number) || Math.abs(number) > 100_000) return { value: null, problem: `“${text.slice(0, 40)}” is not a whole number.` };
  return { value: String(number) };
}

/** Yes / No as Y / N; “Unknown” is no answer. */
export function readYesNo(text: string): Reading {
  const value = stripPrefix(text).toLowerCase();
  if (!value || /^(unknown|not known|u)$/.test(value)) return { value: null };
  if (/^(y|yes|true|1)\b/.test(value)) return { value: 'Y' };
  if (/^(n|no|false|0)\b/.test(value)) return { value: 'N' };
  return { value: null, problem: `“${text.slice(0, 40)}” is not Yes or No.` };
}

/** Sex as the other sources store it (M / F / U), with the template's label for pers_gender. */
export function readGender(text: string): Reading<{ sex: string; label: string }> {
  const value = stripPrefix(text);
  if (!value) return { value: null };
  if (/^(m|male|1)$/i.test(value)) return { value: { sex: 'M', label: 'Male' } };
  if (/^(f|female|2)$/i.test(value)) return { value: { sex: 'F', label: 'Female' } };
  if (/^neither/i.test(value)) return { value: { sex: 'U', label: 'Neither' } };
  if (/not stated|not recorded|unknown|indeterminate|^(u|0|9)$/i.test(value)) return { value: { sex: 'U', label: 'Not stated/recorded' } };
  return { value: null, problem: `“${text.slice(0, 40)}” is not a gender Annex A knows (Male, Female, Not stated/recorded, Neither).` };
}

const ETHNICITY: Array<[code: string, name: RegExp]> = [
  ['WBRI', /white.*british/],
  ['WIRI', /white.*irish/],
  ['WIRT', /traveller.*irish/],
  ['WROM', /gypsy|roma/],
  ['WOTH', /(other|any other) white/],
  ['MWBC', /white and black caribbean/],
  ['MWBA', /white and black african/],
  ['MWAS', /white and asian/],
  ['MOTH', /(other|any other) mixed/],
  ['AIND', /^indian/],
  ['APKN', /^pakistani/],
  ['ABAN', /^bangladeshi/],
  ['AOTH', /(other|any other) asian/],
  ['BCRB', /^(black )?caribbean/],
  ['BAFR', /^(black )?african/],
  ['BOTH', /(other|any other) black/],
  ['CHNE', /^chinese/],
  ['OOTH', /(other|any other) ethnic/],
  ['REFU', /refused/],
  ['NOBT', /not (yet )?obtained/],
];

export function readEthnicity(text: string): Reading {
  const value = stripPrefix(text);
  if (!value) return { value: null };
  const code = /^([A-Z]{4})\b/i.exec(value)?.[1]?.toUpperCase();
  if (code && ETHNICITY.some(([known]) => known === code)) return { value: code };
  const named = ETHNICITY.find(([, name]) => name.test(value.toLowerCase()));
  return named ? { value: named[0] } : { value: null, problem: `“${text.slice(0, 40)}” is not an ethnicity code (WBRI, APKN… or their names).` };
}

/** Contact and referral sources: `q) 6: Police` → code 6, description Police. */
const SOURCES: Array<[code: string, name: RegExp]> = [
  ['6', /^police/],
  ['2A', /^schools?$/],
  ['2B', /^education/],
  ['4', /^housing/],
  ['5D', /early help/],
  ['9', /^anonymous/],
  ['10', /^unknown/],
  ['1C', /^self/],
  ['3A', /\bgp\b|general practitioner/],
  ['3B', /health visitor/],
  ['3C', /school nurse/],
  ['3E', /a&e|accident and emergency/],
  ['7', /other legal/],
];

export function readSource(text: string): Reading<{ code: string | null; description: string | null }> {
  const value = stripPrefix(text);
  if (!value) return { value: null };
  const coded = /^(\d{1,2}[A-F]?)\s*(?:[:\-–]\s*(.*))?$/i.exec(value);
  if (coded) return { value: { code: coded[1]!.toUpperCase(), description: coded[2]?.trim() || null } };
  const named = SOURCES.find(([, name]) => name.test(value.toLowerCase()));
  if (named) return { value: { code: named[0], description: value } };
  return {
    value: { code: null, description: value },
    problem: `No source code found in “${text.slice(0, 40)}”: the description is kept, the code left blank.`,
  };
}

/** A code at the start of the value, by its pattern: `N1 - Abuse or neglect` → N1. */
function leadingCode(text: string, pattern: RegExp, what: string, names: Array<[string, RegExp]> = []): Reading {
  const value = stripPrefix(text);
  if (!value) return { value: null };
  const match = pattern.exec(value.toUpperCase());
  if (match) return { value: match[1]! };
  const named = names.find(([, name]) => name.test(value.toLowerCase()));
  return named ? { value: named[0] } : { value: null, problem: `“${text.slice(0, 40)}” is not ${what}.` };
}

const NEEDS: Array<[string, RegExp]> = [
  ['N1', /abuse|neglect/],
  ['N2', /child.*disab/],
  ['N3', /parent.*(disab|ill)/],
  ['N4', /acute stress/],
  ['N5', /dysfunction/],
  ['N6', /behaviour/],
  ['N7', /low income/],
  ['N8', /absent parenting/],
  ['N9', /other than children in need/],
  ['N0', /not stated/],
];
const ABUSE: Array<[string, RegExp]> = [
  ['NEG', /neglect/],
  ['PHY', /physical/],
  ['SAB', /sexual/],
  ['EMO', /emotional/],
  ['MUL', /multiple/],
];
const PERMANENCE: Array<[string, RegExp]> = [
  ['Return to family', /return/],
  ['Adoption', /adopt/],
  ['SGO/CAO', /sgo|cao|guardianship|arrangements/],
  ['Supported living in the community', /supported living/],
  ['Long-term residential placement', /residential/],
  ['Long-term fostering', /foster/],
  ['Other', /other/],
];

/** The code-valued columns, by field id (see lists.ts). */
export function readCode(field: string, text: string): Reading {
  switch (field) {
    case 'primaryNeed':
    case 'categoryOfNeed':
      return leadingCode(text, /^(N\d)\b/, 'a need code (N0–N9)', NEEDS);
    case 'closureReason':
      return leadingCode(text, /^(RC\d)\b/, 'a reason for closure (RC1–RC9)');
    case 'initialCategory':
    case 'latestCategory':
      return leadingCode(text, /^(NEG|PHY|SAB|EMO|MUL)\b/, 'a category of abuse', ABUSE);
    case 'legalStatus':
      return leadingCode(text, /^([CDEJLV]\d)\b/, 'a legal status code (C1, C2, E1, V2…)');
    case 'reasonCeased':
      return leadingCode(text, /^(E\d{1,2}[AB]?|X1)\b/, 'a reason ceased to be looked after (E2, E4A, E11…)');
    case 'placementType':
      return leadingCode(text, /^([A-Z]\d)\b/, 'a placement type (U1–U6, K2, R1…)');
    case 'placementProvider':
      return leadingCode(text, /^(PR\d)\b/, 'a placement provider (PR0–PR5)');
    case 'reversedReason':
      return leadingCode(text, /^(RD\d)\b/, 'a reason no longer placed for adoption (RD1–RD4)');
    case 'activity':
      return leadingCode(text, /^([FGP]\d)\b/, 'an activity code (F1–F5, P1–P5, G4–G6)');
    case 'accommodation':
      return leadingCode(text, /^([B-Z])(?:\d|\s*[:)\-–]|$)/, 'an accommodation code (B–Z)');
    case 'inTouch':
      return leadingCode(text, /^(YES|NO|DIED|REFU|NREQ|RHOM)\b/, 'an “in touch” answer (Yes, No, Died, Refu, NREQ, Rhom)', [
        ['YES', /^y/],
        ['NO', /^n/],
      ]);
    case 'suitability': {
      const value = stripPrefix(text).toLowerCase();
      if (!value) return { value: null };
      if (/^(unsuitable|not suitable|2|n)/.test(value)) return { value: '2' };
      if (/^(suitable|1|y)/.test(value)) return { value: '1' };
      return { value: null, problem: `“${text.slice(0, 40)}” is not Suitable or Unsuitable.` };
    }
    case 'eligibility': {
      const value = stripPrefix(text).toLowerCase();
      if (!value) return { value: null };
      const known = [
        ['Former relevant', /former/],
        ['Relevant', /relevant/],
        ['Qualifying', /qualif/],
        ['Eligible', /eligible/],
      ] as const;
      const found = known.find(([, pattern]) => pattern.test(value));
      return found ? { value: found[0] } : { value: null, problem: `“${text.slice(0, 40)}” is not an eligibility category.` };
    }
    case 'permanencePlan':
      return leadingCode(text, /^$/, 'a permanence plan Annex A lists', PERMANENCE);
    default:
      return { value: stripPrefix(text) || null };
  }
}
