import { addMonthsToDay, addWorkingDaysToDay, addYearsToDay, type Day } from './calendar.ts';
import { drawCarePeriod, NEVER, type CarePeriod } from './care.ts';
import { CONTACT_OUTCOMES, CP_CATEGORY, CP_REVIEWS_TO_END, ETHNICITY, PRIMARY_NEED, REFERRAL_SOURCES } from './codes.ts';
import { forename, surname } from './names.ts';
import { stream, Weighted, type Rng } from './random.ts';
import { DISTRICT_SHARE, type CaseFunction } from './structure.ts';

export interface Contact {
  day: Day;
  minute: number;
  source: readonly [string, string];
  outcome: string;
}
export interface Assessment {
  startDay: Day;
  authDay: Day;
  seen: boolean;
  outcome: string;
  nfa: boolean;
}
export interface Icpc {
  day: Day;
  targetDay: Day;
  plan: CpPlan | null;
}
export interface S47 {
  startDay: Day;
  endDay: Day;
  icpc: Icpc | null;
}
export interface CpReview {
  dueDay: Day;
  day: Day;
  continues: boolean;
}
export interface CpPlan {
  startDay: Day;
  endDay: Day;
  initialCategory: string;
  latestCategory: string;
  reviews: CpReview[];
}
export interface CinPlan {
  startDay: Day;
  endDay: Day;
}
export interface Episode {
  referralId: string;
  referralDay: Day;
  decisionDay: Day;
  source: readonly [string, string];
  need: string;
  nfa: boolean;
  closeDay: Day;
  closeReason: string;
  assessment: Assessment | null;
  s47s: S47[];
  cinPlans: CinPlan[];
  cpPlans: CpPlan[];
  carePeriods: CarePeriod[];
}
/** A stretch of a case held by one kind of team: the unit the allocation simulation allocates. */
export interface Segment {
  caseFunction: CaseFunction;
  startDay: Day;
  endDay: Day;
  endReason: 'TSPROC' | null;
  episode: Episode;
}
export interface CareLeaver {
  leftCareDay: Day;
  twentyFirstDay: Day;
  episode: Episode;
}

export interface Child {
  /** Which candidate of the seed's sequence this child was (seeds its detail stream). */
  candidate: number;
  personId: string;
  forename: string;
  surname: string;
  sex: 'M' | 'F';
  ethnicity: string;
  send: boolean;
  dob: Day;
  district: number;
  contacts: Contact[];
  episodes: Episode[];
  segments: Segment[];
  careLeaver: CareLeaver | null;
}

const AGE_AT_FIRST_CONTACT = new Weighted<number>([
  [0, 9],
  [1, 4.5],
  [2, 4.5],
  [3, 4.5],
  [4, 4.5],
  [5, 5.4],
  [6, 5.4],
  [7, 5.4],
  [8, 5.4],
  [9, 5.4],
  [10, 5.3],
  [11, 5.3],
  [12, 5.3],
  [13, 5.3],
  [14, 5.3],
  [15, 5.3],
  [16, 6],
  [17, 4],
]);
const DECISION_WORKING_DAYS = new Weighted<number>([
  [0, 62],
  [1, 26],
  [2, 6],
  [3, 4],
  [4, 2],
]);
const ASSESSMENT_START_WORKING_DAYS = new Weighted<number>([
  [0, 45],
  [1, 30],
  [2, 15],
  [3, 10],
]);
const DISTRICT = new Weighted<number>(DISTRICT_SHARE.map((share, index) => [index, share] as const));

/** Model rates (see index.ts for the whole model). */
export const RATES = {
  firstContactToReferral: 0.38,
  repeatContactToReferral: 0.55,
  referralNfa: 0.07,
  assessmentOnTime: 0.86,
  s47: 0.27,
  s47AfterEarlierPlan: 0.55,
  icpcAfterS47: 0.35,
  planAfterIcpc: 0.76,
  againAfterContact: 0.6,
  againAfterEpisode: 0.65,
  againAfterSeriousEpisode: 0.72,
  /** Further contacts about a child whose case is open (passed to the allocated worker), per year. */
  contactsWhileOpen: 1,
};

/**
 * Draws one candidate child's whole story, from first contact to the end of their involvement
 * with children's services. Returns null when nothing of it falls on or after `from`.
 */
