import { addYearsToDay, toDay, type Day } from './calendar.ts';
import {
  AGED_OUT_REASON,
  CARE_EXIT_BY_AGE,
  OTHER_EXIT_REASON,
  PLACEMENT_CHILD,
  PLACEMENT_SIXTEEN_PLUS,
  PLACEMENT_TEEN,
  PLACEMENT_UNDER_ONE,
  PLANNED_PLACEMENT_CHANGE,
  RETURN_HOME_REASON,
  UNPLANNED_PLACEMENT_CHANGE,
  type CareExit,
} from './codes.ts';
import { postcode } from './names.ts';
import type { Rng } from './random.ts';

/** Far beyond any extract date: "has not ended". */
export const NEVER: Day = 1_000_000_000;

export interface Placement {
  startDay: Day;
  endDay: Day;
  type: string;
  provider: string;
  distance: number;
  postcode: string;
  urn: string | null;
  /** Why this placement ended, when another followed it. */
  changeReason: string | null;
}
export interface LegalStatus {
  code: string;
  startDay: Day;
  endDay: Day;
}
export interface CarePeriod {
  startDay: Day;
  endDay: Day;
  exitReason: string;
  need: string;
  unstable: boolean;
  placements: Placement[];
  legalStatuses: LegalStatus[];
}

/**
 * One period of care: how and when it ends (by age at entry), its legal statuses (V2, or the
 * court route L1/L2 → C1 → C2 or E1) and its placements (stable or unstable, long-term matching
 * after a year, placed for adoption or with parents before leaving).
 */
export function drawCarePeriod(rng: Rng, dob: Day, startDay: Day, episodeNeed: string, to: Day): CarePeriod {
  return new CareStory(rng, dob, to).draw(startDay, episodeNeed);
}

class CareStory {
  private readonly rng: Rng;
  private readonly dob: Day;
  private readonly eighteenth: Day;
  private readonly to: Day;

  constructor(rng: Rng, dob: Day, to: Day) {
    this.rng = rng;
    this.dob = dob;
    this.eighteenth = addYearsToDay(dob, 18);
    this.to = to;
  }

  private ageAt(day: Day): number {
    return (day - this.dob) / 365.25;
  }

  draw(startDay: Day, episodeNeed: string): CarePeriod {
    const { rng } = this;
    const age = this.ageAt(startDay);
    const exit: CareExit = CARE_EXIT_BY_AGE.find(([maxAge]) => age < maxAge)![1].pick(rng);
    const duration = careDuration(rng, exit);
    let endDay = startDay + duration;
    let exitReason: string;
    if (endDay >= this.eighteenth) {
      endDay = this.eighteenth;
      exitReason = AGED_OUT_REASON.pick(rng);
    } else {
      exitReason =
        exit === 'home'
          ? RETURN_HOME_REASON.pick(rng)
          : exit === 'adoption'
            ? rng.chance(0.6)
              ? 'E11'
              : 'E12'
            : exit === 'special_guardianship'
              ? rng.chance(0.6)
                ? 'E45'
                : 'E46'
              : exit === 'child_arrangements'
                ? 'E41'
                : OTHER_EXIT_REASON.pick(rng);
    }
    const need = episodeNeed === 'N9' ? 'N1' : episodeNeed;
    const unstable = rng.chance(age >= 11 ? 0.2 : 0.08);
    const legalStatuses = this.legalStatuses(startDay, endDay, exit, age);
    const placementOrder = legalStatuses.find((status) => status.code === 'E1');
    const adoptiveFrom =
      exit === 'adoption' && placementOrder && endDay !== this.eighteenth ? Math.max(placementOrder.startDay + 30, endDay - rng.int(120, 300)) : null;
    const placements = this.placements(startDay, endDay, exit, unstable, adoptiveFrom);
    return { startDay, endDay, exitReason, need, unstable, placements, legalStatuses };
  }

  private legalStatuses(startDay: Day, endDay: Day, exit: CareExit, age: number): LegalStatus[] {
    const { rng } = this;
    const court =
      exit === 'adoption' ||
      exit === 'special_guardianship' ||
      exit === 'child_arrangements' ||
      (exit === 'long' && rng.chance(age < 16 ? 0.75 : 0.2)) ||
      (exit === 'home' && rng.chance(0.15)) ||
      (exit === 'other' && rng.chance(0.3));
    const steps: [string, Day][] = [];
    if (!court) {
      steps.push([age >= 12 && rng.chance(0.03) ? 'J2' : 'V2', startDay]);
    } else {
      let day = startDay;
      if (rng.chance(0.15)) {
        steps.push([rng.chance(0.35) ? 'L1' : 'L2', day]);
        day += rng.int(2, 8);
      } else if (age >= 1 && rng.chance(0.3)) {
        steps.push(['V2', day]);
        day += rng.int(20, 120);
      }
      steps.push(['C1', day]);
      steps.push([exit === 'adoption' ? 'E1' : 'C2', day + rng.int(150, 330)]);
    }
    const kept = steps.filter(([, day], index) => index === 0 || day < endDay);
    return kept.map(([code, day], index) => ({ code, startDay: day, endDay: kept[index + 1]?.[1] ?? endDay }));
  }

