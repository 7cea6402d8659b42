/**
 * The indicator engine: turns catalogue entries' SQL into values for any dates, whatever the number
 * of dates (the dates are a CTE the SQL joins), so a 72-month series costs little more than one
 * month. Indicators built on the same shared SQL blocks share one query (a count and its rate per
 * 10,000 one units CTE), the queries run a few at a time on the pool's connections, and a team or
 * service's figures are summed from per-team sums computed once for all teams. The same unit rows
 * give the team / worker / age / legal status breakdowns and the list of children behind a number:
 * nothing is counted twice.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../core/db/database.ts';
import type { TeamScope } from '../core/auth/scope.ts';
import { addMonths, monthEnd, type IsoDate } from '../core/dates.ts';
import { caseloadsOn, caseloadTrend, type TrendPoint } from '../caseloads/rules.ts';
import { ratio } from '../core/numbers.ts';
import { fillCalendar } from './calendar.ts';
import { cached, dataVersion } from '../core/cache.ts';
import { readIndicatorSettings, type IndicatorSettings } from './settings.ts';
import { SHARED_BLOCKS, type SharedBlock } from './sql.ts';
import { caseHoldingTeamOn, caseHoldingTeamSpans, mappedCode, workerOn, workerSpans } from '../core/allocations.ts';
import type { Breakdown, CaseloadIndicator, IndicatorDefinition, IndicatorParameters, SqlIndicator, Unit } from './types.ts';
import { coverageOn, sourceRanges, type Coverage } from './coverage.ts';

/** Whose work is counted: teams in scope, and for a social worker only their own allocated children. */
export interface Selection {
  scope: TeamScope;
  /** Only units attributed to this worker (a social worker's own children). */
  workerId?: string | null;
}
export const WHOLE_COUNCIL: Selection = { scope: { kind: 'all' } };

export interface SeriesPoint {
  asOf: IsoDate;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  /** Present when the data do not cover the figure's period (none: value null, not available) or cover part of it. */
  coverage?: Coverage;
}

export interface EngineContext {
  selection: Selection;
  /** Caseload threshold (caseload indicators). */
  threshold: number;
  settings?: IndicatorSettings;
  /** Compute afresh, neither reading nor filling the results cache (benchmarks). */
  noCache?: boolean;
  /** The data version (cache.ts) already read for this request; read afresh when absent. */
  dataVersion?: number;
  /** Values as the SQL counts them, whatever the data's coverage (tests of a definition's SQL). */
  ignoreCoverage?: boolean;
}

export const UNKNOWN_TEAM = 'unknown';
/**
 * Indicator queries running at once in this process, whoever asked (a page, the background
 * computation of every scope's figures): the pool holds 10 connections, so the rest stay free for
 * the light queries every page makes (sessions, health check).
 */
const QUERY_CONCURRENCY = 4;
const slots = new WeakMap<Database, { free: number; waiting: (() => void)[]; started: number }>();

/** How many heavy indicator computations this process has started on the database (tests: was a page served from computed figures?). */
export function heavyQueriesStarted(database: Database): number {
  return slots.get(database)?.started ?? 0;
}

/** Runs `work` holding one of the QUERY_CONCURRENCY slots for heavy indicator queries. */
export async function withHeavyQuerySlot<T>(database: Database, work: () => Promise<T>): Promise<T> {
  let state = slots.get(database);
  if (!state) slots.set(database, (state = { free: QUERY_CONCURRENCY, waiting: [], started: 0 }));
  state.started++;
  if (state.free > 0) state.free--;
  else await new Promise<void>((resolve) => state.waiting.push(resolve));
  try {
    return await work();
  } finally {
    const next = state.waiting.shift();
    if (next) next();
    else state.free++;
  }
}

/** `months` dates ending on `asOf`: the month-ends of the months before it, then `asOf` itself. */
export function seriesDates(asOf: IsoDate, months: number): IsoDate[] {
  const dates: IsoDate[] = [];
  for (let back = months - 1; back >= 1; back--) dates.push(monthEnd(addMonths(`${asOf.slice(0, 8)}01`, -back)));
  dates.push(asOf);
  return dates;
}

