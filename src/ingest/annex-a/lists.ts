/**
 * The Annex A lists and how their columns are recognised. Real workbooks differ from Ofsted's
 * template and from each other ("Age" or "Age of Child (Years)", "Date of referral" or "Date of
 * Referral", curly or straight quotes, extra words), so each column is found by patterns over its
 * normalised header (lower case, quotes and punctuation dropped, spaces collapsed), tried in the
 * order given: a more specific column comes before one whose pattern it would also match
 * (“Reason ceased to be looked after” before “Date ceased to be looked after”).
 *
 * List 9 comes in two generations: Ofsted's 2020 template (eligibility, in touch, accommodation,
 * suitability, activity) and the later one adding the UASC flag, the personal adviser, the latest
 * pathway plan review and the latest date of contact. Both read with the same definitions: the
 * later columns are simply optional.
 *
 * `key` marks the column a row cannot be stored without (besides the child's ID).
 */

export type FieldKind = 'text' | 'date' | 'integer' | 'yesno' | 'code';

export interface FieldDef {
  id: string;
  patterns: RegExp[];
  kind: FieldKind;
  key?: boolean;
}

export interface ListDef {
  number: number;
  title: string;
  fields: FieldDef[];
  /** Columns read and checked but with no place in the data model (reported once per sheet). */
  notStored: string[];
}

const f = (id: string, kind: FieldKind, ...patterns: RegExp[]): FieldDef => ({ id, kind, patterns });
const key = (field: FieldDef): FieldDef => ({ ...field, key: true });

/** The child's columns, first in every list about children. */
const CHILD: FieldDef[] = [
  key(f('childId', 'text', /\bchild\b.*\bid\b/, /\bunique id\b/, /^(child|person|la child) ?id$/)),
  f('gender', 'code', /^gender/, /^sex$/),
  f('ethnicity', 'code', /ethnic/),
  f('dob', 'date', /date of birth/, /^dob$/, /birth date/),
  f('age', 'integer', /^age\b/),
  f('disability', 'yesno', /disabilit/),
];
const ALLOCATED: FieldDef[] = [f('team', 'text', /allocated team/, /^team$/), f('worker', 'text', /allocated (social )?worker/, /^(social )?worker$/)];

