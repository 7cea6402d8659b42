/**
 * Each DfE CIN rule's own cases: a child that breaks the rule and one that does not, built as XML
 * and read by the real reader, so the rule sees exactly what an import sees. The census year is
 * 2023-24 (1 April 2023 to the reference date, Sunday 31 March 2024; Good Friday 29 March 2024).
 */
import { describe, expect, it } from 'vitest';
import { CIN_CATALOGUE, cinRulesetFor, parseCinRuleset } from '../catalogue.ts';
import { CinReader, type CinGroup } from '../reader.ts';
import { schemaFor } from '../schema.ts';
import { upnCheckLetter } from './child.ts';
import {
  censusPeriod,
  childFindings,
  CIN_RULES,
  CIN_RULES_BY_CODE,
  coverage,
  headerFindings,
  HEADER_RULES,
  RETURN_RULES,
  ReturnChecks,
  type CinRule,
} from './index.ts';

interface Assessment {
  start?: string;
  auth?: string;
  factors?: string[];
}
interface Plan {
  start?: string;
  end?: string;
}
interface Enquiry {
  start?: string;
  target?: string;
  icpc?: string;
  notRequired?: string;
}
interface Protection {
  start?: string;
  end?: string;
  initial?: string;
  latest?: string;
  previous?: string;
  reviews?: string[];
}
interface Episode {
  referral?: string;
  source?: string;
  need?: string;
  closed?: string;
  reason?: string;
  icpc?: string;
  assessments?: Assessment[];
  plans?: Plan[];
  enquiries?: Enquiry[];
  nfa?: string;
  protection?: Protection[];
}
interface Child {
  id?: string;
  upn?: string;
  formerUpn?: string;
  upnUnknown?: string;
  born?: string;
  expected?: string;
  gender?: string;
  died?: string;
  ethnicity?: string;
  disabilities?: string[] | null;
  episodes?: Episode[];
}

const tag = (name: string, value: string | undefined) => (value === undefined ? '' : `<${name}>${value}</${name}>`);
const list = (group: string, item: string, values: string[] | undefined) =>
  values === undefined ? '' : `<${group}>${values.map((value) => tag(item, value)).join('')}</${group}>`;
const episodeXml = (episode: Episode) =>
  '<CINdetails>' +
  tag('CINreferralDate', episode.referral ?? '2023-06-01') +
  tag('ReferralSource', episode.source ?? '1A') +
  tag('PrimaryNeedCode', 'need' in episode ? episode.need : 'N1') +
  tag('CINclosureDate', episode.closed) +
  tag('ReasonForClosure', episode.reason) +
  tag('DateOfInitialCPC', episode.icpc) +
  (episode.assessments ?? [])
    .map(
      (a) =>
        `<Assessments>${tag('AssessmentActualStartDate', a.start ?? '2023-06-02')}${tag('AssessmentAuthorisationDate', a.auth)}${list('FactorsIdentifiedAtAssessment', 'AssessmentFactors', a.factors)}</Assessments>`,
    )
    .join('') +
  (episode.plans ?? []).map((p) => `<CINPlanDates>${tag('CINPlanStartDate', p.start ?? '2023-07-01')}${tag('CINPlanEndDate', p.end)}</CINPlanDates>`).join('') +
  (episode.enquiries ?? [])
    .map(
      (s) =>
        `<Section47>${tag('S47ActualStartDate', s.start ?? '2023-06-05')}${tag('InitialCPCtarget', s.target)}${tag('DateOfInitialCPC', s.icpc)}${tag('ICPCnotRequired', s.notRequired ?? '0')}</Section47>`,
    )
    .join('') +
  tag('ReferralNFA', episode.nfa ?? '0') +
  (episode.protection ?? [])
    .map(
      (c) =>
        `<ChildProtectionPlans>${tag('CPPstartDate', c.start ?? '2023-07-03')}${tag('CPPendDate', c.end)}${tag('InitialCategoryOfAbuse', c.initial ?? 'NEG')}${tag('LatestCategoryOfAbuse', c.latest ?? 'NEG')}` +
        `${tag('NumberOfPreviousCPP', c.previous ?? '0')}${list('Reviews', 'CPPreviewDate', c.reviews)}</ChildProtectionPlans>`,
    )
    .join('') +
  '</CINdetails>';
const DEFAULT: Child = { id: 'C1', upn: 'G840123423456', born: '2015-01-01', gender: '1', ethnicity: 'WBRI', disabilities: ['NONE'], episodes: [{}] };
const childXml = (overrides: Child) => {
  const child = { ...DEFAULT, ...overrides };
  return (
    '<Child><ChildIdentifiers>' +
    tag('LAchildID', child.id) +
    tag('UPN', child.upn) +
    tag('FormerUPN', child.formerUpn) +
    tag('UPNunknown', child.upnUnknown) +
    tag('PersonBirthDate', child.born) +
    tag('ExpectedPersonBirthDate', child.expected) +
    tag('GenderCurrent', child.gender) +
    tag('PersonDeathDate', child.died) +
    '</ChildIdentifiers>' +
    `<ChildCharacteristics>${tag('Ethnicity', child.ethnicity)}${list('Disabilities', 'Disability', child.disabilities ?? undefined)}</ChildCharacteristics>` +
    (child.episodes ?? []).map(episodeXml).join('') +
    '</Child>'
  );
};

/** Reads 2023-24 children as an import reads them. */
function read(...children: Child[]): CinGroup[] {
  const groups: CinGroup[] = [];
  const reader = new CinReader('t.xml', { collectionYear: 2024, onChild: (group) => groups.push(group) });
  reader.write(new TextEncoder().encode(`<Message><Children>${children.map(childXml).join('')}</Children></Message>`));
  reader.close();
  return groups;
}
/** The catalogue's rules (2024/25) on a 2023-24 child; the earlier rulesets' differences have cases of their own below. */
const PERIOD = censusPeriod(2024, schemaFor(2024), '2024/25');
const hits = (entry: CinRule, child: Child) => entry.check(read(child)[0]!, PERIOD).map((hit) => `${hit.group.name}.${hit.field}`);
const one = (episode: Episode): Child => ({ episodes: [episode] });
const S47 = 'Section47.S47ActualStartDate';