/** The value a unit gives to summed numerator and denominator. */
export function valueOf(unit: Unit, numerator: number, denominator: number, population: number | null): number | null {
  switch (unit) {
    case 'count':
      return numerator;
    case '%':
      return ratio(numerator, denominator, 100);
    case 'per 10,000':
      return population ? ratio(numerator, population, 10_000) : null;
    case 'ratio':
      return denominator === 0 ? null : Math.round((numerator * 100) / denominator) / 100;
  }
}

/** The as-of dates (at most one per calendar month: see sql.ts), with their month and 12-month windows. */
const daysTable = (dates: readonly IsoDate[]) => sql`
  SELECT d::date AS as_of, (d::date + 1 - interval '1 month')::date AS month_from, (d::date + 1 - interval '12 months')::date AS year_from,
         extract(year FROM d::date)::int * 12 + extract(month FROM d::date)::int AS month_index
  FROM unnest(${sql.val([...dates])}::text[]) AS d`;

/** Splits dates into lists with at most one date per calendar month (the SQL's month-index joins need it). */
export function onePerMonth(dates: readonly IsoDate[]): IsoDate[][] {
  const passes: IsoDate[][] = [];
  for (const date of [...new Set(dates)].sort()) {
    const pass = passes.find((list) => !list.some((other) => other.slice(0, 7) === date.slice(0, 7)));
    if (pass) pass.push(date);
    else passes.push([date]);
  }
  return passes.map((list) => list.sort());
}

/**
 * The unit rows with the team and worker they count for: the child's allocated case worker on the
 * unit's reference date (latest-started allocation); the team is that worker's case-holding team on
 * the date (as the caseload figures count it), else the team recorded on the allocation, else the
 * team on the record itself (team_hint), else 'unknown'.
 */
const attributedUnits = (units: string, attribution: Attribution) =>
  attribution === 'spans'
    ? sql`
  SELECT u.*, coalesce(m.team_id, a.team_id, u.team_hint, ${UNKNOWN_TEAM}) AS team_id, a.worker_id
  FROM ${sql.raw(units)} u
  LEFT JOIN worker_spans a ON a.key = u.child_id AND a.span_start <= u.ref_date AND (a.span_end IS NULL OR a.span_end > u.ref_date)
  LEFT JOIN team_spans m ON m.key = a.worker_id AND m.span_start <= u.ref_date AND (m.span_end IS NULL OR m.span_end > u.ref_date)`
    : sql`
  SELECT u.*, coalesce(m.team_id, a.team_id, u.team_hint, ${UNKNOWN_TEAM}) AS team_id, a.worker_id
  FROM ${sql.raw(units)} u
  LEFT JOIN LATERAL (${workerOn(sql`u.child_id`, sql`u.ref_date`)}) a ON true
  LEFT JOIN LATERAL (${caseHoldingTeamOn(sql`a.worker_id`, sql`u.ref_date`)}) m ON true`;

/**
 * How unit rows find their worker and team: not at all (the whole council), by looking each row up
 * (a breakdown or list on one date), or, for series, by joining the spans over which each child's
 * worker and each worker's team stay the same (allocations.ts: workerSpans, caseHoldingTeamSpans),
 * computed once a query: the same worker and team, at a tenth of the cost for 72 month-ends.
 */
type Attribution = 'none' | 'lateral' | 'spans';

function needsAttribution(selection: Selection): boolean {
  return selection.scope.kind !== 'all' || Boolean(selection.workerId);
}

function selectionFilter(selection: Selection): RawBuilder<unknown> {
  const conditions: RawBuilder<unknown>[] = [];
  if (selection.scope.kind === 'teams') {
    conditions.push(selection.scope.teamIds.length ? sql`team_id IN (${sql.join(selection.scope.teamIds)})` : sql`false`);
  }
  if (selection.workerId) conditions.push(sql`worker_id = ${selection.workerId}`);
  return conditions.length ? sql.join(conditions, sql` AND `) : sql`true`;
}

function parametersOf(context: EngineContext, settings: IndicatorSettings): IndicatorParameters {
  return { ...settings.parameters, caseloadThreshold: context.threshold };
}

