/** Rules on CIN episodes (CINdetails): referral, closure, no-further-action flag and what an episode may hold. */
import { addDays } from '../../../core/dates.ts';
import type { CinGroup } from '../reader.ts';
import { PRIMARY_NEED } from '../schema.ts';
import {
  assessments,
  cinPlans,
  dateOf,
  deathDate,
  enquiries,
  episodes,
  furtherAction,
  has,
  icpcNotRequired,
  identifiers,
  moreThanOneOpen,
  noFurtherAction,
  protectionPlans,
  rule,
  startsDuring,
  value,
  where,
  within,
  workingDaysBefore,
} from './rule.ts';

export const rule_8590 = rule('8590', (child) => (episodes(child).length ? [] : [{ group: child, field: 'CINdetails' }]));
export const rule_8600 = rule('8600', (child, period) =>
  where(episodes(child), (episode) => (dateOf(episode, 'CINreferralDate') ?? '9999') > period.end, 'CINreferralDate'),
);
/** 40 weeks (280 days) before the date of birth, or the expected one. */
export const rule_8606 = rule('8606', (child) => {
  const ids = identifiers(child);
  const born = dateOf(ids, 'PersonBirthDate') ?? dateOf(ids, 'ExpectedPersonBirthDate');
  if (!born) return [];
  const earliest = addDays(born, -280);
  return where(episodes(child), (episode) => (dateOf(episode, 'CINreferralDate') ?? '9999') < earliest, 'CINreferralDate');
});
export const rule_8555 = rule('8555', (child) => {
  const died = deathDate(child);
  return died ? where(episodes(child), (episode) => (dateOf(episode, 'CINreferralDate') ?? '') > died, 'CINreferralDate') : [];
});
/** Referred before the last working day before the census year: a no-further-action referral then belongs to last year's census. */
/** DfE: a referral before the collection start less one working day has <ReferralNFA> false (a missing or unknown flag is not). */
export const rule_8569 = rule('8569', (child, period) =>
  where(
    episodes(child),
    (episode) => !furtherAction(episode) && (dateOf(episode, 'CINreferralDate') ?? '9999') < workingDaysBefore(period.start, 1),
    'ReferralNFA',
  ),
);
export const rule_8866 = rule('8866', (child, period) =>
  where(
    episodes(child),
    (episode) => (dateOf(episode, 'CINreferralDate') ?? '') >= '2013-04-01' && !period.schema.referralSources.includes(value(episode, 'ReferralSource')),
    'ReferralSource',
  ),
);

export const rule_8568 = rule('8568', (child) => where(episodes(child), (episode) => !noFurtherAction(episode) && !furtherAction(episode), 'ReferralNFA'));
export const rule_8610 = rule('8610', (child) =>
  where(episodes(child), (episode) => furtherAction(episode) && !has(episode, 'PrimaryNeedCode'), 'PrimaryNeedCode'),
);
export const rule_8650 = rule('8650', (child) =>
  where(
    episodes(child),
    (episode) => has(episode, 'PrimaryNeedCode') && !(PRIMARY_NEED as readonly string[]).includes(value(episode, 'PrimaryNeedCode')),
    'PrimaryNeedCode',
  ),
);

// ---- closure ----

export const rule_8620 = rule('8620', (child, period) =>
  where(episodes(child), (episode) => has(episode, 'CINclosureDate') && !within(dateOf(episode, 'CINclosureDate'), period), 'CINclosureDate'),
);
export const rule_8630 = rule('8630', (child) =>
  where(
    episodes(child),
    (episode) => {
      const referral = dateOf(episode, 'CINreferralDate');
      const closed = dateOf(episode, 'CINclosureDate');
      return !!referral && !!closed && closed < referral;
    },
    'CINclosureDate',
  ),
);
export const rule_8640 = rule('8640', (child, period) =>
  where(
    episodes(child),
    (episode) => has(episode, 'ReasonForClosure') && !period.schema.closureReasons.includes(value(episode, 'ReasonForClosure')),
    'ReasonForClosure',
  ),
);
export const rule_8805 = rule('8805', (child) =>
  where(episodes(child), (episode) => has(episode, 'CINclosureDate') && !has(episode, 'ReasonForClosure'), 'ReasonForClosure'),
);
export const rule_8810 = rule('8810', (child) =>
  where(episodes(child), (episode) => has(episode, 'ReasonForClosure') && !has(episode, 'CINclosureDate'), 'CINclosureDate'),
);
export const rule_8585Q = rule('8585Q', (child) =>
  deathDate(child) ? [] : where(episodes(child), (episode) => value(episode, 'ReasonForClosure') === 'RC2', 'ReasonForClosure'),
);
/** Every date of the episode's work is on or before its closure. */
export const rule_8565 = rule('8565', (child) =>
  where(
    episodes(child),
    (episode) => {
      const closed = dateOf(episode, 'CINclosureDate');
      if (!closed) return false;
      const after = (group: CinGroup, field: string) => (dateOf(group, field) ?? '') > closed;
      return (
        after(episode, 'DateOfInitialCPC') ||
        assessments(episode).some((assessment) => after(assessment, 'AssessmentActualStartDate') || after(assessment, 'AssessmentAuthorisationDate')) ||
        enquiries(episode).some((enquiry) => after(enquiry, 'S47ActualStartDate') || after(enquiry, 'DateOfInitialCPC')) ||
        protectionPlans(episode).some((plan) => after(plan, 'CPPendDate')) ||
        cinPlans(episode).some((plan) => after(plan, 'CINPlanStartDate') || after(plan, 'CINPlanEndDate'))
      );
    },
    'CINclosureDate',
  ),
);
export const rule_8867 = rule('8867', (child) =>
  episodes(child).flatMap((episode) =>
    has(episode, 'CINclosureDate')
      ? where(assessments(episode), (assessment) => !has(assessment, 'AssessmentAuthorisationDate'), 'AssessmentAuthorisationDate')
      : [],
  ),
);
export const rule_8868 = rule('8868', (child) =>
  episodes(child).flatMap((episode) =>
    has(episode, 'CINclosureDate')
      ? where(enquiries(episode), (enquiry) => !has(enquiry, 'DateOfInitialCPC') && !icpcNotRequired(enquiry), 'ICPCnotRequired')
      : [],
  ),
);

