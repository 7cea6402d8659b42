import type { Cell } from '../core/db/bulk.ts';
import { ssdColumnNames } from '../ingest/ssd/tables.ts';
import { addMonthsToDay, addWorkingDaysToDay, addYearsToDay, isoOf, isoOrNull, timestampOf, toDay, type Day } from './calendar.ts';
import { upnCheckLetter } from '../ingest/cin/rules/child.ts';
import { NEVER, type CarePeriod } from './care.ts';
import type { Child, Episode } from './children.ts';
import { ASSESSMENT_FACTORS, CARE_LEAVER_ACCOMMODATION, CARE_LEAVER_ACTIVITY, CARE_LEAVER_IN_TOUCH, REVIEW_PARTICIPATION } from './codes.ts';
import { stream, type Rng } from './random.ts';
import type { Structure } from './structure.ts';
import { postcode } from './names.ts';
import type { Involvement, Professional, Role, Workforce } from './simulate.ts';

export interface CountyTable {
  name: string;
  columns: readonly string[];
  rows: Cell[][];
}

/** Tables in load order (parents before children), with their columns: an SSD table the demo writes whole takes the schema's list (ssd/tables.ts). */
const TABLES = {
  ssd_department: ssdColumnNames('ssd_department'),
  ssd_professionals: ssdColumnNames('ssd_professionals'),
  ks_team_membership: ['memb_professional_id', 'memb_team_id', 'memb_role', 'memb_start_date', 'memb_end_date', 'memb_end_reason'],
  ks_team_closure: ['clos_team_id', 'clos_start_date', 'clos_end_date', 'clos_reason'],
  ssd_person: ssdColumnNames('ssd_person'),
  ssd_linked_identifiers: ssdColumnNames('ssd_linked_identifiers'),
  ssd_address: ssdColumnNames('ssd_address'),
  ssd_contacts: ssdColumnNames('ssd_contacts'),
  ssd_cin_episodes: ssdColumnNames('ssd_cin_episodes'),
  ssd_cin_assessments: ssdColumnNames('ssd_cin_assessments'),
  ssd_assessment_factors: ssdColumnNames('ssd_assessment_factors'),
  ssd_s47_enquiry: ssdColumnNames('ssd_s47_enquiry'),
  ssd_initial_cp_conference: ssdColumnNames('ssd_initial_cp_conference'),
  ssd_cp_plans: [
    'cppl_cp_plan_id',
    'cppl_referral_id',
    'cppl_icpc_id',
    'cppl_person_id',
    'cppl_cp_plan_start_date',
    'cppl_cp_plan_end_date',
    'cppl_cp_plan_initial_category',
    'cppl_cp_plan_ola',
    'cppl_cp_plan_latest_category',
  ],
  ssd_cp_visits: ssdColumnNames('ssd_cp_visits'),
  ssd_cp_reviews: ssdColumnNames('ssd_cp_reviews'),
  ssd_cin_plans: ssdColumnNames('ssd_cin_plans'),
  ssd_cin_visits: ssdColumnNames('ssd_cin_visits'),
  ssd_cla_placement: ssdColumnNames('ssd_cla_placement'),
  ssd_cla_episodes: ssdColumnNames('ssd_cla_episodes'),
  ssd_cla_reviews: ssdColumnNames('ssd_cla_reviews'),
  ssd_cla_visits: ssdColumnNames('ssd_cla_visits'),
  ssd_cla_health: ssdColumnNames('ssd_cla_health'),
  ssd_legal_status: ssdColumnNames('ssd_legal_status'),
  ssd_missing: ssdColumnNames('ssd_missing'),
  ssd_care_leavers: [
    'clea_table_id',
    'clea_person_id',
    'clea_care_leaver_eligibility',
    'clea_care_leaver_in_touch',
    'clea_care_leaver_latest_contact',
    'clea_care_leaver_accommodation',
    'clea_care_leaver_accom_suitable',
    'clea_care_leaver_activity',
    'clea_pathway_plan_review_date',
    'clea_care_leaver_personal_advisor',
    'clea_care_leaver_allocated_team',
    'clea_care_leaver_worker_id',
  ],
  ks_child_plan_action: ssdColumnNames('ks_child_plan_action'),
  ssd_involvements: ssdColumnNames('ssd_involvements'),
  ks_setting: ['setting_key', 'setting_value'],
} as const;

