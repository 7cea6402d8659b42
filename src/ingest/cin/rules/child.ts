/** Rules on the child's identifiers, characteristics and disabilities (ChildIdentifiers, ChildCharacteristics, Disabilities). */
import { addDays, addMonths } from '../../../core/dates.ts';
import { isBefore2024_25 } from '../catalogue.ts';
import type { CinGroup } from '../reader.ts';
import { DISABILITY, ETHNICITY, SEX } from '../schema.ts';
import {
  addYears,
  characteristics,
  dateOf,
  disabilities,
  disabilitiesGroup,
  episodes,
  furtherAction,
  has,
  identifiers,
  onIdentifiers,
  repeated,
  rule,
  value,
  within,
  type CinHit,
} from './rule.ts';

export const rule_8500 = rule('8500', (child) => {
  const ids = identifiers(child);
  return ids && has(ids, 'LAchildID') ? [] : [{ group: ids ?? child, field: 'LAchildID' }];
});
export const rule_1570 = rule('1570', (child) => onIdentifiers(child, (ids) => value(ids, 'LAchildID').length > 20, 'LAchildID'));
export const rule_1580 = rule('1580', (child) =>
  onIdentifiers(child, (ids) => has(ids, 'LAchildID') && !/^[A-Za-z0-9]+$/.test(value(ids, 'LAchildID')), 'LAchildID'),
);

export const rule_8520 = rule('8520', (child, period) => onIdentifiers(child, (ids) => (dateOf(ids, 'PersonBirthDate') ?? '') > period.end, 'PersonBirthDate'));
export const rule_8525 = rule('8525', (child) =>
  onIdentifiers(child, (ids) => has(ids, 'PersonBirthDate') === has(ids, 'ExpectedPersonBirthDate'), 'PersonBirthDate'),
);
/** Expected birth between the reference date less 30 days and the reference date plus 9 months. */
export const rule_8530Q = rule('8530Q', (child, period) =>
  onIdentifiers(
    child,
    (ids) => {
      const expected = dateOf(ids, 'ExpectedPersonBirthDate');
      return !!expected && (expected < addDays(period.end, -30) || expected > addMonths(period.end, 9));
    },
    'ExpectedPersonBirthDate',
  ),
);
export const rule_8535Q = rule('8535Q', (child) =>
  onIdentifiers(
    child,
    (ids) => {
      const born = dateOf(ids, 'PersonBirthDate');
      const died = dateOf(ids, 'PersonDeathDate');
      return !!born && !!died && died < born;
    },
    'PersonDeathDate',
  ),
);
export const rule_8545Q = rule('8545Q', (child, period) =>
  onIdentifiers(child, (ids) => has(ids, 'PersonDeathDate') && !within(dateOf(ids, 'PersonDeathDate'), period), 'PersonDeathDate'),
);

/** The reader keeps the sex as M / F / U whichever element the year uses (GenderCurrent 1, 2, 0, 9 mapped). */
export const rule_4180 = rule('4180', (child) => onIdentifiers(child, (ids) => !(SEX as readonly string[]).includes(value(ids, 'Sex')), 'Sex'));
export const rule_8750 = rule('8750', (child) =>
  onIdentifiers(child, (ids) => !has(ids, 'PersonBirthDate') && has(ids, 'ExpectedPersonBirthDate') && has(ids, 'Sex') && value(ids, 'Sex') !== 'U', 'Sex'),
);

// ---- UPN ----

const UPN_CHECK_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';
/** The check letter of a UPN whose characters 2–13 are digits: Σ digit × position (2…13), mod 23. */
export function upnCheckLetter(upn: string): string | null {
  if (!/^.\d{12}$/.test(upn)) return null;
  let sum = 0;
  for (let position = 2; position <= 13; position++) sum += Number(upn[position - 1]) * position;
  return UPN_CHECK_LETTERS[sum % 23]!;
}
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);
/** Post-April-1998 LA codes and the DfE's pseudo-LA codes that may start a UPN (characters 2–4). */
const UPN_LA_CODES: ReadonlySet<string> = new Set(
  [
    ...range(1, 5),
    ...range(201, 213),
    ...range(301, 320),
    ...range(330, 336),
    ...range(340, 344),
    ...range(350, 359),
    ...range(370, 373),
    ...range(380, 384),
    ...range(390, 394),
    420,
    ...range(660, 681),
    ...range(701, 708),
    ...range(800, 803),
    ...range(805, 808),
    ...range(810, 813),
    815,
    816,
    ...range(820, 823),
    825,
    826,
    830,
    831,
    ...range(835, 841),
    845,
    846,
    ...range(850, 852),
    ...range(855, 857),
    860,
    861,
    ...range(865, 896),
    908,
    909,
    916,
    919,
    921,
    925,
    926,
    928,
    929,
    931,
    933,
    ...range(935, 938),
    ...range(940, 943),
  ].map((code) => String(code).padStart(3, '0')),
);
const upn = (child: CinGroup) => value(identifiers(child), 'UPN');

