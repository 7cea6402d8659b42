import { monthEndDays, type Day } from './calendar.ts';
import type { Child, Episode, Segment } from './children.ts';
import { CASE_CHANGE_REASON, MEMBERSHIP_LEAVE_REASON } from './codes.ts';
import { personName } from './names.ts';
import { stream, Weighted, type Rng } from './random.ts';
import { DISTRICTS, type CaseFunction, type Structure } from './structure.ts';

export type Role = 'social_worker' | 'senior_social_worker' | 'asye_social_worker' | 'team_manager' | 'service_manager';

export interface Professional {
  index: number;
  id: string;
  name: string;
  fte: number;
  agency: boolean;
  role: Role;
  unitId: string;
  membership: Membership;
  leftDay: Day | null;
  absentUntil: Day;
  cases: Set<Allocation>;
}

export interface Membership {
  professional: Professional;
  unitId: string;
  role: Role;
  startDay: Day;
  endDay: Day | null;
  endReason: string | null;
}

export interface Involvement {
  id: string;
  professional: Professional;
  teamId: string;
  startDay: Day;
  endDay: Day | null;
  reason: string | null;
  child: Child;
  episode: Episode;
}

interface Allocation {
  child: Child;
  segment: Segment;
  involvement: Involvement;
  worker: Professional;
  open: boolean;
}

/** A team's caseload at a month-end: the cases its workers hold and how many case-holding workers it has. */
export interface TeamSnapshot {
  day: Day;
  teamId: string;
  cases: number;
  workers: number;
}

export interface Workforce {
  professionals: Professional[];
  memberships: Membership[];
  involvements: Involvement[];
  snapshots: TeamSnapshot[];
}

/** Workforce assumptions. Full staffing is sized for ~16.5 cases per full-time worker (short of it while posts are vacant). */
export const WORKFORCE = {
  casesPerFullTimeWorker: 16.5,
  initialFillRate: 0.9,
  agencyShareOfInitial: 0.1,
  agencyShareOfBackfill: 0.35,
  /** Mean stay: permanent staff leave at ~14% a year, agency staff at ~45%. */
  permanentStayDays: 365 / 0.14,
  agencyStayDays: 365 / 0.45,
  managerStayDays: 365 * 6,
  longAbsencesPerYear: 0.05,
  /** Family requests, moves and other mid-case changes of worker on long-term cases, per case-year. */
  caseChangesPerYear: 0.2,
  /** Share of a team's average caseload handed to a new starter in a long-term team. */
  newStarterShare: 0.8,
};

const FTE = new Weighted<number>([
  [1, 80],
  [0.8, 12],
  [0.6, 8],
]);
const NEW_ROLE = new Weighted<Role>([
  ['social_worker', 52],
  ['senior_social_worker', 18],
  ['asye_social_worker', 30],
]);
const INITIAL_ROLE = new Weighted<Role>([
  ['social_worker', 58],
  ['senior_social_worker', 30],
  ['asye_social_worker', 12],
]);
const LONG_TERM: ReadonlySet<CaseFunction> = new Set(['safeguarding', 'children_in_care', 'care_leavers']);

type Event =
  | { kind: 'leave'; professional: Professional; reason: string }
  | { kind: 'hire'; unitId: string; manager: boolean; agency: boolean }
  | { kind: 'absence'; professional: Professional }
  | { kind: 'asye'; professional: Professional }
  | { kind: 'caseChange'; allocation: Allocation }
  | { kind: 'crisis' }
  | { kind: 'closure' };

/**
 * Day-by-day simulation of the workforce and of who holds each child's case: staff join and
 * leave, their children are reallocated, teams restructure, one team closes to new cases, and
 * every new piece of work goes to the least-loaded available worker of the right team.
 */
export function simulateWorkforce(seed: number, structure: Structure, children: readonly Child[], from: Day, to: Day): Workforce {
  return new Simulation(seed, structure, children, from, to).run();
}