  private placements(startDay: Day, endDay: Day, exit: CareExit, unstable: boolean, adoptiveFrom: Day | null): Placement[] {
    const { rng } = this;
    const placements: Placement[] = [];
    const meanStay = unstable ? 110 : 700;
    const placedWithParentsFrom = exit === 'home' && endDay - startDay > 90 && rng.chance(0.2) ? endDay - rng.int(30, 90) : null;
    for (let day = startDay; day < endDay && day <= this.to;) {
      const adoptive = adoptiveFrom !== null && day >= adoptiveFrom;
      const withParents = placedWithParentsFrom !== null && day >= placedWithParentsFrom;
      let type = adoptive ? (rng.chance(0.45) ? 'A4' : 'A6') : withParents ? 'P1' : this.placementType(day);
      if (exit === 'long' && day - startDay > 365) type = type === 'U6' ? 'U4' : type === 'U3' ? 'U1' : type;
      let next = adoptive || withParents ? endDay : day + Math.max(3, Math.round(rng.exponential(meanStay)));
      let planned = false;
      for (const planChange of [adoptiveFrom, placedWithParentsFrom]) {
        if (planChange !== null && day < planChange && next >= planChange) [next, planned] = [planChange, true];
      }
      if (next >= endDay) [next, planned] = [endDay, false];
      // The random draws stay in their order (provider, home's URN, change reason), so the county is the same but for the codes.
      const provider = this.provider(type);
      const homeUrn = ['K2', 'R1', 'H5'].includes(type) ? `SC${rng.int(100000, 999999)}` : null;
      const code = placementCode(type, day);
      placements.push({
        startDay: day,
        endDay: next,
        type: code,
        ...provider,
        urn: providerUrn(code, provider.provider, homeUrn, day),
        changeReason: next === endDay ? null : planned || rng.chance(0.35) ? PLANNED_PLACEMENT_CHANGE : UNPLANNED_PLACEMENT_CHANGE.pick(rng),
      });
      day = next;
    }
    return placements;
  }

  private placementType(day: Day): string {
    const age = this.ageAt(day);
    const table = age < 1 ? PLACEMENT_UNDER_ONE : age < 11 ? PLACEMENT_CHILD : age < 16 ? PLACEMENT_TEEN : PLACEMENT_SIXTEEN_PLUS;
    return table.pick(this.rng);
  }

  private provider(type: string): { provider: string; distance: number; postcode: string } {
    const { rng } = this;
    const provider =
      type === 'P1'
        ? 'PR0'
        : type === 'U1' || type === 'U3'
          ? 'PR1'
          : type === 'K2' || type === 'R1'
            ? rng.chance(0.25)
              ? 'PR1'
              : 'PR4'
            : type === 'H5' || type === 'P2'
              ? rng.chance(0.5)
                ? 'PR4'
                : 'PR5'
              : type.startsWith('A')
                ? rng.chance(0.7)
                  ? 'PR1'
                  : 'PR5'
                : rng.chance(0.6)
                  ? 'PR1'
                  : 'PR4';
    const miles = provider === 'PR4' || provider === 'PR5' ? 2 + rng.exponential(14) : 0.5 + rng.exponential(5);
    return { provider, distance: Math.round(Math.min(miles, 240) * 100) / 100, postcode: postcode(rng) };
  }
}

const SUPPORTED_ACCOMMODATION_REGULATED = toDay('2023-10-28');
const RETURN_2024_25 = toDay('2024-04-01');
/**
 * The code a placement starting on the day is recorded with. Since 28 October 2023 16- and 17-year-olds
 * live in registered supported accommodation: DfE withdrew independent living (P2) then, recorded it as
 * H5 in 2023-24 and gave it its own code, K3, from the 2024-25 return. A placement keeps the code it
 * started with.
 */
function placementCode(type: string, day: Day): string {
  if (type !== 'H5' && type !== 'P2') return type;
  if (day >= RETURN_2024_25) return 'K3';
  return day >= SUPPORTED_ACCOMMODATION_REGULATED ? 'H5' : type;
}

/** Placements DfE's rule 218 does not ask a URN of (with parents, in the community, in hospital, in custody…). */
const NO_URN = new Set(['P1', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z1']);
/** The county's own fostering and adoption services, and the agencies it buys from (synthetic Ofsted URNs). */
const OWN_SERVICE_URN = 'SC900001';
const AGENCY_URNS = Array.from({ length: 24 }, (_, index) => `SC9001${String(index).padStart(2, '0')}`);

/**
 * The Ofsted URN recorded for a placement: the home's (drawn for children's homes and supported
 * accommodation; none for semi-independent living before it was regulated), else the fostering or
 * adoption service's: the county's own for its own carers and adopters (PR1), an agency's otherwise
 * (chosen by the start day, so no random draw is added).
 */
function providerUrn(code: string, provider: string, homeUrn: string | null, day: Day): string | null {
  if (NO_URN.has(code)) return null;
  // Semi-independent accommodation was not registered before 28 October 2023: no URN (DfE's 222 up to 2022-23).
  if ((code === 'H5' || code === 'P2') && day < SUPPORTED_ACCOMMODATION_REGULATED) return null;
  if (homeUrn) return homeUrn;
  return provider === 'PR1' ? OWN_SERVICE_URN : AGENCY_URNS[day % AGENCY_URNS.length]!;
}

function careDuration(rng: Rng, exit: CareExit): number {
  switch (exit) {
    case 'home':
      return rng.chance(0.4) ? rng.int(7, 60) : rng.chance(0.58) ? rng.int(61, 270) : rng.int(271, 900);
    case 'adoption':
      return rng.int(420, 900);
    case 'special_guardianship':
      return rng.int(240, 900);
    case 'child_arrangements':
      return rng.int(180, 700);
    case 'other':
      return rng.int(30, 700);
    case 'long':
      return NEVER;
  }
}