export function draftChild(seed: number, candidate: number, windowStart: Day, from: Day, to: Day): Child | null {
  const rng = stream(seed, 'child', candidate);
  const firstContact = rng.int(windowStart, to);
  const dob = firstContact - (AGE_AT_FIRST_CONTACT.pick(rng) * 365 + rng.int(0, 364));
  if (addYearsToDay(dob, 21) <= from) return null;
  const sex = rng.chance(0.52) ? 'M' : 'F';
  const child: Child = {
    candidate,
    personId: '',
    sex,
    forename: forename(rng, sex),
    surname: surname(rng),
    ethnicity: ETHNICITY.pick(rng),
    send: rng.chance(0.14),
    dob,
    district: DISTRICT.pick(rng),
    contacts: [],
    episodes: [],
    segments: [],
    careLeaver: null,
  };
  new Story(rng, child, to).run(firstContact);
  const active =
    child.contacts.some((contact) => contact.day >= from) ||
    child.episodes.some((episode) => episode.closeDay > from) ||
    (child.careLeaver !== null && child.careLeaver.twentyFirstDay > from);
  return active ? child : null;
}

type State = 'cin' | 'cp' | 'care' | 'closed';

/** CIN closure reason when a period of care ends the case: adoption, special guardianship, child arrangements. */
const CLOSURE_AFTER_CARE: Readonly<Record<string, string>> = { E11: 'RC1', E12: 'RC1', E45: 'RC4', E46: 'RC4', E41: 'RC3' };

class Story {
  private readonly sixteenth: Day;
  private readonly eighteenth: Day;
  private readonly twentyFirst: Day;
  private segment: Segment | null = null;
  private seriousHistory = false;
  private readonly rng: Rng;
  private readonly child: Child;
  private readonly to: Day;

  constructor(rng: Rng, child: Child, to: Day) {
    this.rng = rng;
    this.child = child;
    this.to = to;
    this.sixteenth = addYearsToDay(child.dob, 16);
    this.eighteenth = addYearsToDay(child.dob, 18);
    this.twentyFirst = addYearsToDay(child.dob, 21);
  }

  run(firstContact: Day): void {
    this.story(firstContact);
    this.child.contacts.sort((a, b) => a.day - b.day || a.minute - b.minute);
  }

  private story(firstContact: Day): void {
    const { rng } = this;
    for (let day = firstContact; day <= this.to && day < this.eighteenth - 90;) {
      const source = REFERRAL_SOURCES.pick(rng);
      const minute = rng.int(8 * 60, 18 * 60 + 30);
      const referred = rng.chance(this.child.episodes.length > 0 ? RATES.repeatContactToReferral : RATES.firstContactToReferral) && day < this.eighteenth - 200;
      let nextFrom = day;
      let again = RATES.againAfterContact;
      if (referred) {
        const episode = this.episode(day, source);
        this.child.contacts.push({ day, minute, source, outcome: 'Referral to children’s social care' });
        this.contactsWhileOpen(episode);
        nextFrom = episode.closeDay;
        again = this.seriousHistory ? RATES.againAfterSeriousEpisode : RATES.againAfterEpisode;
        if (this.child.careLeaver || episode.closeDay >= this.eighteenth) return;
      } else {
        this.child.contacts.push({ day, minute, source, outcome: CONTACT_OUTCOMES.pick(rng) });
      }
      if (!rng.chance(again)) return;
      day = nextFrom + (rng.chance(0.65) ? 7 + Math.round(rng.exponential(90)) : rng.int(150, 1000));
    }
  }

  /** New information about a child whose case is already open goes to the allocated worker. */
  private contactsWhileOpen(episode: Episode): void {
    const { rng } = this;
    const meanGap = 365 / RATES.contactsWhileOpen;
    const until = Math.min(episode.closeDay, this.to + 1);
    for (let day = episode.referralDay + 1 + Math.round(rng.exponential(meanGap)); day < until; day += 1 + Math.round(rng.exponential(meanGap))) {
      this.child.contacts.push({
        day,
        minute: rng.int(8 * 60, 18 * 60 + 30),
        source: REFERRAL_SOURCES.pick(rng),
        outcome: 'Information shared with allocated worker',
      });
    }
  }

  private ageAt(day: Day): number {
    return (day - this.child.dob) / 365.25;
  }

