/**
 * One DfE rule = one object: its code, the catalogue's message and fields, and a check that
 * returns the rows that break it. Helpers here keep each check a few readable lines.
 */
import type { SourceRow } from '../../types.ts';
import type { OfstedProvider } from '../ofsted.ts';
import { CATALOGUE_BY_CODE, ruleset903For, rulesetEndYear, type Ruleset903 } from '../catalogue.ts';
import { TABLES_903, type Table903 } from '../tables.ts';
import { compareText, dmy, type CollectionYear } from '../values.ts';

/** Tables of one year's return, as read: rows by table (absent tables are empty and not in `present`). */
export interface Tables903 {
  tables: Record<Table903, SourceRow[]>;
  present: ReadonlySet<Table903>;
  /** Columns each present table has (some columns exist only in some years). */
  columns: Record<Table903, ReadonlySet<string>>;
}

/**
 * The current year's return, and the previous year's tables when they were supplied (files named
 * `<table>_last.csv`): those are read only to check the rules that compare the two years.
 */
export interface Return903 extends Tables903 {
  year: CollectionYear;
  previous?: Tables903;
  /** The DfE ruleset asked for (`--ruleset`); otherwise the collection year's (rulesetOf). */
  ruleset?: Ruleset903 | undefined;
  /**
   * The council's own local authority: its DfE code (e.g. 937) and the ONS code a return's PL_LA holds
   * for it (E10000031). Rules about placements in or out of the council's area run only with it.
   */
  council?: { laCode: string; onsCode: string } | undefined;
  /** Ofsted's providers by URN, from the lists given beside the return (ofsted.ts); the URN rules run only with them. */
  providers?: ReadonlyMap<string, OfstedProvider> | undefined;
  /** Why the Ofsted lists given were not enough to run the URN rules (one list without the other). */
  providersIncomplete?: string | undefined;
}

/** The ruleset a return is checked with: the one asked for, else its collection year's (the nearest Keystone has). */
export const rulesetOf = (data: Return903): Ruleset903 => data.ruleset ?? ruleset903For(data.year.endYear);
/** The year (ending 31 March) whose code lists the return is checked with: its ruleset's. */
export const codeYear = (data: Return903): number => rulesetEndYear(rulesetOf(data));

export interface Hit {
  table: Table903;
  row: SourceRow;
  /** The field to point at; defaults to the rule's first affected field in that table. */
  field?: string;
}

export interface Rule903 {
  code: string;
  message: string;
  fields: readonly string[];
  /** Tables of the current year the rule reads: it runs only when all were supplied. */
  tables: readonly Table903[];
  /** Tables of the previous year the rule reads (the catalogue's `<table>_last`): it runs only when all were supplied. */
  previousTables: readonly Table903[];
  /** Optional columns the rule needs (e.g. PL_DISTANCE): it runs only when present (in both years for a rule comparing them). */
  columns: readonly string[];
  /** True for rules comparing with the council's own LA: they run only when it is known (Return903.council). */
  needsCouncil: boolean;
  /** True for rules reading Ofsted's provider lists: they run only when given (Return903.providers). */
  needsProviders: boolean;
  severity: 'error' | 'warning';
  /** True for rules about a value that cannot be stored (its row is quarantined in lenient mode). */
  rejects: boolean;
  check(data: Return903): Hit[];
}

export interface RuleOptions {
  columns?: readonly string[];
  needsCouncil?: boolean;
  needsProviders?: boolean;
  severity?: 'error' | 'warning';
  rejects?: boolean;
  /** Override the catalogue's table list (e.g. when the catalogue names a table the check does not need). */
  tables?: readonly Table903[];
  previousTables?: readonly Table903[];
}

/** A catalogue table name as a 903 table (the catalogue spells a few differently: `MIssing`, `OC2s`, `HEader_last`). */
function catalogueTable(name: string): Table903 | null {
  const base = name.replace(/_last$/i, '').toLowerCase();
  if (base === 'oc2s') return 'OC2';
  return TABLES_903.find((table) => table.toLowerCase() === base) ?? null;
}

/** Defines a rule: message, fields and tables come from the DfE catalogue by code. */
export function rule(code: string, check: (data: Return903) => Hit[], options: RuleOptions = {}): Rule903 {
  const entry = CATALOGUE_BY_CODE.get(code);
  if (!entry) throw new Error(`Rule ${code} is not in the SSDA903 catalogue`);
  const named = (previous: boolean) => entry.tables.filter((table) => /_last$/i.test(table) === previous).flatMap((table) => catalogueTable(table) ?? []);
  return {
    code,
    message: entry.message,
    fields: entry.fields,
    tables: options.tables ?? named(false),
    previousTables: options.previousTables ?? named(true),
    columns: options.columns ?? [],
    needsCouncil: options.needsCouncil ?? false,
    needsProviders: options.needsProviders ?? false,
    severity: options.severity ?? 'error',
    rejects: options.rejects ?? false,
    check,
  };
}