const CASES: Record<string, { bad: Child; good: Child; expect: string[] }> = {
  // ---- the child ----
  '8500': { bad: { id: '' }, good: {}, expect: ['ChildIdentifiers.LAchildID'] },
  '1570': { bad: { id: 'C12345678901234567890' }, good: { id: 'C1234567890123456789' }, expect: ['ChildIdentifiers.LAchildID'] },
  '1580': { bad: { id: 'C_1' }, good: { id: 'c1X' }, expect: ['ChildIdentifiers.LAchildID'] },
  '8520': { bad: { born: '2024-04-01' }, good: { born: '2024-03-31' }, expect: ['ChildIdentifiers.PersonBirthDate'] },
  '8525': { bad: { expected: '2024-05-01' }, good: { born: undefined, expected: '2024-05-01', gender: '0' }, expect: ['ChildIdentifiers.PersonBirthDate'] },
  // 31 March 2024 less 30 days is 1 March; plus 9 months is 31 December 2024
  '8530Q': {
    bad: { born: undefined, expected: '2024-02-29' },
    good: { born: undefined, expected: '2024-03-01' },
    expect: ['ChildIdentifiers.ExpectedPersonBirthDate'],
  },
  '8535Q': { bad: { died: '2014-12-31' }, good: { died: '2015-01-01' }, expect: ['ChildIdentifiers.PersonDeathDate'] },
  '8545Q': { bad: { died: '2023-03-31' }, good: { died: '2023-04-01' }, expect: ['ChildIdentifiers.PersonDeathDate'] },
  '4180': { bad: { gender: '5' }, good: { gender: '9' }, expect: ['ChildIdentifiers.Sex'] },
  '8750': {
    bad: { born: undefined, expected: '2024-05-01', gender: '2' },
    good: { born: undefined, expected: '2024-05-01', gender: '0' },
    expect: ['ChildIdentifiers.Sex'],
  },
  // 8·2 + 4·3 + 0·4 + 1·5 + 2·6 + 3·7 + 4·8 + 2·9 + 3·10 + 4·11 + 5·12 + 6·13 = 328 = 14·23 + 6 → G
  '1510': { bad: { upn: 'A840123423456' }, good: { upn: 'G840123423456' }, expect: ['ChildIdentifiers.UPN'] },
  '1530': { bad: { upn: 'G999123423456' }, good: { upn: 'G943123423456' }, expect: ['ChildIdentifiers.UPN'] },
  '1540': { bad: { upn: 'G8401X3423456' }, good: {}, expect: ['ChildIdentifiers.UPN'] },
  '1550': { bad: { upn: 'G84012342345I' }, good: { upn: 'G84012342345A' }, expect: ['ChildIdentifiers.UPN'] },
  '1560Q': { bad: { formerUpn: 'X98765432123B' }, good: { formerUpn: 'X987654321231' }, expect: ['ChildIdentifiers.FormerUPN'] },
  // school age in 2023-24: in reception by the school year before the census began (September 2022),
  // so born on or before 31 August 2018; a child born in 2020 is three at the reference date and UN1 is right
  '8770Q': {
    bad: { upn: undefined, upnUnknown: 'UN1', born: '2018-08-31' },
    good: { upn: undefined, upnUnknown: 'UN1', born: '2018-09-01' },
    expect: ['ChildIdentifiers.UPN'],
  },
  '8772': {
    bad: { upn: undefined, upnUnknown: 'UN7' },
    good: { upn: undefined, upnUnknown: 'UN7', episodes: [{ nfa: '1', need: undefined }] },
    expect: ['ChildIdentifiers.UPNunknown'],
  },
  // 25 years before 31 March 2024 is 31 March 1999
  '8775Q': { bad: { born: '1999-03-30' }, good: { born: '1999-03-31' }, expect: ['ChildIdentifiers.PersonBirthDate'] },
  '4220': { bad: { ethnicity: 'WELS' }, good: { ethnicity: 'REFU' }, expect: ['ChildCharacteristics.Ethnicity'] },
  '8540': { bad: { disabilities: null }, good: { disabilities: null, episodes: [{ nfa: '1', need: undefined }] }, expect: ['ChildCharacteristics.Disability'] },
  '8790': { bad: { disabilities: ['NONE', 'AUT'] }, good: { disabilities: ['AUT', 'HAND'] }, expect: ['Disabilities.Disability'] },
  '8794': { bad: { disabilities: ['AUT', 'AUT'] }, good: { disabilities: ['AUT', 'HAND'] }, expect: ['Disabilities.Disability'] },

  // ---- episodes ----
  '8590': { bad: { episodes: [] }, good: {}, expect: ['Child.CINdetails'] },
  '8600': { bad: one({ referral: '2024-04-01' }), good: one({ referral: '2024-03-31' }), expect: ['CINdetails.CINreferralDate'] },
  // 40 weeks before 20 March 2024 is 14 June 2023
  '8606': {
    bad: { born: '2024-03-20', episodes: [{ referral: '2023-06-13' }] },
    good: { born: undefined, expected: '2024-03-20', episodes: [{ referral: '2023-06-14' }] },
    expect: ['CINdetails.CINreferralDate'],
  },
  '8555': { bad: { died: '2023-05-31' }, good: { died: '2023-06-01' }, expect: ['CINdetails.CINreferralDate'] },
  // the working day before Saturday 1 April 2023 is Friday 31 March
  '8569': { bad: one({ referral: '2023-03-30', nfa: '1' }), good: one({ referral: '2023-03-31', nfa: '1' }), expect: ['CINdetails.ReferralNFA'] },
  '8866': { bad: one({ source: '1E' }), good: one({ source: '5D' }), expect: ['CINdetails.ReferralSource'] },
  '8568': { bad: one({ nfa: '2' }), good: one({ nfa: 'true' }), expect: ['CINdetails.ReferralNFA'] },
  '8610': { bad: one({ need: undefined }), good: one({ need: undefined, nfa: '1' }), expect: ['CINdetails.PrimaryNeedCode'] },
  '8650': { bad: one({ need: 'N10' }), good: one({ need: 'N0' }), expect: ['CINdetails.PrimaryNeedCode'] },
  '8620': { bad: one({ closed: '2024-04-01', reason: 'RC1' }), good: one({ closed: '2024-03-31', reason: 'RC1' }), expect: ['CINdetails.CINclosureDate'] },
  '8630': { bad: one({ closed: '2023-05-31', reason: 'RC1' }), good: one({ closed: '2023-06-01', reason: 'RC1' }), expect: ['CINdetails.CINclosureDate'] },
  '8640': { bad: one({ closed: '2023-07-01', reason: 'RC0' }), good: one({ closed: '2023-07-01', reason: 'RC9' }), expect: ['CINdetails.ReasonForClosure'] },
  '8805': { bad: one({ closed: '2023-07-01' }), good: one({ closed: '2023-07-01', reason: 'RC1' }), expect: ['CINdetails.ReasonForClosure'] },
  '8810': { bad: one({ reason: 'RC1' }), good: one({ closed: '2023-07-01', reason: 'RC1' }), expect: ['CINdetails.CINclosureDate'] },
  '8585Q': {
    bad: one({ closed: '2023-07-01', reason: 'RC2' }),
    good: { died: '2023-07-01', episodes: [{ closed: '2023-07-01', reason: 'RC2' }] },
    expect: ['CINdetails.ReasonForClosure'],
  },
  '8565': {
    bad: one({ closed: '2023-07-01', reason: 'RC1', assessments: [{ start: '2023-06-02', auth: '2023-07-02' }] }),
    good: one({ closed: '2023-07-01', reason: 'RC1', assessments: [{ start: '2023-06-02', auth: '2023-07-01' }] }),
    expect: ['CINdetails.CINclosureDate'],
  },
  '8867': {
    bad: one({ closed: '2023-07-01', reason: 'RC1', assessments: [{ start: '2023-06-02' }] }),
    good: one({ assessments: [{ start: '2023-06-02' }] }),
    expect: ['Assessments.AssessmentAuthorisationDate'],
  },
  '8868': {
    bad: one({ closed: '2023-07-01', reason: 'RC1', enquiries: [{}] }),
    good: one({ closed: '2023-07-01', reason: 'RC1', enquiries: [{ notRequired: '1' }] }),
    expect: ['Section47.ICPCnotRequired'],
  },
  '8815': {
    bad: { episodes: [{}, { referral: '2023-09-01' }] },
    good: { episodes: [{}, { referral: '2023-09-01', nfa: '1' }] },
    expect: ['CINdetails.CINclosureDate', 'CINdetails.CINclosureDate'],
  },
  '8816': {
    bad: { episodes: [{}, { referral: '2023-09-01', closed: '2023-10-01', reason: 'RC1' }] },
    good: { episodes: [{ closed: '2023-08-01', reason: 'RC1' }, { referral: '2023-09-01' }] },
    expect: ['CINdetails.CINreferralDate'],
  },
  // one episode may close the day the next is referred
  '8820': {
    bad: {
      episodes: [
        { closed: '2023-10-01', reason: 'RC1' },
        { referral: '2023-09-30', closed: '2023-11-01', reason: 'RC1' },
      ],
    },
    good: {
      episodes: [
        { closed: '2023-10-01', reason: 'RC1' },
        { referral: '2023-10-01', closed: '2023-11-01', reason: 'RC1' },
      ],
    },
    expect: ['CINdetails.CINreferralDate'],
  },
  '4000': { bad: one({ nfa: '1', plans: [{}] }), good: one({ plans: [{}] }), expect: ['CINdetails.ReferralNFA'] },
  '8831': { bad: one({ nfa: '1', assessments: [{}] }), good: one({ assessments: [{}] }), expect: ['CINdetails.ReferralNFA'] },
  '8832': { bad: one({ nfa: '1', protection: [{}] }), good: one({ protection: [{}] }), expect: ['CINdetails.ReferralNFA'] },
  '2990': {
    bad: one({ closed: '2023-07-01', reason: 'RC8', assessments: [{ auth: '2023-06-30' }], plans: [{ start: '2023-06-30', end: '2023-07-01' }] }),
    good: one({ closed: '2023-07-01', reason: 'RC8', assessments: [{ auth: '2023-06-30' }] }),
    expect: ['CINdetails.ReasonForClosure'],
  },
  '2991Q': { bad: one({ enquiries: [{}] }), good: one({ assessments: [{}], enquiries: [{}] }), expect: ['CINdetails.Section47'] },
  '8825Q': {
    bad: one({ closed: '2023-07-01', reason: 'RC9' }),
    good: one({ closed: '2023-07-01', reason: 'RC9', assessments: [{ auth: '2023-06-30' }] }),
    expect: ['CINdetails.ReasonForClosure'],
  },

  // ---- assessments ----
  '1103': {
    bad: one({ assessments: [{ start: '2023-05-31' }] }),
    good: one({ assessments: [{ start: '2023-06-01' }] }),
    expect: ['Assessments.AssessmentActualStartDate'],
  },
  '8608': {
    bad: one({ assessments: [{ start: '2023-07-02', auth: '2023-07-01' }] }),
    good: one({ assessments: [{ start: '2023-07-01', auth: '2023-07-01' }] }),
    expect: ['Assessments.AssessmentAuthorisationDate'],
  },
  '8696': {
    bad: one({ assessments: [{ auth: '2024-04-01' }] }),
    good: one({ assessments: [{ auth: '2024-03-31' }] }),
    expect: ['Assessments.AssessmentAuthorisationDate'],
  },
  '8736': {
    bad: one({ referral: '2023-03-01', assessments: [{ start: '2023-03-31' }] }),
    good: one({ assessments: [{ start: '2023-04-01' }] }),
    expect: ['Assessments.AssessmentActualStartDate'],
  },
  // 45 working days before Sunday 31 March 2024 (Good Friday skipped) is Friday 26 January 2024
  '8670Q': {
    bad: one({ assessments: [{ start: '2024-01-25' }] }),
    good: one({ assessments: [{ start: '2024-01-26' }] }),
    expect: ['Assessments.AssessmentActualStartDate'],
  },
  '8896': {
    bad: one({ assessments: [{ start: '2023-06-02' }, { start: '2023-08-01' }] }),
    good: one({ assessments: [{ start: '2023-06-02', auth: '2023-07-01' }, { start: '2023-08-01' }] }),
    expect: ['Assessments.AssessmentAuthorisationDate', 'Assessments.AssessmentAuthorisationDate'],
  },
  '8863': {
    bad: one({
      assessments: [
        { start: '2023-06-02', auth: '2023-07-01' },
        { start: '2023-07-01', auth: '2023-08-01' },
      ],
    }),
    good: one({
      assessments: [
        { start: '2023-06-02', auth: '2023-07-01' },
        { start: '2023-07-02', auth: '2023-08-01' },
      ],
    }),
    expect: ['Assessments.AssessmentActualStartDate'],
  },
  '8614': {
    bad: one({ assessments: [{ factors: ['3A'] }] }),
    good: one({ assessments: [{ auth: '2023-07-01', factors: ['3A'] }] }),
    expect: ['Assessments.AssessmentFactors'],
  },
  '8897': {
    bad: one({ assessments: [{ auth: '2023-07-01' }] }),
    good: one({ assessments: [{ auth: '2023-07-01', factors: ['3A'] }] }),
    expect: ['Assessments.AssessmentFactors'],
  },
  '8617': {
    bad: one({ assessments: [{ auth: '2023-07-01', factors: ['8A'] }] }),
    good: one({ assessments: [{ auth: '2023-07-01', factors: ['8B'] }] }),
    expect: ['Assessments.AssessmentFactors'],
  },
  '8869': {
    bad: one({ assessments: [{ auth: '2023-07-01', factors: ['21', '3A'] }] }),
    good: one({ assessments: [{ auth: '2023-07-01', factors: ['21'] }] }),
    expect: ['Assessments.AssessmentFactors'],
  },
  '8898': {
    bad: one({ assessments: [{ auth: '2023-07-01', factors: ['3A', '3A'] }] }),
    good: one({ assessments: [{ auth: '2023-07-01', factors: ['3A', '4B'] }] }),
    expect: ['Assessments.AssessmentFactors'],
  },
  '8945Q': {
    bad: one({ assessments: [{ auth: '2023-07-01', factors: ['18A'] }] }),
    good: one({ assessments: [{ auth: '2023-07-01', factors: ['18B'] }] }),
    expect: ['Assessments.AssessmentFactors'],
  },
  '8950Q': {
    bad: one({ assessments: [{ auth: '2023-07-01', factors: ['19A'] }] }),
    good: one({ assessments: [{ auth: '2023-07-01', factors: ['19C'] }] }),
    expect: ['Assessments.AssessmentFactors'],
  },
  '8899Q': {
    bad: { disabilities: ['AUT'], episodes: [{ assessments: [{ auth: '2023-07-01', factors: ['3A'] }] }] },
    good: { disabilities: ['AUT'], episodes: [{ assessments: [{ auth: '2023-07-01', factors: ['3A', '6A'] }] }] },
    expect: ['Assessments.AssessmentFactors'],
  },
  // DfE's amended 2022/23 rules: a query, and RC9 (as well as RC8) closes such an episode
  '8873Q': {
    bad: one({ closed: '2023-07-01', reason: 'RC7', assessments: [{ auth: '2023-07-01', factors: ['21'] }] }),
    good: one({ closed: '2023-07-01', reason: 'RC9', assessments: [{ auth: '2023-07-01', factors: ['21'] }] }),
    expect: ['CINdetails.ReasonForClosure'],
  },

  // ---- CIN plans ----
  '4010': { bad: one({ plans: [{ start: '2024-04-01' }] }), good: one({ plans: [{ start: '2024-03-31' }] }), expect: ['CINPlanDates.CINPlanStartDate'] },
  '4011': { bad: one({ plans: [{ end: '2023-06-30' }] }), good: one({ plans: [{ end: '2023-07-02' }] }), expect: ['CINPlanDates.CINPlanEndDate'] },
  '4012Q': { bad: one({ plans: [{ end: '2023-07-01' }] }), good: one({ plans: [{ end: '2023-07-02' }] }), expect: ['CINPlanDates.CINPlanEndDate'] },
  '4013': { bad: one({ plans: [{ end: '2024-04-01' }] }), good: one({ plans: [{ end: '2024-03-31' }] }), expect: ['CINPlanDates.CINPlanEndDate'] },
  '4015': { bad: one({ plans: [{ start: '2023-05-31' }] }), good: one({ plans: [{ start: '2023-06-01' }] }), expect: ['CINPlanDates.CINPlanStartDate'] },
  '4004': {
    bad: one({ plans: [{}, { start: '2023-09-01' }] }),
    good: one({ plans: [{ end: '2023-08-01' }, { start: '2023-09-01' }] }),
    expect: ['CINPlanDates.CINPlanEndDate', 'CINPlanDates.CINPlanEndDate'],
  },
  '4008': {
    bad: { died: '2023-06-30', episodes: [{ plans: [{}] }] },
    good: { died: '2023-07-01', episodes: [{ plans: [{}] }] },
    expect: ['CINPlanDates.CINPlanStartDate'],
  },
  '4009': {
    bad: { died: '2023-07-15', episodes: [{ plans: [{ end: '2023-07-16' }] }] },
    good: { died: '2023-07-15', episodes: [{ plans: [{ end: '2023-07-15' }] }] },
    expect: ['CINPlanDates.CINPlanEndDate'],
  },
  '4014': {
    bad: one({ plans: [{ end: '2023-08-01' }, { start: '2023-08-01' }] }),
    good: one({ plans: [{ end: '2023-08-01' }, { start: '2023-08-02' }] }),
    expect: ['CINPlanDates.CINPlanStartDate'],
  },
  '4001': {
    bad: one({ plans: [{}], protection: [{ start: '2023-08-01' }] }),
    good: one({ plans: [{ end: '2023-08-01' }], protection: [{ start: '2023-08-01' }] }),
    expect: ['CINPlanDates.CINPlanEndDate'],
  },
  '4016': {
    bad: one({ plans: [{ start: '2023-08-01' }], protection: [{ start: '2023-07-03', end: '2023-09-01' }] }),
    good: one({ plans: [{ start: '2023-09-01' }], protection: [{ start: '2023-07-03', end: '2023-09-01' }] }),
    expect: ['CINPlanDates.CINPlanStartDate'],
  },
  '4017': {
    bad: one({ plans: [{ start: '2023-07-01', end: '2023-09-01' }], protection: [{ start: '2023-08-01' }] }),
    good: one({ plans: [{ start: '2023-07-01', end: '2023-09-01' }], protection: [{ start: '2023-09-01' }] }),
    expect: ['ChildProtectionPlans.CPPstartDate'],
  },
  '4003': {
    bad: one({ plans: [{ start: '2023-07-01' }], protection: [{ start: '2023-06-15', end: '2023-08-02', reviews: ['2023-08-01'] }] }),
    good: one({ plans: [{ start: '2023-07-01' }], protection: [{ start: '2023-06-15', end: '2023-08-01', reviews: ['2023-08-01'] }] }),
    expect: ['Reviews.CPPreviewDate'],
  },

  // ---- section 47 enquiries and conferences ----
  '2889': { bad: one({ enquiries: [{ start: '2023-05-31' }] }), good: one({ enquiries: [{ start: '2023-06-01' }] }), expect: [S47] },
  '1104': {
    bad: one({ enquiries: [{ start: '2023-05-30', icpc: '2023-05-31' }] }),
    good: one({ enquiries: [{ icpc: '2023-06-05' }] }),
    expect: ['Section47.DateOfInitialCPC'],
  },
  '2884': {
    bad: one({ icpc: '2023-06-20', enquiries: [{ icpc: '2023-06-20' }] }),
    good: one({ enquiries: [{ icpc: '2023-06-20' }] }),
    expect: ['Section47.DateOfInitialCPC'],
  },
  '8615': {
    bad: one({ enquiries: [{ start: '2023-06-06', icpc: '2023-06-05' }] }),
    good: one({ enquiries: [{ start: '2023-06-05', icpc: '2023-06-05' }] }),
    expect: [S47],
  },
  '8715': { bad: one({ enquiries: [{ icpc: '2024-04-01' }] }), good: one({ enquiries: [{ icpc: '2024-03-28' }] }), expect: ['Section47.DateOfInitialCPC'] },
  '8740': {
    bad: one({ referral: '2023-03-01', enquiries: [{ start: '2023-03-31' }] }),
    good: one({ referral: '2023-03-01', enquiries: [{ start: '2023-03-31', notRequired: '1' }] }),
    expect: [S47],
  },
  // 15 working days before Sunday 31 March 2024 (Good Friday skipped) is Friday 8 March 2024
  '8675Q': { bad: one({ enquiries: [{ start: '2024-03-07' }] }), good: one({ enquiries: [{ start: '2024-03-08' }] }), expect: [S47] },
  '8839': {
    bad: one({ enquiries: [{}, { start: '2023-06-06' }] }),
    good: one({ enquiries: [{ notRequired: '1' }, { start: '2023-06-06' }] }),
    expect: ['Section47.DateOfInitialCPC', 'Section47.DateOfInitialCPC'],
  },
  '8890': {
    bad: one({ enquiries: [{ icpc: '2023-06-20' }, { start: '2023-06-20', notRequired: '1' }] }),
    good: one({ enquiries: [{ icpc: '2023-06-20' }, { start: '2023-06-21', notRequired: '1' }] }),
    expect: [S47],
  },
  // Saturday 24 June 2023, Friday 23 June 2023
  '8870Q': {
    bad: one({ enquiries: [{ target: '2023-06-24' }] }),
    good: one({ enquiries: [{ target: '2023-06-23' }] }),
    expect: ['Section47.InitialCPCtarget'],
  },
  '8875': { bad: one({ icpc: '2023-06-24' }), good: one({ enquiries: [{ icpc: '2023-06-23' }] }), expect: ['CINdetails.DateOfInitialCPC'] },

  // ---- child protection plans ----
  '1105': {
    bad: one({ protection: [{ start: '2023-05-31' }] }),
    good: one({ protection: [{ start: '2023-06-01' }] }),
    expect: ['ChildProtectionPlans.CPPstartDate'],
  },
  '2885': {
    bad: one({ enquiries: [{ icpc: '2023-06-20' }], protection: [{ start: '2023-06-21' }] }),
    good: one({ enquiries: [{ icpc: '2023-06-20' }], protection: [{ start: '2023-06-20' }] }),
    expect: ['ChildProtectionPlans.CPPstartDate'],
  },
  '8720': {
    bad: one({ protection: [{ start: '2024-04-01' }] }),
    good: one({ protection: [{ start: '2024-03-28' }] }),
    expect: ['ChildProtectionPlans.CPPstartDate'],
  },
  '8925': {
    bad: one({ protection: [{ end: '2023-07-02' }] }),
    good: one({ protection: [{ end: '2023-07-04' }] }),
    expect: ['ChildProtectionPlans.CPPendDate'],
  },
  '8840': {
    bad: one({ protection: [{ end: '2023-07-03' }] }),
    good: one({ protection: [{ end: '2023-07-04' }] }),
    expect: ['ChildProtectionPlans.CPPendDate'],
  },
  '8930': {
    bad: one({ protection: [{ end: '2024-04-01' }] }),
    good: one({ protection: [{ end: '2024-03-31' }] }),
    expect: ['ChildProtectionPlans.CPPendDate'],
  },
  '8730': {
    bad: one({ protection: [{ previous: 'two' }] }),
    good: one({ protection: [{ previous: '2' }] }),
    expect: ['ChildProtectionPlans.NumberOfPreviousCPP'],
  },
  '8905': {
    bad: one({ protection: [{ initial: 'NEGL' }] }),
    good: one({ protection: [{ initial: 'MUL' }] }),
    expect: ['ChildProtectionPlans.InitialCategoryOfAbuse'],
  },
  '8910': {
    bad: one({ protection: [{ latest: 'NEGL' }] }),
    good: one({ protection: [{ latest: 'SAB' }] }),
    expect: ['ChildProtectionPlans.LatestCategoryOfAbuse'],
  },
  '8935': {
    bad: { episodes: [{ protection: [{}] }, { referral: '2023-09-01', protection: [{ start: '2023-09-04' }] }] },
    good: { episodes: [{ protection: [{ end: '2023-08-01' }] }, { referral: '2023-09-01', protection: [{ start: '2023-09-04' }] }] },
    expect: ['ChildProtectionPlans.CPPendDate', 'ChildProtectionPlans.CPPendDate'],
  },
  '8940': {
    bad: one({ protection: [{ end: '2023-08-01' }, { start: '2023-08-01' }] }),
    good: one({ protection: [{ end: '2023-08-01' }, { start: '2023-08-02' }] }),
    expect: ['ChildProtectionPlans.CPPstartDate'],
  },
  '8915': {
    bad: { died: '2023-07-02', episodes: [{ protection: [{}] }] },
    good: { died: '2023-07-03', episodes: [{ protection: [{}] }] },
    expect: ['ChildProtectionPlans.CPPstartDate'],
  },
  '8920': {
    bad: { died: '2023-07-15', episodes: [{ protection: [{ end: '2023-07-16' }] }] },
    good: { died: '2023-07-15', episodes: [{ protection: [{ end: '2023-07-15' }] }] },
    expect: ['ChildProtectionPlans.CPPendDate'],
  },
  '8841': {
    bad: one({ protection: [{ reviews: ['2023-07-03'] }] }),
    good: one({ protection: [{ reviews: ['2023-07-04'] }] }),
    expect: ['Reviews.CPPreviewDate'],
  },
  '8842Q': {
    bad: one({ protection: [{ reviews: ['2023-09-31'] }] }),
    good: one({ protection: [{ reviews: ['2023-09-30'] }] }),
    expect: ['Reviews.CPPreviewDate'],
  },
};

