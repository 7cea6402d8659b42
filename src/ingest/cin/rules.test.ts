/**
 * Each DfE CIN rule's own cases: a child that breaks the rule and one that does not, built as XML
 * and read by the real reader, so the rule sees exactly what an import sees.
 */
import { describe, expect, it } from 'vitest';
import { CinReader, type CinGroup } from './reader.ts';
import { censusPeriod, check100, CIN_RULES, type CinRule } from './rules.ts';
import { schemaFor } from './schema.ts';

interface ChildParts {
  ids?: string;
  characteristics?: string;
  details?: string[];
}
const DEFAULT_DETAILS = '<CINreferralDate>2023-06-01</CINreferralDate><ReferralSource>1A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode><ReferralNFA>0</ReferralNFA>';
const childXml = ({ ids, characteristics, details }: ChildParts) =>
  `<Child><ChildIdentifiers>${ids ?? '<LAchildID>C1</LAchildID><PersonBirthDate>2015-01-01</PersonBirthDate><GenderCurrent>1</GenderCurrent>'}</ChildIdentifiers>` +
  `<ChildCharacteristics>${characteristics ?? '<Ethnicity>WBRI</Ethnicity><Disabilities><Disability>NONE</Disability></Disabilities>'}</ChildCharacteristics>` +
  (details ?? [DEFAULT_DETAILS]).map((inner) => `<CINdetails>${inner}</CINdetails>`).join('') +
  '</Child>';

/** Reads one 2023-24 child. */
function read(parts: ChildParts): CinGroup {
  let child: CinGroup | undefined;
  const reader = new CinReader('t.xml', { collectionYear: 2024, onChild: (group) => (child = group) });
  reader.write(new TextEncoder().encode(`<Message><Children>${childXml(parts)}</Children></Message>`));
  reader.close();
  return child!;
}
const hits = (entry: CinRule, parts: ChildParts) => entry.check(read(parts), censusPeriod(2024, schemaFor(2024))).map((hit) => `${hit.group.name}.${hit.field}`);
const details = (inner: string) => ({ details: [inner] });
const episode = (extra: string, nfa = '0', need = '<PrimaryNeedCode>N1</PrimaryNeedCode>') =>
  `<CINreferralDate>2023-06-01</CINreferralDate><ReferralSource>1A</ReferralSource>${need}${extra}<ReferralNFA>${nfa}</ReferralNFA>`;