// ---- open episodes ----

const isOpenWithAction = (episode: CinGroup) => !has(episode, 'CINclosureDate') && furtherAction(episode);
export const rule_8815 = rule('8815', (child) => moreThanOneOpen(episodes(child), isOpenWithAction, 'CINclosureDate'));
export const rule_8816 = rule('8816', (child) => {
  const latest = episodes(child).reduce(
    (max, episode) => ((dateOf(episode, 'CINreferralDate') ?? '') > max ? (dateOf(episode, 'CINreferralDate') ?? '') : max),
    '',
  );
  // An episode without a readable referral date (its own finding) cannot be said not to be the latest.
  return where(episodes(child), (episode) => isOpenWithAction(episode) && (dateOf(episode, 'CINreferralDate') ?? latest) !== latest, 'CINreferralDate');
});
/**
 * No referral falls on or after another episode's referral and before its closure (one may close
 * the day the next is referred), or while another that went on to further action is still open.
 */
export const rule_8820 = rule('8820', (child, period) => {
  const all = episodes(child);
  return where(
    all,
    (episode) =>
      all.some(
        (other) =>
          other !== episode &&
          startsDuring(
            dateOf(episode, 'CINreferralDate'),
            { start: dateOf(other, 'CINreferralDate'), end: dateOf(other, 'CINclosureDate'), open: furtherAction(other) },
            period,
            false,
          ),
      ),
    'CINreferralDate',
  );
});

// ---- what a no-further-action or closed-after-assessment episode may hold ----

export const rule_4000 = rule('4000', (child) => where(episodes(child), (episode) => noFurtherAction(episode) && cinPlans(episode).length > 0, 'ReferralNFA'));
export const rule_8831 = rule('8831', (child) =>
  where(
    episodes(child),
    (episode) =>
      noFurtherAction(episode) &&
      (has(episode, 'DateOfInitialCPC') ||
        assessments(episode).some((assessment) => has(assessment, 'AssessmentActualStartDate') || has(assessment, 'AssessmentAuthorisationDate')) ||
        enquiries(episode).some((enquiry) => has(enquiry, 'S47ActualStartDate'))),
    'ReferralNFA',
  ),
);
/** DfE's amended 2022/23 rules (March 2023) added RC9 (closed after assessment, referred to early help) to RC8. */
export const rule_2990 = rule('2990', (child) =>
  where(
    episodes(child),
    (episode) =>
      ['RC8', 'RC9'].includes(value(episode, 'ReasonForClosure')) &&
      (has(episode, 'DateOfInitialCPC') || enquiries(episode).length > 0 || protectionPlans(episode).length > 0 || cinPlans(episode).length > 0),
    'ReasonForClosure',
  ),
);
export const rule_2991Q = rule('2991Q', (child) =>
  where(episodes(child), (episode) => enquiries(episode).length > 0 && assessments(episode).length === 0, 'Section47'),
);
export const rule_8825Q = rule('8825Q', (child) =>
  where(episodes(child), (episode) => ['RC8', 'RC9'].includes(value(episode, 'ReasonForClosure')) && assessments(episode).length === 0, 'ReasonForClosure'),
);
/** Filed by the DfE under child protection plans; it sits here with the other no-further-action rules. */
export const rule_8832 = rule('8832', (child) =>
  where(episodes(child), (episode) => noFurtherAction(episode) && protectionPlans(episode).length > 0, 'ReferralNFA'),
);