export type TableName = keyof typeof TABLES;

/**
 * The worker role the demo's case system writes on an allocation: the spelling real SSD extracts carry
 * (SSD: "Worker role e.g. Allocated Case Worker"), read through the council's local codes like any
 * council's (src/core/allocations.ts), not Keystone's internal code.
 */
export const ALLOCATED_CASE_WORKER = 'Allocated Case Worker';

const JOB_TITLES: Record<Role, string> = {
  social_worker: 'Social Worker',
  senior_social_worker: 'Senior Social Worker',
  asye_social_worker: 'Newly Qualified Social Worker (ASYE)',
  team_manager: 'Team Manager',
  service_manager: 'Service Manager',
};
const NATIONALITIES = ['Irish', 'Polish', 'Romanian', 'Eritrean', 'Afghan', 'Syrian', 'Not known'];

class Rows {
  readonly rows: Cell[][] = [];
  private count = 0;
  private readonly prefix: string;
  constructor(prefix: string) {
    this.prefix = prefix;
  }
  /** The next id for this table, e.g. "CPV0000012". */
  nextId(): string {
    return `${this.prefix}${String(++this.count).padStart(7, '0')}`;
  }
  add(...cells: Cell[]): void {
    this.rows.push(cells);
  }
}

export interface RecordInput {
  seed: number;
  to: Day;
  structure: Structure;
  children: readonly Child[];
  workforce: Workforce;
  settings: readonly (readonly [string, string])[];
}

/** Turns the simulated county into table rows, leaving out anything after the extract date `to`. */
export function buildTables(input: RecordInput): CountyTable[] {
  const { to, structure, workforce } = input;
  const laCode = input.settings.find(([key]) => key === 'la_code')?.[1] ?? '';
  const tables = Object.fromEntries((Object.keys(TABLES) as TableName[]).map((name) => [name, new Rows(ID_PREFIX[name])])) as Record<TableName, Rows>;
  const date = (day: Day | null | undefined) => isoOrNull(day, to);

  for (const unit of [...structure.units].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'service' ? -1 : 1))) {
    const parent = unit.parentId ? structure.byId.get(unit.parentId)! : null;
    tables.ssd_department.add(unit.id, unit.name, parent?.id ?? null, parent?.name ?? null, date(unit.validFrom), date(unit.validTo), unit.kind);
  }
  for (const professional of workforce.professionals) tables.ssd_professionals.add(...professionalRow(professional, structure));
  for (const membership of workforce.memberships) {
    tables.ks_team_membership.add(
      membership.professional.id,
      membership.unitId,
      membership.role,
      date(membership.startDay),
      date(membership.endDay),
      membership.endDay === null || membership.endDay > to ? null : membership.endReason,
    );
  }
  const { closure } = structure;
  tables.ks_team_closure.add(closure.teamId, date(closure.start), date(closure.end), closure.reason);

  const involvementsByChild = new Map<Child, Involvement[]>();
  for (const involvement of workforce.involvements) {
    const list = involvementsByChild.get(involvement.child);
    if (list) list.push(involvement);
    else involvementsByChild.set(involvement.child, [involvement]);
  }
  for (const child of input.children) {
    const writer = new ChildWriter(tables, child, involvementsByChild.get(child) ?? [], stream(input.seed, 'detail', child.candidate), to, laCode, {
      rng: stream(input.seed, 'plan-actions', child.candidate),
      improvesFrom: structure.reorganisationDay,
    });
    writer.write();
    // The family home (the 903's HOME_POST), from its own random stream so the rest of the county is unchanged by it.
    tables.ssd_address.add(
      tables.ssd_address.nextId(),
      null,
      child.personId,
      'Home',
      isoOf(child.dob),
      null,
      postcode(stream(input.seed, 'home', child.candidate)),
    );
  }
  for (const involvement of workforce.involvements) {
    tables.ssd_involvements.add(
      involvement.id,
      involvement.professional.id,
      ALLOCATED_CASE_WORKER,
      involvement.teamId,
      date(involvement.startDay),
      date(involvement.endDay),
      involvement.endDay === null ? null : involvement.reason,
      involvement.child.personId,
      involvement.episode.referralId,
    );
  }
  for (const [key, value] of input.settings) tables.ks_setting.add(key, value);
  return (Object.keys(TABLES) as TableName[]).map((name) => ({ name, columns: TABLES[name], rows: tables[name].rows }));
}