const blockTexts = new Map<string, string>();
/** The shared blocks (in definition order) that SQL of these texts reads, directly or through another block. */
function blocksRead(database: Database, texts: string[]): SharedBlock[] {
  const reads = (text: string, name: string) => new RegExp(`\\b${name}\\b`).test(text);
  const needed: SharedBlock[] = [];
  for (const block of [...SHARED_BLOCKS].reverse()) {
    if (texts.some((text) => reads(text, block.name)) || needed.some((later) => reads(blockTexts.get(later.name)!, block.name))) needed.unshift(block);
    if (!blockTexts.has(block.name)) blockTexts.set(block.name, block.definition.compile(database.db).sql);
  }
  return needed;
}

/**
 * WITH days, the shared blocks read, then each source's units (and, when attributed, its units with
 * their team and worker as `<name>_attributed`): the prefix of every engine query. PostgreSQL
 * computes a block read by several sources once (a CTE read twice is materialised).
 */
function unitsWith(
  database: Database,
  dates: readonly IsoDate[],
  sources: { name: string; units: RawBuilder<unknown> }[],
  attribution: Attribution,
): RawBuilder<unknown> {
  const blocks = blocksRead(
    database,
    sources.map((source) => source.units.compile(database.db).sql),
  );
  return sql`
    WITH days AS MATERIALIZED (${daysTable(dates)})
    ${sql.join(
      blocks.map((block) => sql`, ${sql.raw(block.name)} AS (${block.definition})`),
      sql``,
    )}
    ${sql.join(
      sources.map((source) => sql`, ${sql.raw(source.name)} AS (${source.units})`),
      sql``,
    )}
    ${
      attribution === 'spans'
        ? sql`, worker_spans AS MATERIALIZED (${workerSpans(sql.raw(sources.map((source) => `SELECT child_id FROM ${source.name}`).join(' UNION ALL ')))}),
              team_spans AS MATERIALIZED (${caseHoldingTeamSpans()})`
        : sql``
    }
    ${sql.join(
      sources.map((source) =>
        attribution === 'none' ? sql`` : sql`, ${sql.raw(`${source.name}_attributed`)} AS (${attributedUnits(source.name, attribution)})`,
      ),
      sql``,
    )}`;
}

/** WITH days, units[, units_attributed] for one indicator. */
function unitQuery(
  database: Database,
  indicator: SqlIndicator,
  dates: readonly IsoDate[],
  parameters: IndicatorParameters,
  attribution: Attribution,
): RawBuilder<unknown> {
  return unitsWith(database, dates, [{ name: 'units', units: indicator.units(parameters) }], attribution);
}

async function settingsFor(database: Database, context: EngineContext): Promise<IndicatorSettings> {
  await fillCalendar(database);
  return context.settings ?? (await readIndicatorSettings(database));
}

/** An indicator's numerator and denominator summed per date, for each group: a team, or '' for the whole selection. */
type Sums = Map<string, Map<IsoDate, { numerator: number; denominator: number }>>;

/**
 * Whether a selection's figures are summed from every team's (a team or service scope): the units
 * are attributed once and summed per team, and each team scope's series adds up its teams' sums, so
 * the council's services and teams (src/indicators/precompute.ts) share one computation.
 */
function byTeam(selection: Selection): boolean {
  return selection.scope.kind === 'teams' && !selection.workerId;
}

/**
 * SQL indicators' summed numerators and denominators on each date, in one query: one units CTE per
 * distinct units SQL; per team when the selection is summed from teams (byTeam), else for the selection.
 */
