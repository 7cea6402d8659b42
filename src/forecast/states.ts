/**
 * The forecast's states: a looked-after child's age band and placement type, read at each month
 * end from the council's own episode history. "Not looked after" is the one state outside them.
 *
 * - Age bands are DfE's ("Children looked after in England", age at 31 March): under 1, 1 to 4,
 *   5 to 9, 10 to 15, 16 and over. A child is no longer looked after from their 18th birthday.
 * - Placement types group the SSDA903 PLACE codes (with PLACE_PROVIDER for foster care):
 *   fostering in-house (U4–U6 provided by the council, PR1); fostering agency (U4–U6 by anyone
 *   else, or with no provider recorded); kinship (U1–U3, foster care with relatives or friends);
 *   residential (K1, K2, R1, R2, R5, S1); semi-independent (H5, P2, supported or independent living;
 *   K3, supported accommodation not subject to children's homes regulations, from 2024-25, when it
 *   took over from H5 and P2, which 2025-26 withdrew); other (placed with parents P1, placed for
 *   adoption A3–A6, mother and baby R3, temporary T0–T4, other placements Z1 or, from 2025-26,
 *   Z11–Z14, and anything unrecorded).
 * - Short breaks (legal status V3, V4) are not looked after in DfE's counts, so such episodes are
 *   ignored: the child is "not looked after" during them.
 */
import type { IsoDate } from '../core/dates.ts';

export const AGE_BANDS = [
  { id: 'under_1', label: 'Under 1', from: 0 },
  { id: '1_to_4', label: '1 to 4', from: 1 },
  { id: '5_to_9', label: '5 to 9', from: 5 },
  { id: '10_to_15', label: '10 to 15', from: 10 },
  { id: '16_plus', label: '16 and over', from: 16 },
] as const;
export type AgeBand = (typeof AGE_BANDS)[number]['id'];

export const PLACEMENT_TYPES = [
  { id: 'fostering_in_house', label: 'Fostering (in-house)' },
  { id: 'fostering_agency', label: 'Fostering (agency)' },
  { id: 'kinship', label: 'Kinship (relatives or friends)' },
  { id: 'residential', label: 'Residential' },
  { id: 'semi_independent', label: 'Semi-independent' },
  { id: 'other', label: 'Other (with parents, for adoption, other)' },
] as const;
export type PlacementType = (typeof PLACEMENT_TYPES)[number]['id'];

export const BANDS = AGE_BANDS.length;
export const TYPES = PLACEMENT_TYPES.length;
/** Looked-after states: band × type, index band * TYPES + type. */
export const STATES = BANDS * TYPES;
/** The index used for "not looked after" in transition counts. */
export const OUT = STATES;
export const SHORT_BREAKS = ['V3', 'V4'];

export const stateOf = (band: number, type: number) => band * TYPES + type;
export const bandOf = (state: number) => Math.floor(state / TYPES);
export const typeOf = (state: number) => state % TYPES;
export const typeIndex = (id: PlacementType) => PLACEMENT_TYPES.findIndex((type) => type.id === id);

const KINSHIP = new Set(['U1', 'U2', 'U3']);
const FOSTERING = new Set(['U4', 'U5', 'U6']);
const RESIDENTIAL = new Set(['K1', 'K2', 'R1', 'R2', 'R5', 'S1']);
const SEMI_INDEPENDENT = new Set(['H5', 'P2', 'K3']);

/** The placement type of a 903 PLACE code and PLACE_PROVIDER. */
export function placementTypeOf(place: string | null, provider: string | null): PlacementType {
  const code = (place ?? '').trim().toUpperCase();
  if (KINSHIP.has(code)) return 'kinship';
  if (FOSTERING.has(code)) return (provider ?? '').trim().toUpperCase() === 'PR1' ? 'fostering_in_house' : 'fostering_agency';
  if (RESIDENTIAL.has(code)) return 'residential';
  if (SEMI_INDEPENDENT.has(code)) return 'semi_independent';
  return 'other';
}

/** Whole years of age on a date. */
export function ageOn(birth: IsoDate, date: IsoDate): number {
  const years = Number(date.slice(0, 4)) - Number(birth.slice(0, 4));
  return date.slice(5) < birth.slice(5) ? years - 1 : years;
}

export function bandIndexOfAge(age: number): number {
  let index = 0;
  AGE_BANDS.forEach((band, i) => {
    if (age >= band.from) index = i;
  });
  return index;
}

/** A stretch of care in one placement type: from `start` to `end` (exclusive; null = still open). */
export interface CareSpell {
  start: IsoDate;
  end: IsoDate | null;
  type: PlacementType;
}

export interface ChildHistory {
  childId: string;
  birth: IsoDate;
  /** Spells of care, short breaks (V3/V4) already left out. */
  spells: CareSpell[];
}

/** The child's state on a date: a looked-after state index, or -1 when not looked after (or 18+). */
export function stateOn(child: ChildHistory, date: IsoDate): number {
  const age = ageOn(child.birth, date);
  if (age < 0 || age >= 18) return -1;
  let found: CareSpell | null = null;
  for (const spell of child.spells) {
    if (spell.start <= date && (spell.end === null || spell.end > date) && (!found || spell.start > found.start)) found = spell;
  }
  return found ? stateOf(bandIndexOfAge(age), typeIndex(found.type)) : -1;
}

/** Raw episode and placement rows, as the database or a return holds them. */
export interface EpisodeRow {
  childId: string;
  start: IsoDate;
  end: IsoDate | null;
  legalStatus: string | null;
  placementId: string | null;
}
export interface PlacementRow {
  placementId: string;
  childId: string;
  start: IsoDate;
  end: IsoDate | null;
  place: string | null;
  provider: string | null;
}

/**
 * Spells of care from episodes and placements: each episode not under V3/V4, cut where the
 * placements in effect during it change. Where no placement overlaps it, the episode's own
 * placement (by ID) gives the type, else "other".
 */
export function spellsOf(episodes: readonly EpisodeRow[], placements: readonly PlacementRow[]): CareSpell[] {
  const byId = new Map(placements.map((placement) => [placement.placementId, placement]));
  const spells: CareSpell[] = [];
  for (const episode of episodes) {
    if (SHORT_BREAKS.includes((episode.legalStatus ?? '').trim().toUpperCase())) continue;
    if (episode.end !== null && episode.end <= episode.start) continue;
    const overlapping = placements
      .filter((placement) => placement.start < (episode.end ?? '9999-12-31') && (placement.end === null || placement.end > episode.start))
      .sort((a, b) => a.start.localeCompare(b.start));
    if (!overlapping.length) {
      const own = episode.placementId ? byId.get(episode.placementId) : undefined;
      spells.push({ start: episode.start, end: episode.end, type: own ? placementTypeOf(own.place, own.provider) : 'other' });
      continue;
    }
    overlapping.forEach((placement, index) => {
      const start = index === 0 ? episode.start : placement.start > episode.start ? placement.start : episode.start;
      const nextStart = overlapping[index + 1]?.start ?? null;
      const ends = [episode.end, nextStart].filter((value): value is IsoDate => value !== null);
      const end = ends.length ? ends.reduce((a, b) => (a < b ? a : b)) : null;
      if (end === null || end > start) spells.push({ start, end, type: placementTypeOf(placement.place, placement.provider) });
    });
  }
  return spells;
}
