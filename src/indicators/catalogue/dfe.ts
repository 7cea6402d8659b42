/**
 * DfE's definitions of the figures Keystone benchmarks against (shared/domain/dfe-definitions.md):
 * the publication each follows and the reading Keystone takes where DfE's text leaves room. Each
 * catalogue entry that DfE publishes points at one of these; the definition panel shows it, and
 * README "How Keystone counts" lists them.
 */
import type { DfeDefinition } from '../types.ts';

const CLA = 'Children looked after in England including adoptions (DfE official statistics, SSDA903 return): methodology and data guidance';
const CLA_URL = 'https://explore-education-statistics.service.gov.uk/find-statistics/children-looked-after-in-england-including-adoptions';
const CIN = 'Children in need (DfE official statistics, CIN census): methodology and data guidance';
const CIN_URL = 'https://explore-education-statistics.service.gov.uk/find-statistics/characteristics-of-children-in-need';

export const DFE = {
  lookedAfter: {
    publication: CLA,
    url: CLA_URL,
    rule: 'Children with an episode of care open on the date, excluding those looked after under an agreed series of short-term placements (legal status V3, V4: short breaks).',
    reading:
      'A child is left out when the episode open on the date has legal status V3 or V4 (or, for an episode without a legal status, the legal status history says V3 or V4 on the date). Keystone counts at every month-end; DfE publishes 31 March. The council’s count including short breaks is the separate indicator demand.looked_after_including_short_breaks.',
  },
  startedCeased: {
    publication: CLA,
    url: CLA_URL,
    rule: 'A period of care starts with an episode whose reason for new episode is S and ends with an episode whose reason episode ceased is not X1. Short breaks (V3, V4) are excluded.',
    reading:
      'A return that begins part-way through a child’s care has a first episode that is not S: the child’s care began before the data, so Keystone counts no start for it (the period’s first date is only the first the data show). Care ends are counted per episode: an episode ending with a reason other than X1 ends care, even where overlapping episodes in the data leave another open; an episode ending X1 with no next episode in the data has not ceased. A start is left out when the period’s first episode is V3/V4, an end when the ending episode is. When overlapping episodes put a child in two periods on a date, the child counts once, in the later-started one. Data without reasons for new episode (an SSD extract that does not carry them) start a period where episodes stop following on, and end it with an episode no other follows the same day.',
  },
  threePlacements: {
    publication: `${CLA} (“Stability measures”)`,
    url: CLA_URL,
    rule: 'Of the children looked after at 31 March (excluding V3/V4), those with 3 or more placements during the year.',
    reading:
      'A placement is a run of episodes with the same carers: a change of legal status only (RNE L) or of placement with the same carers (RNE T, U) is not a new placement; temporary placements (T0–T4: holidays, hospital, short absences) are not counted, nor a placement whose only time in the 12 months was on a short break (V3, V4). A change of placement with the same carers counts as the same placement only when it follows on from the previous placement (a new period of care always brings a new placement). Every placement in effect at some time in the 12 months counts, whichever period of care it belongs to. Keystone measures every month-end over the 12 months before it; DfE’s year is 1 April to 31 March.',
  },
  longTermStability: {
    publication: `${CLA} (“Stability measures”)`,
    url: CLA_URL,
    rule: 'Children under 16 at 31 March looked after continuously for at least 2½ years, of whom those living in the same placement for at least 2 years, or placed for adoption where the adoption placement and the placement before it together last at least 2 years.',
    reading:
      'The same placement means the same carers: a change of placement with the same carers (RNE T or U) does not restart the 2 years. The adoption rule applies to a placement of type A3–A6 whose previous placement ended the day it began. When the data begin part-way through a child’s care, the 2½ years and the 2 years are counted from the first date the data show (so a child is counted only on what the data prove).',
  },
  oc2Health: {
    publication: `${CLA} (“Outcomes for children looked after by local authorities”, OC2)`,
    url: 'https://explore-education-statistics.service.gov.uk/find-statistics/outcomes-for-children-in-need-including-children-looked-after-by-local-authorities-in-england',
    rule: 'Children looked after continuously for at least 12 months at 31 March (excluding V3/V4), from the OC2 table of the return (HEALTH_CHECK, TEETH_CHECK).',
    reading:
      'On 31 March of a year whose return carried OC2, the figure is read from OC2 only: a child in the cohort with no OC2 row, or a code other than 1, counts as not done. On other month-ends, and for years without OC2, Keystone counts the health records (ssd_cla_health) in the interval the definition gives; those values are the council’s in-year tracking, not DfE’s measure.',
  },
  careLeavers: {
    publication: `${CLA} (care leavers, OC3)`,
    url: CLA_URL,
    rule: 'Young people aged 19 to 21 whose birthday fell in the year and who were looked after for at least 13 weeks after their 14th birthday, including some time after their 16th, as recorded in OC3 around their birthday.',
    reading:
      'On 31 March of a year whose return carried OC3, the cohort is that year’s OC3 rows of young people aged 19, 20 or 21 on 31 March (the age their birthday in the year brought); the return’s OC3 already holds only those who qualify. Young people recorded as having died (IN_TOUCH DIED) are left out of the denominator. On other month-ends Keystone uses each care leaver’s latest record.',
  },
  reReferrals: {
    publication: CIN,
    url: CIN_URL,
    rule: 'Referrals in the year; a re-referral is a referral within 12 months of the child’s previous referral.',
    reading:
      'Any earlier referral of the same child in the 12 months before counts, whatever its outcome (a no-further-action referral included); a referral on the same day is not an earlier one.',
  },
  referralsNfa: {
    publication: CIN,
    url: CIN_URL,
    rule: 'Referrals in the year that resulted in no further action (ReferralNFA).',
    reading: 'ReferralNFA true (1, Y) as the census records it.',
  },
  childrenInNeed: {
    publication: CIN,
    url: CIN_URL,
    rule: 'Children with a CIN episode open on the date; a child recorded as having died before the date is not one.',
    reading:
      'A referral with no further action (ReferralNFA true) opens an episode in the census but does not make the child a child in need: Keystone leaves such episodes out of the count (they still count as referrals). A child whose recorded date of death is on or before the date is left out.',
  },
  assessments45: {
    publication: CIN,
    url: CIN_URL,
    rule: 'Assessments completed (authorised) in the year; duration from the assessment’s start to its authorisation in working days; within 45 working days.',
    reading:
      'Working days exclude weekends and English bank holidays, counted after the start up to and including the authorisation. An assessment authorised before it started is a data error: it is neither on time nor late, it is left out of both numerator and denominator and counted in timeliness.assessments_negative_duration.',
  },
  icpc15: {
    publication: CIN,
    url: CIN_URL,
    rule: 'Initial child protection conferences in the year, timed from the start of the section 47 enquiry that led to them; within 15 working days.',
    reading:
      'Transfer-in conferences are left out. A conference with no linked section 47 enquiry (or held before the enquiry it is linked to started) cannot be timed: a data gap, not a late conference. It is left out of both numerator and denominator and counted in timeliness.icpc_untimed.',
  },
  cpRepeat: {
    publication: CIN,
    url: CIN_URL,
    rule: 'Child protection plans starting in the year where the child had a previous plan; the census item NumberOfPreviousCPP (previous plans, in any council) is the source.',
    reading:
      'A plan is a second or subsequent plan when NumberOfPreviousCPP is 1 or more, or, when it is not recorded, when the data hold an earlier plan for the child. A plan whose NumberOfPreviousCPP is 0 while the data hold an earlier plan counts as subsequent too (the earlier plan is evidence).',
  },
  cpTwoYears: {
    publication: CIN,
    url: CIN_URL,
    rule: 'Child protection plans ending in the year that had lasted 2 years or more.',
    reading: 'Two years from the start date to the end date, calendar years (DfE reports duration bands by dates, not working days).',
  },
} satisfies Record<string, DfeDefinition>;