async function sqlSums(
  database: Database,
  indicators: readonly SqlIndicator[],
  dates: readonly IsoDate[],
  context: EngineContext,
  settings: IndicatorSettings,
): Promise<Map<string, Sums>> {
  const parameters = parametersOf(context, settings);
  const attributed = needsAttribution(context.selection);
  const perTeam = byTeam(context.selection);
  const sources: { name: string; units: RawBuilder<unknown> }[] = [];
  const sourceOf = new Map<string, string>();
  const sourceByText = new Map<string, string>();
  for (const indicator of indicators) {
    const units = indicator.units(parameters);
    const compiled = units.compile(database.db);
    const text = JSON.stringify([compiled.sql, compiled.parameters]);
    let name = sourceByText.get(text);
    if (!name) {
      sourceByText.set(text, (name = `units_${sources.length}`));
      sources.push({ name, units });
    }
    sourceOf.set(indicator.id, name);
  }
  const sums = sources.map((source) =>
    perTeam
      ? sql`
      SELECT ${sql.lit(source.name)} AS source, as_of, team_id AS grp, sum(numerator)::int AS numerator, sum(denominator)::int AS denominator
      FROM ${sql.raw(`${source.name}_attributed`)} u
      GROUP BY as_of, team_id`
      : sql`
      SELECT ${sql.lit(source.name)} AS source, as_of, '' AS grp, sum(numerator)::int AS numerator, sum(denominator)::int AS denominator
      FROM ${attributed ? sql`(SELECT * FROM ${sql.raw(`${source.name}_attributed`)} WHERE ${selectionFilter(context.selection)})` : sql.raw(source.name)} u
      GROUP BY as_of`,
  );
  const result = await sql<{ source: string; as_of: IsoDate; grp: string; numerator: number | null; denominator: number | null }>`
    ${unitsWith(database, dates, sources, attributed ? 'spans' : 'none')}
    ${sql.join(sums, sql` UNION ALL `)}`.execute(database.db);
  const bySource = new Map<string, Sums>(sources.map((source) => [source.name, new Map()]));
  for (const row of result.rows) {
    const groups = bySource.get(row.source)!;
    let group = groups.get(row.grp);
    if (!group) groups.set(row.grp, (group = new Map()));
    group.set(row.as_of, { numerator: row.numerator ?? 0, denominator: row.denominator ?? 0 });
  }
  return new Map(indicators.map((indicator) => [indicator.id, bySource.get(sourceOf.get(indicator.id)!)!]));
}

const NO_POPULATION: Coverage = {
  status: 'none',
  reason:
    'Keystone holds no child population for the council (children aged 0 to 17 in the area: the setting child_population), so no rate per 10,000 children can be worked out.',
};

/** An SQL indicator's series for the selection from its sums: the selection's own, or its teams' added up. */
function seriesOf(indicator: SqlIndicator, dates: readonly IsoDate[], sums: Sums, selection: Selection, settings: IndicatorSettings): SeriesPoint[] {
  const groups = byTeam(selection) && selection.scope.kind === 'teams' ? selection.scope.teamIds.filter((team) => sums.has(team)) : [''];
  // A rate per 10,000 is only meaningful for the whole council's population.
  const population = selection.scope.kind === 'all' && !selection.workerId ? settings.childPopulation : null;
  return dates.map((asOf) => {
    let numerator = 0;
    let denominator = 0;
    for (const group of new Set(groups)) {
      const sum = sums.get(group)?.get(asOf);
      numerator += sum?.numerator ?? 0;
      denominator += sum?.denominator ?? 0;
    }
    // No data is not zero: the whole council's rate per 10,000 without its child population is not available.
    if (indicator.unit === 'per 10,000' && population === null && selection.scope.kind === 'all' && !selection.workerId)
      return { asOf, numerator, denominator: null, value: null, coverage: NO_POPULATION };
    return {
      asOf,
      numerator,
      denominator: indicator.denominator === null ? null : indicator.unit === 'per 10,000' ? population : denominator,
      value: valueOf(indicator.unit, numerator, denominator, population),
    };
  });
}

/**
 * Splits indicators into the queries that compute them: the indicators reading the same shared
 * blocks (sql.ts; keyed by the first block read, e.g. every figure built on periods of care) in one
 * query, so each block is computed once (a count and its rate per 10,000 share one units CTE); every
 * other indicator in a query of its own, so the queries spread over the pool's connections. For the
 * 10,000-child demo county that took PostgreSQL's processor time for every indicator from 2.4 s to
 * 1.6 s (one query per units SQL, against one per family).
 */