const CASES: Record<string, { bad: ChildParts; good: ChildParts; expect: string }> = {
  '4000': { bad: details(episode('<CINPlanDates><CINPlanStartDate>2023-07-01</CINPlanStartDate></CINPlanDates>', '1')), good: details(episode('<CINPlanDates><CINPlanStartDate>2023-07-01</CINPlanStartDate></CINPlanDates>')), expect: 'CINdetails.ReferralNFA' },
  '8500': { bad: { ids: '<LAchildID></LAchildID><PersonBirthDate>2015-01-01</PersonBirthDate><GenderCurrent>1</GenderCurrent>' }, good: {}, expect: 'ChildIdentifiers.LAchildID' },
  '8520': { bad: { ids: '<LAchildID>C1</LAchildID><PersonBirthDate>2024-04-01</PersonBirthDate><GenderCurrent>1</GenderCurrent>' }, good: {}, expect: 'ChildIdentifiers.PersonBirthDate' },
  '8525': {
    bad: { ids: '<LAchildID>C1</LAchildID><PersonBirthDate>2015-01-01</PersonBirthDate><ExpectedPersonBirthDate>2015-01-02</ExpectedPersonBirthDate><GenderCurrent>1</GenderCurrent>' },
    good: { ids: '<LAchildID>C1</LAchildID><ExpectedPersonBirthDate>2024-05-01</ExpectedPersonBirthDate><GenderCurrent>0</GenderCurrent>' },
    expect: 'ChildIdentifiers.PersonBirthDate',
  },
  '8540': { bad: { characteristics: '<Ethnicity>WBRI</Ethnicity>' }, good: {}, expect: 'ChildCharacteristics.Disability' },
  '8590': { bad: { details: [] }, good: {}, expect: 'Child.CINdetails' },
  '8600': { bad: details('<CINreferralDate>2024-04-01</CINreferralDate><ReferralSource>1A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode><ReferralNFA>0</ReferralNFA>'), good: {}, expect: 'CINdetails.CINreferralDate' },
  '8606': {
    bad: { ids: '<LAchildID>C1</LAchildID><PersonBirthDate>2024-03-20</PersonBirthDate><GenderCurrent>1</GenderCurrent>' },
    good: { ids: '<LAchildID>C1</LAchildID><ExpectedPersonBirthDate>2024-03-01</ExpectedPersonBirthDate><GenderCurrent>1</GenderCurrent>' },
    expect: 'CINdetails.CINreferralDate',
  },
  '8608': {
    bad: details(episode('<Assessments><AssessmentActualStartDate>2023-07-02</AssessmentActualStartDate><AssessmentAuthorisationDate>2023-07-01</AssessmentAuthorisationDate></Assessments>')),
    good: details(episode('<Assessments><AssessmentActualStartDate>2023-07-01</AssessmentActualStartDate><AssessmentAuthorisationDate>2023-07-01</AssessmentAuthorisationDate></Assessments>')),
    expect: 'Assessments.AssessmentAuthorisationDate',
  },
  '8610': { bad: details(episode('', '0', '')), good: details(episode('', '1', '')), expect: 'CINdetails.PrimaryNeedCode' },
  '8620': { bad: details(episode('<CINclosureDate>2024-04-01</CINclosureDate><ReasonForClosure>RC1</ReasonForClosure>')), good: details(episode('<CINclosureDate>2024-03-31</CINclosureDate><ReasonForClosure>RC1</ReasonForClosure>')), expect: 'CINdetails.CINclosureDate' },
  '8630': {
    bad: details(`<CINreferralDate>2023-06-01</CINreferralDate><ReferralSource>1A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode><CINclosureDate>2023-05-31</CINclosureDate><ReasonForClosure>RC1</ReasonForClosure><ReferralNFA>0</ReferralNFA>`),
    good: details(episode('<CINclosureDate>2023-06-01</CINclosureDate><ReasonForClosure>RC1</ReasonForClosure>')),
    expect: 'CINdetails.CINclosureDate',
  },
  '8640': { bad: details(episode('<CINclosureDate>2023-07-01</CINclosureDate><ReasonForClosure>RC0</ReasonForClosure>')), good: details(episode('<CINclosureDate>2023-07-01</CINclosureDate><ReasonForClosure>RC9</ReasonForClosure>')), expect: 'CINdetails.ReasonForClosure' },
  '8650': { bad: details(episode('', '0', '<PrimaryNeedCode>N10</PrimaryNeedCode>')), good: details(episode('', '0', '<PrimaryNeedCode>N0</PrimaryNeedCode>')), expect: 'CINdetails.PrimaryNeedCode' },
  '8810': { bad: details(episode('<ReasonForClosure>RC1</ReasonForClosure>')), good: details(episode('<CINclosureDate>2023-07-01</CINclosureDate><ReasonForClosure>RC1</ReasonForClosure>')), expect: 'CINdetails.CINclosureDate' },
  '8866': {
    bad: details('<CINreferralDate>2023-06-01</CINreferralDate><ReferralSource>1E</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode><ReferralNFA>0</ReferralNFA>'),
    good: details('<CINreferralDate>2023-06-01</CINreferralDate><ReferralSource>5D</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode><ReferralNFA>0</ReferralNFA>'),
    expect: 'CINdetails.ReferralSource',
  },
};

describe('DfE CIN census rules', () => {
  it('every rule has its own test case', () => {
    expect(CIN_RULES.map((entry) => entry.code).sort()).toEqual(Object.keys(CASES).sort());
  });

  it.each(CIN_RULES.map((entry) => [entry.code, entry] as const))('rule %s reports the breaking child and not the other', (code, entry) => {
    const testCase = CASES[code]!;
    expect(hits(entry, testCase.bad)).toEqual([testCase.expect]);
    expect(hits(entry, testCase.good)).toEqual([]);
  });

  it('rule 100: the reference date is 31 March of the collection year', () => {
    expect(check100({ year: '2024', referenceDate: '2024-03-31', lea: null })).toBe(true);
    expect(check100({ year: '2023', referenceDate: '2024-03-31', lea: null })).toBe(false);
    expect(check100({ year: null, referenceDate: null, lea: null })).toBe(false);
  });
});