const ID_PREFIX: Record<TableName, string> = {
  ssd_department: '',
  ssd_professionals: '',
  ks_team_membership: '',
  ks_team_closure: '',
  ssd_person: 'C',
  ssd_linked_identifiers: 'LI',
  ssd_address: 'AD',
  ssd_contacts: 'CT',
  ssd_cin_episodes: 'R',
  ssd_cin_assessments: 'A',
  ssd_assessment_factors: 'AF',
  ssd_s47_enquiry: 'S',
  ssd_initial_cp_conference: 'IC',
  ssd_cp_plans: 'CP',
  ssd_cp_visits: 'CPV',
  ssd_cp_reviews: 'CPR',
  ssd_cin_plans: 'CINP',
  ssd_cin_visits: 'CINV',
  ssd_cla_placement: 'PL',
  ssd_cla_episodes: 'CLAE',
  ssd_cla_reviews: 'CLAR',
  ssd_cla_visits: 'CLAV',
  ssd_cla_health: 'HC',
  ssd_legal_status: 'LS',
  ssd_missing: 'MS',
  ssd_care_leavers: 'CL',
  ks_child_plan_action: 'PA',
  ssd_involvements: '',
  ks_setting: '',
};

function professionalRow(professional: Professional, structure: Structure): Cell[] {
  return [
    professional.id,
    `KS${String(professional.index + 1).padStart(5, '0')}`,
    professional.name,
    `SW${String(100_000 + ((professional.index * 7919) % 900_000)).padStart(6, '0')}`,
    JOB_TITLES[professional.role],
    professional.leftDay === null ? professional.cases.size : 0,
    structure.byId.get(professional.unitId)!.name,
    professional.fte.toFixed(2),
    professional.agency ? 'Y' : 'N',
  ];
}

/** Numbers each child and their referrals in order, before the allocation simulation runs. */
export function numberChildren(children: readonly Child[]): void {
  let referral = 0;
  children.forEach((child, index) => {
    child.personId = `C${String(index + 1).padStart(7, '0')}`;
    for (const episode of child.episodes) episode.referralId = `R${String(++referral).padStart(7, '0')}`;
  });
}

interface PlanActionStory {
  rng: Rng;
  /** From this day plans are written better and better. */
  improvesFrom: Day;
}

const PLAN_ACTIONS = [
  'Parent to attend substance misuse service',
  'School to monitor attendance and report weekly',
  'Health visitor to complete developmental check',
  'Parent to complete parenting programme',
  'Social worker to complete direct work with child',
  'Family group conference to be held',
  'Referral to domestic abuse service',
  'GP to review parental mental health',
  'Housing to assess family’s accommodation',
];
const ACTION_OWNERS = ['Social worker', 'Parent', 'School', 'Health visitor', 'GP', 'Family support worker', 'Housing officer'];

class ChildWriter {
  private readonly tables: Record<TableName, Rows>;
  private readonly child: Child;
  private readonly involvements: readonly Involvement[];
  private readonly rng: Rng;
  private readonly to: Day;
  private readonly laCode: string;
  private readonly planActions: PlanActionStory;

