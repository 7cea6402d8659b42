/**
 * Benchmarks: England, region and statistical-neighbour values from the versioned data files beside this
 * module, each naming its source and year. A region's published DfE figure is used when shipped; otherwise
 * the region and the neighbours are the mean of the councils' published values. The council's own code is
 * the ks_setting 'la_code' (DfE 3-digit code, e.g. 840 for Durham).
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
/** Published values of one indicator for one year, by DfE council code or ONS region code. */
export interface PublishedValues {
  year: string;
  period: string;
  source: string;
  values: Record<string, number>;
}
interface PublishedFile {
  version: string;
  source: string;
  indicators: Record<string, PublishedValues>;
}

const read = <T>(file: string): T => JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as T;
export const ENGLAND = read<EnglandFile>('./england.json');
export const NEIGHBOURS = read<NeighbourFile>('./statistical-neighbours.json');
export const LOCAL_AUTHORITY_VALUES = read<PublishedFile>('./local-authority-values.json');
export const REGION_VALUES = read<PublishedFile>('./regions.json');

export interface ComparatorValue {
  value: number | null;
  /** Whom it is: "England", "North East", "Statistical neighbours". */
  name: string;
  /** What the value is, with its year, to read after the name: "mean of 10 of 10 councils’ published values, 2025"; or why there is none. */
  detail: string;
  /** The name and detail in one, for text that stands alone: "England, 2024", "North East: not available (why)". */
  label: string;
  source: string;
}

/**
 * A comparator's value to read beside its name (a row keyed "Statistical neighbours"), without repeating
 * it: "19.2%: mean of 10 of 10 councils’ published values, 2025", "Not available: why". `named` names it
 * too, for a row keyed otherwise ("Region"): "20.7%: North East, DfE published regional figure, 2025".
 * A report saved before comparators had a detail reads as it was printed then.
 */
export function comparatorText(entry: Omit<ComparatorValue, 'name' | 'detail'> & Partial<ComparatorValue>, formatted: string, { named = false } = {}): string {
  if (entry.name === undefined || entry.detail === undefined) return entry.value === null ? entry.label : `${formatted} (${entry.label})`;
  if (entry.value === null) return `Not available${named ? ` for ${entry.name}` : ''}: ${entry.detail}`;
  return `${formatted}: ${named ? `${entry.name}, ` : ''}${entry.detail}`;
}

/** The neighbours' name when an administrator has chosen the councils to compare with. */
export const CHOSEN_COUNCILS = 'Comparator councils chosen in the settings';

export interface Benchmarks {
  england: ComparatorValue | null;
  region: ComparatorValue | null;
  neighbours: ComparatorValue | null;
}

export interface BenchmarkData {
  england: EnglandFile;
  neighbours: NeighbourFile;
  councilValues: PublishedFile;
  regionValues: PublishedFile;
}

const SHIPPED: BenchmarkData = { england: ENGLAND, neighbours: NEIGHBOURS, councilValues: LOCAL_AUTHORITY_VALUES, regionValues: REGION_VALUES };

export function councilOf(laCode: string | null) {
  return laCode ? NEIGHBOURS.councils[laCode] : undefined;
}

/** The mean, to one decimal place, of the published values of those councils that have one. */
function meanOf(published: PublishedValues | undefined, codes: string[]) {
  const values = codes.map((code) => published?.values[code]).filter((value) => value !== undefined);
  if (values.length === 0) return null;
  return { value: Math.round((values.reduce((sum, value) => sum + value, 0) / values.length) * 10) / 10, count: values.length };
}

/**
 * Whom the council is compared with: its DfE code, and the region and neighbour set the council's
 * settings chose (null: those of the code in the DfE lists).
 */
export interface Comparison {
  laCode: string | null;
  regionCode: string | null;
  neighbours: string[] | null;
}

/** The English regions (ONS code and name), from the councils' lookup. */
export function regionsOf(data: NeighbourFile = NEIGHBOURS): { code: string; name: string }[] {
  const regions = new Map<string, string>();
  for (const council of Object.values(data.councils)) regions.set(council.region_code, council.region_name);
  return [...regions].map(([code, name]) => ({ code, name })).sort((a, b) => a.name.localeCompare(b.name));
}

/** The region and neighbours a comparison resolves to (the code's own unless the settings chose others). */
export function resolveComparison(data: NeighbourFile, comparison: Comparison | string | null) {
  const { laCode, regionCode, neighbours } =
    typeof comparison === 'object' && comparison !== null ? comparison : { laCode: comparison, regionCode: null, neighbours: null };
  const council = laCode ? data.councils[laCode] : undefined;
  const region = regionCode ?? council?.region_code ?? null;
  const regionName = region ? (regionsOf(data).find((entry) => entry.code === region)?.name ?? null) : null;
  return {
    council,
    region: region && regionName ? { code: region, name: regionName } : null,
    neighbours: neighbours ?? council?.neighbours ?? null,
    neighboursChosen: neighbours !== null,
  };
}

export function benchmarksFrom(data: BenchmarkData, indicatorId: string, comparison: Comparison | string | null): Benchmarks {
  const england = data.england.values.find((entry) => entry.indicator === indicatorId);
  const resolved = resolveComparison(data.neighbours, comparison);
  const councilValues = data.councilValues.indicators[indicatorId];
  const notAvailable = (name: string, reason = 'Keystone holds no published figure for this measure'): ComparatorValue => ({
    value: null,
    name,
    detail: reason,
    label: `${name}: not available (${reason})`,
    source: `${data.councilValues.source} ${data.regionValues.source}`,
  });
  const average = (codes: string[], name: string): ComparatorValue => {
    const mean = meanOf(councilValues, codes);
    if (!mean || !councilValues) return notAvailable(name);
    const what = `mean of ${mean.count} of ${codes.length} councils’ published values`;
    return {
      value: mean.value,
      name,
      detail: `${what}, ${councilValues.year}`,
      label: `${name} (${what}), ${councilValues.year}`,
      source: councilValues.source,
    };
  };
  const region = (): ComparatorValue | null => {
    const chosen = resolved.region;
    if (!chosen) return null;
    const published = data.regionValues.indicators[indicatorId];
    const value = published?.values[chosen.code];
    if (published && value !== undefined)
      return {
        value,
        name: chosen.name,
        detail: `DfE published regional figure, ${published.year}`,
        label: `${chosen.name} (DfE published regional figure), ${published.year}`,
        source: published.source,
      };
    const codes = Object.entries(data.neighbours.councils)
      .filter(([, entry]) => entry.region_code === chosen.code)
      .map(([code]) => code);
    return average(codes, chosen.name);
  };
  const neighbours = resolved.neighbours;
  const neighboursLabel = resolved.neighboursChosen ? CHOSEN_COUNCILS : 'Statistical neighbours';
  return {
    england: england
      ? { value: england.value, name: 'England', detail: `published figure, ${england.year}`, label: `England, ${england.year}`, source: england.source }
      : null,
    region: region(),
    neighbours:
      neighbours === null
        ? null
        : neighbours.length
          ? average(neighbours, neighboursLabel)
          : notAvailable(neighboursLabel, 'the DfE model gives this council no neighbours'),
  };
}

export function benchmarksFor(indicatorId: string, comparison: Comparison | string | null): Benchmarks {
  return benchmarksFrom(SHIPPED, indicatorId, comparison);
}