class Simulation {
  private readonly rng: Rng;
  private readonly professionals: Professional[] = [];
  private readonly memberships: Membership[] = [];
  private readonly involvements: Involvement[] = [];
  private readonly snapshots: TeamSnapshot[] = [];
  private readonly events: Event[][];
  private readonly starts: Segment[][];
  private readonly ends: Segment[][];
  private readonly stock: Segment[] = [];
  private readonly childOf = new Map<Segment, Child>();
  private readonly allocations = new Map<Segment, Allocation>();
  private readonly caseHolders = new Map<string, Professional[]>();
  private readonly managers = new Map<string, Professional | null>();
  private readonly pendingHires = new Map<string, Extract<Event, { kind: 'hire' }>[]>();
  private readonly establishment = new Map<string, number>();
  private readonly freeze: { from: Day; until: Day };
  private readonly structure: Structure;
  private readonly from: Day;
  private readonly to: Day;
  private today: Day;

  constructor(seed: number, structure: Structure, children: readonly Child[], from: Day, to: Day) {
    this.rng = stream(seed, 'workforce');
    this.structure = structure;
    this.from = from;
    this.to = to;
    this.today = from;
    const days = to - from + 1;
    this.events = Array.from({ length: days }, () => []);
    this.starts = Array.from({ length: days }, () => []);
    this.ends = Array.from({ length: days }, () => []);
    for (const child of children) {
      for (const segment of child.segments) {
        if (segment.endDay <= from || segment.startDay > to) continue;
        this.childOf.set(segment, child);
        if (segment.startDay < from) this.stock.push(segment);
        else this.starts[segment.startDay - from]!.push(segment);
        if (segment.endDay <= to) this.ends[segment.endDay - from]!.push(segment);
      }
    }
    this.sizeTeams(children);
    const crisisDay = structure.closure.start - 75;
    this.freeze = { from: crisisDay, until: structure.closure.end - 30 };
    this.schedule(crisisDay, { kind: 'crisis' });
    this.schedule(structure.closure.start, { kind: 'closure' });
    for (const unit of structure.units) {
      this.caseHolders.set(unit.id, []);
      this.pendingHires.set(unit.id, []);
    }
  }

  run(): Workforce {
    this.staffInitialStructure();
    const monthEnds = new Set(monthEndDays(this.from, this.to));
    for (let day = this.from; day <= this.to; day++) {
      this.today = day;
      for (const segment of this.ends[day - this.from]!) this.endCase(segment, day);
      if (day === this.structure.reorganisationDay) this.reorganise(day);
      const todays = this.events[day - this.from]!;
      for (let index = 0; index < todays.length; index++) this.handle(todays[index]!, day);
      if (day === this.from) for (const segment of this.stock) this.startCase(segment, day);
      for (const segment of this.starts[day - this.from]!) this.startCase(segment, day);
      if (monthEnds.has(day)) this.snapshot(day);
    }
    return { professionals: this.professionals, memberships: this.memberships, involvements: this.involvements, snapshots: this.snapshots };
  }

  // ---------------------------------------------------------------------------------------------
  // Establishment and staffing

  /** Posts per team: its average open cases at month-ends over the period, at the full-staffing caseload. */
  private sizeTeams(children: readonly Child[]): void {
    const monthEnds = monthEndDays(this.from, this.to);
    const demand = new Map<string, number>();
    for (const child of children) {
      for (const segment of child.segments) {
        let open = 0;
        for (const day of monthEnds) if (segment.startDay <= day && segment.endDay > day) open++;
        if (open === 0) continue;
        const key = `${segment.caseFunction}:${child.district}`;
        demand.set(key, (demand.get(key) ?? 0) + open / monthEnds.length);
      }
    }
    for (const unit of this.structure.units) {
      if (!unit.caseFunction) continue;
      const cases = unit.districts.reduce((sum, district) => sum + (demand.get(`${unit.caseFunction}:${district}`) ?? 0), 0);
      this.establishment.set(unit.id, Math.max(2, Math.round(cases / (WORKFORCE.casesPerFullTimeWorker * 0.95))));
    }
  }

  private staffInitialStructure(): void {
    const { rng, from } = this;
    for (const unit of this.structure.units) {
      if (!this.structure.isValid(unit, from)) continue;
      this.recruit(unit.id, unit.kind === 'service' ? 'service_manager' : 'team_manager', false, this.pastStart(365 * 4));
      if (!unit.caseFunction) continue;
      for (let post = 0; post < this.establishment.get(unit.id)!; post++) {
        if (post === 0 || rng.chance(WORKFORCE.initialFillRate)) {
          const startDay = this.pastStart(365 * 3);
          const role = INITIAL_ROLE.pick(rng);
          this.recruit(
            unit.id,
            role === 'asye_social_worker' && startDay < from - 300 ? 'social_worker' : role,
            rng.chance(WORKFORCE.agencyShareOfInitial),
            startDay,
          );
        } else {
          this.planHire(unit.id, from - rng.int(0, 60), false);
        }
      }
    }
  }

