/**
 * Every implemented SSDA903 rule, and running them over a return. Add a rule by exporting a
 * `rule_<CODE>` object from one of the group files (with test cases in rules.test.ts).
 */
import type { Finding } from '../../types.ts';
import {
  CATALOGUE,
  CHANGED_903,
  compareCodes,
  inRuleset903,
  INTRODUCED_903,
  LATER_CHANGES_903,
  MESSAGES_903,
  NEEDS_REFERENCE_DATA,
  order903,
  POSTCODE_DERIVED,
  PARTLY_CHECKED,
  ruleset903For,
  RULESETS_903,
  type Ruleset903,
} from '../catalogue.ts';
import { REQUIRED_COLUMNS, type Table903 } from '../tables.ts';
import * as adoption from './adoption.ts';
import * as adoptionOther from './adoption-other.ts';
import * as episodes from './episodes.ts';
import * as header from './header.ts';
import * as outcomes from './outcomes.ts';
import * as placements from './placements.ts';
import * as previousYear from './previous-year.ts';
import * as providers from './providers.ts';
import * as reviewsMissing from './reviews-missing.ts';
import * as socialWorkers from './social-workers.ts';
import * as y2025_26 from './y2025-26.ts';
import * as y2026_27 from './y2026-27.ts';
import { codeYear, forgetGroupings, lastYear, rulesetOf, v, type Return903, type Rule903 } from './rule.ts';

function collect(...modules: Array<Record<string, unknown>>): Rule903[] {
  return modules.flatMap((module) =>
    Object.entries(module)
      .filter(([name]) => name.startsWith('rule_'))
      .map(([, value]) => value as Rule903),
  );
}

export const RULES: readonly Rule903[] = collect(
  header,
  episodes,
  reviewsMissing,
  outcomes,
  adoptionOther,
  previousYear,
  placements,
  adoption,
  socialWorkers,
  y2025_26,
  y2026_27,
  providers,
)
  .map(withChangesOf2025_26)
  .sort((a, b) => compareCodes(a.code, b.code));

/** A rule DfE changed for 2025/26 checks a return by its 2025/26 reading when the return's ruleset is 2025/26 or later. */
function withChangesOf2025_26(entry: Rule903): Rule903 {
  const later = y2025_26.FROM_2025_26.get(entry.code);
  return later ? { ...entry, check: (data) => (codeYear(data) >= 2026 ? later(data) : entry.check(data)) } : entry;
}

export const RULES_BY_CODE: ReadonlyMap<string, Rule903> = new Map(RULES.map((entry) => [entry.code, entry]));

/** The rules of one ruleset (those DfE published for that year and had not deleted), with that year's wording. */
const RULESETS: ReadonlyMap<Ruleset903, readonly Rule903[]> = new Map(
  RULESETS_903.map((ruleset) => [
    ruleset,
    RULES.filter((entry) => inRuleset903(entry.code, ruleset)).map((entry) => {
      const message = MESSAGES_903.get(entry.code)?.get(ruleset);
      return message ? { ...entry, message } : entry;
    }),
  ]),
);
export const rulesOf = (ruleset: Ruleset903): readonly Rule903[] => RULESETS.get(ruleset)!;

export interface Coverage {
  implemented: number;
  total: number;
  /** Rules needing only the current year's tables. */
  currentYearOnly: { implemented: number; total: number };
  /** Rules comparing with last year's return (they run when `<table>_last.csv` files are supplied). */
  previousYear: { implemented: number; total: number };
  /** Rules that need data Keystone does not ship (Ofsted's provider lists, which a council gives beside its return), with what they need: without it they are listed as not run. */
  needsReferenceData: Array<{ code: string; reason: string }>;
  /** Rules not implemented for any other reason. */
  missing: string[];
}

