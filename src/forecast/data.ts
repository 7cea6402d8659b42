/**
 * What the forecast reads from the database: every child's episodes and placements (every year
 * held, from 903 returns or the SSD), the unit costs and places, and the saved scenarios.
 *
 * Legal status: the episode's own (903 LS) or, where an SSD extract keeps it apart, the status in
 * effect on the episode's start (ssd_legal_status). Episodes under V3/V4 are short breaks: left out.
 *
 * Where history begins: a single-year 903 return holds only the episodes open during its year, so
 * before that year the children who had already left are missing and the counts are too low. The
 * history is taken to begin at the last month end before the earliest recorded end of an episode:
 * a child looked after then either left later (and the data would show it, the return holding every
 * episode open in its year) or is still looked after. The model is fitted on month ends from then on
 * only. (An extract starting mid-month may miss a few children who left in its first days.)
 */
import { sql } from 'kysely';
import type { Database } from '../core/db/database.ts';
import { addDays, monthEndOnOrBefore, type IsoDate } from '../core/dates.ts';
import { SHORT_BREAKS, spellsOf, PLACEMENT_TYPES, type ChildHistory, type EpisodeRow, type PlacementRow, type PlacementType } from './states.ts';
import { BASELINE, type Scenario } from './model.ts';

export interface PlacementDetail extends PlacementRow {
  distanceMiles: number | null;
}

export interface CareData {
  histories: ChildHistory[];
  placements: PlacementDetail[];
  /** First month end the history covers fully, and the last month end with a care event (careData: the data period's end). */
  historyStart: IsoDate | null;
  dataEnd: IsoDate | null;
  /** Children left out: looked-after episodes but no date of birth. */
  withoutBirthDate: number;
}

export async function loadCareData(database: Database, today: IsoDate): Promise<CareData> {
  const episodes = await sql<{ child_id: string; start: string; end: string | null; legal_status: string | null; placement_id: string | null }>`
    SELECT e.clae_person_id AS child_id, e.clae_cla_episode_start_date::text AS start, e.clae_cla_episode_ceased_date::text AS "end",
           coalesce(nullif(trim(e.clae_legal_status), ''), (
             SELECT l.lega_legal_status FROM ssd_legal_status l
             WHERE l.lega_person_id = e.clae_person_id AND l.lega_legal_status_start_date <= e.clae_cla_episode_start_date
               AND (l.lega_legal_status_end_date IS NULL OR l.lega_legal_status_end_date > e.clae_cla_episode_start_date)
             ORDER BY l.lega_legal_status_start_date DESC LIMIT 1)) AS legal_status,
           e.clae_cla_placement_id AS placement_id
    FROM ssd_cla_episodes e
    ORDER BY e.clae_person_id, e.clae_cla_episode_start_date`.execute(database.db);
  const placements = await sql<{
    placement_id: string;
    child_id: string;
    start: string;
    end: string | null;
    place: string | null;
    provider: string | null;
    distance: string | null;
  }>`
    SELECT clap_cla_placement_id AS placement_id, clap_person_id AS child_id, clap_cla_placement_start_date::text AS start,
           clap_cla_placement_end_date::text AS "end", clap_cla_placement_type AS place, clap_cla_placement_provider AS provider,
           clap_cla_placement_distance::text AS distance
    FROM ssd_cla_placement WHERE clap_person_id IS NOT NULL
    ORDER BY clap_person_id, clap_cla_placement_start_date`.execute(database.db);
  const births = await sql<{ child_id: string; birth: string | null }>`
    SELECT pers_person_id AS child_id, pers_dob::text AS birth FROM ssd_person
    WHERE pers_person_id IN (SELECT clae_person_id FROM ssd_cla_episodes)`.execute(database.db);

  const birthOf = new Map(births.rows.map((row) => [row.child_id, row.birth]));
  const placementRows: PlacementDetail[] = placements.rows.map((row) => ({
    placementId: row.placement_id,
    childId: row.child_id,
    start: row.start,
    end: row.end,
    place: row.place,
    provider: row.provider,
    distanceMiles: row.distance === null ? null : Number(row.distance),
  }));
  const placementsOf = new Map<string, PlacementDetail[]>();
  for (const placement of placementRows) {
    const list = placementsOf.get(placement.childId);
    if (list) list.push(placement);
    else placementsOf.set(placement.childId, [placement]);
  }
  const histories: ChildHistory[] = [];
  let withoutBirthDate = 0;
  let earliestEnd: IsoDate | null = null;
  let latest: IsoDate | null = null;
  let index = 0;
  const rows = episodes.rows;
  while (index < rows.length) {
    const childId = rows[index]!.child_id;
    const own: EpisodeRow[] = [];
    for (; index < rows.length && rows[index]!.child_id === childId; index++) {
      const row = rows[index]!;
      own.push({ childId, start: row.start, end: row.end, legalStatus: row.legal_status, placementId: row.placement_id });
      // The data's span is that of care as DfE counts it: short breaks (V3/V4) do not move it.
      if (SHORT_BREAKS.includes(row.legal_status?.trim().toUpperCase() ?? '')) continue;
      if (row.end && (!earliestEnd || row.end < earliestEnd)) earliestEnd = row.end;
      for (const day of [row.start, row.end]) if (day && day <= today && (!latest || day > latest)) latest = day;
    }
    const birth = birthOf.get(childId);
    if (!birth) {
      withoutBirthDate++;
      continue;
    }
    histories.push({ childId, birth, spells: spellsOf(own, placementsOf.get(childId) ?? []) });
  }
  return {
    histories,
    placements: placementRows,
    historyStart: earliestEnd ? monthEndOnOrBefore(addDays(earliestEnd, -1)) : null,
    dataEnd: latest ? monthEndOnOrBefore(latest) : null,
    withoutBirthDate,
  };
}

