/**
 * Every implemented DfE CIN rule, and running them: on each child as it is read (`childFindings`),
 * over each file's children (`ReturnChecks`) and on its header (`headerFindings`). Add a rule by
 * exporting a `rule_<CODE>` object from one of the group files, with its cases in rules.test.ts.
 * Findings name the rule, the file, the element (the group holding it) and its line, the child and
 * the field; queries are warnings, errors are errors, and none refuses a row (what cannot be stored
 * is the structure check's business, reader.ts).
 */
import type { Finding } from '../../types.ts';
import {
  CIN_CATALOGUE,
  CIN_CATALOGUE_BY_CODE,
  CIN_MESSAGES_BEFORE_2024_25,
  CIN_RULE_INTRODUCED,
  CIN_RULESETS,
  isBefore2024_25,
  type CinRuleset,
} from '../catalogue.ts';
import type { CinGroup, CinHeader } from '../reader.ts';
import * as assessments from './assessments.ts';
import * as child from './child.ts';
import * as episodes from './episodes.ts';
import * as plans from './plans.ts';
import * as protection from './protection.ts';
import {
  identifiers,
  value,
  type AnyCinRule,
  type CensusPeriod,
  type CinHeaderRule,
  type CinHit,
  type CinRepeatRule,
  type CinReturnRule,
  type CinRule,
  type CinTallyRule,
  type ReturnTally,
} from './rule.ts';
import * as section47 from './section47.ts';
import * as whole from './return.ts';

export { censusPeriod, type CensusPeriod, type CinHit, type CinRule } from './rule.ts';

const ALL: readonly AnyCinRule[] = [child, episodes, assessments, plans, section47, protection, whole]
  .flatMap((module) =>
    Object.entries(module as Record<string, unknown>)
      .filter(([name]) => name.startsWith('rule_'))
      .map(([, value]) => value as AnyCinRule),
  )
  .sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }));

export const CIN_RULES: readonly CinRule[] = ALL.filter((entry): entry is CinRule => entry.scope === 'child');
export const RETURN_RULES: readonly CinReturnRule[] = ALL.filter((entry): entry is CinReturnRule => entry.scope === 'return');
export const HEADER_RULES: readonly CinHeaderRule[] = ALL.filter((entry): entry is CinHeaderRule => entry.scope === 'header');
export const CIN_RULES_BY_CODE: ReadonlyMap<string, AnyCinRule> = new Map(ALL.map((entry) => [entry.code, entry]));

export interface CinCoverage {
  implemented: number;
  total: number;
  missing: string[];
}

/** How many of the catalogue's rules are checked. */
export function coverage(): CinCoverage {
  return {
    implemented: CIN_CATALOGUE.filter((entry) => CIN_RULES_BY_CODE.has(entry.code)).length,
    total: CIN_CATALOGUE.length,
    missing: CIN_CATALOGUE.filter((entry) => !CIN_RULES_BY_CODE.has(entry.code)).map((entry) => entry.code),
  };
}

/**
 * The rules of one ruleset: those published by then, with that year's wording. Rules are checked by the
 * ruleset of the file's collection year (or the one asked for), so a 2023/24 return is not held to a
 * rule first published for 2024/25.
 */
function inRuleset<T extends AnyCinRule>(rules: readonly T[], ruleset: CinRuleset): T[] {
  const order = (name: CinRuleset) => CIN_RULESETS.indexOf(name);
  return rules
    .filter((entry) => order(CIN_RULE_INTRODUCED.get(entry.code) ?? '2022/23') <= order(ruleset))
    .map((entry) =>
      isBefore2024_25(ruleset) && CIN_MESSAGES_BEFORE_2024_25.has(entry.code) ? { ...entry, message: CIN_MESSAGES_BEFORE_2024_25.get(entry.code)! } : entry,
    );
}
const RULESETS = new Map(CIN_RULESETS.map((name) => [name, { child: inRuleset(CIN_RULES, name), ret: inRuleset(RETURN_RULES, name) }]));
/** The child and return rules of a ruleset. */
export const rulesOf = (ruleset: CinRuleset) => RULESETS.get(ruleset)!;

function finding(entry: AnyCinRule, file: string, childId: string | null, hit: CinHit | null, table?: string): Finding {
  return {
    rule: entry.code,
    message: entry.message,
    file,
    table: hit ? hit.group.name : (table ?? null),
    row: hit ? (hit.group.lines[hit.field] ?? hit.group.line) : null,
    child: childId,
    field: hit ? hit.field : (CIN_CATALOGUE_BY_CODE.get(entry.code)!.fields[0] ?? null),
    severity: entry.severity,
    rejects: false,
  };
}