export function coverage(): Coverage {
  const needsLastYear = (tables: readonly string[]) => tables.some((table) => table.toLowerCase().endsWith('_last'));
  const current = CATALOGUE.filter((entry) => !needsLastYear(entry.tables));
  const previous = CATALOGUE.filter((entry) => needsLastYear(entry.tables));
  const implemented = (entries: typeof CATALOGUE) => entries.filter((entry) => RULES_BY_CODE.has(entry.code)).length;
  const notImplemented = CATALOGUE.filter((entry) => !RULES_BY_CODE.has(entry.code));
  return {
    implemented: implemented(CATALOGUE),
    total: CATALOGUE.length,
    currentYearOnly: { implemented: implemented(current), total: current.length },
    previousYear: { implemented: implemented(previous), total: previous.length },
    needsReferenceData: CATALOGUE.filter((entry) => NEEDS_REFERENCE_DATA.has(entry.code)).map((entry) => ({
      code: entry.code,
      reason: NEEDS_REFERENCE_DATA.get(entry.code)!,
    })),
    missing: notImplemented.filter((entry) => !NEEDS_REFERENCE_DATA.has(entry.code)).map((entry) => entry.code),
  };
}

/** Why a rule comparing with the council's own LA was not run. */
export const COUNCIL_UNKNOWN = "needs the council's own DfE local authority code: set it on Council settings (imports), or give --la-code (keystone validate)";

/** A DfE rule Keystone did not run on a return, or ran only in part, and why. */
export interface RuleNotRun {
  code: string;
  reason: string;
  /** True when the rule was run, but only part of DfE's check could be made. */
  partly?: boolean;
}

/**
 * Every catalogue rule that was not run on this return, or only in part, with the reason: the tables
 * or columns it needs were not supplied (last year's, or a column DfE derives from the postcodes with
 * ONS's postcode directory), or it needs reference data Keystone does not have. Reports show this list,
 * so a clean report is never taken for checks that were not made.
 */
export function rulesNotRun(data: Return903, skipped: readonly string[]): RuleNotRun[] {
  const ruleset = rulesetOf(data);
  const own = ruleset903For(data.year.endYear);
  /** A ruleset after the one the return was checked with, up to its collection year's. */
  const newer = (introduced: Ruleset903 | undefined) => !!introduced && order903(introduced) > order903(ruleset) && order903(introduced) <= order903(own);
  const previous = lastYear(data);
  const because = (code: string): string => {
    const entry = RULES_BY_CODE.get(code)!;
    const absent = entry.tables.filter((table) => !data.present.has(table));
    if (absent.length) return `needs the ${absent.join(' and ')} table${absent.length > 1 ? 's' : ''}, not supplied`;
    const absentLast = entry.previousTables.filter((table) => !previous.present.has(table));
    if (absentLast.length)
      return `compares with last year's ${absentLast.join(' and ')}: supply ${absentLast.map((table) => `${table.toLowerCase()}_last.csv`).join(' and ')}`;
    const absentColumn = entry.columns.find((name) => !entry.tables.some((table) => data.columns[table]?.has(name)));
    if (!absentColumn && entry.needsCouncil && !data.council) return COUNCIL_UNKNOWN;
    const column = absentColumn ?? entry.columns[0];
    return POSTCODE_DERIVED.get(column ?? '') ?? `needs the ${column} column, which the file lacks`;
  };
  return [
    ...skipped.map((code) => ({ code, reason: because(code) })),
    // Rules needing Ofsted's provider lists, when none (or not enough) were given.
    ...CATALOGUE.filter((entry) => !data.providers && NEEDS_REFERENCE_DATA.has(entry.code) && inRuleset903(entry.code, ruleset)).map((entry) => ({
      code: entry.code,
      reason: `not checked: ${data.providersIncomplete ?? `needs ${NEEDS_REFERENCE_DATA.get(entry.code)!}`}`,
    })),
    ...[...PARTLY_CHECKED].filter(([code]) => !skipped.includes(code) && inRuleset903(code, ruleset)).map(([code, reason]) => ({ code, reason, partly: true })),
    // Checked with an earlier ruleset than its collection year's (asked for): that year's newer rules, and those DfE changed since.
    ...CATALOGUE.filter((entry) => newer(INTRODUCED_903.get(entry.code)) && inRuleset903(entry.code, own)).map((entry) => ({
      code: entry.code,
      reason: `a rule DfE added for ${INTRODUCED_903.get(entry.code)!}, in the ${own} rules of the return's collection year; checked with ${ruleset}, as asked`,
    })),
    ...[...CHANGED_903]
      .filter(([code, change]) => newer(change.ruleset) && !skipped.includes(code))
      .map(([code, change]) => ({ code, reason: `checked as in ${ruleset}, as asked; DfE changed it for ${change.ruleset} (${change.what})`, partly: true })),
    // A return of a year after Keystone's latest ruleset: DfE's later rules, and the rules it changed since.
    ...LATER_CHANGES_903.filter((change) => data.year.endYear >= change.fromEndYear && !skipped.includes(change.code)).map((change) => {
      const year = `${change.fromEndYear - 1}/${String(change.fromEndYear).slice(2)}`;
      return change.kind === 'added'
        ? { code: change.code, reason: `a rule DfE added for ${year} (${change.what}); Keystone's latest SSDA903 ruleset is ${ruleset}` }
        : { code: change.code, reason: `checked as in ${ruleset}; DfE changed it for ${year} (${change.what})`, partly: true };
    }),
  ].sort((a, b) => compareCodes(a.code, b.code));
}

