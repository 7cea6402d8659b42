/**
 * DfE CIN census validation rules, one object per rule named by its DfE code (`rule_<CODE>`), each
 * checking one child (rules.test.ts has each rule's own cases). Codes and messages are the DfE's
 * (CIN census validation rules); a rule reports the element and line it is about.
 */
import type { CinGroup, CinHeader } from './reader.ts';
import { DISABILITY, PRIMARY_NEED, xsDate, type CinSchema } from './schema.ts';

export interface CensusPeriod {
  /** First and last day of the census year, ISO. */
  start: string;
  end: string;
  schema: CinSchema;
}

export interface CinHit {
  group: CinGroup;
  field: string;
}

export interface CinRule {
  code: string;
  message: string;
  check(child: CinGroup, period: CensusPeriod): CinHit[];
}

const rule = (code: string, message: string, check: CinRule['check']): CinRule => ({ code, message, check });
const groups = (group: CinGroup | undefined, name: string): CinGroup[] => group?.groups[name] ?? [];
const identifiers = (child: CinGroup) => groups(child, 'ChildIdentifiers')[0];
const episodes = (child: CinGroup) => groups(child, 'CINdetails');
/** A leaf as an ISO date, or null when absent or not a date. */
export const dateOf = (group: CinGroup | undefined, field: string): string | null => xsDate(group?.values[field]);
const has = (group: CinGroup | undefined, field: string) => (group?.values[field] ?? '') !== '';
const minusDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

/** Header rule: the reference date is 31 March of the collection year. */
export function check100(header: CinHeader): boolean {
  return !!header.year && xsDate(header.referenceDate ?? undefined) === `${header.year}-03-31`;
}
export const RULE_100 = { code: '100', message: 'Reference Date is incorrect' };

export const rule_8500 = rule('8500', 'LA Child ID missing', (child) => {
  const ids = identifiers(child);
  return ids && has(ids, 'LAchildID') ? [] : [{ group: ids ?? child, field: 'LAchildID' }];
});

export const rule_8520 = rule('8520', 'Date of Birth is after data collection period (must be on or before the end of the census period)', (child, period) => {
  const dob = dateOf(identifiers(child), 'PersonBirthDate');
  return dob && dob > period.end ? [{ group: identifiers(child)!, field: 'PersonBirthDate' }] : [];
});

export const rule_8525 = rule('8525', 'Either Date of Birth or Expected Date of Birth must be provided (but not both)', (child) => {
  const ids = identifiers(child);
  if (!ids) return [];
  return has(ids, 'PersonBirthDate') === has(ids, 'ExpectedPersonBirthDate') ? [{ group: ids, field: 'PersonBirthDate' }] : [];
});

export const rule_8540 = rule('8540', 'Child’s disability is missing or invalid (see Disability table)', (child) => {
  if (!has(identifiers(child), 'PersonBirthDate') || !episodes(child).some((episode) => episode.values.ReferralNFA === '0')) return [];
  const characteristics = groups(child, 'ChildCharacteristics')[0];
  const disabilities = groups(characteristics, 'Disabilities')[0];
  const codes = disabilities?.lists.Disability ?? [];
  const valid = codes.length > 0 && codes.every((code) => (DISABILITY as readonly string[]).includes(code));
  return valid ? [] : [{ group: disabilities ?? characteristics ?? child, field: 'Disability' }];
});

export const rule_8590 = rule('8590', 'Child does not have a recorded CIN episode.', (child) => (episodes(child).length ? [] : [{ group: child, field: 'CINdetails' }]));

export const rule_8600 = rule('8600', 'Child referral date missing or after data collection period', (child, period) =>
  episodes(child)
    .filter((episode) => {
      const referral = dateOf(episode, 'CINreferralDate');
      return !referral || referral > period.end;
    })
    .map((episode) => ({ group: episode, field: 'CINreferralDate' })),
);

export const rule_8606 = rule('8606', 'Child referral date is more than 40 weeks before DOB or expected DOB', (child) => {
  const ids = identifiers(child);
  const born = dateOf(ids, 'PersonBirthDate') ?? dateOf(ids, 'ExpectedPersonBirthDate');
  if (!born) return [];
  const earliest = minusDays(born, 280);
  return episodes(child)
    .filter((episode) => (dateOf(episode, 'CINreferralDate') ?? '9999') < earliest)
    .map((episode) => ({ group: episode, field: 'CINreferralDate' }));
});