  constructor(
    tables: Record<TableName, Rows>,
    child: Child,
    involvements: readonly Involvement[],
    rng: Rng,
    to: Day,
    laCode: string,
    planActions: PlanActionStory,
  ) {
    this.tables = tables;
    this.child = child;
    this.involvements = involvements;
    this.rng = rng;
    this.to = to;
    this.laCode = laCode;
    this.planActions = planActions;
  }

  /**
   * The actions written into a plan on a day (at its start or at a review). A well-written plan dates
   * every action; the others leave one or two without a timescale. Plans are well written about
   * 6 times in 10 until the reorganisation, then steadily more often (9 in 10 two years on).
   * Actions come from their own random stream, so the rest of the county is unchanged by them.
   */
  private writePlanActions(type: 'CP' | 'CIN', planId: string, day: Day, endDay: Day, count: [number, number]): void {
    const { rng, improvesFrom } = this.planActions;
    if (day > this.to) return;
    const table = this.tables.ks_child_plan_action;
    const wellWritten = rng.chance(day < improvesFrom ? 0.6 : Math.min(0.9, 0.6 + ((day - improvesFrom) / 730) * 0.3));
    const actions = rng.int(count[0], count[1]);
    const undated = wellWritten ? 0 : rng.int(1, Math.min(2, actions));
    for (let index = 0; index < actions; index++) {
      const dueDay = index < undated ? null : day + rng.int(10, 90);
      const doneDay = dueDay !== null && rng.chance(0.8) ? dueDay + rng.int(-10, 20) : null;
      table.add(
        table.nextId(),
        this.child.personId,
        type,
        planId,
        rng.pick(PLAN_ACTIONS),
        rng.pick(ACTION_OWNERS),
        isoOf(day),
        dueDay === null ? null : isoOf(dueDay),
        doneDay !== null && doneDay < endDay ? this.date(doneDay) : null,
      );
    }
  }

  private date(day: Day | null | undefined): string | null {
    return isoOrNull(day, this.to);
  }

  private ageAt(day: Day): number {
    return (day - this.child.dob) / 365.25;
  }

  /** The allocated worker on a day (half-open), as [team, worker id]. */
  private workerAt(day: Day): [string | null, string | null] {
    for (const involvement of this.involvements) {
      if (involvement.startDay <= day && (involvement.endDay ?? NEVER) > day) return [involvement.teamId, involvement.professional.id];
    }
    return [null, null];
  }

  /**
   * The child's Unique Pupil Number, issued when they start school (the first 1 September after their
   * 4th birthday), when that is by the extract date; until then the 903 and CIN census record UN1 ("under
   * 6, not yet at school"). Made from the child's number, unique and with DfE's check letter: the LA code,
   * a school number, the year it was issued and a serial.
   */
  private upn(): { value: string; from: Day } | null {
    const fourth = isoOf(addYearsToDay(this.child.dob, 4));
    const from = toDay(`${Number(fourth.slice(0, 4)) + (fourth.slice(5) >= '09-01' ? 1 : 0)}-09-01`);
    if (from > this.to || !/^\d{3}$/.test(this.laCode)) return null;
    const index = Number(this.child.personId.slice(1)) - 1;
    const digits = `${this.laCode}${2000 + (Math.floor(index / 1000) % 8000)}${isoOf(from).slice(2, 4)}${String(index % 1000).padStart(3, '0')}`;
    return { value: `${upnCheckLetter(`A${digits}`)}${digits}`, from };
  }

  private yesNo(probability: number): 'Y' | 'N' {
    return this.rng.chance(probability) ? 'Y' : 'N';
  }