function batchesOf(database: Database, indicators: readonly SqlIndicator[], parameters: IndicatorParameters): SqlIndicator[][] {
  const families = new Map<string, SqlIndicator[]>();
  for (const indicator of indicators) {
    const compiled = indicator.units(parameters).compile(database.db);
    const family = blocksRead(database, [compiled.sql])[0]?.name ?? JSON.stringify([compiled.sql, compiled.parameters]);
    families.set(family, [...(families.get(family) ?? []), indicator]);
  }
  // Longest first (as last measured in this process; not yet measured first of all), so the slowest
  // query does not start last and keep the others' connections idle at the end.
  const cost = (batch: SqlIndicator[]) => lastQueryMs.get(batch[0]!.id) ?? Infinity;
  return [...families.values()].sort((a, b) => cost(b) - cost(a));
}

/** How long each indicator's query last took in this process (by its first indicator's id). */
const lastQueryMs = new Map<string, number>();

function caseloadPoint(
  indicator: CaseloadIndicator,
  asOf: IsoDate,
  point: Pick<TrendPoint, 'workers' | 'cases' | 'average' | 'overThresholdPct'> & { overThreshold?: number },
): SeriesPoint {
  switch (indicator.measure) {
    case 'workers':
      return { asOf, numerator: point.workers, denominator: null, value: point.workers };
    case 'cases':
      return { asOf, numerator: point.cases, denominator: null, value: point.cases };
    case 'average':
      return { asOf, numerator: point.cases, denominator: point.workers, value: point.average };
    case 'over_threshold_pct': {
      // The trend gives the share to one decimal place; with fewer than 1,000 workers that recovers the count exactly.
      const over = point.overThreshold ?? (point.overThresholdPct === null ? 0 : Math.round((point.overThresholdPct * point.workers) / 100));
      return { asOf, numerator: over, denominator: point.workers, value: point.overThresholdPct };
    }
  }
}

type CaseloadPoint = Pick<TrendPoint, 'workers' | 'cases' | 'average' | 'overThresholdPct'> & { overThreshold?: number };

/** Caseload figures on each date, from src/caseloads/rules.ts: the trend for month-ends, caseloadsOn for any other date. */
async function caseloadPoints(database: Database, dates: readonly IsoDate[], context: EngineContext): Promise<[IsoDate, CaseloadPoint][]> {
  const { scope } = context.selection;
  const monthEnds = dates.filter((date) => monthEnd(date) === date);
  const trend = new Map<IsoDate, CaseloadPoint>();
  if (monthEnds.length) {
    const points = await caseloadTrend(database, { from: monthEnds[0]!, to: monthEnds[monthEnds.length - 1]!, threshold: context.threshold, scope });
    for (const point of points) trend.set(point.monthEnd, point);
  }
  const points: [IsoDate, CaseloadPoint][] = [];
  for (const date of dates) {
    let point = trend.get(date);
    if (!point) {
      const snapshot = await caseloadsOn(database, date, { threshold: context.threshold, scope });
      point = {
        workers: snapshot.county.workers,
        cases: snapshot.county.cases,
        average: snapshot.county.average,
        overThresholdPct: snapshot.county.overThresholdPct,
        overThreshold: snapshot.county.overThreshold,
      };
    }
    points.push([date, point]);
  }
  return points;
}

/** Caseload indicators' values on each date: every caseload indicator reads the same points, cached once per selection. */
function caseloadSeries(
  indicators: readonly CaseloadIndicator[],
  dates: readonly IsoDate[],
  context: EngineContext,
  points: [IsoDate, CaseloadPoint][],
): Map<string, SeriesPoint[]> {
  if (context.selection.workerId)
    return new Map(indicators.map((indicator) => [indicator.id, dates.map((asOf) => ({ asOf, numerator: null, denominator: null, value: null }))]));
  return new Map(indicators.map((indicator) => [indicator.id, points.map(([asOf, point]) => caseloadPoint(indicator, asOf, point))]));
}