describe('DfE CIN census rules: one child each', () => {
  it('every child rule has its own cases', () => {
    expect(CIN_RULES.map((entry) => entry.code).sort()).toEqual(Object.keys(CASES).sort());
  });

  it('the plain child breaks no child rule', () => {
    expect(childFindings(read({})[0]!, PERIOD, 't.xml', 'C1')).toEqual([]);
  });

  it.each(CIN_RULES.map((entry) => [entry.code, entry] as const))('rule %s reports the breaking child and not the other', (code, entry) => {
    const testCase = CASES[code]!;
    expect(hits(entry, testCase.bad)).toEqual(testCase.expect);
    expect(hits(entry, testCase.good)).toEqual([]);
  });

  it('the UPN check letter is worked as the DfE describes', () => {
    expect(upnCheckLetter('G840123423456')).toBe('G');
    expect(upnCheckLetter('A84012342345A')).toBeNull();
  });

  it('a finding names the rule, file, element, line, child and field; queries are warnings', () => {
    const [child] = read({ formerUpn: 'X98765432123B', episodes: [{ referral: '2024-04-01' }] });
    const findings = childFindings(child!, PERIOD, 'census.xml', 'C1');
    expect(findings.map(({ rule, table, row, field, severity, rejects }) => ({ rule, table, row, field, severity, rejects }))).toEqual([
      { rule: '1560Q', table: 'ChildIdentifiers', row: 1, field: 'FormerUPN', severity: 'warning', rejects: false },
      { rule: '8600', table: 'CINdetails', row: 1, field: 'CINreferralDate', severity: 'error', rejects: false },
    ]);
    expect(findings[1]).toMatchObject({ file: 'census.xml', child: 'C1', message: 'Child referral date missing or after data collection period' });
  });

  it('a rule that throws is reported, not fatal', () => {
    const broken: CinRule = {
      ...CIN_RULES[0]!,
      check: () => {
        throw new Error('boom');
      },
    };
    expect(childFindings(read({})[0]!, PERIOD, 't.xml', 'C1', [broken])).toMatchObject([
      { rule: broken.code, severity: 'warning', message: `Rule ${broken.code} could not be checked: boom` },
    ]);
  });
});

