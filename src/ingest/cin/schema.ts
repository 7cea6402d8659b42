/**
 * The CIN census XML schemas 2022–2026 (DfE XSDs, `../shared/domain/cin-xsd/`) as data: each
 * element's children in order with their occurrences, and each leaf's type or code list.
 * Differences between years:
 *   2022            GenderCurrent (1, 2, 0, 9); no referral source 5D, no closure reason RC9
 *   2023, 2024      GenderCurrent; 5D and RC9 added
 *   2025, 2026      Sex (M, F, U) replaces GenderCurrent
 * The pre-proceedings block (PreProceedingsandFGDM, DfE's addition for 2026) is absent from the
 * published XSDs: it is accepted after the CP plans in any year, never required.
 * xsd-differential.test.ts holds this model to the XSDs themselves (run by libxml2) on a few hundred
 * damaged files, and lists where Keystone is stricter (values it could not store) and why.
 */
import { ETHNICITY } from '../ethnicity.ts';

export type LeafType =
  | { kind: 'date' }
  | { kind: 'dateTime' }
  | { kind: 'year' }
  | { kind: 'text'; nonEmpty?: boolean }
  | { kind: 'codes'; codes: readonly string[] }
  | { kind: 'pattern'; pattern: RegExp; describe: string }
  | { kind: 'count' };

export interface ElementDef {
  name: string;
  min: number;
  /** Infinity for unbounded. */
  max: number;
  /** A leaf's type, or the group's children in order. */
  type?: LeafType;
  children?: readonly ElementDef[];
}

const el = (name: string, min: number, max: number, type: LeafType): ElementDef => ({ name, min, max, type });
const group = (name: string, min: number, max: number, children: ElementDef[]): ElementDef => ({ name, min, max, children });
const codes = (list: readonly string[]): LeafType => ({ kind: 'codes', codes: list });
const DATE: LeafType = { kind: 'date' };
const MANY = Infinity;

export const YES_NO = ['0', '1'] as const;
export const UPN_UNKNOWN = ['UN1', 'UN2', 'UN3', 'UN4', 'UN5', 'UN6', 'UN7'] as const;
export const GENDER_CURRENT = ['1', '2', '0', '9'] as const;
export const SEX = ['M', 'F', 'U'] as const;
export { ETHNICITY };
export const DISABILITY = ['NONE', 'MOB', 'HAND', 'PC', 'INC', 'COMM', 'LD', 'HEAR', 'VIS', 'BEH', 'CON', 'AUT', 'DDA'] as const;
const REFERRAL_SOURCE_2022 = ['1A', '1B', '1C', '1D', '2A', '2B', '3A', '3B', '3C', '3D', '3E', '3F', '4', '5A', '5B', '5C', '6', '7', '8', '9', '10'];
export const CATEGORY_OF_ABUSE = ['NEG', 'PHY', 'SAB', 'EMO', 'MUL'] as const;
export const PRIMARY_NEED = ['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8', 'N9', 'N0'] as const;
const CLOSURE_2022 = ['RC1', 'RC2', 'RC3', 'RC4', 'RC5', 'RC6', 'RC7', 'RC8'];
export const ASSESSMENT_FACTORS = [
  '1A',
  '1B',
  '1C',
  '2A',
  '2B',
  '2C',
  '3A',
  '3B',
  '3C',
  '4A',
  '4B',
  '4C',
  '5A',
  '5B',
  '5C',
  '6A',
  '6B',
  '6C',
  '7A',
  '8B',
  '8C',
  '8D',
  '8E',
  '8F',
  '9A',
  '10A',
  '11A',
  '12A',
  '13A',
  '14A',
  '15A',
  '16A',
  '17A',
  '18A',
  '18B',
  '18C',
  '19A',
  '19B',
  '19C',
  '20',
  '21',
  '22A',
  '23A',
  '24A',
] as const;
export const PRE_PROCEEDINGS_OUTCOME = ['A', 'B', 'C', 'D', 'E'] as const;

export const SCHEMA_YEARS = [2022, 2023, 2024, 2025, 2026] as const;
export type SchemaYear = (typeof SCHEMA_YEARS)[number];