/** The DfE ruleset a 903 return was checked with, and why that one, for the report. */
export function rulesetName(data: Return903): string {
  const ruleset = rulesetOf(data);
  const year = `${data.year.endYear - 1}-${String(data.year.endYear).slice(2)}`;
  const why = data.ruleset
    ? `asked for; the return's collection year is ${year}`
    : ruleset903For(data.year.endYear) === ruleset && ruleset.replace('/', '-') === year
      ? `the return's collection year, ${year}`
      : `the nearest Keystone has to the return's collection year, ${year}`;
  return `DfE SSDA903 validation rules ${ruleset} (${why})`;
}

/** Runs every rule of the return's ruleset whose tables and columns were supplied; a rule that throws is reported, never fatal. */
export function runRules(data: Return903, rules: readonly Rule903[] = rulesOf(rulesetOf(data))): { findings: Finding[]; skipped: string[] } {
  const findings: Finding[] = [];
  const skipped: string[] = [];
  for (const entry of rules) {
    const previous = lastYear(data);
    const tablesPresent = entry.tables.every((table) => data.present.has(table)) && entry.previousTables.every((table) => previous.present.has(table));
    const columnsPresent = entry.columns.every(
      (column) =>
        entry.tables.some((table) => data.columns[table]?.has(column)) &&
        (entry.previousTables.length === 0 || entry.previousTables.some((table) => previous.columns[table]?.has(column))),
    );
    // Without Ofsted's lists a rule reading them is listed as not run by rulesNotRun, for that reason.
    if (entry.needsProviders && !data.providers) continue;
    if (!tablesPresent || !columnsPresent || (entry.needsCouncil && !data.council)) {
      skipped.push(entry.code);
      continue;
    }
    let hits;
    try {
      hits = entry.check(data);
    } catch (error) {
      findings.push({
        rule: entry.code,
        message: `Rule ${entry.code} could not be checked: ${(error as Error).message}`,
        file: '',
        table: null,
        row: null,
        child: null,
        field: null,
        severity: 'warning',
        rejects: false,
      });
      continue;
    }
    // The field a hit names by default, per table: the rule's first field that table has.
    const defaults = new Map<string, string | null>();
    const defaultField = (table: Table903): string | null => {
      let field = defaults.get(table);
      if (field === undefined) defaults.set(table, (field = entry.fields.find((name) => REQUIRED_COLUMNS[table].includes(name)) ?? entry.fields[0] ?? null));
      return field;
    };
    for (const hit of hits) {
      const field = hit.field ?? defaultField(hit.table);
      findings.push({
        rule: entry.code,
        message: entry.message,
        file: hit.row.file,
        table: hit.table,
        row: hit.row.line,
        child: v(hit.row, 'CHILD') || null,
        field,
        severity: entry.severity,
        rejects: entry.rejects,
      });
    }
  }
  forgetGroupings(data);
  return { findings, skipped };
}