describe('DfE CIN rulesets: chosen by the collection year, earlier years as DfE published them', () => {
  const checked = (child: Child, ruleset: '2022/23' | '2023/24' | '2024/25') =>
    childFindings(read(child)[0]!, censusPeriod(2024, schemaFor(2024), ruleset), 't.xml', 'C1').map((finding) => `${finding.rule} ${finding.message}`);

  it('names the ruleset of the year ending on the ReferenceDate, the nearest known outside 2022/23–2025/26, and reads --ruleset', () => {
    expect([2020, 2023, 2024, 2025, 2026, 2030].map(cinRulesetFor)).toEqual(['2022/23', '2022/23', '2023/24', '2024/25', '2025/26', '2025/26']);
    expect(['2024/25', '2024-25', '2025', '2024/26', '2019/20', 'next'].map(parseCinRuleset)).toEqual(['2024/25', '2024/25', '2024/25', null, null, null]);
  });

  it('1570 and 1580 (first published for 2024/25) are not checked on a 2023/24 return', () => {
    const child: Child = { id: 'C_12345678901234567890' };
    expect(checked(child, '2023/24').filter((line) => /^15[78]0 /.test(line))).toEqual([]);
    expect(
      checked(child, '2024/25')
        .filter((line) => /^15[78]0 /.test(line))
        .map((line) => line.slice(0, 4)),
    ).toEqual(['1570', '1580']);
  });

  it('4180 and 8750 keep the wording of the <GenderCurrent> years before 2024/25', () => {
    const unborn: Child = { born: undefined, expected: '2024-05-01', gender: '2' };
    expect(checked(unborn, '2023/24').filter((line) => line.startsWith('8750'))).toEqual(['8750 Gender must equal 0 for an unborn child']);
    expect(checked(unborn, '2024/25').filter((line) => line.startsWith('8750'))).toEqual(['8750 Sex must equal U for an unborn child']);
  });

  it('8770Q before 2024/25: born earlier than the reference date less 6 years, and any reason the UPN is unknown will do', () => {
    // Reference date 31 March 2024, less 6 years: 31 March 2018. Born 30 March 2018 without a UPN or a reason: flagged.
    const older = (born: string, upnUnknown?: string): Child => ({ upn: undefined, born, ...(upnUnknown ? { upnUnknown } : {}) });
    expect(checked(older('2018-03-30'), '2023/24').some((line) => line.startsWith('8770Q'))).toBe(true);
    expect(checked(older('2018-03-31'), '2023/24').some((line) => line.startsWith('8770Q'))).toBe(false);
    // UN1 (“not of school age”) was a valid reason then; from 2024/25 it is not, for a child of school age.
    expect(checked(older('2015-01-01', 'UN1'), '2023/24').some((line) => line.startsWith('8770Q'))).toBe(false);
    expect(checked(older('2015-01-01', 'UN1'), '2024/25').some((line) => line.startsWith('8770Q'))).toBe(true);
  });

  it('8569: a referral before the collection start less one working day must have ReferralNFA false; a flag off the list is not false', () => {
    const early = (nfa: string): Child => ({ episodes: [{ referral: '2023-03-30', nfa }] });
    expect(checked(early('2'), '2024/25').some((line) => line.startsWith('8569'))).toBe(true);
    expect(checked(early('0'), '2024/25').some((line) => line.startsWith('8569'))).toBe(false);
  });

  it('2885: with a section 47 record in the episode, the plan starts on a section 47 conference; the episode conference counts only without one', () => {
    const plan = (enquiries: Enquiry[]): Child => ({ episodes: [{ icpc: '2023-06-20', enquiries, protection: [{ start: '2023-06-20' }] }] });
    expect(checked(plan([{}]), '2024/25').some((line) => line.startsWith('2885'))).toBe(true);
    expect(checked(plan([]), '2024/25').some((line) => line.startsWith('2885'))).toBe(false);
  });

  it('8736: an assessment not completed must start within the census year, so one without a start date breaks it', () => {
    const open = (start: string): Child => ({ episodes: [{ assessments: [{ start }] }] });
    expect(checked(open(''), '2024/25').some((line) => line.startsWith('8736'))).toBe(true);
    expect(checked(open('2023-06-02'), '2024/25').some((line) => line.startsWith('8736'))).toBe(false);
  });

  it('8675Q: only an enquiry whose ICPCnotRequired is false counts as awaiting its conference (DfE: "equals false")', () => {
    const enquiry = (notRequired: string): Child => ({ episodes: [{ enquiries: [{ start: '2024-03-07', notRequired }] }] });
    expect(checked(enquiry('0'), '2024/25').some((line) => line.startsWith('8675Q'))).toBe(true);
    expect(checked(enquiry('2'), '2024/25').some((line) => line.startsWith('8675Q'))).toBe(false);
  });

  it('8740: only an enquiry whose ICPCnotRequired is false must start within the census year (DfE: "is false"); an unknown flag is not false', () => {
    const late = (notRequired: string) => one({ referral: '2023-03-01', enquiries: [{ start: '2024-04-02', notRequired }] });
    expect([late('0'), late('1'), late('7')].map((child) => checked(child, '2024/25').filter((line) => line.startsWith('8740 ')).length)).toEqual([1, 0, 0]);
  });

  it('8816: an open episode without a readable referral date is not said to be other than the latest', () => {
    const child = (referral: string) => ({ episodes: [{ referral: '2023-05-11', closed: '2023-06-23', reason: 'RC7' }, { referral }] });
    const fired = (referral: string) => checked(child(referral), '2024/25').filter((line) => line.startsWith('8816 ')).length;
    expect(['2023-05-01', '2023-05-11', '', 'soon'].map(fired)).toEqual([1, 0, 0, 0]);
  });

  it('2990 (amended 2022/23 rules): activity on an episode closed after assessment with RC9, referred to early help, as with RC8', () => {
    const fired = (reason: string) =>
      checked(one({ closed: '2023-07-01', reason, assessments: [{ auth: '2023-06-30' }], plans: [{ start: '2023-06-30' }] }), '2024/25').some((line) =>
        line.startsWith('2990 '),
      );
    expect(['RC8', 'RC9', 'RC1'].map(fired)).toEqual([true, true, false]);
  });

  it('1540: characters 5-12 that a short UPN lacks are not all numeric', () => {
    const fired = (upn: string) => checked({ upn }, '2024/25').some((line) => line.startsWith('1540 '));
    expect(['XX9', 'G8401234567', 'G840123456789'].map(fired)).toEqual([true, true, false]);
  });

  it('1530: LA codes 942 and 943 are valid from 2023/24 only', () => {
    expect(checked({ upn: 'G943123423456' }, '2022/23').some((line) => line.startsWith('1530'))).toBe(true);
    expect(checked({ upn: 'G943123423456' }, '2023/24').some((line) => line.startsWith('1530'))).toBe(false);
  });
});

