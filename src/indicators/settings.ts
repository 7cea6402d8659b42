/**
 * The council's facts and local standards the indicators read, from ks_setting:
 * - child_population: children aged 0–17 in the area (rates per 10,000);
 * - la_code: the council's DfE (3-digit) local authority code, e.g. 840 (benchmarks: region and statistical neighbours);
 * - region_code, neighbour_codes: a region (ONS code) and comparator councils (DfE codes, comma-separated)
 *   chosen instead of the code's own region and DfE statistical neighbours (absent: the code's own);
 * - cp_visit_working_days, cin_visit_working_days: local visiting standards (defaults 10 and 20);
 * - caseload_threshold: caseloads above it are "over the threshold" (default KEYSTONE_CASELOAD_THRESHOLD).
 * - disabled_assessment_wait_working_days, disabled_service_wait_working_days: the council's targets for
 *   disabled children's waits, referral to completed assessment and assessment to service (defaults 45 and 20).
 * Administrators set them on Administration › Council settings (src/admin/council-settings.ts).
 */
import { sql } from 'kysely';
import type { Database } from '../core/db/database.ts';
import type { IndicatorParameters } from './types.ts';
import type { Comparison } from './benchmarks/index.ts';

export interface IndicatorSettings {
  childPopulation: number | null;
  laCode: string | null;
  laName: string | null;
  /** Whom the figures are compared with (benchmarks/index.ts). */
  comparison: Comparison;
  parameters: Omit<IndicatorParameters, 'caseloadThreshold'>;
}

export const DEFAULT_CP_VISIT_WORKING_DAYS = 10;
export const DEFAULT_CIN_VISIT_WORKING_DAYS = 20;
export const DEFAULT_DISABLED_ASSESSMENT_WAIT_WORKING_DAYS = 45;
export const DEFAULT_DISABLED_SERVICE_WAIT_WORKING_DAYS = 20;

function positiveInteger(value: string | undefined): number | null {
  if (value === undefined || !/^\d+$/.test(value.trim())) return null;
  const number = Number(value);
  return number > 0 ? number : null;
}

/**
 * Caseloads above this many children count as over the threshold: the council's setting
 * (caseload_threshold, set on Administration › Council settings), else KEYSTONE_CASELOAD_THRESHOLD.
 */
export async function caseloadThreshold(database: Database, config: { caseloadThreshold: number }): Promise<number> {
  const row = await sql<{ value: string }>`SELECT setting_value AS value FROM ks_setting WHERE setting_key = 'caseload_threshold'`.execute(database.db);
  return positiveInteger(row.rows[0]?.value) ?? config.caseloadThreshold;
}

export async function readIndicatorSettings(database: Database): Promise<IndicatorSettings> {
  const rows = await sql<{ setting_key: string; setting_value: string }>`
    SELECT setting_key, setting_value FROM ks_setting
    WHERE setting_key IN ('child_population', 'la_code', 'la_name', 'region_code', 'neighbour_codes', 'cp_visit_working_days', 'cin_visit_working_days', 'disabled_assessment_wait_working_days', 'disabled_service_wait_working_days')`.execute(
    database.db,
  );
  const settings = new Map(rows.rows.map((row) => [row.setting_key, row.setting_value]));
  const laCode = settings.get('la_code')?.trim() || null;
  const neighbourCodes = settings.get('neighbour_codes')?.trim();
  return {
    childPopulation: positiveInteger(settings.get('child_population')),
    laCode,
    comparison: {
      laCode,
      regionCode: settings.get('region_code')?.trim() || null,
      neighbours: neighbourCodes
        ? neighbourCodes
            .split(',')
            .map((code) => code.trim())
            .filter(Boolean)
        : null,
    },
    laName: settings.get('la_name')?.trim() || null,
    parameters: {
      cpVisitWorkingDays: positiveInteger(settings.get('cp_visit_working_days')) ?? DEFAULT_CP_VISIT_WORKING_DAYS,
      cinVisitWorkingDays: positiveInteger(settings.get('cin_visit_working_days')) ?? DEFAULT_CIN_VISIT_WORKING_DAYS,
      disabledAssessmentWaitWorkingDays:
        positiveInteger(settings.get('disabled_assessment_wait_working_days')) ?? DEFAULT_DISABLED_ASSESSMENT_WAIT_WORKING_DAYS,
      disabledServiceWaitWorkingDays: positiveInteger(settings.get('disabled_service_wait_working_days')) ?? DEFAULT_DISABLED_SERVICE_WAIT_WORKING_DAYS,
    },
  };
}
