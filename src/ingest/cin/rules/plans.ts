/** Rules on CIN plans (CINPlanDates), alone and against child protection plans. */
import type { CinGroup } from '../reader.ts';
import {
  acrossEpisodes,
  cinPlans,
  dateOf,
  deathDate,
  episodes,
  has,
  moreThanOneOpen,
  protectionPlans,
  reviewDates,
  reviewsGroup,
  rule,
  startsDuring,
  where,
  within,
  type CensusPeriod,
} from './rule.ts';

const allPlans = (child: CinGroup) => acrossEpisodes(child, 'CINPlanDates');
const allProtection = (child: CinGroup) => acrossEpisodes(child, 'ChildProtectionPlans');
const start = (plan: CinGroup) => dateOf(plan, 'CINPlanStartDate');
const end = (plan: CinGroup) => dateOf(plan, 'CINPlanEndDate');

export const rule_4010 = rule('4010', (child, period) => where(allPlans(child), (plan) => (start(plan) ?? '9999') > period.end, 'CINPlanStartDate'));
export const rule_4011 = rule('4011', (child) => where(allPlans(child), (plan) => !!start(plan) && !!end(plan) && end(plan)! < start(plan)!, 'CINPlanEndDate'));
export const rule_4012Q = rule('4012Q', (child) => where(allPlans(child), (plan) => !!start(plan) && start(plan) === end(plan), 'CINPlanEndDate'));
export const rule_4013 = rule('4013', (child, period) =>
  where(allPlans(child), (plan) => has(plan, 'CINPlanEndDate') && !within(end(plan), period), 'CINPlanEndDate'),
);
export const rule_4015 = rule('4015', (child) =>
  episodes(child).flatMap((episode) =>
    where(cinPlans(episode), (plan) => (start(plan) ?? '9999') < (dateOf(episode, 'CINreferralDate') ?? ''), 'CINPlanStartDate'),
  ),
);
export const rule_4004 = rule('4004', (child) =>
  episodes(child).flatMap((episode) => moreThanOneOpen(cinPlans(episode), (plan) => !has(plan, 'CINPlanEndDate'), 'CINPlanEndDate')),
);
export const rule_4008 = rule('4008', (child) => {
  const died = deathDate(child);
  return died ? where(allPlans(child), (plan) => (start(plan) ?? '') > died, 'CINPlanStartDate') : [];
});
export const rule_4009 = rule('4009', (child) => {
  const died = deathDate(child);
  return died ? where(allPlans(child), (plan) => (end(plan) ?? '') > died, 'CINPlanEndDate') : [];
});
/** No CIN plan starts on or between the start and end (or, while open, the reference date) of another. */
export const rule_4014 = rule('4014', (child, period) => {
  const plans = allPlans(child);
  return where(
    plans,
    (plan) => plans.some((other) => other !== plan && startsDuring(start(plan), { start: start(other), end: end(other), open: true }, period, true)),
    'CINPlanStartDate',
  );
});

// ---- against child protection plans ----

/** An episode with an open child protection plan has no open CIN plan. */
export const rule_4001 = rule('4001', (child) =>
  episodes(child).flatMap((episode) =>
    protectionPlans(episode).some((plan) => !has(plan, 'CPPendDate')) ? where(cinPlans(episode), (plan) => !has(plan, 'CINPlanEndDate'), 'CINPlanEndDate') : [],
  ),
);
const protectionSpan = (plan: CinGroup) => ({ start: dateOf(plan, 'CPPstartDate'), end: dateOf(plan, 'CPPendDate'), open: true });
const cinSpan = (plan: CinGroup) => ({ start: start(plan), end: end(plan), open: true });
/** A CIN plan does not start while a child protection plan runs (it may start the day that one ends). */
export const rule_4016 = rule('4016', (child, period: CensusPeriod) => {
  const protection = allProtection(child);
  return where(allPlans(child), (plan) => protection.some((other) => startsDuring(start(plan), protectionSpan(other), period, false)), 'CINPlanStartDate');
});
/** A child protection plan does not start while a CIN plan runs (it may start the day that one ends). */
export const rule_4017 = rule('4017', (child, period) => {
  const plans = allPlans(child);
  return where(
    allProtection(child),
    (protection) => plans.some((plan) => startsDuring(dateOf(protection, 'CPPstartDate'), cinSpan(plan), period, false)),
    'CPPstartDate',
  );
});
/** Within an episode, no child protection review falls while a CIN plan is open, unless it is the day the protection plan ended. */
export const rule_4003 = rule('4003', (child) =>
  episodes(child).flatMap((episode) => {
    const plans = cinPlans(episode);
    return protectionPlans(episode).flatMap((protection) => {
      const ended = dateOf(protection, 'CPPendDate');
      const during = (review: string) =>
        review !== ended && plans.some((plan) => !!start(plan) && review >= start(plan)! && review < (end(plan) ?? '9999-12-31'));
      return reviewDates(protection).some(during) ? [{ group: reviewsGroup(protection)!, field: 'CPPreviewDate' }] : [];
    });
  }),
);