export const rule_8608 = rule('8608', 'Assessment Start Date cannot be later than its End Date', (child) =>
  episodes(child)
    .flatMap((episode) => groups(episode, 'Assessments'))
    .filter((assessment) => {
      const start = dateOf(assessment, 'AssessmentActualStartDate');
      const end = dateOf(assessment, 'AssessmentAuthorisationDate');
      return !!start && !!end && start > end;
    })
    .map((assessment) => ({ group: assessment, field: 'AssessmentAuthorisationDate' })),
);

export const rule_8610 = rule('8610', 'Primary Need code is missing for a referral which led to further action.', (child) =>
  episodes(child)
    .filter((episode) => episode.values.ReferralNFA === '0' && !has(episode, 'PrimaryNeedCode'))
    .map((episode) => ({ group: episode, field: 'PrimaryNeedCode' })),
);

export const rule_8620 = rule('8620', 'CIN Closure Date present and does not fall within the Census year', (child, period) =>
  episodes(child)
    .filter((episode) => {
      const closed = dateOf(episode, 'CINclosureDate');
      return !!closed && (closed < period.start || closed > period.end);
    })
    .map((episode) => ({ group: episode, field: 'CINclosureDate' })),
);

export const rule_8630 = rule('8630', 'CIN Closure Date is before CIN Referral Date for the same CIN episode', (child) =>
  episodes(child)
    .filter((episode) => {
      const referral = dateOf(episode, 'CINreferralDate');
      const closed = dateOf(episode, 'CINclosureDate');
      return !!referral && !!closed && closed < referral;
    })
    .map((episode) => ({ group: episode, field: 'CINclosureDate' })),
);

export const rule_8640 = rule('8640', 'CIN Reason for closure code invalid (see Reason for Closure table in CIN Census code set)', (child, period) =>
  episodes(child)
    .filter((episode) => has(episode, 'ReasonForClosure') && !period.schema.closureReasons.includes(episode.values.ReasonForClosure!))
    .map((episode) => ({ group: episode, field: 'ReasonForClosure' })),
);

export const rule_8650 = rule('8650', 'Primary Need Code invalid (see Primary Need table in CIN census code set)', (child) =>
  episodes(child)
    .filter((episode) => has(episode, 'PrimaryNeedCode') && !(PRIMARY_NEED as readonly string[]).includes(episode.values.PrimaryNeedCode!))
    .map((episode) => ({ group: episode, field: 'PrimaryNeedCode' })),
);

export const rule_8810 = rule('8810', 'A CIN case cannot have a Reason for Closure without a CIN Closure Date', (child) =>
  episodes(child)
    .filter((episode) => has(episode, 'ReasonForClosure') && !has(episode, 'CINclosureDate'))
    .map((episode) => ({ group: episode, field: 'CINclosureDate' })),
);

export const rule_8866 = rule('8866', 'Source of Referral is missing or an invalid code', (child, period) =>
  episodes(child)
    .filter((episode) => (dateOf(episode, 'CINreferralDate') ?? '') >= '2013-04-01' && !period.schema.referralSources.includes(episode.values.ReferralSource ?? ''))
    .map((episode) => ({ group: episode, field: 'ReferralSource' })),
);

export const rule_4000 = rule('4000', 'CIN Plan details provided for a referral with no further action', (child) =>
  episodes(child)
    .filter((episode) => episode.values.ReferralNFA === '1' && groups(episode, 'CINPlanDates').length > 0)
    .map((episode) => ({ group: episode, field: 'ReferralNFA' })),
);

export const CIN_RULES: readonly CinRule[] = [
  rule_4000, rule_8500, rule_8520, rule_8525, rule_8540, rule_8590, rule_8600, rule_8606, rule_8608, rule_8610, rule_8620, rule_8630, rule_8640, rule_8650, rule_8810, rule_8866,
];

/** The census year ending 31 March of `year`. */
export function censusPeriod(year: number, schema: CinSchema): CensusPeriod {
  return { start: `${year - 1}-04-01`, end: `${year}-03-31`, schema };
}