export interface CinSchema {
  year: SchemaYear;
  /** The child's sex element of that year. */
  sexElement: 'GenderCurrent' | 'Sex';
  sexCodes: readonly string[];
  referralSources: readonly string[];
  closureReasons: readonly string[];
  root: ElementDef;
}

/** The schema of a collection year (the year the census ends, e.g. 2024 for 2023-24); years outside 2022–2026 use the nearest. */
export function schemaFor(year: number): CinSchema {
  const clamped = Math.min(2026, Math.max(2022, Math.trunc(year))) as SchemaYear;
  const sexElement = clamped >= 2025 ? 'Sex' : 'GenderCurrent';
  const sexCodes = sexElement === 'Sex' ? SEX : GENDER_CURRENT;
  const referralSources = clamped === 2022 ? REFERRAL_SOURCE_2022 : [...REFERRAL_SOURCE_2022.slice(0, 16), '5D', ...REFERRAL_SOURCE_2022.slice(16)];
  const closureReasons = clamped === 2022 ? CLOSURE_2022 : [...CLOSURE_2022, 'RC9'];
  const cinDetails = group('CINdetails', 1, MANY, [
    el('CINreferralDate', 1, 1, DATE),
    el('ReferralSource', 1, 1, codes(referralSources)),
    el('PrimaryNeedCode', 0, 1, codes(PRIMARY_NEED)),
    el('CINclosureDate', 0, 1, DATE),
    el('ReasonForClosure', 0, 1, codes(closureReasons)),
    el('DateOfInitialCPC', 0, 1, DATE),
    group('Assessments', 0, MANY, [
      el('AssessmentActualStartDate', 1, 1, DATE),
      el('AssessmentInternalReviewDate', 0, 1, DATE),
      el('AssessmentAuthorisationDate', 0, 1, DATE),
      group('FactorsIdentifiedAtAssessment', 0, 1, [el('AssessmentFactors', 1, MANY, codes(ASSESSMENT_FACTORS))]),
    ]),
    group('CINPlanDates', 0, MANY, [el('CINPlanStartDate', 1, 1, DATE), el('CINPlanEndDate', 0, 1, DATE)]),
    group('Section47', 0, MANY, [
      el('S47ActualStartDate', 1, 1, DATE),
      el('InitialCPCtarget', 0, 1, DATE),
      el('DateOfInitialCPC', 0, 1, DATE),
      el('ICPCnotRequired', 1, 1, codes(YES_NO)),
    ]),
    el('ReferralNFA', 1, 1, codes(YES_NO)),
    group('ChildProtectionPlans', 0, MANY, [
      el('CPPstartDate', 1, 1, DATE),
      el('CPPendDate', 0, 1, DATE),
      el('InitialCategoryOfAbuse', 1, 1, codes(CATEGORY_OF_ABUSE)),
      el('LatestCategoryOfAbuse', 1, 1, codes(CATEGORY_OF_ABUSE)),
      el('NumberOfPreviousCPP', 1, 1, { kind: 'count' }),
      group('Reviews', 0, 1, [el('CPPreviewDate', 1, MANY, DATE)]),
    ]),
    group('PreProceedingsandFGDM', 0, MANY, [
      el('PPStartDate', 1, 1, DATE),
      el('LBPSentDate', 0, 1, DATE),
      el('FGDMMeetingOffer', 0, 1, codes(YES_NO)),
      el('FGDMMeetingFac', 0, 1, codes(YES_NO)),
      el('InitialPPMeetingDate', 0, 1, DATE),
      el('ReviewMeetingsCount', 0, 1, { kind: 'count' }),
      el('StepDecisionDate', 0, 1, DATE),
      el('PPOutcome', 0, 1, codes(PRE_PROCEEDINGS_OUTCOME)),
      el('CourtAppDate', 0, 1, DATE),
      el('LetterInitCPDate', 0, 1, DATE),
    ]),
  ]);
  const root = group('Message', 1, 1, [
    group('Header', 0, 1, [
      group('CollectionDetails', 0, 1, [el('Collection', 0, 1, codes(['CIN'])), el('Year', 0, 1, { kind: 'year' }), el('ReferenceDate', 0, 1, DATE)]),
      group('Source', 0, MANY, [
        el('SourceLevel', 0, 1, codes(['L'])),
        el('LEA', 1, 1, { kind: 'pattern', pattern: /^\d{3}$/, describe: 'three digits' }),
        el('SoftwareCode', 0, 1, { kind: 'text' }),
        el('Release', 0, 1, { kind: 'text' }),
        el('SerialNo', 0, 1, { kind: 'pattern', pattern: /^\d{3,}$/, describe: 'three or more digits' }),
        el('DateTime', 0, 1, { kind: 'dateTime' }),
      ]),
    ]),
    group('Children', 1, 1, [
      group('Child', 1, MANY, [
        group('ChildIdentifiers', 1, 1, [
          el('LAchildID', 1, 1, { kind: 'text', nonEmpty: true }),
          el('UPN', 0, 1, { kind: 'pattern', pattern: /^[A-Za-z]\d{11}[\dA-Za-z]$/, describe: 'a letter, 11 digits, then a digit or letter' }),
          el('FormerUPN', 0, 1, { kind: 'pattern', pattern: /^[A-Za-z]\d{11}[\dA-Za-z]$/, describe: 'a letter, 11 digits, then a digit or letter' }),
          el('UPNunknown', 0, 1, codes(UPN_UNKNOWN)),
          el('PersonBirthDate', 0, 1, DATE),
          el('ExpectedPersonBirthDate', 0, 1, DATE),
          el(sexElement, 1, 1, codes(sexCodes)),
          el('PersonDeathDate', 0, 1, DATE),
        ]),
        group('ChildCharacteristics', 1, 1, [
          el('Ethnicity', 1, 1, codes(ETHNICITY)),
          group('Disabilities', 0, 1, [el('Disability', 1, MANY, codes(DISABILITY))]),
        ]),
        cinDetails,
      ]),
    ]),
  ]);
  return { year: clamped, sexElement, sexCodes, referralSources, closureReasons, root };
}