  write(): void {
    const { child, tables, rng } = this;
    const upn = this.upn();
    if (upn) tables.ssd_linked_identifiers.add(tables.ssd_linked_identifiers.nextId(), child.personId, 'Unique Pupil Number', upn.value, isoOf(upn.from), null);
    tables.ssd_person.add(
      child.personId,
      child.forename,
      child.surname,
      child.sex,
      child.sex === 'M' ? 'Male' : 'Female',
      child.ethnicity,
      isoOf(child.dob),
      null,
      `KL${child.personId.slice(1)}`,
      upn ? null : 'UN1',
      child.send ? 'Y' : 'N',
      null,
      null,
      child.sex === 'F' && this.ageAt(this.to) >= 15 && rng.chance(0.015) ? 'Y' : 'N',
      rng.chance(0.93) ? 'British' : rng.pick(NATIONALITIES),
    );
    for (const contact of child.contacts) {
      tables.ssd_contacts.add(
        tables.ssd_contacts.nextId(),
        child.personId,
        timestampOf(contact.day, contact.minute),
        contact.source[0],
        contact.source[1],
        JSON.stringify({ outcome: contact.outcome }),
      );
    }
    for (const episode of child.episodes) this.episode(episode);
    this.careLeaver();
  }

  private episode(episode: Episode): void {
    const { tables, child, rng, to } = this;
    const [referralTeam, referralWorker] = this.workerAt(episode.referralDay);
    const closed = episode.closeDay <= to;
    tables.ssd_cin_episodes.add(
      episode.referralId,
      child.personId,
      this.date(episode.referralDay),
      episode.need,
      episode.source[0],
      episode.source[1],
      JSON.stringify({ outcome: episode.nfa ? 'No further action' : 'Assessment' }),
      episode.nfa ? 'Y' : 'N',
      closed ? episode.closeReason : null,
      closed ? this.date(episode.closeDay) : null,
      referralTeam,
      referralWorker,
      this.date(episode.decisionDay),
    );
    const assessment = episode.assessment;
    if (assessment && assessment.startDay <= to) {
      const id = tables.ssd_cin_assessments.nextId();
      const authorised = assessment.authDay <= to;
      const [team, worker] = this.workerAt(assessment.startDay);
      tables.ssd_cin_assessments.add(
        id,
        child.personId,
        episode.referralId,
        this.date(assessment.startDay),
        assessment.seen ? 'Y' : 'N',
        this.date(assessment.authDay),
        authorised ? JSON.stringify({ outcome: assessment.outcome }) : null,
        authorised ? (assessment.nfa ? 'Y' : 'N') : null,
        team,
        worker,
      );
      // Factors found at the end of the assessment; 21 ("no factors identified") stands alone (DfE's 8869), and is what
      // an assessment ending in no further action records. One in five leading to services has none recorded.
      if (authorised && !assessment.nfa && rng.chance(0.8)) {
        const factors = new Set<string>();
        for (let count = rng.int(1, 4); factors.size < count;) factors.add(rng.pick(ASSESSMENT_FACTORS));
        if (factors.size > 1) factors.delete('21');
        tables.ssd_assessment_factors.add(tables.ssd_assessment_factors.nextId(), id, JSON.stringify([...factors]));
      } else if (authorised && assessment.nfa) {
        tables.ssd_assessment_factors.add(tables.ssd_assessment_factors.nextId(), id, JSON.stringify(['21']));
      }
    }
    const planIds = new Map<object, string>();
    for (const s47 of episode.s47s) {
      if (s47.startDay > to) continue;
      const s47Id = tables.ssd_s47_enquiry.nextId();
      const [team, worker] = this.workerAt(s47.startDay);
      const finished = s47.endDay <= to;
      tables.ssd_s47_enquiry.add(
        s47Id,
        episode.referralId,
        child.personId,
        this.date(s47.startDay),
        this.date(s47.endDay),
        finished ? (s47.icpc ? 'N' : 'Y') : null,
        finished ? JSON.stringify({ outcome: s47.icpc ? 'Initial child protection conference' : 'No further action' }) : null,
        team,
        worker,
      );
      const icpc = s47.icpc;
      if (!icpc || icpc.day > to) continue;
      const icpcId = tables.ssd_initial_cp_conference.nextId();
      const planId = icpc.plan ? tables.ssd_cp_plans.nextId() : null;
      if (icpc.plan && planId) planIds.set(icpc.plan, planId);
      const [icpcTeam, icpcWorker] = this.workerAt(icpc.day);
      tables.ssd_initial_cp_conference.add(
        icpcId,
        `M${icpcId.slice(2)}`,
        s47Id,
        child.personId,
        planId,
        episode.referralId,
        'N',
        this.date(icpc.targetDay),
        this.date(icpc.day),
        icpc.plan ? 'Y' : 'N',
        JSON.stringify({ outcome: icpc.plan ? 'Child protection plan' : 'No plan' }),
        icpcTeam,
        icpcWorker,
      );
      if (icpc.plan && planId) {
        const plan = icpc.plan;
        tables.ssd_cp_plans.add(
          planId,
          episode.referralId,
          icpcId,
          child.personId,
          this.date(plan.startDay),
          this.date(plan.endDay),
          plan.initialCategory,
          'N',
          plan.latestCategory,
        );
      }
    }
    for (const plan of episode.cpPlans) {
      const planId = planIds.get(plan);
      if (!planId) continue;
      this.writePlanActions('CP', planId, plan.startDay, plan.endDay, [3, 7]);
      for (const review of plan.reviews) {
        if (review.day > to) break;
        if (review.continues) this.writePlanActions('CP', planId, review.day, plan.endDay, [1, 3]);
        const id = tables.ssd_cp_reviews.nextId();
        tables.ssd_cp_reviews.add(
          id,
          child.personId,
          planId,
          this.date(review.dueDay),
          this.date(review.day),
          `M${id.slice(3)}R`,
          review.continues ? 'Y' : 'N',
          this.yesNo(0.95),
          this.ageAt(review.day) < 4 ? 'PN0' : REVIEW_PARTICIPATION.pick(rng),
        );
      }
      for (let day = plan.startDay + rng.int(1, 10); day < plan.endDay && day <= to; day += rng.chance(0.88) ? rng.int(7, 14) : rng.int(15, 28)) {
        tables.ssd_cp_visits.add(
          tables.ssd_cp_visits.nextId(),
          child.personId,
          planId,
          isoOf(day),
          this.yesNo(0.95),
          this.ageAt(day) >= 5 ? this.yesNo(0.55) : 'N',
          this.yesNo(0.35),
        );
      }
      this.missing(plan.startDay, plan.endDay, 0.04, 2);
    }
    for (const plan of episode.cinPlans) {
      if (plan.startDay > to) continue;
      const [team, worker] = this.workerAt(plan.startDay);
      const cinPlanId = tables.ssd_cin_plans.nextId();
      tables.ssd_cin_plans.add(cinPlanId, episode.referralId, child.personId, this.date(plan.startDay), this.date(plan.endDay), team, worker);
      this.writePlanActions('CIN', cinPlanId, plan.startDay, plan.endDay, [3, 6]);
      for (let day = plan.startDay + rng.int(5, 15); day < plan.endDay && day <= to; day += rng.int(20, 42)) {
        tables.ssd_cin_visits.add(
          tables.ssd_cin_visits.nextId(),
          child.personId,
          isoOf(day),
          this.yesNo(0.94),
          this.ageAt(day) >= 5 ? this.yesNo(0.5) : 'N',
          this.yesNo(0.25),
        );
      }
      this.missing(plan.startDay, plan.endDay, 0.02, 2);
    }
    for (const period of episode.carePeriods) if (period.startDay <= to) this.carePeriod(period, episode);
  }

