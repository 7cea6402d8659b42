/**
 * The council's facts and local standards the indicators read, from ks_setting:
 * - child_population: children aged 0–17 in the area (rates per 10,000);
 * - la_code: the council's DfE (3-digit) local authority code, e.g. 840 (benchmarks: region and statistical neighbours);
 * - cp_visit_working_days, cin_visit_working_days: local visiting standards (defaults 10 and 20);
 * - disabled_assessment_wait_working_days, disabled_service_wait_working_days: the council's targets for
 *   disabled children's waits, referral to completed assessment and assessment to service (defaults 45 and 20).
 */
import { sql } from 'kysely';
import type { Database } from '../core/db/database.ts';
import type { IndicatorParameters } from './types.ts';

export interface IndicatorSettings {
  childPopulation: number | null;
  laCode: string | null;
  laName: string | null;
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

export async function readIndicatorSettings(database: Database): Promise<IndicatorSettings> {
  const rows = await sql<{ setting_key: string; setting_value: string }>`
    SELECT setting_key, setting_value FROM ks_setting
    WHERE setting_key IN ('child_population', 'la_code', 'la_name', 'cp_visit_working_days', 'cin_visit_working_days', 'disabled_assessment_wait_working_days', 'disabled_service_wait_working_days')`.execute(database.db);
  const settings = new Map(rows.rows.map((row) => [row.setting_key, row.setting_value]));
  return {
    childPopulation: positiveInteger(settings.get('child_population')),
    laCode: settings.get('la_code')?.trim() || null,
    laName: settings.get('la_name')?.trim() || null,
    parameters: {
      cpVisitWorkingDays: positiveInteger(settings.get('cp_visit_working_days')) ?? DEFAULT_CP_VISIT_WORKING_DAYS,
      cinVisitWorkingDays: positiveInteger(settings.get('cin_visit_working_days')) ?? DEFAULT_CIN_VISIT_WORKING_DAYS,
      disabledAssessmentWaitWorkingDays: positiveInteger(settings.get('disabled_assessment_wait_working_days')) ?? DEFAULT_DISABLED_ASSESSMENT_WAIT_WORKING_DAYS,
      disabledServiceWaitWorkingDays: positiveInteger(settings.get('disabled_service_wait_working_days')) ?? DEFAULT_DISABLED_SERVICE_WAIT_WORKING_DAYS,
    },
  };
}