/** Every given indicator's value on every date (oldest first), for the selection. */
export async function computeSeries(
  database: Database,
  indicators: readonly IndicatorDefinition[],
  dates: readonly IsoDate[],
  context: EngineContext,
): Promise<Map<string, SeriesPoint[]>> {
  const sorted = [...new Set(dates)].sort();
  const settings = await settingsFor(database, context);
  const results = new Map<string, SeriesPoint[]>();
  const passes = onePerMonth(sorted);
  const version = context.noCache ? -1 : (context.dataVersion ?? (await dataVersion(database)));
  const keyOf = (id: string) => JSON.stringify([id, sorted, context.selection, context.threshold, settings]);
  // Sums per team serve every team scope: their key leaves the scope out.
  const sumsKeyOf = (id: string) =>
    JSON.stringify(['sums', id, sorted, byTeam(context.selection) ? 'per team' : context.selection, context.threshold, settings]);
  const run = <T>(key: string, compute: () => Promise<T>) => (context.noCache ? compute() : cached(database, version, key, compute));
  // Each SQL indicator's series (and sums) are cached on their own; those not cached are computed together.
  const toCompute: { indicator: SqlIndicator; resolve: (sums: Sums) => void; reject: (error: unknown) => void }[] = [];
  const pending: Promise<void>[] = [];
  for (const indicator of new Map(indicators.map((each) => [each.id, each])).values()) {
    if (indicator.kind !== 'sql') continue;
    const points = run(keyOf(indicator.id), async () => {
      const sums = await run(sumsKeyOf(indicator.id), () => new Promise<Sums>((resolve, reject) => toCompute.push({ indicator, resolve, reject })));
      return seriesOf(indicator, sorted, sums, context.selection, settings);
    });
    pending.push(points.then((list) => void results.set(indicator.id, list)));
  }
  const parameters = parametersOf(context, settings);
  const queue = batchesOf(
    database,
    toCompute.map((entry) => entry.indicator),
    parameters,
  );
  const waiting = new Map(toCompute.map((entry) => [entry.indicator.id, entry]));
  // Caseloads come from their own query (src/caseloads/rules.ts), run alongside the others.
  const caseloadIndicators = indicators.filter((indicator): indicator is CaseloadIndicator => indicator.kind === 'caseload');
  const caseloads =
    caseloadIndicators.length && !context.selection.workerId
      ? run(keyOf('caseloads'), () => withHeavyQuerySlot(database, () => caseloadPoints(database, sorted, context)))
      : Promise.resolve([]);
  caseloads.catch(() => undefined); // awaited below, after the other queries
  // The sources' date ranges (for coverage) too: left to the end, their query held up every run.
  const ranges = context.ignoreCoverage ? null : run('coverage-sources', () => sourceRanges(database));
  ranges?.catch(() => undefined);
  const worker = async () => {
    for (let batch = queue.shift(); batch; batch = queue.shift()) {
      try {
        const sums = new Map<string, Sums>();
        const started = performance.now();
        for (const pass of passes) {
          for (const [id, passSums] of await withHeavyQuerySlot(database, () => sqlSums(database, batch, pass, context, settings))) {
            const all = sums.get(id) ?? new Map<string, Map<IsoDate, { numerator: number; denominator: number }>>();
            for (const [group, byDate] of passSums) all.set(group, new Map([...(all.get(group) ?? []), ...byDate]));
            sums.set(id, all);
          }
        }
        lastQueryMs.set(batch[0]!.id, performance.now() - started);
        for (const [id, all] of sums) waiting.get(id)!.resolve(all);
      } catch (error) {
        for (const indicator of batch) waiting.get(indicator.id)!.reject(error);
      }
    }
  };
  // The queries run a few at a time on the pool's connections, leaving the rest to other requests.
  await Promise.all(Array.from({ length: QUERY_CONCURRENCY }, worker));
  await Promise.all(pending);
  for (const [id, series] of caseloadSeries(caseloadIndicators, sorted, context, await caseloads)) results.set(id, series);
  // No data is not zero: a point whose sources hold nothing for its period has no value (coverage.ts).
  if (!ranges) return new Map(indicators.map((indicator) => [indicator.id, results.get(indicator.id)!]));
  const sources = await ranges;
  const covered = (indicator: IndicatorDefinition, point: SeriesPoint): SeriesPoint => {
    const coverage = coverageOn(indicator, point.asOf, sources);
    if (!coverage || (point.coverage?.status === 'none' && coverage.status !== 'none')) return point;
    return coverage.status === 'none' ? { asOf: point.asOf, numerator: null, denominator: null, value: null, coverage } : { ...point, coverage };
  };
  return new Map(indicators.map((indicator) => [indicator.id, results.get(indicator.id)!.map((point) => covered(indicator, point))]));
}

