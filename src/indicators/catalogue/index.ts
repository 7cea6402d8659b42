/**
 * THE indicator catalogue: every indicator Keystone computes, one file per family. Each entry says
 * what the number means (definition, numerator, denominator, unit, polarity, target, source) and
 * holds the SQL that counts it (or, for caseloads, names the caseload figure it reuses).
 */
import type { IndicatorDefinition, Family, ServiceArea } from '../types.ts';
import { DEMAND } from './demand.ts';
import { TIMELINESS } from './timeliness.ts';
import { STABILITY } from './stability.ts';
import { MISSING } from './missing.ts';
import { PLANS } from './plans.ts';
import { CARE_LEAVERS } from './care-leavers.ts';
import { CASELOADS, WORKFORCE } from './workforce.ts';
import { DISABLED } from './disabled.ts';

export const CATALOGUE: readonly IndicatorDefinition[] = [
  ...DEMAND,
  ...TIMELINESS,
  ...STABILITY,
  ...MISSING,
  ...PLANS,
  ...CARE_LEAVERS,
  ...CASELOADS,
  ...WORKFORCE,
  ...DISABLED,
];

export const FAMILY_NAMES: Record<Family, string> = {
  demand: 'Demand',
  timeliness: 'Timeliness',
  stability: 'Stability',
  missing: 'Missing from home or care',
  plans: 'Plans',
  care_leavers: 'Care leavers',
  workforce: 'Caseloads and workforce',
  disabled: 'Disabled children',
};

export const SERVICE_AREA_NAMES: Record<ServiceArea, string> = {
  front_door: 'Front door: contacts, referrals and assessments',
  help_and_protection: 'Help and protection',
  children_in_care: 'Children in care',
  care_leavers: 'Care leavers',
  workforce: 'Workforce',
  disabled_children: 'Disabled children',
};

const byId = new Map(CATALOGUE.map((indicator) => [indicator.id, indicator]));
if (byId.size !== CATALOGUE.length) throw new Error('Indicator ids must be unique');

export function findIndicator(id: string): IndicatorDefinition | undefined {
  return byId.get(id);
}

export function isServiceArea(value: string): value is ServiceArea {
  return Object.hasOwn(SERVICE_AREA_NAMES, value);
}