// ---- helpers for checks ----

// The helpers below read row.values themselves rather than through v(): they run for every row of
// every rule, mostly before V8 optimises (and inlines) them, when each call costs.
export const v = (row: SourceRow, field: string): string => row.values[field] ?? '';
export const blank = (row: SourceRow, field: string): boolean => !row.values[field];
export const filled = (row: SourceRow, field: string): boolean => !!row.values[field];
/** Parsed dates by their text: rules read the same dates many times (the cache is emptied when it grows large). */
const parsedDates = new Map<string, string | null>();
export const date = (row: SourceRow, field: string): string | null => {
  const text = row.values[field];
  if (!text) return null;
  let parsed = parsedDates.get(text);
  if (parsed === undefined) {
    if (parsedDates.size > 100_000) parsedDates.clear();
    parsed = dmy(text);
    parsedDates.set(text, parsed);
  }
  return parsed;
};
export const inList = (row: SourceRow, field: string, list: readonly string[]): boolean => list.includes(row.values[field] ?? '');

const NO_TABLES: Tables903 = {
  tables: Object.fromEntries(TABLES_903.map((table) => [table, []])) as unknown as Record<Table903, SourceRow[]>,
  present: new Set(),
  columns: Object.fromEntries(TABLES_903.map((table) => [table, new Set()])) as unknown as Record<Table903, ReadonlySet<string>>,
};

/** The previous year's tables (empty when none were supplied; rules reading them run only when they were). */
export const lastYear = (data: Return903): Tables903 => data.previous ?? NO_TABLES;

/**
 * Hits for every row of a table matching a predicate. `rows` narrows the rows tested to some of the
 * table's (e.g. rowsWith's, those holding the values the predicate asks for), in file order.
 */
export function rowsWhere(
  data: Return903,
  table: Table903,
  predicate: (row: SourceRow) => boolean,
  field?: string,
  rows: readonly SourceRow[] = data.tables[table],
): Hit[] {
  const hits: Hit[] = [];
  // An index rather than for…of: this loop runs for every rule, mostly before V8 optimises it.
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index]!;
    if (predicate(row)) hits.push(field ? { table, row, field } : { table, row });
  }
  return hits;
}

/** A field must hold a code from the list (blank allowed unless `required`). */
export function codeRule(code: string, table: Table903, field: string, list: readonly string[], options: { required?: boolean } & RuleOptions = {}): Rule903 {
  // A set: a code is found by its hash (computed once, when the value was read) rather than compared with each on the list.
  const codes = new Set(list);
  const required = !!options.required;
  return rule(
    code,
    (data) =>
      rowsWhere(
        data,
        table,
        (row) => {
          const value = row.values[field];
          return value ? !codes.has(value) : required;
        },
        field,
      ),
    options,
  );
}

/** An end date before its start date (both given); the same day is not before. */
export function endBeforeStartRule(code: string, table: Table903, startField: string, endField: string): Rule903 {
  return rule(code, (data) =>
    rowsWhere(
      data,
      table,
      (row) => {
        const start = date(row, startField);
        const end = date(row, endField);
        return !!start && !!end && end < start;
      },
      endField,
    ),
  );
}

/** A start date after the collection year's 31 March. */
export function startAfterYearRule(code: string, table: Table903, field: string): Rule903 {
  return rule(code, (data) => rowsWhere(data, table, (row) => (date(row, field) ?? '') > data.year.end, field));
}

/** An end date, when given, outside the collection year. */
export function endOutsideYearRule(code: string, table: Table903, field: string): Rule903 {
  return rule(code, (data) =>
    rowsWhere(
      data,
      table,
      (row) => {
        const end = date(row, field);
        return !!end && (end < data.year.start || end > data.year.end);
      },
      field,
    ),
  );
}

/** A field must hold a real dd/mm/YYYY date (blank allowed unless `required`). */
export function dateRule(code: string, table: Table903, field: string, options: { required?: boolean } & RuleOptions = {}): Rule903 {
  return rule(code, (data) => rowsWhere(data, table, (row) => (blank(row, field) ? !!options.required : date(row, field) === null), field), options);
}

/** Rows of a table grouped by child, in file order. */
export function byChild(rows: readonly SourceRow[]): Map<string, SourceRow[]> {
  const groups = new Map<string, SourceRow[]>();
  for (const row of rows) {
    const child = v(row, 'CHILD');
    const group = groups.get(child);
    if (group) group.push(row);
    else groups.set(child, [row]);
  }
  return groups;
}