  private pastStart(meanDays: number): Day {
    return Math.max(this.structure.establishedDay, this.from - 1 - Math.round(this.rng.exponential(meanDays)));
  }

  private recruit(unitId: string, role: Role, agency: boolean, startDay: Day): Professional {
    const { rng } = this;
    const manager = role === 'team_manager' || role === 'service_manager';
    const professional: Professional = {
      index: this.professionals.length,
      id: `P${String(this.professionals.length + 1).padStart(5, '0')}`,
      name: personName(rng),
      fte: manager ? 1 : FTE.pick(rng),
      agency,
      role,
      unitId,
      membership: undefined as unknown as Membership, // set by join() below
      leftDay: null,
      absentUntil: startDay,
      cases: new Set(),
    };
    this.professionals.push(professional);
    this.join(professional, unitId, role, startDay);
    const stay = manager ? WORKFORCE.managerStayDays : agency ? WORKFORCE.agencyStayDays : WORKFORCE.permanentStayDays;
    const leaveDay = Math.max(startDay, this.from) + 1 + Math.round(rng.exponential(stay));
    this.schedule(leaveDay, { kind: 'leave', professional, reason: agency ? 'Agency contract ended' : MEMBERSHIP_LEAVE_REASON.pick(rng) });
    if (role === 'asye_social_worker') this.schedule(startDay + 365, { kind: 'asye', professional });
    if (!manager) this.scheduleAbsence(professional, Math.max(startDay, this.from));
    return professional;
  }

  private join(professional: Professional, unitId: string, role: Role, startDay: Day): void {
    const membership: Membership = { professional, unitId, role, startDay, endDay: null, endReason: null };
    this.memberships.push(membership);
    professional.membership = membership;
    professional.unitId = unitId;
    professional.role = role;
    if (role === 'team_manager' || role === 'service_manager') this.managers.set(unitId, professional);
    else this.caseHolders.get(unitId)!.push(professional);
  }

  private leaveUnit(professional: Professional, day: Day, reason: string): void {
    professional.membership.endDay = day;
    professional.membership.endReason = reason;
    const unitId = professional.unitId;
    if (this.managers.get(unitId) === professional) this.managers.set(unitId, null);
    const holders = this.caseHolders.get(unitId)!;
    const position = holders.indexOf(professional);
    if (position >= 0) holders.splice(position, 1);
  }

  private planHire(unitId: string, day: Day, manager: boolean): void {
    const { rng } = this;
    const agency = !manager && rng.chance(WORKFORCE.agencyShareOfBackfill);
    const hire: Extract<Event, { kind: 'hire' }> = { kind: 'hire', unitId, manager, agency };
    this.pendingHires.get(unitId)!.push(hire);
    this.schedule(Math.max(day + 1, this.from), hire, agency ? rng.int(14, 45) : manager ? rng.int(20, 75) : rng.int(45, 150));
  }

  private scheduleAbsence(professional: Professional, after: Day): void {
    this.schedule(after + Math.round(this.rng.exponential(365 / WORKFORCE.longAbsencesPerYear)), { kind: 'absence', professional });
  }

  private schedule(day: Day, event: Event, delay = 0): void {
    const when = Math.max(day + delay, this.today);
    if (when <= this.to) this.events[when - this.from]!.push(event);
  }

  private handle(event: Event, day: Day): void {
    switch (event.kind) {
      case 'leave':
        return this.leave(event.professional, event.reason, day);
      case 'hire':
        return this.hire(event, day);
      case 'absence':
        return this.absence(event.professional, day);
      case 'asye':
        return this.completeAsye(event.professional, day);
      case 'caseChange':
        return this.changeWorker(event.allocation, day);
      case 'crisis':
        return this.crisis(day);
      case 'closure':
        return this.closeToNewCases(day);
    }
  }