/** The child rules' findings for one child (by default the period's ruleset); a rule that throws is reported as a warning, never fatal. */
export function childFindings(
  child: CinGroup,
  period: CensusPeriod,
  file: string,
  childId: string | null,
  rules: readonly CinRule[] = rulesOf(period.ruleset).child,
): Finding[] {
  const findings: Finding[] = [];
  for (const entry of rules) {
    let hits: CinHit[];
    try {
      hits = entry.check(child, period);
    } catch (error) {
      findings.push({
        ...finding(entry, file, childId, null, child.name),
        row: child.line,
        message: `Rule ${entry.code} could not be checked: ${(error as Error).message}`,
        severity: 'warning',
      });
      continue;
    }
    for (const hit of hits) findings.push(finding(entry, file, childId, hit));
  }
  return findings;
}

/**
 * A possible hit of a repeat rule (8510, 1520): `finding` stands when `key` was already seen under
 * the same `rule` in the same file. Whoever reads the file keeps the keys seen (importer.ts: in SQL
 * on import), so that memory does not grow with the children.
 */
export interface Repeat {
  rule: string;
  key: string;
  finding: Finding;
}

const isRepeatRule = (entry: CinReturnRule): entry is CinRepeatRule => 'repeats' in entry;
const activeReturnRules = new Map(CIN_RULESETS.map((name) => [name, new Set(rulesOf(name).ret.map((entry) => entry.code))]));

/**
 * The return rules over one file: `add` each child as it is read (and look up its `repeats`), then
 * `finish`. A child's findings are those of `add`, then those of its repeats that stand, in that order.
 */
export class ReturnChecks {
  private readonly file: string;
  private readonly tallies: Array<{ entry: CinTallyRule; tally: ReturnTally }>;
  private readonly repeatRules: CinRepeatRule[];
  /** The ruleset of the children seen (the file's): it decides which return rules count and their wording. */
  private ruleset: CinRuleset | null = null;
  constructor(file: string, rules: readonly CinReturnRule[] = RETURN_RULES) {
    this.file = file;
    this.tallies = rules.filter((entry): entry is CinTallyRule => !isRepeatRule(entry)).map((entry) => ({ entry, tally: entry.tally() }));
    this.repeatRules = rules.filter(isRepeatRule);
  }

  add(child: CinGroup, period: CensusPeriod, childId: string | null): Finding[] {
    this.ruleset = period.ruleset;
    const active = activeReturnRules.get(period.ruleset)!;
    return this.tallies.flatMap(({ entry, tally }) =>
      active.has(entry.code) ? tally.add(child, period).map((hit) => finding(this.worded(entry), this.file, childId, hit)) : [],
    );
  }

  /** The child's values the repeat rules look up: its trimmed ID and UPN, when it has them. */
  repeats(child: CinGroup, period: CensusPeriod, childId: string | null): Repeat[] {
    this.ruleset = period.ruleset;
    const active = activeReturnRules.get(period.ruleset)!;
    const ids = identifiers(child);
    const found: Repeat[] = [];
    if (!ids) return found;
    for (const entry of this.repeatRules) {
      const key = value(ids, entry.repeats).trim();
      if (key && active.has(entry.code))
        found.push({ rule: entry.code, key, finding: finding(this.worded(entry), this.file, childId, { group: ids, field: entry.repeats }) });
    }
    return found;
  }

  finish(): Finding[] {
    const active = this.ruleset ? activeReturnRules.get(this.ruleset)! : null;
    return this.tallies
      .filter(({ entry, tally }) => (!active || active.has(entry.code)) && tally.breaks())
      .map(({ entry }) => finding(this.worded(entry), this.file, null, null, CIN_CATALOGUE_BY_CODE.get(entry.code)!.module));
  }

  private worded<T extends CinReturnRule>(entry: T): T {
    return ((this.ruleset && rulesOf(this.ruleset).ret.find((item) => item.code === entry.code)) || entry) as T;
  }
}

export function headerFindings(header: CinHeader, file: string): Finding[] {
  return HEADER_RULES.filter((entry) => entry.breaks(header)).map((entry) => ({
    ...finding(entry, file, null, null, 'Message/Header/CollectionDetails'),
    field: 'ReferenceDate',
  }));
}