/** First row per child (e.g. Header). */
export function firstByChild(rows: readonly SourceRow[]): Map<string, SourceRow> {
  const map = new Map<string, SourceRow>();
  for (const row of rows) if (!map.has(v(row, 'CHILD'))) map.set(v(row, 'CHILD'), row);
  return map;
}

const groupings: Array<WeakMap<Return903, unknown>> = [];

/** Lets go of the groupings built for a return (memo) once its rules have run. */
export function forgetGroupings(data: Return903): void {
  for (const cache of groupings) cache.delete(data);
}

/** Computes a value once per return (many rules need the same grouping). */
function memo<T>(compute: (data: Return903) => T): (data: Return903) => T {
  const cache = new WeakMap<Return903, T>();
  groupings.push(cache);
  return (data) => {
    if (!cache.has(data)) cache.set(data, compute(data));
    return cache.get(data)!;
  };
}

/** Computes a value once per return and key (e.g. a table). */
function memoBy<K, T>(compute: (data: Return903, key: K) => T): (data: Return903, key: K) => T {
  const cache = new WeakMap<Return903, Map<K, T>>();
  groupings.push(cache);
  return (data, key) => {
    let values = cache.get(data);
    if (!values) cache.set(data, (values = new Map()));
    if (!values.has(key)) values.set(key, compute(data, key));
    return values.get(key)!;
  };
}

/** The children a table of the return names (built once per return and table; shared: do not modify). */
export const childrenIn = memoBy((data: Return903, table: Table903): ReadonlySet<string> => new Set(data.tables[table].map((row) => v(row, 'CHILD'))));

/** A table's rows grouped by child, in file order (built once per return and table; shared: do not modify). */
export const rowsByChild = memoBy((data: Return903, table: Table903): ReadonlyMap<string, readonly SourceRow[]> => byChild(data.tables[table]));

/** A table's first row per child (e.g. Header's), this year's or last year's (built once per return; shared). */
export const firstRows = memoBy((data: Return903, table: Table903): ReadonlyMap<string, SourceRow> => firstByChild(data.tables[table]));
export const lastYearFirstRows = memoBy((data: Return903, table: Table903): ReadonlyMap<string, SourceRow> => firstByChild(lastYear(data).tables[table]));

/** Positions of a table's rows by the value of one field (built once per return, table and field). */
const rowIndex = memoBy((data: Return903, key: `${Table903}.${string}`): ReadonlyMap<string, readonly number[]> => {
  const [table, field] = key.split('.') as [Table903, string];
  const index = new Map<string, number[]>();
  const rows = data.tables[table];
  for (let position = 0; position < rows.length; position++) {
    const value = rows[position]!.values[field] ?? '';
    const positions = index.get(value);
    if (positions) positions.push(position);
    else index.set(value, [position]);
  }
  return index;
});

/**
 * The rows of a table whose field holds one of the values, in file order: what a rule reads when
 * DfE's condition begins with that field's value, found through an index rather than by testing
 * every row.
 */
export function rowsWith(data: Return903, table: Table903, field: string, values: readonly string[]): SourceRow[] {
  const index = rowIndex(data, `${table}.${field}`);
  const rows = data.tables[table];
  if (values.length === 1) return (index.get(values[0]!) ?? []).map((position) => rows[position]!);
  // Positions of several values, merged into file order (a typed array sorts numbers without a comparator).
  const positions = Int32Array.from([...new Set(values)].flatMap((value) => index.get(value) ?? [])).sort();
  return Array.from(positions, (position) => rows[position]!);
}

/** Each child's episodes with a valid start date, in date order (rows with a bad DECOM are left out). Shared: do not modify. */
export const episodesByChild = memo((data: Return903): Map<string, SourceRow[]> => inDateOrder(data.tables.Episodes));

/** The same for the previous year's Episodes. Shared: do not modify. */
export const lastEpisodesByChild = memo((data: Return903): Map<string, SourceRow[]> => inDateOrder(lastYear(data).tables.Episodes));

function inDateOrder(rows: readonly SourceRow[]): Map<string, SourceRow[]> {
  const groups = byChild(rows.filter((row) => date(row, 'DECOM') !== null));
  for (const episodes of groups.values()) episodes.sort((a, b) => compareText(date(a, 'DECOM')!, date(b, 'DECOM')!));
  return groups;
}

/**
 * Pairs of consecutive episodes for each child (built once per return; shared: do not modify). Objects
 * rather than [previous, next] arrays: rules read them with destructuring, which for an array goes
 * through the iterator protocol until V8 optimises the rule.
 */
export const consecutiveEpisodes = memo((data: Return903): ReadonlyArray<{ readonly previous: SourceRow; readonly next: SourceRow }> => {
  const pairs: Array<{ previous: SourceRow; next: SourceRow }> = [];
  for (const episodes of episodesByChild(data).values())
    for (let index = 1; index < episodes.length; index++) pairs.push({ previous: episodes[index - 1]!, next: episodes[index]! });
  return pairs;
});

