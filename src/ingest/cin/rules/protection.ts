/** Rules on child protection plans and their reviews (ChildProtectionPlans, Reviews). */
import type { CinGroup } from '../reader.ts';
import { CATEGORY_OF_ABUSE, xsDate } from '../schema.ts';
import {
  acrossEpisodes,
  dateOf,
  deathDate,
  enquiries,
  episodes,
  has,
  moreThanOneOpen,
  protectionPlans,
  reviewDates,
  reviewsGroup,
  rule,
  startsDuring,
  value,
  where,
  within,
} from './rule.ts';

const allProtection = (child: CinGroup) => acrossEpisodes(child, 'ChildProtectionPlans');
const start = (plan: CinGroup) => dateOf(plan, 'CPPstartDate');
const end = (plan: CinGroup) => dateOf(plan, 'CPPendDate');

export const rule_8720 = rule('8720', (child, period) => where(allProtection(child), (plan) => (start(plan) ?? '9999') > period.end, 'CPPstartDate'));
export const rule_8925 = rule('8925', (child) =>
  where(allProtection(child), (plan) => !!start(plan) && !!end(plan) && end(plan)! < start(plan)!, 'CPPendDate'),
);
export const rule_8840 = rule('8840', (child) => where(allProtection(child), (plan) => !!start(plan) && start(plan) === end(plan), 'CPPendDate'));
export const rule_8930 = rule('8930', (child, period) =>
  where(allProtection(child), (plan) => has(plan, 'CPPendDate') && !within(end(plan), period), 'CPPendDate'),
);
export const rule_8730 = rule('8730', (child) =>
  where(allProtection(child), (plan) => !/^\d+$/.test(value(plan, 'NumberOfPreviousCPP')), 'NumberOfPreviousCPP'),
);
const category = (field: string) => (child: CinGroup) =>
  where(allProtection(child), (plan) => !(CATEGORY_OF_ABUSE as readonly string[]).includes(value(plan, field)), field);
export const rule_8905 = rule('8905', category('InitialCategoryOfAbuse'));
export const rule_8910 = rule('8910', category('LatestCategoryOfAbuse'));
export const rule_8935 = rule('8935', (child) => moreThanOneOpen(allProtection(child), (plan) => !has(plan, 'CPPendDate'), 'CPPendDate'));
/** No plan starts on or between the start and end (or, while open, the reference date) of another. */
export const rule_8940 = rule('8940', (child, period) => {
  const plans = allProtection(child);
  return where(
    plans,
    (plan) => plans.some((other) => other !== plan && startsDuring(start(plan), { start: start(other), end: end(other), open: true }, period, true)),
    'CPPstartDate',
  );
});
export const rule_8915 = rule('8915', (child) => {
  const died = deathDate(child);
  return died ? where(allProtection(child), (plan) => (start(plan) ?? '') > died, 'CPPstartDate') : [];
});
export const rule_8920 = rule('8920', (child) => {
  const died = deathDate(child);
  return died ? where(allProtection(child), (plan) => (end(plan) ?? '') > died, 'CPPendDate') : [];
});

// ---- against the episode and its conferences ----

export const rule_1105 = rule('1105', (child) =>
  episodes(child).flatMap((episode) =>
    where(protectionPlans(episode), (plan) => (start(plan) ?? '9999') < (dateOf(episode, 'CINreferralDate') ?? ''), 'CPPstartDate'),
  ),
);
/**
 * A plan starting this census year starts on the day of an initial conference: one held in the
 * episode's section 47 enquiries or, when they record none, the one on the episode itself.
 */
export const rule_2885 = rule('2885', (child, period) =>
  episodes(child).flatMap((episode) => {
    // DfE: a section 47 conference, or the episode's when there is no section 47 record.
    const section47 = enquiries(episode);
    const conferences = section47.length
      ? section47.map((enquiry) => dateOf(enquiry, 'DateOfInitialCPC')).filter((date) => !!date)
      : [dateOf(episode, 'DateOfInitialCPC')];
    return where(protectionPlans(episode), (plan) => within(start(plan), period) && !conferences.includes(start(plan)), 'CPPstartDate');
  }),
);

// ---- reviews ----

export const rule_8841 = rule('8841', (child) =>
  allProtection(child)
    .filter((plan) => !!start(plan) && reviewDates(plan).some((review) => review <= start(plan)!))
    .map((plan) => ({ group: reviewsGroup(plan)!, field: 'CPPreviewDate' })),
);
export const rule_8842Q = rule('8842Q', (child) =>
  allProtection(child)
    .map(reviewsGroup)
    .filter(
      (reviews): reviews is CinGroup =>
        !!reviews && ((reviews.lists.CPPreviewDate ?? []).length === 0 || (reviews.lists.CPPreviewDate ?? []).some((text) => !xsDate(text))),
    )
    .map((group) => ({ group, field: 'CPPreviewDate' })),
);