  private leave(professional: Professional, reason: string, day: Day): void {
    if (professional.leftDay !== null) return;
    const manager = professional.role === 'team_manager' || professional.role === 'service_manager';
    const unitId = professional.unitId;
    if (!manager && !this.caseHolders.get(unitId)!.some((other) => other !== professional && other.absentUntil <= day)) {
      this.schedule(day + 30, { kind: 'leave', professional, reason });
      return;
    }
    this.leaveUnit(professional, day, reason);
    professional.leftDay = day;
    for (const allocation of [...professional.cases]) this.reassign(allocation, this.chooseWorker(this.takingWork(unitId, day), day), 'LEFTRL', day);
    if (manager) this.planHire(unitId, day, true);
    else if (this.caseHolders.get(unitId)!.length + this.pendingHires.get(unitId)!.length < this.establishment.get(unitId)!) {
      this.planHire(unitId, day, false);
    }
  }

  private hire(hire: Extract<Event, { kind: 'hire' }>, day: Day): void {
    const { rng } = this;
    if (!hire.manager && hire.unitId === this.structure.closure.teamId && day >= this.freeze.from && day < this.freeze.until) {
      this.schedule(Math.max(day + 1, this.freeze.until - rng.int(0, 30)), hire);
      return;
    }
    const pending = this.pendingHires.get(hire.unitId)!;
    pending.splice(pending.indexOf(hire), 1);
    if (hire.manager) {
      if (!this.managers.get(hire.unitId))
        this.recruit(hire.unitId, this.structure.byId.get(hire.unitId)!.kind === 'service' ? 'service_manager' : 'team_manager', false, day);
      return;
    }
    const professional = this.recruit(
      hire.unitId,
      hire.agency ? (rng.chance(0.4) ? 'senior_social_worker' : 'social_worker') : NEW_ROLE.pick(rng),
      hire.agency,
      day,
    );
    const caseFunction = this.structure.byId.get(hire.unitId)!.caseFunction;
    if (caseFunction && LONG_TERM.has(caseFunction)) this.takeShareOfCases(professional, day);
  }

  /** A new starter in a long-term team takes over some children from the busiest colleagues. */
  private takeShareOfCases(starter: Professional, day: Day): void {
    const team = this.caseHolders.get(starter.unitId)!.filter((worker) => worker !== starter && worker.absentUntil <= day);
    const cases = team.reduce((sum, worker) => sum + worker.cases.size, 0);
    const capacity = team.reduce((sum, worker) => sum + capacityOf(worker), 0);
    if (capacity === 0) return;
    const share = Math.floor((cases / capacity) * capacityOf(starter) * WORKFORCE.newStarterShare);
    for (let moved = 0; moved < share; moved++) {
      let donor: Professional | null = null;
      for (const worker of team) if (!donor || loadOf(worker) > loadOf(donor)) donor = worker;
      if (!donor || loadOf(donor) <= (starter.cases.size + 1) / capacityOf(starter)) return;
      let latest: Allocation | undefined;
      for (const allocation of donor.cases) latest = allocation;
      this.reassign(latest!, starter, 'MANAGE', day);
    }
  }

  private absence(professional: Professional, day: Day): void {
    if (professional.leftDay !== null) return;
    const others = this.caseHolders.get(professional.unitId)!.filter((worker) => worker !== professional && worker.absentUntil <= day);
    if (others.length > 0) {
      professional.absentUntil = day + this.rng.int(45, 150);
      const teamId = this.takingWork(professional.unitId, day);
      for (const allocation of [...professional.cases]) this.reassign(allocation, this.chooseWorker(teamId, day, professional), 'ABSENC', day);
    }
    this.scheduleAbsence(professional, Math.max(day, professional.absentUntil));
  }

  private completeAsye(professional: Professional, day: Day): void {
    if (professional.leftDay !== null || professional.role !== 'asye_social_worker') return;
    const unitId = professional.unitId;
    this.leaveUnit(professional, day, 'ASYE completed');
    this.join(professional, unitId, 'social_worker', day);
  }