export const LISTS: readonly ListDef[] = [
  {
    number: 1,
    title: 'Contacts',
    fields: [...CHILD, key(f('contactDate', 'date', /date.*contact/)), f('contactSource', 'code', /source/)],
    notStored: [],
  },
  {
    number: 2,
    title: 'Early help',
    fields: [...CHILD, f('ehOrganisation', 'text', /organi[sz]ation/, /provider/), key(f('ehStart', 'date', /start/)), f('ehEnd', 'date', /complet/, /\bend/)],
    notStored: [],
  },
  {
    number: 3,
    title: 'Referrals',
    fields: [
      ...CHILD,
      f('referralCount', 'integer', /number of referrals/),
      key(f('referralDate', 'date', /date.*referral/)),
      f('referralSource', 'code', /source/),
      f('referralNfa', 'yesno', /\bnfa\b/, /no further action/),
      ...ALLOCATED,
    ],
    notStored: ['Number of referrals in the last 12 months (Keystone counts them from the referrals)'],
  },
  {
    number: 4,
    title: 'Assessments',
    fields: [
      ...CHILD,
      key(f('assessmentStart', 'date', /start/)),
      f('childSeen', 'yesno', /seen/),
      f('assessmentAuthorised', 'date', /authoris/, /authoriz/, /complet/),
      f('assessmentOutcome', 'text', /requir/, /social care support/, /outcome/),
      ...ALLOCATED,
    ],
    notStored: [],
  },
  {
    number: 5,
    title: 'Section 47 enquiries',
    fields: [
      ...CHILD,
      f('s47Count', 'integer', /number of (section )?s?47/),
      f('icpcCount', 'integer', /number of (icpc|initial child protection conference)/),
      f('icpcUnnecessary', 'yesno', /unnecessary/, /not required/),
      f('icpcPlan', 'yesno', /result in a child protection plan/, /result.*plan/),
      f('icpcDate', 'date', /date of (the )?(initial child protection conference|icpc)/),
      key(f('s47Start', 'date', /(section )?s?47.*start/, /strategy.*start/, /start.*(section )?47/)),
      ...ALLOCATED,
    ],
    notStored: ['Number of section 47 enquiries and of ICPCs in the last 12 months (Keystone counts them)', 'Allocated team and worker'],
  },
  {
    number: 6,
    title: 'Children in need',
    fields: [
      ...CHILD,
      f('lastSeen', 'date', /last seen/),
      f('closureReason', 'code', /reason.*clos/),
      f('cinClosure', 'date', /clos/),
      key(f('cinStart', 'date', /start/)),
      f('primaryNeed', 'code', /need/),
      f('caseStatus', 'text', /status/),
      ...ALLOCATED,
    ],
    notStored: ['Case status (Keystone works it out from the plans and care)', 'Allocated team and worker'],
  },
  {
    number: 7,
    title: 'Child protection',
    fields: [
      ...CHILD,
      f('seenAlone', 'yesno', /seen alone/),
      f('initialCategory', 'code', /initial category/),
      f('latestCategory', 'code', /latest category/),
      f('emergencyProtection', 'yesno', /emergency protection/, /police powers/),
      f('previousPlans', 'integer', /previous/),
      f('latestReview', 'date', /review/),
      f('lastVisit', 'date', /visit/),
      f('cpEnd', 'date', /\bend/),
      key(f('cpStart', 'date', /start/)),
      ...ALLOCATED,
    ],
    notStored: ['Subject to an emergency protection order or police protection in the last six months', 'Allocated team and worker'],
  },
  {
    number: 8,
    title: 'Children looked after',
    fields: [
      ...CHILD,
      f('uasc', 'yesno', /unaccompanied/, /\buasc\b/),
      f('secondPeriod', 'yesno', /second or subsequent/),
      f('legalStart', 'date', /start.*legal status/, /legal status.*start/),
      f('legalStatus', 'code', /legal status/),
      key(f('claStart', 'date', /started to be looked after/, /start.*looked after/, /looked after.*start/, /date.*(became|entered).*care/)),
      f('categoryOfNeed', 'code', /category of need/, /\bneed\b/),
      f('latestReview', 'date', /review/),
      f('lastSocialWorkVisit', 'date', /social work(er)? visit/),
      f('permanencePlan', 'code', /permanence plan/),
      f('lastIroContact', 'date', /\biro\b/),
      f('lastHealthAssessment', 'date', /health assessment/),
      f('lastDentalCheck', 'date', /dental/),
      f('placementCount', 'integer', /number of placements/),
      f('reasonCeased', 'code', /reason.*ceased/),
      f('claEnd', 'date', /ceased/),
      f('placementStart', 'date', /most recent placement/, /placement.*start/),
      f('placementType', 'code', /placement type/, /type of placement/),
      f('placementProvider', 'code', /provider/),
      f('placementPostcode', 'text', /postcode/),
      f('placementUrn', 'text', /\burn\b/),
      f('placementLocation', 'text', /placement location/, /in or out/),
      f('placementLa', 'text', /\bla of placement/, /placement la\b/),
      f('returnInterviewOffered', 'yesno', /offered.*return interview/, /return interview.*offered/),
      f('returnInterviewAccepted', 'yesno', /accept.*return interview/, /return interview.*accept/),
      f('missingCount', 'integer', /missing/),
      f('absentCount', 'integer', /absent/),
      ...ALLOCATED,
    ],
    notStored: [
      'UASC in the last 12 months',
      'Second or subsequent period in the last 12 months',
      'Number of placements in the last 12 months',
      'Placement location (in or out of area) and LA of placement',
      'Numbers of missing and absent episodes, and return interviews after the last one (no episode dates)',
      'Allocated team and worker',
    ],
  },
  {
    number: 9,
    title: 'Care leavers',
    fields: [
      ...CHILD,
      f('uasc', 'yesno', /unaccompanied/, /\buasc\b/),
      f('personalAdviser', 'text', /personal advis[eo]r/),
      f('eligibility', 'code', /eligib/),
      f('inTouch', 'code', /in touch/),
      f('latestContact', 'date', /date of contact/, /latest contact/),
      f('suitability', 'code', /suitab/),
      f('accommodation', 'code', /accommodation/),
      f('activity', 'code', /activity/),
      f('pathwayReview', 'date', /pathway/),
      ...ALLOCATED,
    ],
    notStored: ['UASC or former UASC'],
  },
  {
    number: 10,
    title: 'Adoption',
    fields: [
      ...CHILD,
      f('familyId', 'text', /family/),
      f('enteredCare', 'date', /entered care/),
      f('reversedReason', 'code', /reason/),
      f('reversedDate', 'date', /no longer/),
      key(f('admDecision', 'date', /decision/)),
      f('placementOrder', 'date', /placement order/),
      f('matched', 'date', /match/),
      f('ffaPlaced', 'date', /\bffa\b/, /concurrent/, /fostering/),
      f('placedForAdoption', 'date', /placed for adoption/),
      f('adoptionOrder', 'date', /adoption order/),
    ],
    notStored: ['Family identifier (no family table)', 'Date the child entered care (held with the care episodes, not the adoption record)'],
  },
  {
    number: 11,
    title: 'Adopters',
    fields: [key(f('adopterId', 'text', /adopter identifier/, /adopter.*\bid\b/))],
    notStored: ['Every column: Keystone holds children, not prospective adopters'],
  },
];

/** Lower case, quotes and punctuation dropped, spaces collapsed: “Child’s Legal Status” → “childs legal status”. */
export function normaliseHeader(header: string): string {
  return header
    .toLowerCase()
    .replace(/[’‘'`"“”]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The list a sheet holds, from its name: “List 3”, “list3”, “List 03 - Referrals”, “L3”. */
export function listOfSheet(name: string): ListDef | null {
  const match = /^\s*(?:list|l)\s*0?(\d{1,2})\b/i.exec(name);
  return match ? (LISTS.find((list) => list.number === Number(match[1])) ?? null) : null;
}

/** Matches a header row to the list's fields: field id by column index, and the headers not recognised. */
export function matchHeaders(list: ListDef, headers: readonly string[]): { byColumn: Map<number, FieldDef>; unknown: number[] } {
  const byColumn = new Map<number, FieldDef>();
  const taken = new Set<string>();
  const unknown: number[] = [];
  headers.forEach((header, index) => {
    const text = normaliseHeader(header);
    if (!text) return;
    const field = list.fields.find((candidate) => !taken.has(candidate.id) && candidate.patterns.some((pattern) => pattern.test(text)));
    if (!field) {
      unknown.push(index);
      return;
    }
    taken.add(field.id);
    byColumn.set(index, field);
  });
  return { byColumn, unknown };
}