  private carePeriod(period: CarePeriod, episode: Episode): void {
    const { tables, child, rng, to } = this;
    const firstEpisodeId = tables.ssd_cla_episodes.nextId();
    const claId = `CLA${firstEpisodeId.slice(4)}`;
    const reviewDays = this.claReviews(period, claId);
    const placementIds: string[] = [];
    for (const placement of period.placements) {
      if (placement.startDay > to) break;
      const id = tables.ssd_cla_placement.nextId();
      placementIds.push(id);
      const ended = placement.endDay <= to;
      tables.ssd_cla_placement.add(
        id,
        this.date(placement.startDay),
        placement.type,
        placement.urn,
        placement.distance.toFixed(2),
        claId,
        placement.provider,
        placement.postcode,
        this.date(placement.endDay),
        ended ? placement.changeReason : null,
        child.personId,
      );
      const settled = placement.type === 'U1' || placement.type === 'U4' || placement.type.startsWith('A');
      for (
        let day = placement.startDay + rng.int(1, 7);
        day < placement.endDay && day <= to;
        day += settled && day - placement.startDay > 365 ? rng.int(45, 90) : rng.int(25, 42)
      ) {
        tables.ssd_cla_visits.add(
          tables.ssd_cla_visits.nextId(),
          claId,
          child.personId,
          isoOf(day),
          this.yesNo(0.96),
          this.ageAt(day) >= 5 ? this.yesNo(0.7) : 'N',
        );
      }
    }
    for (const status of period.legalStatuses) {
      if (status.startDay > to) break;
      tables.ssd_legal_status.add(tables.ssd_legal_status.nextId(), child.personId, status.code, this.date(status.startDay), this.date(status.endDay));
    }
    // Episodes: a new one whenever the placement or the legal status changes.
    const breaks = [...new Set([...period.placements.map((p) => p.startDay), ...period.legalStatuses.map((s) => s.startDay)])]
      .filter((day) => day <= to)
      .sort((a, b) => a - b);
    breaks.forEach((startDay, index) => {
      const endDay = breaks[index + 1] ?? period.endDay;
      const placementIndex = period.placements.findLastIndex((placement) => placement.startDay <= startDay);
      const status = period.legalStatuses.findLast((legal) => legal.startDay <= startDay)!;
      const placementChanged = period.placements[placementIndex]?.startDay === startDay;
      const statusChanged = status.startDay === startDay;
      const reason = index === 0 ? 'S' : placementChanged && statusChanged ? 'T' : placementChanged ? 'P' : 'L';
      const last = index === breaks.length - 1;
      const ceased = endDay <= to ? (last ? period.exitReason : 'X1') : null;
      const lastReview = reviewDays.findLast((day) => day <= Math.min(endDay, to));
      const id = index === 0 ? firstEpisodeId : tables.ssd_cla_episodes.nextId();
      tables.ssd_cla_episodes.add(
        id,
        child.personId,
        isoOf(startDay),
        reason,
        period.need,
        this.date(endDay),
        ceased,
        claId,
        episode.referralId,
        placementIds[placementIndex] ?? null,
        isoOf(period.startDay),
        lastReview === undefined ? null : isoOf(lastReview),
        status.code,
      );
    });
    this.health(period);
    this.missing(Math.max(period.startDay, addYearsToDay(child.dob, 11)), period.endDay, period.unstable ? 0.35 : 0.1, rng.triangular(2, 5, 14));
  }