  private episode(referralDay: Day, source: readonly [string, string]): Episode {
    const { rng } = this;
    const episode: Episode = {
      referralId: '',
      referralDay,
      source,
      need: PRIMARY_NEED.pick(rng),
      nfa: false,
      decisionDay: addWorkingDaysToDay(referralDay, DECISION_WORKING_DAYS.pick(rng)),
      closeDay: NEVER,
      closeReason: '',
      assessment: null,
      s47s: [],
      cinPlans: [],
      cpPlans: [],
      carePeriods: [],
    };
    this.child.episodes.push(episode);
    this.open('assessment', referralDay, episode);
    if (rng.chance(RATES.referralNfa)) {
      episode.nfa = true;
      episode.need = 'N9';
      this.close(episode, Math.max(episode.decisionDay, referralDay + rng.int(1, 5)), 'RC8');
      return episode;
    }
    const age = this.ageAt(referralDay);
    const workingDays = rng.chance(RATES.assessmentOnTime) ? rng.triangular(8, 32, 45) : rng.triangular(46, 52, 110);
    const startDay = addWorkingDaysToDay(referralDay, ASSESSMENT_START_WORKING_DAYS.pick(rng));
    const assessment: Assessment = {
      startDay,
      authDay: Math.max(startDay + 1, addWorkingDaysToDay(referralDay, workingDays)),
      seen: rng.chance(0.97),
      outcome: '',
      nfa: false,
    };
    episode.assessment = assessment;

    let state: State;
    let day: Day;
    const earlierPlan = this.child.episodes.some((earlier) => earlier.cpPlans.length > 0);
    if (rng.chance(earlierPlan ? RATES.s47AfterEarlierPlan : age < 1 ? 0.34 : RATES.s47)) {
      const s47Start = addWorkingDaysToDay(referralDay, rng.int(0, 4));
      const conference = rng.chance(earlierPlan ? 0.5 : RATES.icpcAfterS47);
      const s47: S47 = { startDay: s47Start, endDay: addWorkingDaysToDay(s47Start, rng.int(conference ? 4 : 5, conference ? 12 : 22)), icpc: null };
      episode.s47s.push(s47);
      if (conference) {
        const icpcDay = addWorkingDaysToDay(s47Start, rng.chance(0.8) ? rng.int(6, 15) : rng.int(16, 35));
        s47.icpc = { day: icpcDay, targetDay: addWorkingDaysToDay(s47Start, 15), plan: null };
        if (rng.chance(RATES.planAfterIcpc)) {
          [state, day] = ['cp', icpcDay];
          assessment.outcome = 'Child protection plan';
        } else if (rng.chance(0.65)) {
          [state, day] = ['cin', icpcDay + rng.int(0, 10)];
          assessment.outcome = 'Child in need plan';
        } else {
          [state, day] = ['closed', Math.max(assessment.authDay, icpcDay) + rng.int(0, 14)];
          assessment.outcome = 'No further action';
        }
        this.continueCase(episode, state, day, s47.icpc);
        return episode;
      }
      [state, day] = this.afterAssessment(assessment, 0.3, 0.2);
    } else if (rng.chance(directCareChance(age))) {
      [state, day] = ['care', referralDay + rng.int(0, 15)];
      assessment.outcome = 'Looked after';
    } else {
      [state, day] = this.afterAssessment(assessment, 0.42, 0.18);
    }
    this.continueCase(episode, state, day, null);
    return episode;
  }

  /** The outcome of an assessment with no child protection conference. */
  private afterAssessment(assessment: Assessment, noFurtherAction: number, shortTerm: number): [State, Day] {
    const { rng } = this;
    const u = rng.next();
    if (u < noFurtherAction) {
      assessment.nfa = true;
      assessment.outcome = rng.chance(0.35) ? 'Early help' : 'No further action';
      return ['closed', assessment.authDay + rng.int(0, 10)];
    }
    if (u < noFurtherAction + shortTerm) {
      assessment.outcome = 'Short-term child in need services';
      return ['closed', assessment.authDay + rng.int(20, 100)];
    }
    assessment.outcome = 'Child in need plan';
    return ['cin', assessment.authDay + rng.int(0, 15)];
  }

