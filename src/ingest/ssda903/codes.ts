import { ETHNICITY } from '../ethnicity.ts';

/** SSDA903 code lists (DfE guidance for 2024/25, and what changed for 2025/26), one constant per field. */
/** Sex: 1 male, 2 female on returns up to 2023-24; M, F, U (unknown or indeterminate) from 2024-25 (DfE 903 specification 2024 to 2025). */
export const SEX_BEFORE_2025 = ['1', '2'];
export const SEX_FROM_2025 = ['M', 'F', 'U'];
/** The sex codes of the return for the year ending 31 March `endYear`. */
export const sexCodes = (endYear: number): readonly string[] => (endYear >= 2025 ? SEX_FROM_2025 : SEX_BEFORE_2025);
export const ETHNIC: readonly string[] = ETHNICITY;
/** Reason for new episode: S started to be looked after; L legal status change; P placement change; T, U, B both. */
export const RNE = ['S', 'P', 'L', 'T', 'U', 'B'];
export const LS = ['C1', 'C2', 'D1', 'E1', 'J1', 'J2', 'J3', 'L1', 'L2', 'L3', 'V2', 'V3', 'V4'];
export const CIN = ['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8'];
/** Placement types up to 2023-24; 2024-25 adds K3 (supported accommodation not subject to children's homes regulations); see placeCodes. */
export const PLACE = [
  'A3',
  'A4',
  'A5',
  'A6',
  'H5',
  'K1',
  'K2',
  'P1',
  'P2',
  'P3',
  'R1',
  'R2',
  'R3',
  'R5',
  'S1',
  'T0',
  'T1',
  'T2',
  'T3',
  'T4',
  'U1',
  'U2',
  'U3',
  'U4',
  'U5',
  'U6',
  'Z1',
];
/** 2025-26 split other placements (Z1) into Z11–Z14 and withdrew H5 and P2 (DfE, children looked after return 2025 to 2026). */
export const OTHER_PLACE = ['Z11', 'Z12', 'Z13', 'Z14'];
const PLACE_FROM_2026 = [...PLACE.filter((code) => !['H5', 'P2', 'Z1'].includes(code)), 'K3', ...OTHER_PLACE];
export const placeCodes = (endYear: number): readonly string[] => (endYear >= 2026 ? PLACE_FROM_2026 : endYear >= 2025 ? [...PLACE, 'K3'] : PLACE);
export const TEMPORARY_PLACE = ['T0', 'T1', 'T2', 'T3', 'T4'];
export const FOSTER_PLACE = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6'];
export const ADOPTION_PLACE = ['A3', 'A4', 'A5', 'A6'];
export const PLACE_PROVIDER = ['PR0', 'PR1', 'PR2', 'PR3', 'PR4', 'PR5'];
export const REC = [
  'E11',
  'E12',
  'E2',
  'E3',
  'E4A',
  'E4B',
  'E13',
  'E41',
  'E45',
  'E46',
  'E47',
  'E48',
  'E5',
  'E6',
  'E7',
  'E8',
  'E9',
  'E14',
  'E15',
  'E16',
  'E17',
  'X1',
];
export const REASON_PLACE_CHANGE = ['CARPL', 'CLOSE', 'ALLEG', 'STAND', 'APPRR', 'CREQB', 'CREQO', 'CHILD', 'LAREQ', 'PLACE', 'CUSTOD', 'OTHER'];
export const REVIEW_CODE = ['PN0', 'PN1', 'PN2', 'PN3', 'PN4', 'PN5', 'PN6', 'PN7'];
export const MISSING = ['M', 'A'];
export const IN_TOUCH = ['YES', 'NO', 'DIED', 'REFU', 'NREQ', 'RHOM'];
export const ACTIV = ['F1', 'P1', 'F2', 'P2', 'F4', 'P4', 'F5', 'P5', 'G4', 'G5', 'G6', '0'];
export const ACCOM = [
  'B1',
  'B2',
  'C1',
  'C2',
  'D1',
  'D2',
  'E1',
  'E2',
  'G1',
  'G2',
  'H1',
  'H2',
  'K1',
  'K2',
  'R1',
  'R2',
  'S2',
  'T1',
  'T2',
  'U1',
  'U2',
  'V1',
  'V2',
  'W1',
  'W2',
  'X2',
  'Y1',
  'Y2',
  'Z1',
  'Z2',
  '0',
];
export const SDQ_REASON = ['SDQ1', 'SDQ2', 'SDQ3', 'SDQ4', 'SDQ5'];
export const ZERO_ONE = ['0', '1'];
export const NB_ADOPTR = ['1', '2'];
export const SEX_ADOPTR = ['M1', 'F1', 'MM', 'FF', 'MF'];
/** Adopters' legal status (the DfE code set: L0, L11, L12, L2, L3, L4). */
export const LS_ADOPTR = ['L0', 'L11', 'L12', 'L2', 'L3', 'L4'];
export const REASON_PLACED_CEASED = ['RD1', 'RD2', 'RD3', 'RD4'];
export const PREV_PERM = ['P1', 'P2', 'P3', 'P4', 'Z1'];
/** Unique Pupil Number: a check letter (not I, O or S), 11 digits, then a digit or letter; or UN1–UN5 when unknown. */
export const UPN = /^(?:[A-HJ-NP-RT-Z]\d{11}[0-9A-Z]|UN[1-5])$/;