  /** Statutory reviews: within 20 working days of entry, then 3 months later, then every 6 months. */
  private claReviews(period: CarePeriod, claId: string): Day[] {
    const { tables, child, rng, to } = this;
    const days: Day[] = [];
    let due = addWorkingDaysToDay(period.startDay, 20);
    for (let review = 1; due < period.endDay && due <= to + 31; review++) {
      const day = rng.chance(0.92) ? Math.max(period.startDay + 1, due - rng.int(0, 10)) : due + rng.int(1, 25);
      if (day >= period.endDay || day > to) break;
      days.push(day);
      tables.ssd_cla_reviews.add(
        tables.ssd_cla_reviews.nextId(),
        claId,
        isoOf(due),
        isoOf(day),
        'N',
        this.ageAt(day) < 4 ? 'PN0' : REVIEW_PARTICIPATION.pick(rng),
        child.personId,
      );
      due = addMonthsToDay(day, review === 1 ? 3 : 6);
    }
    return days;
  }

  private health(period: CarePeriod): void {
    const { tables, child, rng, to } = this;
    if (period.endDay - period.startDay < 28) return;
    const add = (day: Day, type: string, status: string) => tables.ssd_cla_health.add(tables.ssd_cla_health.nextId(), child.personId, type, isoOf(day), status);
    const initial = addWorkingDaysToDay(period.startDay, rng.chance(0.7) ? rng.int(5, 20) : rng.int(21, 60));
    if (initial >= period.endDay || initial > to) return;
    add(initial, 'Initial Health Assessment', 'Completed');
    for (
      let day = initial + (this.ageAt(initial) < 5 ? 182 : 365) + rng.int(-30, 20);
      day < period.endDay && day <= to;
      day += (this.ageAt(day) < 5 ? 182 : 365) + rng.int(-30, 20)
    ) {
      add(day, 'Review Health Assessment', this.ageAt(day) >= 13 && rng.chance(0.06) ? 'Refused' : 'Completed');
    }
    for (let day = period.startDay + rng.int(60, 200); day < period.endDay && day <= to; day += 365 + rng.int(-40, 40)) {
      add(day, 'Dental Check', rng.chance(0.9) ? 'Completed' : 'Not completed');
    }
  }

