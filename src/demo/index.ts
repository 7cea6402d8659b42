/**
 * Kestrelshire: a deterministic synthetic county for demonstrations and tests.
 *
 * Every random draw comes from a seeded stream (random.ts), never the clock, so the same options
 * give byte-identical data. Dates after `to` (the extract date) are never written.
 *
 * Children (children.ts). Candidates get a first contact spread evenly from 21 years before
 * `from` to `to`; one is kept only if something of their story happens on or after `from`, so the
 * work open on `from` is already at steady state. `children` counts the kept ones.
 * - Contacts: 38% of a child's first contacts become referrals, 55% of later ones; open cases get
 *   ~1 further contact a year. After a contact 60% of children come back, after a closed case 65%
 *   (72% after child protection or care): 65% within a few months, the rest within 3 years.
 * - Referrals: 7% NFA; otherwise one assessment, 86% authorised within 45 working days of the
 *   referral. 27% go to a s47 enquiry (34% of babies, 55% after an earlier plan), 35% of those to
 *   an ICPC (80% within 15 working days of the s47 start), 76% of those to a child protection
 *   plan. Plans end at review conferences after 3, 9, 15, 21, 27, 33 months (14/52/24/6/3/1%:
 *   ~4% last 2+ years); then 15% come into care, 55% step down to a CIN plan, 30% close.
 *   CIN plans last 3–14 months; 4% escalate to a (repeat) CP plan and 5% come into care.
 * - Care: 1.5–6% of referrals (by age) come straight into care. Exits by age at entry: home,
 *   adoption (placement order E1, A4/A6 placement), special guardianship, child arrangements
 *   order, or to 18. Legal statuses V2, L1, L2, C1, C2, E1, J2; placements U1–U6, K2, R1, R3, H5,
 *   P1, P2; 8% of younger children and 20% of those 11+ are unstable (mean placement ~4 months).
 *   Reviews at 20 working days, 3 months, then 6-monthly; visits every 4–6 weeks (less in settled
 *   long-term placements); health assessments; missing episodes for some children 11+, with
 *   return home interviews offered mostly within 72 hours. Children in care 13+ weeks who age out
 *   or leave for independent living after 16½ become care leavers; the 16+ and Care Leavers Team
 *   holds children in care from 16 and care leavers until 21.
 * - 'child_population' (ks_setting) is set so the average month-end looked-after count is 70
 *   per 10,000.
 *
 * Disabled children (disabled.ts): disabilities, short breaks (V3/V4) that start later while a
 * closed team's work is covered, and EHC plan requests, assessments and plans.
 *
 * Teams and caseloads (structure.ts, simulate.ts). Four districts, three service areas. On
 * 2022-06-01 a reorganisation replaces the safeguarding teams (and their service area) with four
 * district family safeguarding teams: staff move, children follow (ORGRST). Hollowmere Family
 * Safeguarding Team loses staff in summer 2023 and is closed to new cases 2023-10-01 → 2024-05-01,
 * its new work going to Wyvernhithe. (Both dates move proportionally for other periods.) Cases go
 * from referral to an assessment team, transfer (TSPROC) to a long-term team for a plan or care,
 * and close with the CIN episode. A day-by-day simulation gives each new case to the
 * least-loaded available worker of the team; turnover (~18%/yr, agency staff faster), long-term
 * absences, new starters taking a share (MANAGE) and family or circumstance changes move cases.
 *
 * Observed at 10,000 children, seed 42 (per 10,000 children): referrals ~585 a year, s47 ~170,
 * CP starts ~50, on CP plans ~44, open CIN ~357, looked after 62–76 (avg 70); re-referrals
 * within 12 months ~19%; assessments within 45 working days ~86%; county caseload 16–17 with
 * 2–25% of team month-ends over 20; 3+ social workers in a year for ~17–37% of children in care.
 */
import { parseIsoDate, type IsoDate } from '../core/dates.ts';
import { addYearsToDay, isoOf, monthEndDays, toDay, type Day } from './calendar.ts';
import { draftChild, type Child } from './children.ts';
import { buildTables, numberChildren, type CountyTable } from './records.ts';
import { simulateWorkforce, type Workforce } from './simulate.ts';
import { buildStructure, COUNCIL_NAME, type Structure } from './structure.ts';
import { addDisabledChildren } from './disabled.ts';

export { loadCounty, summarizeCounty } from './load.ts';
export type { CountyTable } from './records.ts';

export interface DemoOptions {
  children: number;
  seed: number;
  /** Default '2020-04-01'. */
  from?: IsoDate;
  /** The extract date: nothing later is generated. Default '2026-10-31'. */
  to?: IsoDate;
}

export interface DemoAccounts {
  teamManager: { professionalId: string; name: string; teamId: string; teamName: string };
  socialWorker: { professionalId: string; name: string; teamId: string };
  serviceManager: { professionalId: string; name: string; serviceId: string };
}

export interface DemoSummary {
  children: number;
  rows: Record<string, number>;
  from: IsoDate;
  to: IsoDate;
  accounts: DemoAccounts;
}

export interface County {
  options: Required<DemoOptions>;
  /** 0–17 population, scaled so the looked-after rate is ~70 per 10,000. */
  childPopulation: number;
  /** Rows for every table, in load order. */
  tables: CountyTable[];
  accounts: DemoAccounts;
  /** Dated changes that explain the county's series (for chart annotations). */
  events: DemoEvent[];
}

export interface DemoEvent {
  date: IsoDate;
  title: string;
  /** Whether the event changed the process (a new period for control limits). */
  processChange: boolean;
}

/**
 * The demo county borrows a real council's DfE code so that its figures have a region and
 * statistical neighbours with published values to be compared with: Warwickshire's (937, West
 * Midlands), a shire county whose ten neighbours all have published values for every indicator.
 */