export interface BreakdownRow {
  key: string;
  label: string;
  numerator: number;
  denominator: number | null;
  value: number | null;
}

const AGE_BAND = sql`
  CASE WHEN p.pers_dob IS NULL THEN 'Age not recorded'
       WHEN u.ref_date < (p.pers_dob + interval '1 year')::date THEN 'Under 1'
       WHEN u.ref_date < (p.pers_dob + interval '5 years')::date THEN '1 to 4'
       WHEN u.ref_date < (p.pers_dob + interval '10 years')::date THEN '5 to 9'
       WHEN u.ref_date < (p.pers_dob + interval '16 years')::date THEN '10 to 15'
       WHEN u.ref_date < (p.pers_dob + interval '18 years')::date THEN '16 to 17'
       ELSE '18 and over' END`;
const AGE_ORDER = ['Under 1', '1 to 4', '5 to 9', '10 to 15', '16 to 17', '18 and over', 'Age not recorded'];

/** One indicator on one date, broken down by team, worker, age band (on the reference date) or legal status. */
export async function breakdownOn(
  database: Database,
  indicator: IndicatorDefinition,
  asOf: IsoDate,
  by: Breakdown,
  context: EngineContext,
): Promise<BreakdownRow[]> {
  if (context.noCache) return computeBreakdown(database, indicator, asOf, by, context);
  const version = context.dataVersion ?? (await dataVersion(database));
  const key = JSON.stringify(['breakdown', indicator.id, asOf, by, context.selection, context.threshold]);
  return cached(database, version, key, () => withHeavyQuerySlot(database, () => computeBreakdown(database, indicator, asOf, by, context)));
}

async function computeBreakdown(
  database: Database,
  indicator: IndicatorDefinition,
  asOf: IsoDate,
  by: Breakdown,
  context: EngineContext,
): Promise<BreakdownRow[]> {
  const settings = await settingsFor(database, context);
  if (indicator.kind === 'caseload') {
    if (by !== 'team' || context.selection.workerId) return [];
    const snapshot = await caseloadsOn(database, asOf, { threshold: context.threshold, scope: context.selection.scope });
    return snapshot.teams.map((team) => {
      const point = caseloadPoint(indicator, asOf, {
        workers: team.workers,
        cases: team.cases,
        average: team.average,
        overThresholdPct: team.overThresholdPct,
        overThreshold: team.overThreshold,
      });
      return { key: team.teamId, label: team.teamName, numerator: point.numerator ?? 0, denominator: point.denominator, value: point.value };
    });
  }
  const key =
    by === 'team'
      ? sql`u.team_id`
      : by === 'worker'
        ? sql`coalesce(u.worker_id, 'none')`
        : by === 'age_band'
          ? AGE_BAND
          : sql`coalesce(ls.status, 'Not recorded')`;
  const label =
    by === 'team'
      ? sql`coalesce(t.dept_team_name, CASE WHEN u.team_id = ${UNKNOWN_TEAM} THEN 'Team not recorded' ELSE u.team_id END)`
      : by === 'worker'
        ? sql`coalesce(w.prof_professional_name, 'No allocated worker')`
        : key;
  const result = await sql<{ key: string; label: string; numerator: number; denominator: number }>`
    ${unitQuery(database, indicator, [asOf], parametersOf(context, settings), 'lateral')}
    SELECT ${key} AS key, min(${label}) AS label, sum(u.numerator)::int AS numerator, sum(u.denominator)::int AS denominator
    FROM (SELECT * FROM units_attributed WHERE ${selectionFilter(context.selection)}) u
    LEFT JOIN ssd_person p ON p.pers_person_id = u.child_id
    LEFT JOIN ssd_department t ON t.dept_team_id = u.team_id
    LEFT JOIN ssd_professionals w ON w.prof_professional_id = u.worker_id
    LEFT JOIN LATERAL (
      SELECT ${mappedCode('legal_status', sql`r.recorded`)} AS status
      FROM (SELECT coalesce(
        (SELECT s.lega_legal_status FROM ssd_legal_status s
         WHERE s.lega_person_id = u.child_id AND s.lega_legal_status_start_date <= u.ref_date
           AND (s.lega_legal_status_end_date IS NULL OR s.lega_legal_status_end_date > u.ref_date)
         ORDER BY s.lega_legal_status_start_date DESC LIMIT 1),
        (SELECT e.clae_legal_status FROM ssd_cla_episodes e
         WHERE e.clae_person_id = u.child_id AND e.clae_cla_episode_start_date <= u.ref_date
           AND (e.clae_cla_episode_ceased_date IS NULL OR e.clae_cla_episode_ceased_date > u.ref_date)
         ORDER BY e.clae_cla_episode_start_date DESC LIMIT 1)) AS recorded) r
      WHERE ${by === 'legal_status'}
    ) ls ON true
    GROUP BY 1`.execute(database.db);
  const rows = result.rows.map((row) => ({
    key: row.key,
    label: row.label,
    numerator: row.numerator,
    denominator: indicator.denominator === null ? null : row.denominator,
    value: valueOf(indicator.unit === 'per 10,000' ? 'count' : indicator.unit, row.numerator, row.denominator, null),
  }));
  return by === 'age_band' ? rows.sort((a, b) => AGE_ORDER.indexOf(a.key) - AGE_ORDER.indexOf(b.key)) : rows.sort((a, b) => a.label.localeCompare(b.label));
}