  /** Missing episodes for a share of children aged 11+ in the period, with return home interviews. */
  private missing(startDay: Day, endDay: Day, propensity: number, perYear: number): void {
    const { tables, child, rng, to } = this;
    const from = Math.max(startDay, addYearsToDay(child.dob, 11));
    if (from >= endDay || !rng.chance(propensity)) return;
    for (let day = from + Math.round(rng.exponential(365 / perYear)); day < endDay && day <= to; day += 1 + Math.round(rng.exponential(365 / perYear))) {
      const startMinute = rng.chance(0.75) ? rng.int(14 * 60, 24 * 60 - 1) : rng.int(0, 14 * 60 - 1);
      const u = rng.next();
      const hours = u < 0.7 ? rng.int(2, 24) : u < 0.95 ? rng.int(25, 72) : rng.int(73, 240);
      const endMinute = startMinute + hours * 60 + rng.int(0, 59);
      const returned = day + Math.floor(endMinute / 1440) <= to;
      const offerMinute = endMinute + (rng.chance(0.85) ? rng.int(3, 71) : rng.int(73, 240)) * 60;
      const offered = returned && rng.chance(0.93) && day + Math.floor(offerMinute / 1440) <= to;
      tables.ssd_missing.add(
        tables.ssd_missing.nextId(),
        child.personId,
        timestampOf(day, startMinute),
        rng.chance(0.85) ? 'M' : 'A',
        returned ? timestampOf(day, endMinute) : null,
        returned ? (offered ? 'Y' : 'N') : null,
        offered ? this.yesNo(0.6) : null,
        offered ? timestampOf(day, offerMinute) : null,
      );
    }
  }

  private careLeaver(): void {
    const { tables, child, rng, to } = this;
    const leaver = child.careLeaver;
    if (!leaver || leaver.leftCareDay > to) return;
    const latestContact = Math.max(leaver.leftCareDay, Math.min(to, leaver.twentyFirstDay - 1) - rng.int(0, 60));
    const [team, worker] = this.workerAt(latestContact);
    const advisor = worker ? this.involvements.find((involvement) => involvement.professional.id === worker)!.professional.name : null;
    tables.ssd_care_leavers.add(
      tables.ssd_care_leavers.nextId(),
      child.personId,
      this.ageAt(latestContact) >= 18 ? 'Former relevant' : 'Relevant',
      CARE_LEAVER_IN_TOUCH.pick(rng),
      isoOf(latestContact),
      CARE_LEAVER_ACCOMMODATION.pick(rng),
      rng.chance(0.87) ? '1' : '2',
      CARE_LEAVER_ACTIVITY.pick(rng),
      isoOf(Math.max(leaver.leftCareDay, latestContact - rng.int(0, 180))),
      advisor,
      team,
      worker,
    );
  }
}