// ---- unit costs and places ------------------------------------------------------------------------

export interface UnitCost {
  placementType: PlacementType;
  financialYear: number;
  weeklyCostPounds: number;
  places: number | null;
  updatedBy: string;
  updatedAt: string;
}

export async function listUnitCosts(database: Database): Promise<UnitCost[]> {
  const rows = await sql<{
    placement_type: string;
    financial_year: number;
    weekly_cost_pounds: string;
    places: number | null;
    updated_by: string;
    updated_at: string;
  }>`
    SELECT placement_type, financial_year, weekly_cost_pounds::text AS weekly_cost_pounds, places, updated_by, updated_at::text AS updated_at
    FROM ks_forecast_unit_cost ORDER BY financial_year DESC, placement_type`.execute(database.db);
  return rows.rows.map((row) => ({
    placementType: row.placement_type as PlacementType,
    financialYear: Number(row.financial_year),
    weeklyCostPounds: Number(row.weekly_cost_pounds),
    places: row.places === null ? null : Number(row.places),
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  }));
}

export async function saveUnitCost(database: Database, cost: Omit<UnitCost, 'updatedAt'>): Promise<UnitCost | null> {
  const before = (await listUnitCosts(database)).find((row) => row.placementType === cost.placementType && row.financialYear === cost.financialYear) ?? null;
  await sql`
    INSERT INTO ks_forecast_unit_cost (placement_type, financial_year, weekly_cost_pounds, places, updated_by)
    VALUES (${cost.placementType}, ${cost.financialYear}, ${cost.weeklyCostPounds}, ${cost.places}, ${cost.updatedBy})
    ON CONFLICT (placement_type, financial_year) DO UPDATE
      SET weekly_cost_pounds = EXCLUDED.weekly_cost_pounds, places = EXCLUDED.places, updated_by = EXCLUDED.updated_by, updated_at = now()`.execute(
    database.db,
  );
  return before;
}

/** The financial year (its starting calendar year) a date falls in: April to March. */
export const financialYearOf = (date: IsoDate) => Number(date.slice(0, 4)) - (Number(date.slice(5, 7)) < 4 ? 1 : 0);

/**
 * Weekly costs per placement type for a month end: the year's own where set, else the latest
 * earlier year's (prices not uplifted), else null (the type adds no spend; the page says which).
 */
export function costsFor(costs: readonly UnitCost[]): (end: IsoDate) => (number | null)[] {
  return (end) => {
    const year = financialYearOf(end);
    return PLACEMENT_TYPES.map((type) => {
      const own = costs.filter((cost) => cost.placementType === type.id && cost.financialYear <= year).sort((a, b) => b.financialYear - a.financialYear)[0];
      return own ? own.weeklyCostPounds : null;
    });
  };
}

export function placesFor(costs: readonly UnitCost[], date: IsoDate): (number | null)[] {
  const year = financialYearOf(date);
  return PLACEMENT_TYPES.map(
    (type) =>
      costs.filter((cost) => cost.placementType === type.id && cost.financialYear <= year).sort((a, b) => b.financialYear - a.financialYear)[0]?.places ?? null,
  );
}

// ---- scenarios ----------------------------------------------------------------------------------

export interface SavedScenario {
  scenarioId: number;
  name: string;
  description: string;
  scenario: Scenario;
  createdBy: string;
  createdAt: string;
}

function scenarioFrom(value: unknown): Scenario {
  const raw = (value ?? {}) as Partial<Scenario>;
  const number = (input: unknown, fallback: number) => (typeof input === 'number' && Number.isFinite(input) ? input : fallback);
  return {
    entryMultiplier: BASELINE.entryMultiplier.map((one, band) => number(raw.entryMultiplier?.[band], one)),
    residentialToFostering: number(raw.residentialToFostering, 0),
    durationReduction: number(raw.durationReduction, 0),
    extraInHousePlaces: number(raw.extraInHousePlaces, 0),
  };
}

export async function listScenarios(database: Database): Promise<SavedScenario[]> {
  const rows = await sql<{ scenario_id: string; name: string; description: string; assumptions: unknown; created_by: string; created_at: string }>`
    SELECT scenario_id::text, name, description, assumptions, created_by, created_at::text FROM ks_forecast_scenario ORDER BY name`.execute(database.db);
  return rows.rows.map((row) => ({
    scenarioId: Number(row.scenario_id),
    name: row.name,
    description: row.description,
    scenario: scenarioFrom(row.assumptions),
    createdBy: row.created_by,
    createdAt: row.created_at,
  }));
}

/** Saves a scenario: its number, or null when one of that name exists (two requests at once both passed the form's check). */
export async function saveScenario(
  database: Database,
  input: { name: string; description: string; scenario: Scenario; createdBy: string },
): Promise<number | null> {
  const result = await sql<{ scenario_id: string }>`
    INSERT INTO ks_forecast_scenario (name, description, assumptions, created_by)
    VALUES (${input.name}, ${input.description}, ${JSON.stringify(input.scenario)}::jsonb, ${input.createdBy})
    ON CONFLICT (name) DO NOTHING
    RETURNING scenario_id::text`.execute(database.db);
  return result.rows[0] ? Number(result.rows[0].scenario_id) : null;
}

export async function deleteScenario(database: Database, scenarioId: number): Promise<SavedScenario | null> {
  const found = (await listScenarios(database)).find((scenario) => scenario.scenarioId === scenarioId) ?? null;
  if (found) await sql`DELETE FROM ks_forecast_scenario WHERE scenario_id = ${scenarioId}`.execute(database.db);
  return found;
}