/** A real xs:date (YYYY-MM-DD, optionally with a time zone), as 'YYYY-MM-DD'; otherwise null. */
export function xsDate(value: string | undefined): string | null {
  if (!value) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?$/.exec(value);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  return `${match[1]}-${match[2]}-${match[3]}`;
}

/** A real xs:dateTime: a date, then a time of day (hours 00–23, or 24:00:00 for the day's end), optionally a time zone. */
function xsDateTime(value: string): boolean {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.exec(value);
  if (!match || !xsDate(match[1])) return false;
  const [hours, minutes, seconds] = [Number(match[2]), Number(match[3]), Number(match[4])];
  if (hours === 24) return minutes === 0 && seconds === 0 && !/[1-9]/.test(match[5] ?? '');
  return hours < 24 && minutes < 60 && seconds < 60;
}

/** Why a leaf's text does not fit its type, or null when it does. */
export function leafProblem(type: LeafType, value: string): string | null {
  switch (type.kind) {
    case 'date':
      return xsDate(value) ? null : `“${value.slice(0, 40)}” is not a date written YYYY-MM-DD`;
    case 'dateTime':
      return xsDateTime(value) ? null : `“${value.slice(0, 40)}” is not a date and time written YYYY-MM-DDThh:mm:ss`;
    case 'year':
      return /^\d{4}(Z|[+-]\d{2}:\d{2})?$/.test(value) ? null : `“${value.slice(0, 40)}” is not a year`;
    case 'text':
      return type.nonEmpty && value === '' ? 'it is empty' : null;
    case 'codes':
      return type.codes.includes(value) ? null : `“${value.slice(0, 40)}” is not one of the codes ${type.codes.join(', ')}`;
    case 'pattern':
      return type.pattern.test(value) ? null : `“${value.slice(0, 40)}” is not ${type.describe}`;
    case 'count':
      return /^\+?\d{1,6}$/.test(value) ? null : `“${value.slice(0, 40)}” is not a whole number of 0 or more`;
  }
}