export const DEMO_LA_CODE = '937';
export const DEFAULT_FROM = '2020-04-01';
export const DEFAULT_TO = '2026-10-31';
/** Looked after per 10,000 children that the child population is scaled to. */
export const LOOKED_AFTER_PER_10K = 70;

export function generateCounty(options: DemoOptions): County {
  const resolved = resolveOptions(options);
  const from = toDay(resolved.from);
  const to = toDay(resolved.to);
  const structure = buildStructure(from, to);
  const windowStart = addYearsToDay(from, -21);
  const children: Child[] = [];
  for (let candidate = 0; children.length < resolved.children; candidate++) {
    const child = draftChild(resolved.seed, candidate, windowStart, from, to);
    if (child) children.push(child);
  }
  numberChildren(children);
  const workforce = simulateWorkforce(resolved.seed, structure, children, from, to);
  const childPopulation = populationFor(children, from, to);
  const tables = buildTables({
    seed: resolved.seed,
    to,
    structure,
    children,
    workforce,
    settings: [
      ['child_population', String(childPopulation)],
      ['la_name', COUNCIL_NAME],
      ['la_code', DEMO_LA_CODE],
      ['demo_seed', String(resolved.seed)],
    ],
  });
  addDisabledChildren(tables, { seed: resolved.seed, to, structure, children });
  return { options: resolved, childPopulation, tables, accounts: chooseAccounts(structure, workforce, to), events: eventsOf(structure) };
}

function eventsOf(structure: Structure): DemoEvent[] {
  const { closure, byId } = structure;
  const closedTeam = byId.get(closure.teamId)!.name;
  return [
    { date: isoOf(structure.reorganisationDay), title: 'Reorganisation: district family safeguarding teams', processChange: true },
    { date: isoOf(closure.start), title: `${closedTeam} closed to new cases (staff shortage)`, processChange: false },
    { date: isoOf(closure.end), title: `${closedTeam} reopened to new cases`, processChange: false },
  ];
}

function resolveOptions(options: DemoOptions): Required<DemoOptions> {
  const from = options.from ?? DEFAULT_FROM;
  const to = options.to ?? DEFAULT_TO;
  if (!Number.isInteger(options.children) || options.children < 1) throw new Error(`children must be a whole number of at least 1, got ${options.children}`);
  if (!Number.isInteger(options.seed)) throw new Error(`seed must be a whole number, got ${options.seed}`);
  if (!parseIsoDate(from) || !parseIsoDate(to)) throw new Error(`from and to must be YYYY-MM-DD dates, got ${from} and ${to}`);
  if (toDay(to) - toDay(from) < 730) throw new Error(`The demo period must be at least two years (${from} to ${to})`);
  return { children: options.children, seed: options.seed, from, to };
}

/**
 * The 0–17 population that puts the average month-end looked-after count at 70 per 10,000
 * (never fewer than the children generated, which only matters for toy-sized counties).
 */
function populationFor(children: readonly Child[], from: Day, to: Day): number {
  const monthEnds = monthEndDays(from, to);
  let lookedAfter = 0;
  for (const child of children) {
    for (const episode of child.episodes) {
      for (const period of episode.carePeriods) {
        for (const day of monthEnds) if (period.startDay <= day && period.endDay > day) lookedAfter++;
      }
    }
  }
  return Math.max(children.length, Math.round(((lookedAfter / monthEnds.length) * 10_000) / LOOKED_AFTER_PER_10K));
}

/**
 * Sign-in accounts for the demo: the team manager of the team that spent most month-ends over an
 * average of 20 cases, that team's busiest social worker, and the manager of its service area.
 */
function chooseAccounts(structure: Structure, workforce: Workforce, to: Day): DemoAccounts {
  const present = workforce.professionals.filter((professional) => professional.leftDay === null);
  const monthsOver = new Map<string, number>();
  for (const snapshot of workforce.snapshots) {
    if (snapshot.workers > 0 && snapshot.cases / snapshot.workers > 20) monthsOver.set(snapshot.teamId, (monthsOver.get(snapshot.teamId) ?? 0) + 1);
  }
  const candidates = structure.units
    .filter((unit) => unit.caseFunction && structure.isValid(unit, to))
    .map((unit) => ({
      unit,
      manager: present.find((professional) => professional.unitId === unit.id && professional.role === 'team_manager'),
      worker: present
        .filter((professional) => professional.unitId === unit.id && professional.role !== 'team_manager')
        .sort((a, b) => b.cases.size - a.cases.size || a.index - b.index)[0],
    }))
    .filter((candidate) => candidate.manager && candidate.worker)
    .sort((a, b) => Number(b.worker!.cases.size > 0) - Number(a.worker!.cases.size > 0) || (monthsOver.get(b.unit.id) ?? 0) - (monthsOver.get(a.unit.id) ?? 0));
  const chosen = candidates[0];
  if (!chosen) throw new Error('The demo county has no team with a manager and a social worker at the extract date');
  const serviceManager =
    present.find((professional) => professional.role === 'service_manager' && professional.unitId === chosen.unit.parentId) ??
    present.find((professional) => professional.role === 'service_manager');
  if (!serviceManager) throw new Error('The demo county has no service manager at the extract date');
  return {
    teamManager: { professionalId: chosen.manager!.id, name: chosen.manager!.name, teamId: chosen.unit.id, teamName: chosen.unit.name },
    socialWorker: { professionalId: chosen.worker!.id, name: chosen.worker!.name, teamId: chosen.unit.id },
    serviceManager: { professionalId: serviceManager.id, name: serviceManager.name, serviceId: serviceManager.unitId },
  };
}
