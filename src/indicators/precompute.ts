/**
 * Figures for every scope, computed in the background after each data change, so no one waits for
 * them on a page: the whole council, each service (the teams under it, as a service manager sees
 * them) and each team (its page, and its manager's overview). For each scope: every indicator's
 * 72-month series up to the default month-end, analysed, and the team's caseloads; all go into the
 * results cache (src/core/cache.ts) under the data version, where the pages find them.
 *
 * The server watches `ks_data_version` (every trigger-watched table bumps it, whichever process
 * wrote: the web page, `keystone import`, another server), and starts again when it moves. Social
 * workers' own figures (their allocated children only) are computed when they ask: they are small.
 * The Imports page shows where the computation has got to (`status()`).
 */
import { caseloadThreshold } from './settings.ts';
import { sql } from 'kysely';
import type { Database } from '../core/db/database.ts';
import type { TeamScope } from '../core/auth/scope.ts';
import { teamsInScope } from '../core/auth/scope.ts';
import { cached, dataVersion } from '../core/cache.ts';
import type { IsoDate } from '../core/dates.ts';
import { caseloadsOn } from '../caseloads/rules.ts';
import { todayInEngland } from '../core/dates.ts';
import { analyseIndicators, dataPeriod } from './analysis.ts';
import { fillCalendar } from './calendar.ts';
import { CATALOGUE } from './catalogue/index.ts';

export interface FigureScope {
  name: string;
  scope: TeamScope;
}

export interface FiguresStatus {
  state: 'idle' | 'computing' | 'failed';
  /** The data version the figures are (being) computed for. */
  version: number | null;
  asOf: IsoDate | null;
  done: number;
  total: number;
  /** The scope being computed now. */
  current: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** How long the last complete pass took. */
  lastPassMs: number | null;
  error: string | null;
}

const WATCH_MS = 2_000;

/** The indicators a team's page shows: those with a team breakdown. */
export const TEAM_PAGE_INDICATORS = CATALOGUE.filter((indicator) => indicator.breakdowns.includes('team'));

/** The team scope's caseload snapshot on a date, cached like every figure (the team page reads it). */
export function cachedCaseloads(database: Database, version: number, asOf: IsoDate, scope: TeamScope, threshold: number) {
  return cached(database, version, JSON.stringify(['caseloads-on', asOf, scope, threshold]), () => caseloadsOn(database, asOf, { threshold, scope }));
}

/** Every scope figures are computed for: the council, then each service, then each team in effect on the date. */
export async function figureScopes(database: Database, asOf: IsoDate): Promise<FigureScope[]> {
  const services = await sql<{ id: string; name: string; teams: string[] }>`
    SELECT s.dept_team_id AS id, s.dept_team_name AS name,
           array(SELECT t.dept_team_id FROM ssd_department t WHERE t.dept_team_type = 'team' AND t.dept_team_parent_id = s.dept_team_id ORDER BY t.dept_team_id) AS teams
    FROM ssd_department s
    WHERE s.dept_team_type = 'service' AND (s.dept_valid_from IS NULL OR s.dept_valid_from <= ${asOf}) AND (s.dept_valid_to IS NULL OR s.dept_valid_to > ${asOf})
    ORDER BY s.dept_team_name`.execute(database.db);
  const teams = await teamsInScope(database, asOf, { kind: 'all' });
  return [
    { name: 'the whole council', scope: { kind: 'all' } },
    // The same scope a service manager gets (src/core/auth/scope.ts): every team under the service, by ID.
    ...services.rows
      .filter((service) => service.teams.length)
      .map((service) => ({ name: service.name, scope: { kind: 'teams' as const, teamIds: service.teams } })),
    ...teams.map((team) => ({ name: team.name, scope: { kind: 'teams' as const, teamIds: [team.id] } })),
  ];
}

export class FigureJob {
  private readonly database: Database;
  private readonly threshold: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private readonly state: FiguresStatus = {
    state: 'idle',
    version: null,
    asOf: null,
    done: 0,
    total: 0,
    current: null,
    startedAt: null,
    finishedAt: null,
    lastPassMs: null,
    error: null,
  };

  constructor(database: Database, threshold: number) {
    this.database = database;
    this.threshold = threshold;
  }

  /** Computes now, then whenever the data change. */
  start(): void {
    this.stopped = false;
    void this.check();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  status(): FiguresStatus {
    return { ...this.state };
  }

  /** Resolves once the figures of the data as they are now are computed (tests, benchmarks). */
  async settled(): Promise<void> {
    while (!(this.state.state !== 'computing' && this.state.version === (await dataVersion(this.database)))) {
      await (this.running ?? new Promise((resolve) => setTimeout(resolve, 50)));
    }
  }

  private async check(): Promise<void> {
    if (this.stopped) return;
    try {
      // The calendar first: filling it is itself a change to the data.
      await fillCalendar(this.database);
      const version = await dataVersion(this.database);
      if (version !== this.state.version || this.state.state === 'failed') {
        this.running = this.pass(version);
        await this.running;
      }
    } catch (error) {
      // The database is briefly unreachable, or stopping: try again at the next look.
      this.state.error = error instanceof Error ? error.message : String(error);
    } finally {
      this.running = undefined;
      if (!this.stopped) {
        this.timer = setTimeout(() => void this.check(), WATCH_MS);
        this.timer.unref();
      }
    }
  }

  private async pass(version: number): Promise<void> {
    const started = performance.now();
    Object.assign(this.state, { state: 'computing', version, done: 0, total: 0, current: null, startedAt: new Date().toISOString(), error: null });
    try {
      const range = await dataPeriod(this.database, todayInEngland(), version);
      if (!range) {
        Object.assign(this.state, { state: 'idle', asOf: null, finishedAt: new Date().toISOString(), lastPassMs: Math.round(performance.now() - started) });
        return;
      }
      const asOf = range.defaultAsOf;
      const scopes = await figureScopes(this.database, asOf);
      // The council's threshold as it is set now (a change to it is a change to the data: ks_setting is watched).
      const threshold = await caseloadThreshold(this.database, { caseloadThreshold: this.threshold });
      Object.assign(this.state, { asOf, total: scopes.length });
      for (const { name, scope } of scopes) {
        if (this.stopped || (await dataVersion(this.database)) !== version) return;
        this.state.current = name;
        const analysis = { asOf, first: range.first, selection: { scope }, threshold, dataVersion: version };
        await analyseIndicators(this.database, { ...analysis, indicators: CATALOGUE });
        if (scope.kind === 'teams' && scope.teamIds.length === 1) {
          // The team's page itself: its indicators analysed (from the series just computed) and its caseloads.
          await analyseIndicators(this.database, { ...analysis, indicators: TEAM_PAGE_INDICATORS });
          await cachedCaseloads(this.database, version, asOf, scope, threshold);
        }
        this.state.done++;
      }
      Object.assign(this.state, { state: 'idle', current: null, finishedAt: new Date().toISOString(), lastPassMs: Math.round(performance.now() - started) });
    } catch (error) {
      Object.assign(this.state, { state: 'failed', current: null, error: error instanceof Error ? error.message : String(error) });
    }
  }
}

const JOBS = new WeakMap<Database, FigureJob>();

/** The figure job of a database (one per server process). */
export function figureJob(database: Database, threshold: number): FigureJob {
  let job = JOBS.get(database);
  if (!job) JOBS.set(database, (job = new FigureJob(database, threshold)));
  return job;
}