  private continueCase(episode: Episode, initialState: State, initialDay: Day, initialIcpc: Icpc | null): void {
    const { rng } = this;
    let state = initialState;
    let day = initialDay;
    let icpc = initialIcpc;
    while (state !== 'closed') {
      if (day >= this.eighteenth) {
        this.close(episode, this.eighteenth, 'RC7');
        return;
      }
      if (state === 'cin') {
        this.moveTo('safeguarding', day);
        const plan: CinPlan = { startDay: day, endDay: Math.min(day + rng.triangular(80, 180, 420), this.eighteenth) };
        episode.cinPlans.push(plan);
        const u = rng.next();
        if (u < 0.04) {
          const s47Start = plan.endDay - rng.int(0, 20);
          icpc = { day: addWorkingDaysToDay(s47Start, rng.int(6, 15)), targetDay: addWorkingDaysToDay(s47Start, 15), plan: null };
          episode.s47s.push({ startDay: s47Start, endDay: addWorkingDaysToDay(s47Start, rng.int(4, 12)), icpc });
          plan.endDay = icpc.day;
          [state, day] = ['cp', icpc.day];
        } else if (u < 0.09) {
          [state, day] = ['care', plan.endDay];
        } else {
          [state, day] = ['closed', plan.endDay + rng.int(0, 14)];
        }
      } else if (state === 'cp') {
        this.moveTo('safeguarding', day);
        this.seriousHistory = true;
        const plan = this.childProtectionPlan(day);
        episode.cpPlans.push(plan);
        if (icpc) icpc.plan = plan;
        icpc = null;
        const u = rng.next();
        [state, day] = u < 0.15 ? ['care', plan.endDay] : u < 0.7 ? ['cin', plan.endDay] : ['closed', plan.endDay + rng.int(0, 7)];
      } else {
        this.seriousHistory = true;
        const period = drawCarePeriod(rng, this.child.dob, day, episode.need, this.to);
        episode.carePeriods.push(period);
        this.moveTo(period.startDay >= this.sixteenth ? 'care_leavers' : 'children_in_care', day);
        if (this.sixteenth > period.startDay && this.sixteenth < period.endDay) this.moveTo('care_leavers', this.sixteenth);
        const agedOut = period.endDay >= this.eighteenth;
        const careLeaver =
          period.endDay - period.startDay >= 91 && (agedOut || (period.endDay >= this.sixteenth + 182 && ['E5', 'E6', 'E17'].includes(period.exitReason)));
        if (careLeaver) {
          this.child.careLeaver = { leftCareDay: period.endDay, twentyFirstDay: this.twentyFirst, episode };
          episode.closeDay = period.endDay;
          episode.closeReason = 'RC7';
          this.segment!.endDay = this.twentyFirst;
          this.segment = null;
          return;
        }
        const returnedHome = ['E4A', 'E4B', 'E13'].includes(period.exitReason);
        if (returnedHome && this.ageAt(period.endDay) < 17 && rng.chance(0.5)) {
          [state, day] = ['cin', period.endDay];
        } else {
          this.close(episode, period.endDay, CLOSURE_AFTER_CARE[period.exitReason] ?? 'RC7');
          return;
        }
      }
    }
    // Closed straight after an assessment that found no need for services, with no enquiry or plan: DfE's RC8 (no
    // further action) or RC9 (early help).
    const assessment = episode.assessment;
    const assessedOnly = assessment?.nfa && episode.s47s.length + episode.cinPlans.length + episode.cpPlans.length === 0;
    this.close(episode, day, assessedOnly ? (assessment.outcome === 'Early help' ? 'RC9' : 'RC8') : 'RC7');
  }

  /** Plans end at a review conference: after 3 months, then every 6 months. */
  private childProtectionPlan(startDay: Day): CpPlan {
    const { rng } = this;
    const initialCategory = CP_CATEGORY.pick(rng);
    const plan: CpPlan = {
      startDay,
      endDay: NEVER,
      initialCategory,
      latestCategory: rng.chance(0.1) ? CP_CATEGORY.pick(rng) : initialCategory,
      reviews: [],
    };
    const reviewsToEnd = CP_REVIEWS_TO_END.pick(rng);
    let due = addMonthsToDay(startDay, 3);
    for (let review = 1; review <= reviewsToEnd; review++) {
      const day = rng.chance(0.06) ? due + rng.int(1, 20) : due - rng.int(0, 7);
      const ends = review === reviewsToEnd || day >= this.eighteenth;
      plan.reviews.push({ dueDay: due, day: Math.min(day, this.eighteenth), continues: !ends });
      if (ends) {
        plan.endDay = Math.min(day, this.eighteenth);
        break;
      }
      due = addMonthsToDay(day, 6);
    }
    return plan;
  }

  private open(caseFunction: CaseFunction, day: Day, episode: Episode): void {
    this.segment = { caseFunction, startDay: day, endDay: NEVER, endReason: null, episode };
    this.child.segments.push(this.segment);
  }

  /** Transfers the case to another kind of team (TSPROC), unless it is already there. */
  private moveTo(caseFunction: CaseFunction, day: Day): void {
    const current = this.segment!;
    if (current.caseFunction === caseFunction) return;
    if (current.startDay >= day) {
      current.caseFunction = caseFunction;
      return;
    }
    current.endDay = day;
    current.endReason = 'TSPROC';
    this.open(caseFunction, day, current.episode);
  }

  private close(episode: Episode, day: Day, reason: string): void {
    episode.closeDay = Math.min(day, this.eighteenth);
    episode.closeReason = reason;
    if (this.segment) this.segment.endDay = Math.max(this.segment.startDay + 1, episode.closeDay);
    this.segment = null;
  }
}

/** Children coming straight into care from a referral: babies and older teenagers most often. */
function directCareChance(age: number): number {
  return age < 1 ? 0.06 : age < 11 ? 0.015 : age < 16 ? 0.03 : 0.06;
}
