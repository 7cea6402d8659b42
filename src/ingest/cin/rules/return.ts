/**
 * Rules on the return as a whole: the header, and what only shows across every child of one file
 * (the same ID or UPN twice; counts and proportions over the return). Each return rule keeps a
 * tally as the children stream past, a few numbers, never the children; the repeated IDs and UPNs
 * are found by the importer (rules/index.ts, ReturnChecks.repeats).
 */
import { xsDate } from '../schema.ts';
import { dateOf, disabilities, enquiries, episodes, has, headerRule, identifiers, protectionPlans, repeatRule, returnRule, value, within } from './rule.ts';

export const rule_100 = headerRule('100', (header) => !header.year || xsDate(header.referenceDate ?? undefined) !== `${header.year}-03-31`);

/** Every child record with the same ID, or the same UPN, as another in the return is hit: the importer reports the first when the second comes (ReturnChecks.repeats). */
export const rule_8510 = repeatRule('8510', 'LAchildID');
export const rule_1520 = repeatRule('1520', 'UPN');

/** Child protection plans starting in the census year outnumber initial conferences held in it (on episodes and enquiries). */
export const rule_2883 = returnRule('2883', () => {
  let starts = 0;
  let conferences = 0;
  return {
    add(child, period) {
      for (const episode of episodes(child)) {
        starts += protectionPlans(episode).filter((plan) => within(dateOf(plan, 'CPPstartDate'), period)).length;
        conferences += [episode, ...enquiries(episode)].filter((group) => within(dateOf(group, 'DateOfInitialCPC'), period)).length;
      }
      return [];
    },
    breaks: () => starts > conferences,
  };
});

/** More than 2% of the children, unborn children aside, have no sex recorded (missing or U). */
export const rule_2886Q = returnRule('2886Q', () => {
  let children = 0;
  let unknown = 0;
  return {
    add(child) {
      const ids = identifiers(child);
      children++;
      if (['', 'U'].includes(value(ids, 'Sex')) && !has(ids, 'ExpectedPersonBirthDate')) unknown++;
      return [];
    },
    breaks: () => children > 0 && unknown / children > 0.02,
  };
});

/** Fewer than 8 different disability codes (NONE aside) in the whole return. */
export const rule_2887Q = returnRule('2887Q', () => {
  const codes = new Set<string>();
  return {
    add(child) {
      for (const code of disabilities(child)) if (code !== 'NONE' && code !== '') codes.add(code);
      return [];
    },
    breaks: () => codes.size < 8,
  };
});

/** Children are recorded with a disability, but never with more than one. */
export const rule_2888Q = returnRule('2888Q', () => {
  let withDisability = 0;
  let withSeveral = 0;
  return {
    add(child) {
      const count = disabilities(child).filter((code) => code !== 'NONE' && code !== '').length;
      if (count > 0) withDisability++;
      if (count > 1) withSeveral++;
      return [];
    },
    breaks: () => withDisability > 0 && withSeveral === 0,
  };
});