describe('DfE CIN census rules over a whole return', () => {
  const run = (...children: Child[]) => {
    const checks = new ReturnChecks('r.xml');
    // The repeat rules' keys are kept by whoever reads the return (the importer): here, in a set.
    const seen = new Set<string>();
    const perChild = read(...children).flatMap((child) => {
      const id = child.groups.ChildIdentifiers?.[0]?.values.LAchildID ?? null;
      const findings = checks.add(child, PERIOD, id);
      for (const repeat of checks.repeats(child, PERIOD, id)) {
        const key = `${repeat.rule} ${repeat.key}`;
        if (seen.has(key)) findings.push(repeat.finding);
        seen.add(key);
      }
      return findings;
    });
    return [...perChild, ...checks.finish()].map((finding) => `${finding.rule}${finding.child ? `:${finding.child}` : ''}`);
  };
  const disabled = (id: string, ...codes: string[]): Child => ({ id, upn: undefined, disabilities: codes });
  const eightCodes = ['MOB', 'HAND', 'PC', 'INC', 'COMM', 'LD', 'HEAR', 'VIS'];

  it('every return rule and the header rule are here', () => {
    expect([...RETURN_RULES, ...HEADER_RULES].map((entry) => entry.code).sort()).toEqual(['100', '1520', '2883', '2886Q', '2887Q', '2888Q', '8510']);
  });

  it('8510 and 1520: the second child with the same ID or UPN', () => {
    const found = run({ id: 'A1', ...{ disabilities: eightCodes } }, { id: 'A2', disabilities: ['AUT', 'BEH'] }, { id: 'A1', upn: 'G943123423456' });
    expect(found).toEqual(['1520:A2', '8510:A1']);
  });

  it('2883: more plans starting than conferences held', () => {
    const codes = { disabilities: [...eightCodes, 'AUT'] };
    expect(run({ ...codes, episodes: [{ protection: [{}] }] })).toEqual(['2883']);
    expect(run({ ...codes, episodes: [{ enquiries: [{ icpc: '2023-07-03' }], protection: [{}] }] })).toEqual([]);
  });

  it('2886Q: more than 2% with no sex recorded, unborn children aside', () => {
    const born = Array.from({ length: 49 }, (_, index) => disabled(`B${index}`, ...eightCodes));
    expect(run(...born, { id: 'U1', upn: undefined, gender: '0', disabilities: ['AUT'] })).toEqual([]);
    expect(run(...born.slice(1), { id: 'U1', upn: undefined, gender: '0', disabilities: ['AUT'] })).toEqual(['2886Q']);
    expect(run(...born.slice(1), { id: 'U1', upn: undefined, born: undefined, expected: '2024-05-01', gender: '0', disabilities: ['AUT'] })).toEqual([]);
  });

  it('2887Q and 2888Q: how many disability codes the return uses, and whether any child has several', () => {
    expect(run(disabled('D1', ...eightCodes))).toEqual([]);
    expect(run(disabled('D1', ...eightCodes.slice(1)), disabled('D2', 'NONE'))).toEqual(['2887Q']);
    expect(
      run(
        disabled('D1', 'MOB'),
        disabled('D2', 'HAND'),
        disabled('D3', 'PC'),
        disabled('D4', 'INC'),
        disabled('D5', 'COMM'),
        disabled('D6', 'LD'),
        disabled('D7', 'HEAR'),
        disabled('D8', 'VIS'),
      ),
    ).toEqual(['2888Q']);
  });

  it('100: the reference date is 31 March of the collection year', () => {
    expect(headerFindings({ year: '2024', referenceDate: '2024-03-31', lea: null }, 'h.xml')).toEqual([]);
    expect(headerFindings({ year: '2023', referenceDate: '2024-03-31', lea: null }, 'h.xml')).toEqual([
      {
        rule: '100',
        message: 'Reference Date is incorrect',
        file: 'h.xml',
        table: 'Message/Header/CollectionDetails',
        row: null,
        child: null,
        field: 'ReferenceDate',
        severity: 'error',
        rejects: false,
      },
    ]);
    expect(headerFindings({ year: null, referenceDate: null, lea: null }, 'h.xml').map((finding) => finding.rule)).toEqual(['100']);
  });
});

describe('the catalogue', () => {
  it('has every rule once, with a message, and every implemented rule is in it', () => {
    expect(new Set(CIN_CATALOGUE.map((entry) => entry.code)).size).toBe(CIN_CATALOGUE.length);
    expect(CIN_CATALOGUE.every((entry) => entry.message.trim() === entry.message && entry.message.length > 0 && entry.fields.length > 0)).toBe(true);
    expect([...CIN_RULES_BY_CODE.keys()].every((code) => CIN_CATALOGUE.some((entry) => entry.code === code))).toBe(true);
  });

  it('reports coverage honestly', () => {
    const report = coverage();
    expect(report.total).toBe(111);
    expect(report.implemented).toBe(CIN_RULES_BY_CODE.size);
    expect(report.implemented + report.missing.length).toBe(report.total);
  });
});
