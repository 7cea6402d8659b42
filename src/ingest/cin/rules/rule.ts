/**
 * One DfE CIN rule = one object: its code, the catalogue's message and kind, and a check that
 * returns the groups (and the element in each) that break it. Helpers here keep each check a few
 * readable lines over the reader's tree of one child (reader.ts: values, lists, groups, lines).
 */
import { addDays, addMonths, isWorkingDay } from '../../../core/dates.ts';
import { CIN_CATALOGUE_BY_CODE, cinRulesetFor, type CinRuleset } from '../catalogue.ts';
import type { CinGroup, CinHeader } from '../reader.ts';
import { xsDate, type CinSchema } from '../schema.ts';

export interface CensusPeriod {
  /** First and last day of the census year, ISO; `end` is the reference date. */
  start: string;
  end: string;
  schema: CinSchema;
  /** The DfE ruleset checked: the collection year's, unless one was asked for. */
  ruleset: CinRuleset;
}

/** The census year ending 31 March of `year`, checked with that year's ruleset unless another is given. */
export function censusPeriod(year: number, schema: CinSchema, ruleset: CinRuleset = cinRulesetFor(year)): CensusPeriod {
  return { start: `${year - 1}-04-01`, end: `${year}-03-31`, schema, ruleset };
}

export interface CinHit {
  /** The group holding the element (its line is reported when the element has none of its own). */
  group: CinGroup;
  field: string;
}

interface RuleBase {
  code: string;
  message: string;
  severity: 'error' | 'warning';
}

/** A rule about one child. */
export interface CinRule extends RuleBase {
  scope: 'child';
  check(child: CinGroup, period: CensusPeriod): CinHit[];
}

/**
 * A rule about the whole return: a tally sees every child of one file (`add`, which may already
 * name a child, e.g. the second record with the same UPN) and says at the end whether the return
 * as a whole breaks the rule.
 */
export interface ReturnTally {
  add(child: CinGroup, period: CensusPeriod): CinHit[];
  breaks(): boolean;
}
export interface CinTallyRule extends RuleBase {
  scope: 'return';
  tally(): ReturnTally;
}
/**
 * A rule about the whole return that hits every child with the same value of a ChildIdentifiers field
 * (`repeats`) as another: the second and later as they come, the first when the second comes. The values
 * seen, and who first gave each, are kept by the importer, not the rule: in SQL on import, so that memory
 * does not grow with the children (importer.ts).
 */
export interface CinRepeatRule extends RuleBase {
  scope: 'return';
  repeats: string;
}
export type CinReturnRule = CinTallyRule | CinRepeatRule;

/** A rule about the header. */
export interface CinHeaderRule extends RuleBase {
  scope: 'header';
  breaks(header: CinHeader): boolean;
}

export type AnyCinRule = CinRule | CinReturnRule | CinHeaderRule;

function base(code: string, scope: AnyCinRule['scope']): RuleBase {
  const entry = CIN_CATALOGUE_BY_CODE.get(code);
  if (!entry) throw new Error(`Rule ${code} is not in the CIN catalogue`);
  if (entry.scope !== scope) throw new Error(`Rule ${code} is a ${entry.scope} rule in the CIN catalogue`);
  return { code, message: entry.message, severity: entry.kind === 'query' ? 'warning' : 'error' };
}

/** Defines a child rule: message and kind come from the catalogue by code. */
export const rule = (code: string, check: CinRule['check']): CinRule => ({ ...base(code, 'child'), scope: 'child', check });
export const returnRule = (code: string, tally: CinTallyRule['tally']): CinTallyRule => ({ ...base(code, 'return'), scope: 'return', tally });
export const repeatRule = (code: string, field: string): CinRepeatRule => ({ ...base(code, 'return'), scope: 'return', repeats: field });
export const headerRule = (code: string, breaks: CinHeaderRule['breaks']): CinHeaderRule => ({ ...base(code, 'header'), scope: 'header', breaks });

// ---- the child's tree ----

export const groupsOf = (group: CinGroup | undefined, name: string): CinGroup[] => group?.groups[name] ?? [];
export const identifiers = (child: CinGroup) => groupsOf(child, 'ChildIdentifiers')[0];
export const characteristics = (child: CinGroup) => groupsOf(child, 'ChildCharacteristics')[0];
export const disabilitiesGroup = (child: CinGroup) => groupsOf(characteristics(child), 'Disabilities')[0];
export const disabilities = (child: CinGroup): readonly string[] => disabilitiesGroup(child)?.lists.Disability ?? [];
export const episodes = (child: CinGroup) => groupsOf(child, 'CINdetails');
export const assessments = (episode: CinGroup) => groupsOf(episode, 'Assessments');
export const factors = (assessment: CinGroup): readonly string[] => groupsOf(assessment, 'FactorsIdentifiedAtAssessment')[0]?.lists.AssessmentFactors ?? [];
export const cinPlans = (episode: CinGroup) => groupsOf(episode, 'CINPlanDates');
export const enquiries = (episode: CinGroup) => groupsOf(episode, 'Section47');
export const protectionPlans = (episode: CinGroup) => groupsOf(episode, 'ChildProtectionPlans');
export const reviewsGroup = (plan: CinGroup) => groupsOf(plan, 'Reviews')[0];

