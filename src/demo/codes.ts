import { Weighted } from './random.ts';

/** DfE code lists (CIN census, SSDA903, SSD) with the mix an English county typically records. */

export const REFERRAL_SOURCES = new Weighted<readonly [string, string]>([
  [['1A', 'Individual'], 3],
  [['1B', 'Individual: family member/relative/carer'], 4],
  [['1D', 'Individual: self'], 1],
  [['2A', 'Schools'], 19],
  [['2B', 'Education services'], 2],
  [['3A', 'Health services: GP'], 3],
  [['3B', 'Health services: health visitor'], 3],
  [['3E', 'Health services: A&E'], 3],
  [['3F', 'Health services: other'], 6],
  [['4', 'Housing'], 2],
  [['5A', 'LA services: social care'], 5],
  [['5B', 'LA services: other internal'], 3],
  [['5C', 'LA services: external'], 3],
  [['5D', 'LA services: early help'], 4],
  [['6', 'Police'], 29],
  [['7', 'Other legal agency'], 2],
  [['8', 'Other'], 5],
  [['9', 'Anonymous'], 2],
  [['10', 'Unknown'], 1],
]);

export const PRIMARY_NEED = new Weighted<string>([
  ['N1', 57],
  ['N2', 3],
  ['N3', 3],
  ['N4', 9],
  ['N5', 15],
  ['N6', 2],
  ['N7', 1],
  ['N8', 4],
  ['N9', 6],
]);

export const CONTACT_OUTCOMES = new Weighted<string>([
  ['Information and advice', 35],
  ['Early help', 35],
  ['No further action', 20],
  ['Signposted to universal services', 10],
]);

export const ETHNICITY = new Weighted<string>([
  ['WBRI', 74],
  ['WIRI', 1],
  ['WIRT', 1],
  ['WOTH', 5],
  ['MWBC', 2],
  ['MWBA', 1],
  ['MWAS', 2],
  ['MOTH', 2],
  ['AIND', 2],
  ['APKN', 2],
  ['ABAN', 1],
  ['AOTH', 1],
  ['BCRB', 1],
  ['BAFR', 2],
  ['BOTH', 1],
  ['CHNE', 1],
  ['OOTH', 1],
  ['NOBT', 1],
]);

export const CP_CATEGORY = new Weighted<string>([
  ['NEG', 50],
  ['EMO', 36],
  ['PHY', 7],
  ['SAB', 4],
  ['MUL', 3],
]);

/** After how many review conferences a child protection plan ends (3, 9, 15, 21, 27, 33 months). */
export const CP_REVIEWS_TO_END = new Weighted<number>([
  [1, 14],
  [2, 52],
  [3, 24],
  [4, 6],
  [5, 3],
  [6, 1],
]);

export const ASSESSMENT_FACTORS = [
  '1B',
  '2B',
  '3A',
  '3B',
  '4A',
  '4B',
  '5A',
  '6A',
  '7A',
  '8B',
  '9A',
  '10A',
  '11A',
  '12A',
  '13A',
  '14B',
  '15A',
  '16A',
  '18B',
  '19B',
  '20',
  '21',
  '22A',
  '23A',
  '24A',
] as const;

/** How a period of care ends, by age band at entry: 'long' means it runs to the 18th birthday. */
export type CareExit = 'home' | 'adoption' | 'special_guardianship' | 'child_arrangements' | 'long' | 'other';
export const CARE_EXIT_BY_AGE: readonly [maxAge: number, table: Weighted<CareExit>][] = [
  [
    1,
    new Weighted<CareExit>([
      ['adoption', 36],
      ['special_guardianship', 20],
      ['home', 26],
      ['child_arrangements', 6],
      ['long', 8],
      ['other', 4],
    ]),
  ],
  [
    5,
    new Weighted<CareExit>([
      ['adoption', 22],
      ['special_guardianship', 22],
      ['home', 32],
      ['child_arrangements', 8],
      ['long', 12],
      ['other', 4],
    ]),
  ],
  [
    10,
    new Weighted<CareExit>([
      ['adoption', 3],
      ['special_guardianship', 18],
      ['home', 42],
      ['child_arrangements', 7],
      ['long', 24],
      ['other', 6],
    ]),
  ],
  [
    16,
    new Weighted<CareExit>([
      ['special_guardianship', 4],
      ['home', 50],
      ['child_arrangements', 3],
      ['long', 35],
      ['other', 8],
    ]),
  ],
  [
    18,
    new Weighted<CareExit>([
      ['home', 38],
      ['long', 56],
      ['other', 6],
    ]),
  ],
];

