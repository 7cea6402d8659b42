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

const read = <T,>(file: string): T => JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as T;
export const ENGLAND = read<EnglandFile>('./england.json');
export const NEIGHBOURS = read<NeighbourFile>('./statistical-neighbours.json');
export const LOCAL_AUTHORITY_VALUES = read<PublishedFile>('./local-authority-values.json');
export const REGION_VALUES = read<PublishedFile>('./regions.json');

export interface ComparatorValue {
  value: number | null;
  /** What the value is, with its year: e.g. "England, 2024", or why there is none. */
  label: string;
  source: string;
}

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

export function benchmarksFrom(data: BenchmarkData, indicatorId: string, laCode: string | null): Benchmarks {
  const england = data.england.values.find((entry) => entry.indicator === indicatorId);
  const council = laCode ? data.neighbours.councils[laCode] : undefined;
  const councilValues = data.councilValues.indicators[indicatorId];
  const notAvailable = (label: string, reason = 'no published values shipped'): ComparatorValue => ({
    value: null,
    label: `${label}: not available (${reason})`,
    source: `${data.councilValues.source} ${data.regionValues.source}`,
  });
  const average = (codes: string[], label: string): ComparatorValue => {
    const mean = meanOf(councilValues, codes);
    if (!mean || !councilValues) return notAvailable(label);
    return {
      value: mean.value,
      label: `${label} (mean of ${mean.count} of ${codes.length} councils’ published values), ${councilValues.year}`,
      source: councilValues.source,
    };
  };
  const region = (): ComparatorValue | null => {
    if (!council) return null;
    const published = data.regionValues.indicators[indicatorId];
    const value = published?.values[council.region_code];
    if (published && value !== undefined) return { value, label: `${council.region_name} (DfE published regional figure), ${published.year}`, source: published.source };
    const codes = Object.entries(data.neighbours.councils)
      .filter(([, entry]) => entry.region_code === council.region_code)
      .map(([code]) => code);
    return average(codes, council.region_name);
  };
  return {
    england: england ? { value: england.value, label: `England, ${england.year}`, source: england.source } : null,
    region: region(),
    neighbours: !council
      ? null
      : council.neighbours.length
        ? average(council.neighbours, 'Statistical neighbours')
        : notAvailable('Statistical neighbours', 'the DfE model gives this council no neighbours'),
  };
}

export function benchmarksFor(indicatorId: string, laCode: string | null): Benchmarks {
  return benchmarksFrom(SHIPPED, indicatorId, laCode);
}