type EpisodeGroup = 'Assessments' | 'CINPlanDates' | 'Section47' | 'ChildProtectionPlans';
let gatheredFor: CinGroup | null = null;
const gathered = new Map<EpisodeGroup, CinGroup[]>();
/** One kind of group across every episode of the child, gathered once per child (the rules run one child at a time). */
export function acrossEpisodes(child: CinGroup, name: EpisodeGroup): readonly CinGroup[] {
  if (gatheredFor !== child) {
    gatheredFor = child;
    gathered.clear();
  }
  let groups = gathered.get(name);
  if (!groups) {
    groups = episodes(child).flatMap((episode) => groupsOf(episode, name));
    gathered.set(name, groups);
  }
  return groups;
}
/** A child protection plan's review dates that are real dates (the structure check reports the rest). */
export const reviewDates = (plan: CinGroup): string[] =>
  (reviewsGroup(plan)?.lists.CPPreviewDate ?? []).map(parseDate).filter((date): date is string => !!date);

// ---- values ----

export const value = (group: CinGroup | undefined, field: string): string => group?.values[field] ?? '';
export const has = (group: CinGroup | undefined, field: string) => value(group, field) !== '';
const parsedDates = new Map<string, string | null>();
/** xsDate, remembered: the same few thousand dates recur across a census, and rules read each many times. */
function parseDate(text: string | undefined): string | null {
  if (!text) return null;
  let date = parsedDates.get(text);
  if (date === undefined) {
    if (parsedDates.size >= 100_000) parsedDates.clear();
    date = xsDate(text);
    parsedDates.set(text, date);
  }
  return date;
}
/** A leaf as an ISO date, or null when absent or not a date (the structure check reports those). */
export const dateOf = (group: CinGroup | undefined, field: string): string | null => parseDate(group?.values[field]);
/** The reader reads true / false as 1 / 0. */
export const noFurtherAction = (episode: CinGroup) => value(episode, 'ReferralNFA') === '1';
export const furtherAction = (episode: CinGroup) => value(episode, 'ReferralNFA') === '0';
export const icpcNotRequired = (enquiry: CinGroup) => value(enquiry, 'ICPCnotRequired') === '1';
export const deathDate = (child: CinGroup) => dateOf(identifiers(child), 'PersonDeathDate');

/** No hits: one shared, frozen array, as most children break most rules never. */
export const NO_HITS: CinHit[] = Object.freeze([]) as unknown as CinHit[];
/** Hits for the groups matching a predicate. */
export function where(groups: readonly CinGroup[], predicate: (group: CinGroup) => boolean, field: string): CinHit[] {
  let hits: CinHit[] | undefined;
  for (const group of groups) if (predicate(group)) (hits ??= []).push({ group, field });
  return hits ?? NO_HITS;
}
/** A hit on the child's ChildIdentifiers when the predicate holds. */
export const onIdentifiers = (child: CinGroup, predicate: (ids: CinGroup) => boolean, field: string): CinHit[] => {
  const ids = identifiers(child);
  return ids && predicate(ids) ? [{ group: ids, field }] : NO_HITS;
};
/** Groups of the same list where more than one is still open (`isOpen`): every open one is hit. */
export const moreThanOneOpen = (groups: readonly CinGroup[], isOpen: (group: CinGroup) => boolean, field: string): CinHit[] => {
  const open = groups.filter(isOpen);
  return open.length > 1 ? open.map((group) => ({ group, field })) : NO_HITS;
};
/** Codes that appear more than once in a list. */
export const repeated = (codes: readonly string[]) => codes.some((code, index) => codes.indexOf(code) !== index);

// ---- dates ----

export const within = (date: string | null, period: CensusPeriod) => !!date && date >= period.start && date <= period.end;
export const isWeekend = (date: string | null) => !!date && [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
const shiftedYears = new Map<string, string>();
/** The date `years` years on (29 February to 28 February), remembered: rules ask the same of every child. */
export function addYears(date: string, years: number): string {
  const key = `${date}/${years}`;
  let shifted = shiftedYears.get(key);
  if (!shifted) {
    if (shiftedYears.size >= 100_000) shiftedYears.clear();
    shifted = addMonths(date, years * 12);
    shiftedYears.set(key, shifted);
  }
  return shifted;
}

const workingDaysBack = new Map<string, string>();
/** The date `n` English working days before `date` (bank holidays and weekends skipped). */
export function workingDaysBefore(date: string, n: number): string {
  const key = `${date}/${n}`;
  let day = workingDaysBack.get(key);
  if (!day) {
    day = date;
    for (let remaining = n; remaining > 0;) {
      day = addDays(day, -1);
      if (isWorkingDay(day)) remaining--;
    }
    workingDaysBack.set(key, day);
  }
  return day;
}

/**
 * Whether `start` falls in another period of the same kind: on or after its start and on or before
 * its end (`endInclusive`) or before it (otherwise), or on or before the reference date while it is
 * still open. Used by the overlap rules (4014, 4016, 4017, 8820, 8863, 8890, 8940).
 */
export function startsDuring(
  start: string | null,
  other: { start: string | null; end: string | null; open: boolean },
  period: CensusPeriod,
  endInclusive: boolean,
): boolean {
  if (!start || !other.start || start < other.start) return false;
  if (other.end) return endInclusive ? start <= other.end : start < other.end;
  return other.open && start <= period.end;
}