export const AGED_OUT_REASON = new Weighted<string>([
  ['E17', 18],
  ['E5', 42],
  ['E6', 10],
  ['E13', 16],
  ['E8', 14],
]);
export const RETURN_HOME_REASON = new Weighted<string>([
  ['E4A', 80],
  ['E4B', 8],
  ['E13', 12],
]);
export const OTHER_EXIT_REASON = new Weighted<string>([
  ['E8', 60],
  ['E3', 25],
  ['E16', 5],
  ['E9', 10],
]);

/** SSDA903 placement types by age band (before long-term matching turns U6/U3 into U4/U1). */
export const PLACEMENT_UNDER_ONE = new Weighted<string>([
  ['U6', 60],
  ['U3', 16],
  ['U5', 10],
  ['R3', 6],
  ['P1', 4],
  ['U4', 4],
]);
export const PLACEMENT_CHILD = new Weighted<string>([
  ['U6', 66],
  ['U3', 20],
  ['K2', 3],
  ['P1', 4],
  ['U4', 7],
]);
export const PLACEMENT_TEEN = new Weighted<string>([
  ['U6', 52],
  ['U3', 12],
  ['K2', 24],
  ['R1', 3],
  ['U4', 6],
  ['P1', 3],
]);
export const PLACEMENT_SIXTEEN_PLUS = new Weighted<string>([
  ['H5', 40],
  ['U6', 33],
  ['K2', 15],
  ['U3', 6],
  ['P2', 6],
]);

export const PLANNED_PLACEMENT_CHANGE = 'CARPL';
export const UNPLANNED_PLACEMENT_CHANGE = new Weighted<string>([
  ['CREQB', 30],
  ['CREQO', 12],
  ['CHILD', 14],
  ['LAREQ', 12],
  ['STAND', 6],
  ['ALLEG', 4],
  ['CLOSE', 6],
  ['APPRR', 2],
  ['OTHER', 14],
]);

export const REVIEW_PARTICIPATION = new Weighted<string>([
  ['PN1', 50],
  ['PN2', 10],
  ['PN3', 5],
  ['PN4', 15],
  ['PN5', 10],
  ['PN6', 6],
  ['PN7', 4],
]);

/** Why a child's worker changes mid-case, other than transfers, turnover and restructures. */
export const CASE_CHANGE_REASON = new Weighted<string>([
  ['FCONTA', 30],
  ['CHCHAN', 25],
  ['PCCHAN', 25],
  ['OTHERS', 20],
]);

export const CARE_LEAVER_ACCOMMODATION = new Weighted<string>([
  ['U', 30],
  ['D', 18],
  ['B', 14],
  ['Z', 12],
  ['E', 6],
  ['T', 4],
  ['K', 4],
  ['S', 2],
  ['V', 2],
  ['X', 3],
  ['R', 5],
]);
export const CARE_LEAVER_ACTIVITY = new Weighted<string>([
  ['F2', 26],
  ['F4', 16],
  ['P4', 8],
  ['F1', 7],
  ['P2', 3],
  ['G4', 8],
  ['G5', 26],
  ['G6', 6],
]);
export const CARE_LEAVER_IN_TOUCH = new Weighted<string>([
  ['YES', 88],
  ['NO', 6],
  ['REFU', 3],
  ['NREQ', 3],
]);

export const MEMBERSHIP_LEAVE_REASON = new Weighted<string>([
  ['Resigned', 58],
  ['Moved to another local authority', 24],
  ['Retired', 6],
  ['Career break', 6],
  ['Left social work', 6],
]);