/** The child's date of birth from Header (valid dates only; built once per return, shared: do not modify). */
export const dobs = memo((data: Return903): ReadonlyMap<string, string> => {
  const map = new Map<string, string>();
  for (const row of data.tables.Header) {
    const dob = date(row, 'DOB');
    if (dob && !map.has(v(row, 'CHILD'))) map.set(v(row, 'CHILD'), dob);
  }
  return map;
});

/** Rows whose child is not in Header (the INTnn integrity checks). */
export function notInHeader(code: string, table: Table903): Rule903 {
  return rule(code, (data) => {
    const children = childrenIn(data, 'Header');
    return rowsWhere(data, table, (row) => !children.has(v(row, 'CHILD')), 'CHILD');
  });
}

/** Rows whose DOB differs from Header's DOB for the child. */
export function dobDiffers(code: string, table: Table903): Rule903 {
  return rule(code, (data) => {
    const header = firstRows(data, 'Header');
    return rowsWhere(
      data,
      table,
      (row) => {
        const other = header.get(v(row, 'CHILD'));
        return !!other && v(other, 'DOB') !== v(row, 'DOB');
      },
      'DOB',
    );
  });
}

/** Second and later rows for a child in a table that allows one row per child. */
export function oncePerChild(code: string, table: Table903): Rule903 {
  return rule(code, (data) => {
    const seen = new Set<string>();
    return rowsWhere(
      data,
      table,
      (row) => {
        const child = v(row, 'CHILD');
        if (seen.has(child)) return true;
        seen.add(child);
        return false;
      },
      'CHILD',
    );
  });
}

/**
 * Children looked after continuously for at least 12 months at the end of the collection year (the
 * OC2 cohort, DfE's LOOKED_AFTER_CONTINUOUSLY), read from DfE's definition rather than from dates
 * joined end to start: a child looked after at some time in the year is in the cohort unless one of
 * their episodes
 *  - starts a new period of care (RNE S) after the first day of the year (a start on 1 April still
 *    gives 12 months at 31 March),
 *  - ends their care (REC other than X1) on or after the first day of the year, 31 March included
 *    (a child who ceased on 31 March is not looked after at 31 March), or
 *  - is a short break (LS V3 or V4, an agreed series of short-term placements) in the year: DfE counts
 *    those children out of every looked-after cohort.
 * So a period of care begun inside overlapping episodes, or a child who left and came back the same
 * day, breaks continuity even when the dates join; X1 (“a new episode begins”) never does.
 */
export const lookedAfter12Months = memo((data: Return903): Set<string> => {
  const cohort = new Set<string>();
  const { start: yearStart, end: yearEnd } = data.year;
  for (const [child, episodes] of episodesByChild(data)) {
    let inYear = false;
    let broken = false;
    for (const episode of episodes) {
      const start = date(episode, 'DECOM')!;
      const ceased = date(episode, 'DEC');
      const during = start <= yearEnd && (ceased === null ? blank(episode, 'DEC') : ceased >= yearStart);
      inYear ||= during;
      if (v(episode, 'RNE') === 'S' && start > yearStart && start <= yearEnd) broken = true;
      if (ceased !== null && ceased >= yearStart && ceased <= yearEnd && filled(episode, 'REC') && v(episode, 'REC') !== 'X1') broken = true;
      if (during && inList(episode, 'LS', SHORT_BREAKS)) broken = true;
    }
    if (inYear && !broken) cohort.add(child);
  }
  return cohort;
});

/** OC2's rows of children in the 12-month cohort (lookedAfter12Months) and of the others, in file order (built once per return; shared). */
export const oc2ByCohort = memo((data: Return903): { inCohort: readonly SourceRow[]; notInCohort: readonly SourceRow[] } => {
  const cohort = lookedAfter12Months(data);
  const inCohort: SourceRow[] = [];
  const notInCohort: SourceRow[] = [];
  for (const row of data.tables.OC2) (cohort.has(v(row, 'CHILD')) ? inCohort : notInCohort).push(row);
  return { inCohort, notInCohort };
});

/** Legal statuses of an agreed series of short-term placements (short breaks). */
export const SHORT_BREAKS = ['V3', 'V4'];

/** The child's sex as Header records it: 1 / 2 until 2023-24, M / F / U from 2024-25; both are read. */
const MALE = ['1', 'M'];
const FEMALE = ['2', 'F'];
export const male = (row: SourceRow): boolean => MALE.includes(v(row, 'SEX'));
export const female = (row: SourceRow): boolean => FEMALE.includes(v(row, 'SEX'));
