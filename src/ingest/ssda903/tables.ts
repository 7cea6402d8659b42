/**
 * The SSDA903 tables: the columns each must have, and how a file is recognised (its name, else its
 * header row). Columns that some years add (PL_DISTANCE, PL_LA, PL_LOCATION on Episodes; UASC on
 * Header) are optional: rules that need them run only when they are present. DoLO (deprivation of
 * liberty orders) is a table of the return from 2026-27 on (DfE's 2026/27 rules 700–710).
 */
export const TABLES_903 = [
  'Header',
  'Episodes',
  'Reviews',
  'UASC',
  'OC2',
  'OC3',
  'AD1',
  'PlacedAdoption',
  'PrevPerm',
  'Missing',
  'SWEpisodes',
  'DoLO',
] as const;
export type Table903 = (typeof TABLES_903)[number];

export const REQUIRED_COLUMNS: Record<Table903, readonly string[]> = {
  Header: ['CHILD', 'SEX', 'DOB', 'ETHNIC', 'UPN', 'MOTHER', 'MC_DOB'],
  Episodes: ['CHILD', 'DECOM', 'RNE', 'LS', 'CIN', 'PLACE', 'PLACE_PROVIDER', 'DEC', 'REC', 'REASON_PLACE_CHANGE', 'HOME_POST', 'PL_POST', 'URN'],
  Reviews: ['CHILD', 'DOB', 'REVIEW', 'REVIEW_CODE'],
  UASC: ['CHILD', 'SEX', 'DOB', 'DUC'],
  OC2: [
    'CHILD',
    'DOB',
    'SDQ_SCORE',
    'SDQ_REASON',
    'CONVICTED',
    'HEALTH_CHECK',
    'IMMUNISATIONS',
    'TEETH_CHECK',
    'HEALTH_ASSESSMENT',
    'SUBSTANCE_MISUSE',
    'INTERVENTION_RECEIVED',
    'INTERVENTION_OFFERED',
  ],
  OC3: ['CHILD', 'DOB', 'IN_TOUCH', 'ACTIV', 'ACCOM'],
  AD1: ['CHILD', 'DOB', 'DATE_INT', 'DATE_MATCH', 'FOSTER_CARE', 'NB_ADOPTR', 'SEX_ADOPTR', 'LS_ADOPTR'],
  PlacedAdoption: ['CHILD', 'DOB', 'DATE_PLACED', 'DATE_PLACED_CEASED', 'REASON_PLACED_CEASED'],
  PrevPerm: ['CHILD', 'DOB', 'PREV_PERM', 'LA_PERM', 'DATE_PERM'],
  Missing: ['CHILD', 'DOB', 'MISSING', 'MIS_START', 'MIS_END'],
  SWEpisodes: ['CHILD', 'DOB', 'SW_ID', 'SW_DECOM', 'SW_DEC', 'SW_REASON'],
  DoLO: ['CHILD', 'DOB', 'DOLO_START', 'DOLO_END'],
};

/** The first collection year (as the year it ends) whose return has the DoLO table. */
export const DOLO_FROM_END_YEAR = 2027;

/** File names (lower case, without extension, separators removed) that name each table. */
const FILE_NAMES: Record<Table903, readonly string[]> = {
  Header: ['header'],
  Episodes: ['episodes'],
  Reviews: ['reviews'],
  UASC: ['uasc'],
  OC2: ['oc2'],
  OC3: ['oc3'],
  AD1: ['ad1'],
  PlacedAdoption: ['placedadoption', 'placedforadoption'],
  PrevPerm: ['prevperm', 'previouspermanence'],
  Missing: ['missing'],
  SWEpisodes: ['swepisodes', 'socialworkerepisodes'],
  DoLO: ['dolo', 'dolos', 'deprivationofliberty', 'deprivationoflibertyorders'],
};

function normalisedName(fileName: string): string {
  return fileName
    .toLowerCase()
    .replace(/\.[a-z0-9]+$/, '')
    .replace(/[^a-z0-9]/g, '');
}

/**
 * Whether a file holds the previous year's table: its name ends `_last` (header_last.csv,
 * Episodes_last.csv, placed_for_adoption_last.csv), the DfE validator's name for last year's tables.
 */
export function isPreviousYearFile(fileName: string): boolean {
  return /[^a-z0-9]last$/i.test(fileName.replace(/\.[a-z0-9]+$/i, ''));
}

/** The table a previous year's file holds, from its name without the `_last` ending. */
export function recognisePreviousYearTable(fileName: string, header: readonly string[]): Table903 | null {
  return recogniseTable(fileName.replace(/[^a-z0-9]last(\.[a-z0-9]+)?$/i, '$1'), header);
}

/**
 * Which table a file holds: by name first (header.csv, placed_for_adoption.csv, “episodes 2024.csv”…),
 * else the table whose required columns the header row holds (most columns wins).
 */
export function recogniseTable(fileName: string, header: readonly string[]): Table903 | null {
  const name = normalisedName(fileName);
  // Exact names first, then names that start or end with a table's name (longest match wins, so
  // sw_episodes.csv is SWEpisodes and not Episodes).
  for (const table of TABLES_903) if (FILE_NAMES[table].includes(name)) return table;
  let byName: Table903 | null = null;
  let longest = 0;
  for (const table of TABLES_903) {
    for (const known of FILE_NAMES[table]) {
      if ((name.startsWith(known) || name.endsWith(known)) && known.length > longest) {
        byName = table;
        longest = known.length;
      }
    }
  }
  if (byName) return byName;
  const columns = new Set(header);
  let best: Table903 | null = null;
  let bestScore = 0;
  for (const table of TABLES_903) {
    const required = REQUIRED_COLUMNS[table];
    if (!required.every((column) => columns.has(column))) continue;
    if (required.length > bestScore) {
      best = table;
      bestScore = required.length;
    }
  }
  return best;
}