export interface ChildRow {
  childId: string;
  name: string;
  dateOfBirth: IsoDate | null;
  teamId: string;
  teamName: string;
  workerName: string | null;
  /** The child's units in the numerator and the denominator (e.g. 1 of 2 referrals a re-referral). */
  numerator: number;
  denominator: number;
}

/** The children behind one indicator's number on a date (those with any unit), for the selection and, optionally, one team. */
export async function childrenBehind(
  database: Database,
  indicator: SqlIndicator,
  asOf: IsoDate,
  context: EngineContext & { teamId?: string | null },
): Promise<ChildRow[]> {
  const settings = await settingsFor(database, context);
  const team = context.teamId ? sql`AND team_id = ${context.teamId}` : sql``;
  const result = await sql<{
    child_id: string;
    forename: string | null;
    surname: string | null;
    dob: IsoDate | null;
    team_id: string;
    team_name: string | null;
    worker_name: string | null;
    numerator: number;
    denominator: number;
  }>`
    ${unitQuery(database, indicator, [asOf], parametersOf(context, settings), 'lateral')}
    SELECT u.child_id, min(p.pers_forename) AS forename, min(p.pers_surname) AS surname, min(p.pers_dob) AS dob,
           min(u.team_id) AS team_id, min(t.dept_team_name) AS team_name, min(w.prof_professional_name) AS worker_name,
           sum(u.numerator)::int AS numerator, sum(u.denominator)::int AS denominator
    FROM (SELECT * FROM units_attributed WHERE child_id IS NOT NULL AND ${selectionFilter(context.selection)} ${team}) u
    LEFT JOIN ssd_person p ON p.pers_person_id = u.child_id
    LEFT JOIN ssd_department t ON t.dept_team_id = u.team_id
    LEFT JOIN ssd_professionals w ON w.prof_professional_id = u.worker_id
    GROUP BY u.child_id
    ORDER BY sum(u.numerator) DESC, min(p.pers_surname), min(p.pers_forename), u.child_id`.execute(database.db);
  return result.rows.map((row) => ({
    childId: row.child_id,
    name: [row.forename, row.surname].filter(Boolean).join(' ') || 'Name not recorded',
    dateOfBirth: row.dob,
    teamId: row.team_id,
    teamName: row.team_name ?? (row.team_id === UNKNOWN_TEAM ? 'Team not recorded' : row.team_id),
    workerName: row.worker_name,
    numerator: row.numerator,
    denominator: row.denominator,
  }));
}
