/**
 * The national picture: every council's latest ILACS grades (ilacs_overview.xlsx, scraped from
 * Ofsted's published reports by data-to-insight's ofsted-ilacs-scrape-tool) and its region and
 * statistical neighbours (la_lookup.csv, DfE/NFER model), read in place from a folder:
 * KEYSTONE_OFSTED_DATA, default ../shared/fixtures/ofsted beside the repository.
 * The council is the ks_setting 'la_code' (DfE three-digit code).
 */
import { regionsOf, type Comparison } from '../indicators/benchmarks/index.ts';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ExcelJS from '@cj-tech-master/excelts';
import { councilsFromLookup } from '../indicators/benchmarks/build-neighbours.ts';
import { GRADES, type OfstedGrade } from './ofsted-report/parse.ts';

export const NATIONAL_AREAS = {
  overall_effectiveness: 'Overall effectiveness',
  impact_of_leaders: 'Impact of leaders',
  help_and_protection: 'Help and protection',
  children_in_care: 'Children in care',
  care_leavers: 'Care leavers',
} as const;
export type NationalArea = keyof typeof NATIONAL_AREAS;
const AREAS = Object.keys(NATIONAL_AREAS) as NationalArea[];

const COLUMNS: Record<NationalArea, string> = {
  overall_effectiveness: 'overall_effectiveness_grade',
  impact_of_leaders: 'impact_of_leaders_grade',
  help_and_protection: 'help_and_protection_grade',
  children_in_care: 'in_care_grade',
  care_leavers: 'care_leavers_grade',
};

export interface CouncilGrades {
  code: string;
  name: string;
  regionName: string;
  neighbours: string[];
  /** Inspection type as the scrape gives it (standard or short), start date and publication date (ISO). */
  inspectionType: string | null;
  inspectionStart: string | null;
  published: string | null;
  reportUrl: string | null;
  grades: Partial<Record<NationalArea, OfstedGrade>>;
}

export interface NationalData {
  councils: Map<string, CouncilGrades>;
}

export const DEFAULT_OFSTED_DATA = fileURLToPath(new URL('../../../shared/fixtures/ofsted/', import.meta.url));
export function ofstedDataFolder(): string {
  return process.env.KEYSTONE_OFSTED_DATA || DEFAULT_OFSTED_DATA;
}

/** "requires improvement" → requires_improvement; anything else not a grade → undefined. */
function gradeOf(text: string): OfstedGrade | undefined {
  const value = text
    .trim()
    .toLowerCase()
    .replace(/ to be good$/, '')
    .replace(/\s+/g, '_');
  return (GRADES as readonly string[]).includes(value) ? (value as OfstedGrade) : undefined;
}

/** dd/mm/yyyy or dd/mm/yy (the scrape's formats), or an Excel date, as ISO. */
function isoOf(value: unknown): string | null {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(String(value ?? '').trim());
  if (!match) return null;
  const year = match[3]!.length === 2 ? `20${match[3]}` : match[3]!;
  return `${year}-${match[2]!.padStart(2, '0')}-${match[1]!.padStart(2, '0')}`;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object' && 'text' in value) return String(value.text);
  if (typeof value === 'object' && 'hyperlink' in value) return String(value.hyperlink);
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
}

const loaded = new Map<string, Promise<NationalData | null>>();

/** Reads both files once per folder; null when either is absent. */
export function loadNationalData(folder = ofstedDataFolder()): Promise<NationalData | null> {
  let data = loaded.get(folder);
  if (!data) {
    data = readNational(folder);
    loaded.set(folder, data);
    data.catch(() => loaded.delete(folder));
  }
  return data;
}

async function readNational(folder: string): Promise<NationalData | null> {
  const workbookPath = path.join(folder, 'ilacs_overview.xlsx');
  const lookupPath = path.join(folder, 'la_lookup.csv');
  if (!existsSync(workbookPath) || !existsSync(lookupPath)) return null;
  const lookup = councilsFromLookup(await readFile(lookupPath, 'utf8'));
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(workbookPath);
  const sheet = workbook.worksheets[0]!;
  const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).map((value) => cellText(value));
  const column = (name: string) => header.indexOf(name);
  const councils = new Map<string, CouncilGrades>();
  for (const [code, entry] of Object.entries(lookup)) {
    councils.set(code, {
      code,
      name: entry.name,
      regionName: entry.region_name,
      neighbours: entry.neighbours,
      inspectionType: null,
      inspectionStart: null,
      published: null,
      reportUrl: null,
      grades: {},
    });
  }
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const value = (name: string) => (column(name) > 0 ? cellText(row.getCell(column(name)).value) : '');
    const code = value('la_code').trim();
    if (!code) return;
    const council = councils.get(code) ?? {
      code,
      name: value('local_authority'),
      regionName: '',
      neighbours: value('stat_neighbours')
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean),
      inspectionType: null,
      inspectionStart: null,
      published: null,
      reportUrl: null,
      grades: {},
    };
    council.inspectionType = value('inspection_framework') || null;
    council.inspectionStart = isoOf(row.getCell(column('inspection_start_date')).value);
    council.published = isoOf(row.getCell(column('publication_date')).value);
    council.reportUrl = value('inspection_link') || null;
    for (const area of AREAS) {
      const grade = gradeOf(value(COLUMNS[area]));
      if (grade) council.grades[area] = grade;
    }
    councils.set(code, council);
  });
  return { councils };
}

export interface Distribution {
  label: string;
  /** Councils graded, by grade, per area; `graded` the councils with a grade in that area. */
  areas: { area: NationalArea; counts: Record<OfstedGrade, number>; graded: number }[];
}

export function distribution(label: string, councils: readonly CouncilGrades[]): Distribution {
  return {
    label,
    areas: AREAS.map((area) => {
      const counts = Object.fromEntries(GRADES.map((grade) => [grade, 0])) as Record<OfstedGrade, number>;
      for (const council of councils) {
        const grade = council.grades[area];
        if (grade) counts[grade]++;
      }
      return { area, counts, graded: GRADES.reduce((sum, grade) => sum + counts[grade], 0) };
    }),
  };
}

export interface NationalPicture {
  council: CouncilGrades | null;
  neighbours: CouncilGrades[];
  region: Distribution | null;
  neighbourDistribution: Distribution | null;
  england: Distribution;
}

/** The council's grades beside its statistical neighbours', and the region's and England's distributions. */
export function nationalPicture(data: NationalData, comparison: Comparison | string | null): NationalPicture {
  const all = [...data.councils.values()];
  const chosen = typeof comparison === 'object' && comparison !== null ? comparison : { laCode: comparison, regionCode: null, neighbours: null };
  const council = chosen.laCode ? (data.councils.get(chosen.laCode) ?? null) : null;
  // A region and comparator councils chosen in the council's settings replace the code's own.
  const regionName = chosen.regionCode ? (regionsOf().find((region) => region.code === chosen.regionCode)?.name ?? null) : (council?.regionName ?? null);
  const neighbourCodes = chosen.neighbours ?? council?.neighbours ?? [];
  const neighbours = council ? neighbourCodes.map((code) => data.councils.get(code)).filter((entry): entry is CouncilGrades => !!entry) : [];
  return {
    council,
    neighbours,
    region:
      council && regionName
        ? distribution(
            regionName,
            all.filter((entry) => entry.regionName === regionName),
          )
        : null,
    neighbourDistribution: council
      ? distribution(chosen.neighbours ? 'Comparator councils chosen in the settings' : 'Statistical neighbours', neighbours)
      : null,
    england: distribution('England', all),
  };
}