  /** Staff shortage before the closure: several workers leave and the posts are not filled until it ends. */
  private crisis(day: Day): void {
    const team = this.caseHolders.get(this.structure.closure.teamId) ?? [];
    for (const professional of team.slice(0, Math.max(1, Math.round(team.length * 0.35)))) {
      this.schedule(day + this.rng.int(0, 60), { kind: 'leave', professional, reason: MEMBERSHIP_LEAVE_REASON.pick(this.rng) });
    }
  }

  /** The team that takes a team's work on a day: the cover team while it is closed to new cases. */
  private takingWork(teamId: string, day: Day): string {
    const { closure } = this.structure;
    return teamId === closure.teamId && day >= closure.start && day < closure.end ? closure.coverTeamId : teamId;
  }

  /**
   * The team closes to new cases: managers move children from its busiest workers to the cover
   * team until no one holds more than 22 per FTE, and the cover team gets extra agency workers.
   */
  private closeToNewCases(day: Day): void {
    const { teamId, coverTeamId } = this.structure.closure;
    const extraWorkers = Math.max(1, Math.round(this.establishment.get(teamId)! * 0.4));
    for (let hire = 0; hire < extraWorkers; hire++) this.recruit(coverTeamId, 'social_worker', true, day);
    const team = this.caseHolders.get(teamId)!;
    for (;;) {
      let busiest: Professional | null = null;
      for (const worker of team) if (!busiest || loadOf(worker) > loadOf(busiest)) busiest = worker;
      if (!busiest || loadOf(busiest) <= 22) return;
      let latest: Allocation | undefined;
      for (const allocation of busiest.cases) latest = allocation;
      this.reassign(latest!, this.chooseWorker(coverTeamId, day), 'MANAGE', day);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Reorganisation

  private reorganise(day: Day): void {
    const closing = this.structure.units.filter((unit) => unit.validTo === day);
    const opening = this.structure.units.filter((unit) => unit.validFrom === day);
    const moved: Professional[] = [];
    for (const unit of closing) {
      const successors = unit.kind === 'service' ? opening.filter((other) => other.kind === 'service').map((other) => other.id) : unit.successors;
      const manager = this.managers.get(unit.id);
      if (manager) this.move(manager, successors[0]!, day);
      [...this.caseHolders.get(unit.id)!].forEach((worker, index) => {
        this.move(worker, successors[index % successors.length]!, day);
        moved.push(worker);
      });
      this.pendingHires.get(unit.id)!.forEach((hire, index) => {
        hire.unitId = successors[index % successors.length]!;
        this.pendingHires.get(hire.unitId)!.push(hire);
      });
      this.pendingHires.set(unit.id, []);
    }
    for (const unit of opening) {
      if (!this.managers.get(unit.id)) this.recruit(unit.id, unit.kind === 'service' ? 'service_manager' : 'team_manager', false, day);
      if (!unit.caseFunction) continue;
      const missing = this.establishment.get(unit.id)! - this.caseHolders.get(unit.id)!.length - this.pendingHires.get(unit.id)!.length;
      for (let post = 0; post < missing; post++) this.planHire(unit.id, day, false);
    }
    for (const worker of moved) {
      for (const allocation of [...worker.cases]) {
        const team = this.structure.route(allocation.segment.caseFunction, allocation.child.district, day);
        this.reassign(allocation, team.id === worker.unitId ? worker : this.chooseWorker(team.id, day), 'ORGRST', day);
      }
    }
  }

  private move(professional: Professional, unitId: string, day: Day): void {
    const role = professional.role;
    this.leaveUnit(professional, day, 'Restructure');
    this.join(professional, unitId, role, day);
  }

  // ---------------------------------------------------------------------------------------------
  // Cases

  private startCase(segment: Segment, day: Day): void {
    const child = this.childOf.get(segment)!;
    const team = this.structure.route(segment.caseFunction, child.district, day);
    const worker = this.chooseWorker(team.id, day);
    const startDay = segment.startDay < day ? Math.max(segment.startDay, worker.membership.startDay) : day;
    const allocation: Allocation = { child, segment, worker, open: true, involvement: this.involve(worker, child, segment.episode, startDay) };
    worker.cases.add(allocation);
    this.allocations.set(segment, allocation);
    if (LONG_TERM.has(segment.caseFunction)) this.scheduleCaseChange(allocation, day);
  }

  private endCase(segment: Segment, day: Day): void {
    const allocation = this.allocations.get(segment);
    if (!allocation) return;
    allocation.involvement.endDay = day;
    allocation.involvement.reason = segment.endReason;
    allocation.worker.cases.delete(allocation);
    allocation.open = false;
  }

  private scheduleCaseChange(allocation: Allocation, day: Day): void {
    const next = day + 1 + Math.round(this.rng.exponential(365 / WORKFORCE.caseChangesPerYear));
    if (next < allocation.segment.endDay) this.schedule(next, { kind: 'caseChange', allocation });
  }

  private changeWorker(allocation: Allocation, day: Day): void {
    if (!allocation.open) return;
    const { rng } = this;
    const reason = CASE_CHANGE_REASON.pick(rng);
    let teamId = allocation.worker.unitId;
    if (reason === 'CHCHAN' && rng.chance(0.5)) {
      // The family moves to another district: the case follows it to that district's team.
      allocation.child.district = (allocation.child.district + rng.int(1, DISTRICTS.length - 1)) % DISTRICTS.length;
      teamId = this.structure.route(allocation.segment.caseFunction, allocation.child.district, day).id;
    }
    const worker = this.chooseWorker(teamId, day, allocation.worker);
    if (worker !== allocation.worker) this.reassign(allocation, worker, reason, day);
    this.scheduleCaseChange(allocation, day);
  }

  /** The least-loaded available case-holder of the team (by caseload per FTE, ASYEs protected); failing that, of a sister team. */
  private chooseWorker(teamId: string, day: Day, exclude?: Professional): Professional {
    const pick = (candidates: readonly Professional[], allowAbsent: boolean) => {
      let best: Professional | null = null;
      for (const worker of candidates) {
        if (worker === exclude || (!allowAbsent && worker.absentUntil > day)) continue;
        if (!best || (worker.cases.size + 1) / capacityOf(worker) < (best.cases.size + 1) / capacityOf(best)) best = worker;
      }
      return best;
    };
    const team = this.caseHolders.get(teamId)!;
    const chosen = pick(team, false) ?? pick(team, true);
    if (chosen) return chosen;
    if (exclude && exclude.unitId === teamId && exclude.leftDay === null) return exclude;
    const caseFunction = this.structure.byId.get(teamId)!.caseFunction;
    const sisters = this.structure.units.filter((unit) => unit.caseFunction === caseFunction && this.structure.isValid(unit, day));
    const fallback = pick(
      sisters.flatMap((unit) => this.caseHolders.get(unit.id)!),
      true,
    );
    if (!fallback) throw new Error(`No ${caseFunction} worker on day ${day}`);
    return fallback;
  }

  /** Hands a case to another worker: the old involvement ends today with the reason and a new one starts. */
  private reassign(allocation: Allocation, worker: Professional, reason: string, day: Day): void {
    const involvement = allocation.involvement;
    if (worker === allocation.worker && worker.unitId === involvement.teamId) return;
    allocation.worker.cases.delete(allocation);
    worker.cases.add(allocation);
    allocation.worker = worker;
    if (involvement.startDay === day) {
      involvement.professional = worker;
      involvement.teamId = worker.unitId;
      return;
    }
    involvement.endDay = day;
    involvement.reason = reason;
    allocation.involvement = this.involve(worker, allocation.child, involvement.episode, day);
  }

  private involve(worker: Professional, child: Child, episode: Episode, startDay: Day): Involvement {
    const involvement: Involvement = {
      id: `INV${String(this.involvements.length + 1).padStart(7, '0')}`,
      professional: worker,
      teamId: worker.unitId,
      startDay,
      endDay: null,
      reason: null,
      child,
      episode,
    };
    this.involvements.push(involvement);
    return involvement;
  }

  private snapshot(day: Day): void {
    for (const unit of this.structure.units) {
      if (!unit.caseFunction || !this.structure.isValid(unit, day)) continue;
      const workers = this.caseHolders.get(unit.id)!;
      this.snapshots.push({ day, teamId: unit.id, cases: workers.reduce((sum, worker) => sum + worker.cases.size, 0), workers: workers.length });
    }
  }
}

function capacityOf(worker: Professional): number {
  return worker.fte * (worker.role === 'asye_social_worker' ? 0.7 : 1);
}

function loadOf(worker: Professional): number {
  return worker.cases.size / capacityOf(worker);
}
