import { addMonthsToDay, toDay, type Day } from './calendar.ts';
import { COUNTY_NAME } from './names.ts';

/** What a case-holding team does, and so which children it holds. */
export type CaseFunction = 'assessment' | 'safeguarding' | 'children_in_care' | 'care_leavers';

export const DISTRICTS = ['Northmoor', 'Brackenford', 'Hollowmere', 'Wyvernhithe'] as const;
export const DISTRICT_SHARE = [0.3, 0.26, 0.24, 0.2] as const;

export interface Unit {
  id: string;
  name: string;
  kind: 'service' | 'team';
  parentId: string | null;
  validFrom: Day;
  validTo: Day | null;
  /** Case-holding teams only. */
  caseFunction: CaseFunction | null;
  /** Districts (indexes into DISTRICTS) whose children the team holds. */
  districts: readonly number[];
  /** For teams closed by the reorganisation: where their staff go (one or more teams, in turn). */
  successors: readonly string[];
}

export interface Closure {
  teamId: string;
  start: Day;
  end: Day;
  reason: string;
  /** The team that takes the closed team's new work. */
  coverTeamId: string;
}

export interface Structure {
  units: Unit[];
  byId: Map<string, Unit>;
  /** Day the original structure was set up (valid_from of the first teams). */
  establishedDay: Day;
  reorganisationDay: Day;
  closure: Closure;
  /** The team that takes a new case of this kind for a child of this district on this day. */
  route(caseFunction: CaseFunction, district: number, day: Day): Unit;
  isValid(unit: Unit, day: Day): boolean;
}

const PREFERRED_REORGANISATION = '2022-06-01';
const PREFERRED_CLOSURE = ['2023-10-01', '2024-05-01'] as const;

/**
 * Kestrelshire's children's services: four districts, three service areas, a reorganisation that
 * replaces the three safeguarding teams with four district family safeguarding teams (and their
 * service area), and one of those teams closed to new cases for a while for staff shortage.
 */
export function buildStructure(from: Day, to: Day): Structure {
  const establishedDay = addMonthsToDay(from, -48);
  const reorganisationDay = chooseDay(PREFERRED_REORGANISATION, from, to, 0.33);
  const preferredClosure = PREFERRED_CLOSURE.map(toDay) as [Day, Day];
  const closureStart =
    preferredClosure[0] > reorganisationDay + 180 && preferredClosure[1] < to
      ? preferredClosure[0]
      : firstOfMonth(reorganisationDay + Math.round((to - reorganisationDay) * 0.45));
  const closureEnd = closureStart === preferredClosure[0] ? preferredClosure[1] : Math.min(addMonthsToDay(closureStart, 7), to);

  const units: Unit[] = [];
  const service = (id: string, name: string, validFrom: Day, validTo: Day | null) =>
    units.push({ id, name, kind: 'service', parentId: null, validFrom, validTo, caseFunction: null, districts: [], successors: [] });
  const team = (
    id: string,
    name: string,
    parentId: string,
    caseFunction: CaseFunction,
    districts: number[],
    validFrom: Day,
    validTo: Day | null = null,
    successors: string[] = [],
  ) => units.push({ id, name, kind: 'team', parentId, validFrom, validTo, caseFunction, districts, successors });

  service('SVC-FDA', 'Front Door and Assessment Service', establishedDay, null);
  service('SVC-SFG', 'Safeguarding Service', establishedDay, reorganisationDay);
  service('SVC-FHS', 'Family Help and Safeguarding Service', reorganisationDay, null);
  service('SVC-CIC', 'Children in Care and Care Leavers Service', establishedDay, null);

  team('TM-ASN', 'Northmoor and Brackenford Assessment Team', 'SVC-FDA', 'assessment', [0, 1], establishedDay);
  team('TM-ASS', 'Hollowmere and Wyvernhithe Assessment Team', 'SVC-FDA', 'assessment', [2, 3], establishedDay);
  team('TM-SGN', 'Northmoor Safeguarding Team', 'SVC-SFG', 'safeguarding', [0], establishedDay, reorganisationDay, ['TM-FSN']);
  team('TM-SGB', 'Brackenford Safeguarding Team', 'SVC-SFG', 'safeguarding', [1], establishedDay, reorganisationDay, ['TM-FSB']);
  team('TM-SGH', 'Hollowmere and Wyvernhithe Safeguarding Team', 'SVC-SFG', 'safeguarding', [2, 3], establishedDay, reorganisationDay, ['TM-FSH', 'TM-FSW']);
  team('TM-FSN', 'Northmoor Family Safeguarding Team', 'SVC-FHS', 'safeguarding', [0], reorganisationDay);
  team('TM-FSB', 'Brackenford Family Safeguarding Team', 'SVC-FHS', 'safeguarding', [1], reorganisationDay);
  team('TM-FSH', 'Hollowmere Family Safeguarding Team', 'SVC-FHS', 'safeguarding', [2], reorganisationDay);
  team('TM-FSW', 'Wyvernhithe Family Safeguarding Team', 'SVC-FHS', 'safeguarding', [3], reorganisationDay);
  team('TM-CIN', 'Children in Care Team North', 'SVC-CIC', 'children_in_care', [0, 1], establishedDay);
  team('TM-CIS', 'Children in Care Team South', 'SVC-CIC', 'children_in_care', [2, 3], establishedDay);
  team('TM-CLT', '16+ and Care Leavers Team', 'SVC-CIC', 'care_leavers', [0, 1, 2, 3], establishedDay);

  const byId = new Map(units.map((unit) => [unit.id, unit]));
  const closure: Closure = {
    teamId: 'TM-FSH',
    start: closureStart,
    end: closureEnd,
    reason: 'Closed to new cases: staff shortage (vacancies and long-term sickness)',
    coverTeamId: 'TM-FSW',
  };
  const isValid = (unit: Unit, day: Day) => unit.validFrom <= day && (unit.validTo === null || unit.validTo > day);

  // Routing table: function × district → teams in order of validity.
  const routes = new Map<string, Unit[]>();
  for (const unit of units) {
    if (!unit.caseFunction) continue;
    for (const district of unit.districts) {
      const key = `${unit.caseFunction}:${district}`;
      routes.set(key, [...(routes.get(key) ?? []), unit]);
    }
  }
  const route = (caseFunction: CaseFunction, district: number, day: Day): Unit => {
    const candidates = routes.get(`${caseFunction}:${district}`)!;
    const chosen = candidates.find((unit) => isValid(unit, day)) ?? candidates[0]!;
    if (chosen.id === closure.teamId && day >= closure.start && day < closure.end) return byId.get(closure.coverTeamId)!;
    return chosen;
  };
  return { units, byId, establishedDay, reorganisationDay, closure, route, isValid };
}

export const COUNCIL_NAME = `${COUNTY_NAME} County Council`;

/** The preferred date when it falls well inside the period, else the first of the month at `share` of it. */
function chooseDay(preferred: string, from: Day, to: Day, share: number): Day {
  const day = toDay(preferred);
  if (day > from + 90 && day < to - 365) return day;
  return firstOfMonth(from + Math.round((to - from) * share));
}

function firstOfMonth(day: Day): Day {
  const date = new Date(day * 86_400_000);
  return Math.round(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / 86_400_000);
}