export const rule_1510 = rule('1510', (child) => onIdentifiers(child, () => (upnCheckLetter(upn(child)) ?? upn(child)[0]) !== upn(child)[0], 'UPN'));
/** LA codes 942 and 943 joined the list in 2023/24. */
const NEW_IN_2023_24 = new Set(['942', '943']);
export const rule_1530 = rule('1530', (child, period) =>
  onIdentifiers(
    child,
    () => {
      const code = upn(child).slice(1, 4);
      return upn(child).length === 13 && (!UPN_LA_CODES.has(code) || (period.ruleset === '2022/23' && NEW_IN_2023_24.has(code)));
    },
    'UPN',
  ),
);
/** Characters 5–12 that are missing (a UPN shorter than 12) are not numeric either. */
export const rule_1540 = rule('1540', (child) => onIdentifiers(child, () => upn(child) !== '' && !/^\d{8}$/.test(upn(child).slice(4, 12)), 'UPN'));
export const rule_1550 = rule('1550', (child) => onIdentifiers(child, () => upn(child).length === 13 && !/^[0-9A-HJ-NP-RT-Z]$/.test(upn(child)[12]!), 'UPN'));
export const rule_1560Q = rule('1560Q', (child) =>
  onIdentifiers(child, (ids) => has(ids, 'FormerUPN') && !/^[A-Za-z]\d{12}$/.test(value(ids, 'FormerUPN')), 'FormerUPN'),
);

/**
 * 2024/25 on: school age is in reception or above in the school year before the census year began, so
 * born on or before 31 August six years before the census year ends (2020-08-31 for 2025/26; the reading
 * of data-to-insight's validator, which moved to it from four years in November 2024); a child going on to
 * further action should then have a UPN or a reason it is unknown other than UN1 (“not of school age”).
 * Before 2024/25 DfE's coding was: born earlier than the reference date less 6 years, with a UPN or any
 * reason it is unknown.
 */
export const rule_8770Q = rule('8770Q', (child, period) =>
  onIdentifiers(
    child,
    (ids) => {
      const born = dateOf(ids, 'PersonBirthDate');
      const older = isBefore2024_25(period.ruleset);
      const schoolAge = !!born && (older ? born < addYears(period.end, -6) : born <= `${Number(period.end.slice(0, 4)) - 6}-08-31`);
      const reasons = older ? ['UN1', 'UN2', 'UN3', 'UN4', 'UN5', 'UN6', 'UN7'] : ['UN2', 'UN3', 'UN4', 'UN5', 'UN6', 'UN7'];
      return schoolAge && episodes(child).some(furtherAction) && !has(ids, 'UPN') && !reasons.includes(value(ids, 'UPNunknown').toUpperCase());
    },
    'UPN',
  ),
);
export const rule_8772 = rule('8772', (child) =>
  onIdentifiers(child, (ids) => value(ids, 'UPNunknown') === 'UN7' && episodes(child).some((episode) => value(episode, 'ReferralNFA') !== '1'), 'UPNunknown'),
);
/** Born more than 25 years before the reference date, with an episode open or closed after the 25th birthday. */
export const rule_8775Q = rule('8775Q', (child, period) =>
  onIdentifiers(
    child,
    (ids) => {
      const born = dateOf(ids, 'PersonBirthDate');
      if (!born || born >= addYears(period.end, -25)) return false;
      return episodes(child).some((episode) => (dateOf(episode, 'CINclosureDate') ?? '9999-12-31') > addYears(born, 25));
    },
    'PersonBirthDate',
  ),
);

// ---- characteristics ----

export const rule_4220 = rule('4220', (child) => {
  const group = characteristics(child);
  return (ETHNICITY as readonly string[]).includes(value(group, 'Ethnicity')) ? [] : [{ group: group ?? child, field: 'Ethnicity' }];
});
/** A born child going on to further action has a valid disability code (NONE when none). */
export const rule_8540 = rule('8540', (child) => {
  if (!has(identifiers(child), 'PersonBirthDate') || !episodes(child).some(furtherAction)) return [];
  const codes = disabilities(child);
  const valid = codes.length > 0 && codes.every((code) => (DISABILITY as readonly string[]).includes(code));
  return valid ? [] : [{ group: disabilitiesGroup(child) ?? characteristics(child) ?? child, field: 'Disability' }];
});
const onDisabilities = (child: CinGroup, breaks: boolean): CinHit[] => (breaks ? [{ group: disabilitiesGroup(child)!, field: 'Disability' }] : []);
export const rule_8790 = rule('8790', (child) =>
  onDisabilities(child, disabilities(child).includes('NONE') && disabilities(child).some((code) => code !== 'NONE')),
);
export const rule_8794 = rule('8794', (child) => onDisabilities(child, repeated(disabilities(child))));
