/**
 * Council settings, for administrators: the council's DfE code (whom it is compared with), the region
 * and comparator councils when they should differ from the code's own, the caseload threshold and
 * the local visiting standards and the targets for disabled children's waits (src/disabled). Stored in ks_setting (read by src/indicators/settings.ts); every
 * change is validated, saved in one transaction and recorded in the audit trail with before and after.
 */
import { sql } from 'kysely';
import type { Database } from '../core/db/database.ts';
import { recordAudit, type Actor } from '../core/audit/trail.ts';
import { NEIGHBOURS, regionsOf } from '../indicators/benchmarks/index.ts';

export const SETTING_KEYS = [
  'la_code',
  'la_name',
  'region_code',
  'neighbour_codes',
  'caseload_threshold',
  'cp_visit_working_days',
  'cin_visit_working_days',
  'disabled_assessment_wait_working_days',
  'disabled_service_wait_working_days',
] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];
export type CouncilSettings = Record<SettingKey, string>;
export type SettingErrors = { field: SettingKey; text: string }[];

/** Bounds a council could sensibly choose: a threshold of 1–100 children, visits every 1–60 working days. */
const WHOLE_NUMBER_BOUNDS: Partial<Record<SettingKey, { min: number; max: number; name: string }>> = {
  caseload_threshold: { min: 1, max: 100, name: 'The caseload threshold' },
  cp_visit_working_days: { min: 1, max: 60, name: 'The child protection visit standard' },
  cin_visit_working_days: { min: 1, max: 60, name: 'The child in need visit standard' },
  disabled_assessment_wait_working_days: { min: 1, max: 120, name: 'The target for a disabled child’s assessment' },
  disabled_service_wait_working_days: { min: 1, max: 120, name: 'The target for a disabled child’s service to start' },
};
const MAX_NEIGHBOURS = 20;

export async function readCouncilSettings(database: Database): Promise<CouncilSettings> {
  const rows = await sql<{ setting_key: string; setting_value: string }>`
    SELECT setting_key, setting_value FROM ks_setting WHERE setting_key IN (${sql.join([...SETTING_KEYS])})`.execute(database.db);
  const stored = new Map(rows.rows.map((row) => [row.setting_key, row.setting_value]));
  return Object.fromEntries(SETTING_KEYS.map((key) => [key, stored.get(key) ?? ''])) as CouncilSettings;
}

/** The form's values, trimmed; comparator codes normalised to "code, code". */
export function settingsFromForm(body: Record<string, unknown>): CouncilSettings {
  const text = (key: SettingKey) => (typeof body[key] === 'string' ? (body[key] as string).trim() : '');
  const values = Object.fromEntries(SETTING_KEYS.map((key) => [key, text(key)])) as CouncilSettings;
  values.neighbour_codes = values.neighbour_codes
    .split(/[\s,;]+/)
    .filter(Boolean)
    .join(', ');
  return values;
}

export function validateCouncilSettings(values: CouncilSettings): SettingErrors {
  const errors: SettingErrors = [];
  const councils = NEIGHBOURS.councils;
  if (values.la_code && !/^\d{3}$/.test(values.la_code)) errors.push({ field: 'la_code', text: 'Enter the council’s code as 3 digits, like 840' });
  else if (values.la_code && !councils[values.la_code]) errors.push({ field: 'la_code', text: `${values.la_code} is not an English council’s DfE code` });
  if (values.la_name.length > 100) errors.push({ field: 'la_name', text: 'The council’s name must be 100 characters or fewer' });
  if (values.region_code && !regionsOf().some((region) => region.code === values.region_code))
    errors.push({ field: 'region_code', text: 'Select a region from the list' });
  const codes = values.neighbour_codes ? values.neighbour_codes.split(', ') : [];
  const unknown = codes.filter((code) => !councils[code]);
  if (unknown.length) errors.push({ field: 'neighbour_codes', text: `Not an English council’s DfE code: ${unknown.join(', ')}` });
  else if (new Set(codes).size !== codes.length) errors.push({ field: 'neighbour_codes', text: 'Enter each comparator council once' });
  else if (values.la_code && codes.includes(values.la_code))
    errors.push({ field: 'neighbour_codes', text: 'The comparator councils cannot include the council itself' });
  else if (codes.length > MAX_NEIGHBOURS) errors.push({ field: 'neighbour_codes', text: `Enter at most ${MAX_NEIGHBOURS} comparator councils` });
  for (const [key, bounds] of Object.entries(WHOLE_NUMBER_BOUNDS) as [SettingKey, { min: number; max: number; name: string }][]) {
    const value = values[key];
    if (!value) continue;
    if (!/^\d+$/.test(value) || Number(value) < bounds.min || Number(value) > bounds.max) {
      errors.push({ field: key, text: `${bounds.name} must be a whole number from ${bounds.min} to ${bounds.max}` });
    }
  }
  return errors;
}

/** Saves what changed (an empty value removes the setting) and records the change; returns the changed keys. */
export async function saveCouncilSettings(database: Database, actor: Actor, values: CouncilSettings): Promise<SettingKey[]> {
  const before = await readCouncilSettings(database);
  const changed = SETTING_KEYS.filter((key) => before[key] !== values[key]);
  if (changed.length === 0) return [];
  await database.db.transaction().execute(async (trx) => {
    for (const key of changed) {
      if (values[key] === '') await sql`DELETE FROM ks_setting WHERE setting_key = ${key}`.execute(trx);
      else
        await sql`INSERT INTO ks_setting (setting_key, setting_value) VALUES (${key}, ${values[key]})
        ON CONFLICT (setting_key) DO UPDATE SET setting_value = EXCLUDED.setting_value`.execute(trx);
    }
  });
  await recordAudit(database, actor, {
    action: 'data.change',
    subjectType: 'council_settings',
    details: { changed: Object.fromEntries(changed.map((key) => [key, { before: before[key] || null, after: values[key] || null }])) },
  });
  return changed;
}

/** What the page shows beside the form: the code's council, its region and DfE neighbours, by name. */
export function describeComparison(values: CouncilSettings) {
  const councils = NEIGHBOURS.councils;
  const council = values.la_code ? councils[values.la_code] : undefined;
  const named = (code: string) => `${councils[code]?.name ?? 'unknown'} (${code})`;
  const chosen = values.neighbour_codes ? values.neighbour_codes.split(', ') : null;
  const regionCode = values.region_code || council?.region_code || null;
  return {
    council: council ? named(values.la_code) : null,
    region: regionCode ? (regionsOf().find((region) => region.code === regionCode)?.name ?? null) : null,
    regionChosen: Boolean(values.region_code),
    neighbours: (chosen ?? council?.neighbours ?? []).map(named),
    neighboursChosen: chosen !== null,
  };
}
