/**
 * Benchmarks: England values, and region and statistical-neighbour averages, from the versioned
 * data files beside this module (each names its source and year). The council's own code is the
 * ks_setting 'la_code' (DfE 3-digit code, e.g. 840 for Durham).
 */
import { readFileSync } from 'node:fs';

interface EnglandFile {
  version: string;
  source: string;
  values: { indicator: string; value: number; year: string; source: string }[];
}
interface NeighbourFile {
  version: string;
  source: string;
  councils: Record<string, { name: string; ons_code: string; region_code: string; region_name: string; neighbours: string[]; previous_neighbours: string[] }>;
}
interface LocalAuthorityFile {
  version: string;
  source: string;
  values: Record<string, Record<string, number>>;
}

const read = <T,>(file: string): T => JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as T;
export const ENGLAND = read<EnglandFile>('./england.json');
export const NEIGHBOURS = read<NeighbourFile>('./statistical-neighbours.json');
export const LOCAL_AUTHORITY_VALUES = read<LocalAuthorityFile>('./local-authority-values.json');

export interface ComparatorValue {
  value: number | null;
  /** What the value is: e.g. "England, 2024", or why there is none. */
  label: string;
  source: string;
}

export interface Benchmarks {
  england: ComparatorValue | null;
  region: ComparatorValue | null;
  neighbours: ComparatorValue | null;
}

export function councilOf(laCode: string | null) {
  return laCode ? NEIGHBOURS.councils[laCode] : undefined;
}

/** The mean of the published values for these councils, when every one of them has a value. */
function averageOf(indicatorId: string, codes: string[]): number | null {
  const values = codes.map((code) => LOCAL_AUTHORITY_VALUES.values[indicatorId]?.[code]);
  if (codes.length === 0 || values.some((value) => value === undefined)) return null;
  return Math.round(((values as number[]).reduce((sum, value) => sum + value, 0) / values.length) * 10) / 10;
}

export function benchmarksFor(indicatorId: string, laCode: string | null): Benchmarks {
  const england = ENGLAND.values.find((entry) => entry.indicator === indicatorId);
  const council = councilOf(laCode);
  const region = council
    ? Object.entries(NEIGHBOURS.councils)
        .filter(([, entry]) => entry.region_code === council.region_code)
        .map(([code]) => code)
    : [];
  const comparator = (codes: string[], label: string): ComparatorValue | null => {
    if (!council) return null;
    const value = averageOf(indicatorId, codes);
    return { value, label: value === null ? `${label}: not available (no published values shipped)` : label, source: `${NEIGHBOURS.source}; values: ${LOCAL_AUTHORITY_VALUES.source}` };
  };
  return {
    england: england ? { value: england.value, label: `England, ${england.year}`, source: england.source } : null,
    region: comparator(region, `${council?.region_name ?? 'Region'} average`),
    neighbours: comparator(council?.neighbours ?? [], 'Statistical neighbours average'),
  };
}
