/**
 * The DfE CIN census validation rules for 2024/25 and 2025/26, as data: code, message, whether it
 * is an error or a query, the census module it belongs to, the elements it reads and its scope.
 *
 * Source: the DfE “Children in need census validation rules” as implemented, one file per rule, by
 * data-to-insight/csc-validator-be-cin (MIT): `cin_validator/rules/cin2022_23/` with the changes of
 * `cin2023_24/` (1530) and `cin2024_25/` (1570, 1580, 2886Q, 4180, 8750, 8770Q, 8945Q, 8950Q); the
 * 2025/26 set is the 2024/25 set unchanged. Messages are the DfE's, word for word (a stray leading
 * space on 8898 and a trailing one on 8670Q dropped). The checks themselves are in ./rules/.
 *
 * Scope: `child` rules look at one child; `return` rules at the whole return (one file: duplicate
 * IDs across children, or proportions and counts over every child); `header` at the header.
 * Files of 2022–2024 carry <GenderCurrent> (1, 2, 0, 9) where these rules name <Sex> (M, F, U):
 * the reader maps one onto the other, so 4180, 8750 and 2886Q hold for every year.
 *
 * Where the DfE's wording of a check and that implementation differ, ./rules/ follows the wording:
 * 1510 knows all 23 check letters (Y and Z too); 2884 compares conferences within one episode;
 * 2887Q counts the codes other than NONE; 4003 treats a CIN plan without an end as open; 8535Q needs
 * both dates; 8675Q flags enquiries started before the reference date less 15 working days; 8820 lets
 * an episode close the day the next is referred; 8868 looks at each section 47 group (an episode with
 * none passes); 8869 and 8898 look within one assessment; 8875 also checks the episode's conference
 * date; 8935 counts open plans across the child.
 */

export type CinModule =
  | 'Header'
  | 'ChildIdentifiers'
  | 'ChildCharacteristics'
  | 'Disabilities'
  | 'CINdetails'
  | 'Assessments'
  | 'CINPlanDates'
  | 'Section47'
  | 'ChildProtectionPlans'
  | 'Reviews';

export interface CinCatalogueEntry {
  code: string;
  message: string;
  /** Errors must be fixed before the return is accepted; queries must be fixed or explained. */
  kind: 'error' | 'query';
  module: CinModule;
  /** The census elements the rule reads. */
  fields: readonly string[];
  scope: 'child' | 'return' | 'header';
}

const entry = (
  code: string,
  module: CinModule,
  fields: readonly string[],
  message: string,
  scope: CinCatalogueEntry['scope'] = 'child',
): CinCatalogueEntry => ({
  code,
  message,
  kind: code.endsWith('Q') ? 'query' : 'error',
  module,
  fields,
  scope,
});

export const CIN_CATALOGUE: readonly CinCatalogueEntry[] = [
  entry('100', 'Header', ['ReferenceDate', 'Year'], 'Reference Date is incorrect', 'header'),
  entry('1103', 'Assessments', ['AssessmentActualStartDate', 'CINreferralDate'], 'The assessment start date cannot be before the referral date'),
  entry('1104', 'Section47', ['DateOfInitialCPC', 'CINreferralDate'], 'The date of the initial child protection conference cannot be before the referral date'),
  entry('1105', 'ChildProtectionPlans', ['CPPstartDate', 'CINreferralDate'], 'The child protection plan start date cannot be before the referral date'),
  entry('1510', 'ChildIdentifiers', ['UPN'], 'UPN invalid (wrong check letter at character 1)'),
  entry('1520', 'ChildIdentifiers', ['UPN'], 'More than one record with the same UPN', 'return'),
  entry('1530', 'ChildIdentifiers', ['UPN'], 'UPN invalid (characters 2-4 not a recognised LA code)'),
  entry('1540', 'ChildIdentifiers', ['UPN'], 'UPN invalid (characters 5-12 not all numeric)'),
  entry('1550', 'ChildIdentifiers', ['UPN'], 'UPN invalid (character 13 not a recognised value)'),
  entry('1560Q', 'ChildIdentifiers', ['FormerUPN'], 'Please check: Former UPN wrongly formatted'),
  entry('1570', 'ChildIdentifiers', ['LAchildID'], 'LA Child ID must not be longer than 20 characters'),
  entry('1580', 'ChildIdentifiers', ['LAchildID'], 'LA Child ID must not contain any non-alphanumeric characters'),
  entry(
    '2883',
    'ChildProtectionPlans',
    ['CPPstartDate', 'DateOfInitialCPC'],
    'There are more child protection plans starting than initial conferences taking place',
    'return',
  ),
  entry(
    '2884',
    'Section47',
    ['DateOfInitialCPC'],
    'An initial child protection conference is recorded at both the S47 and CIN Details level and it should only be recorded in one',
  ),
  entry(
    '2885',
    'ChildProtectionPlans',
    ['CPPstartDate', 'DateOfInitialCPC'],
    'Child protection plan shown as starting a different day to the initial child protection conference.',
  ),
  entry(
    '2886Q',
    'ChildIdentifiers',
    ['Sex', 'ExpectedPersonBirthDate'],
    'Please check and either amend or provide a reason: Percentage of children with no sex recorded is more than 2% (excluding unborns)',
    'return',
  ),
  entry(
    '2887Q',
    'Disabilities',
    ['Disability'],
    'Please check and either amend or provide a reason: Less than 8 disability codes have been used in your return',
    'return',
  ),
  entry(
    '2888Q',
    'Disabilities',
    ['Disability'],
    'Please check: Only one disability code is recorded per child and multiple disabilities should be recorded where possible.',
    'return',
  ),
  entry('2889', 'Section47', ['S47ActualStartDate', 'CINreferralDate'], 'The S47 start date cannot be before the referral date.'),
  entry(
    '2990',
    'CINdetails',
    ['ReasonForClosure', 'DateOfInitialCPC', 'Section47', 'ChildProtectionPlans', 'CINPlanDates'],
    'Activity is recorded against a case marked as ‘Case closed after assessment, no further action’ or ‘Case closed after assessment, referred to early help’.',
  ),
  entry('2991Q', 'CINdetails', ['Section47', 'Assessments'], 'Please check: A Section 47 module is recorded and there is no assessment on the episode'),
  entry('4000', 'CINdetails', ['ReferralNFA', 'CINPlanDates'], 'CIN Plan details provided for a referral with no further action'),
  entry('4001', 'CINPlanDates', ['CINPlanEndDate', 'CPPendDate'], 'A CIN Plan cannot run concurrently with a Child Protection Plan'),
  entry(
    '4003',
    'Reviews',
    ['CINPlanStartDate', 'CINPlanEndDate', 'CPPreviewDate'],
    'A CPP review date is shown as being held at the same time as an open CIN Plan.',
  ),
  entry('4004', 'CINPlanDates', ['CINPlanEndDate'], 'This child is showing more than one open CIN Plan, i.e. with no End Date'),
  entry('4008', 'ChildIdentifiers', ['PersonDeathDate', 'CINPlanStartDate'], 'CIN Plan shown as starting after the child’s Date of Death.'),
  entry('4009', 'ChildIdentifiers', ['PersonDeathDate', 'CINPlanEndDate'], 'CIN Plan cannot end after the child’s Date of Death'),
  entry('4010', 'CINPlanDates', ['CINPlanStartDate'], 'CIN Plan start date is missing or out of data collection period'),
  entry('4011', 'CINPlanDates', ['CINPlanEndDate', 'CINPlanStartDate'], 'CIN Plan End Date earlier than Start Date'),
  entry('4012Q', 'CINPlanDates', ['CINPlanStartDate', 'CINPlanEndDate'], 'CIN Plan shown as starting and ending on the same day - please check'),
  entry('4013', 'CINPlanDates', ['CINPlanEndDate'], 'CIN Plan end date must fall within the census year'),
  entry('4014', 'CINPlanDates', ['CINPlanStartDate', 'CINPlanEndDate'], 'CIN Plan data contains overlapping dates'),
  entry('4015', 'CINPlanDates', ['CINPlanStartDate', 'CINreferralDate'], 'The CIN Plan start date cannot be before the referral date'),
  entry(
    '4016',
    'CINPlanDates',
    ['CINPlanStartDate', 'CPPstartDate', 'CPPendDate'],
    'A CIN Plan has been reported as open at the same time as a Child Protection Plan.',
  ),
  entry(
    '4017',
    'CINPlanDates',
    ['CPPstartDate', 'CINPlanStartDate', 'CINPlanEndDate'],
    'A CIN Plan has been reported as open at the same time as a Child Protection Plan.',
  ),
  entry('4180', 'ChildIdentifiers', ['Sex'], 'Sex must be provided and equal M, F, or U'),
  entry('4220', 'ChildCharacteristics', ['Ethnicity'], 'Ethnicity is missing or invalid (see Ethnicity table)'),
  entry('8500', 'ChildIdentifiers', ['LAchildID'], 'LA Child ID missing'),
  entry('8510', 'ChildIdentifiers', ['LAchildID'], 'More than one child record with the same LA Child ID', 'return'),
  entry('8520', 'ChildIdentifiers', ['PersonBirthDate'], 'Date of Birth is after data collection period (must be on or before the end of the census period)'),
  entry(
    '8525',
    'ChildIdentifiers',
    ['PersonBirthDate', 'ExpectedPersonBirthDate'],
    'Either Date of Birth or Expected Date of Birth must be provided (but not both)',
  ),
  entry(
    '8530Q',
    'ChildIdentifiers',
    ['ExpectedPersonBirthDate'],
    'Please check: Expected Date of Birth is outside the expected range for this census (March to December of the Census Year end)',
  ),
  entry('8535Q', 'ChildIdentifiers', ['PersonDeathDate', 'PersonBirthDate'], 'Child’s date of death should not be prior to the date of birth'),
  entry('8540', 'Disabilities', ['Disability'], 'Child’s disability is missing or invalid (see Disability table)'),
  entry('8545Q', 'ChildIdentifiers', ['PersonDeathDate'], "Please check: Child's date of death should be within the census year"),
  entry('8555', 'CINdetails', ['CINreferralDate', 'PersonDeathDate'], 'Child cannot be referred after its recorded date of death'),
  entry(
    '8565',
    'CINdetails',
    [
      'CINclosureDate',
      'AssessmentActualStartDate',
      'AssessmentAuthorisationDate',
      'S47ActualStartDate',
      'DateOfInitialCPC',
      'CPPendDate',
      'CINPlanStartDate',
      'CINPlanEndDate',
    ],
    'Activity shown after a case has been closed',
  ),
  entry('8568', 'CINdetails', ['ReferralNFA'], 'RNFA flag is missing or invalid'),
  entry(
    '8569',
    'CINdetails',
    ['ReferralNFA', 'CINreferralDate'],
    'A case with referral date before one working day prior to the collection start date must not be flagged as a no further action case',
  ),
  entry(
    '8585Q',
    'CINdetails',
    ['ReasonForClosure', 'PersonDeathDate'],
    'Please check and either amend or provide a reason: CIN episode shows Died as the Closure Reason, however child has no recorded Date of Death',
  ),
  entry('8590', 'CINdetails', ['CINdetails'], 'Child does not have a recorded CIN episode.'),
  entry('8600', 'CINdetails', ['CINreferralDate'], 'Child referral date missing or after data collection period'),
  entry(
    '8606',
    'CINdetails',
    ['CINreferralDate', 'PersonBirthDate', 'ExpectedPersonBirthDate'],
    'Child referral date is more than 40 weeks before DOB or expected DOB',
  ),
  entry('8608', 'Assessments', ['AssessmentActualStartDate', 'AssessmentAuthorisationDate'], 'Assessment Start Date cannot be later than its End Date'),
  entry('8610', 'CINdetails', ['PrimaryNeedCode', 'ReferralNFA'], 'Primary Need code is missing for a referral which led to further action.'),
  entry(
    '8614',
    'Assessments',
    ['AssessmentAuthorisationDate', 'AssessmentFactors'],
    'Parental or child factors at assessment should only be present for a completed assessment.',
  ),
  entry(
    '8615',
    'Section47',
    ['S47ActualStartDate', 'DateOfInitialCPC'],
    'Section 47 Enquiry Start Date must be present and cannot be later than the date of the initial Child Protection Conference',
  ),
  entry('8617', 'Assessments', ['AssessmentFactors'], 'Code 8A has been returned. This code is not a valid code.'),
  entry('8620', 'CINdetails', ['CINclosureDate'], 'CIN Closure Date present and does not fall within the Census year'),
  entry('8630', 'CINdetails', ['CINclosureDate', 'CINreferralDate'], 'CIN Closure Date is before CIN Referral Date for the same CIN episode'),
  entry('8640', 'CINdetails', ['ReasonForClosure'], 'CIN Reason for closure code invalid (see Reason for Closure table in CIN Census code set)'),
  entry('8650', 'CINdetails', ['PrimaryNeedCode'], 'Primary Need Code invalid (see Primary Need table in CIN census code set)'),
  entry(
    '8670Q',
    'Assessments',
    ['AssessmentActualStartDate', 'AssessmentAuthorisationDate'],
    'Please check: Assessment started more than 45 working days before the end of the census year. However, there is no Assessment end date.',
  ),
  entry(
    '8675Q',
    'Section47',
    ['S47ActualStartDate', 'DateOfInitialCPC', 'ICPCnotRequired'],
    'Please check: S47 Enquiry started more than 15 working days before the end of the census year. However, there is no date of Initial Child Protection Conference.',
  ),
  entry('8696', 'Assessments', ['AssessmentAuthorisationDate'], 'Assessment end date must fall within the census year'),
  entry('8715', 'Section47', ['DateOfInitialCPC'], 'Date of Initial Child Protection Conference must fall within the census year'),
  entry('8720', 'ChildProtectionPlans', ['CPPstartDate'], 'Child Protection Plan Start Date missing or out of data collection period'),
  entry('8730', 'ChildProtectionPlans', ['NumberOfPreviousCPP'], 'Total Number of previous Child Protection Plans missing'),
  entry(
    '8736',
    'Assessments',
    ['AssessmentActualStartDate', 'AssessmentAuthorisationDate'],
    'For an Assessment that has not been completed, the start date must fall within the census year',
  ),
  entry(
    '8740',
    'Section47',
    ['S47ActualStartDate', 'DateOfInitialCPC', 'ICPCnotRequired'],
    'For a Section 47 Enquiry that has not held the Initial Child Protection Conference by the end of the census year, the start date must fall within the census year',
  ),
  entry('8750', 'ChildIdentifiers', ['Sex', 'PersonBirthDate', 'ExpectedPersonBirthDate'], 'Sex must equal U for an unborn child'),
  entry(
    '8770Q',
    'ChildIdentifiers',
    ['UPN', 'UPNunknown', 'PersonBirthDate', 'ReferralNFA'],
    'Please check and either amend data or provide a reason: UPN is missing or reason UPN is missing or is UN1 for a child who is of school age.',
  ),
  entry(
    '8772',
    'ChildIdentifiers',
    ['UPNunknown', 'ReferralNFA'],
    'UPN unknown reason is UN7 (Referral with no further action) but at least one CIN details is a referral going on to further action',
  ),
  entry('8775Q', 'ChildIdentifiers', ['PersonBirthDate', 'CINclosureDate'], 'Please check: Child is over 25 years old'),
  entry('8790', 'Disabilities', ['Disability'], 'Disability information includes both None and other values'),
  entry('8794', 'Disabilities', ['Disability'], 'Child has two or more disabilities with the same code'),
  entry('8805', 'CINdetails', ['CINclosureDate', 'ReasonForClosure'], 'A CIN case cannot have a CIN closure date without a Reason for Closure'),
  entry('8810', 'CINdetails', ['ReasonForClosure', 'CINclosureDate'], 'A CIN case cannot have a Reason for Closure without a CIN Closure Date'),
  entry(
    '8815',
    'CINdetails',
    ['CINclosureDate', 'ReferralNFA'],
    'More than one open CIN Details episode (a module with no CIN Closure Date) has been provided for this child and case is not a referral with no further action.',
  ),
  entry(
    '8816',
    'CINdetails',
    ['CINreferralDate', 'CINclosureDate', 'ReferralNFA'],
    'An open CIN episode is shown and case is not a referral with no further action, but it is not the latest episode.',
  ),
  entry('8820', 'CINdetails', ['CINreferralDate', 'CINclosureDate', 'ReferralNFA'], 'The dates on the CIN episodes for this child overlap'),
  entry(
    '8825Q',
    'CINdetails',
    ['ReasonForClosure', 'Assessments'],
    'Please check and either amend data or provide a reason: Reason for Closure code RC8 (case closed after assessment) or RC9 (case closed after assessment, referred to early help) has been returned but there is no assessment present for the episode.',
  ),
  entry(
    '8831',
    'CINdetails',
    ['ReferralNFA', 'AssessmentActualStartDate', 'AssessmentAuthorisationDate', 'S47ActualStartDate', 'DateOfInitialCPC'],
    'Activity is recorded against a case marked as a referral with no further action',
  ),
  entry('8832', 'ChildProtectionPlans', ['ReferralNFA', 'ChildProtectionPlans'], 'Child Protection details provided for a referral with no further action.'),
  entry('8839', 'Section47', ['DateOfInitialCPC', 'ICPCnotRequired'], 'Within one CINDetails group there are 2 or more open S47 Assessments'),
  entry('8840', 'ChildProtectionPlans', ['CPPstartDate', 'CPPendDate'], 'Child Protection Plan cannot start and end on the same day'),
  entry(
    '8841',
    'ChildProtectionPlans',
    ['CPPreviewDate', 'CPPstartDate'],
    'The review date cannot be on the same day or before the Child protection Plan start date.',
  ),
  entry('8842Q', 'Reviews', ['CPPreviewDate'], 'Please check: Review Record has a missing date'),
  entry(
    '8863',
    'Assessments',
    ['AssessmentActualStartDate', 'AssessmentAuthorisationDate'],
    'An Assessment is shown as starting when there is another Assessment ongoing',
  ),
  entry('8866', 'CINdetails', ['ReferralSource'], 'Source of Referral is missing or an invalid code'),
  entry(
    '8867',
    'CINdetails',
    ['CINclosureDate', 'AssessmentAuthorisationDate'],
    'CIN episode is shown as closed, however Assessment is not shown as completed',
  ),
  entry(
    '8868',
    'CINdetails',
    ['CINclosureDate', 'DateOfInitialCPC', 'ICPCnotRequired'],
    'CIN episode is shown as closed, however Section 47 enquiry is not shown as completed by ICPC date or ICPC not required flag',
  ),
  entry('8869', 'Assessments', ['AssessmentFactors'], 'The assessment factors code “21” cannot be used in conjunction with any other assessment factors.'),
  entry('8870Q', 'Section47', ['InitialCPCtarget'], 'Please check: The Target Date for Initial Child Protection Conference should not be a weekend'),
  entry(
    '8873Q',
    'Assessments',
    ['AssessmentFactors', 'ReasonForClosure'],
    "Please check and either amend data or provide a reason: When there is only one assessment on the episode and the factors code “21 No factors identified” has been used for the completed assessment, the reason for closure ‘RC8’ or 'RC9' should be used.",
  ),
  entry('8875', 'Section47', ['DateOfInitialCPC'], 'The Date of Initial Child Protection Conference cannot be a weekend'),
  entry(
    '8890',
    'Section47',
    ['S47ActualStartDate', 'DateOfInitialCPC', 'ICPCnotRequired'],
    'A Section 47 enquiry is shown as starting when there is another Section 47 Enquiry ongoing',
  ),
  entry('8896', 'Assessments', ['AssessmentAuthorisationDate'], 'Within one CINDetails group there are 2 or more open Assessments groups'),
  entry(
    '8897',
    'Assessments',
    ['AssessmentAuthorisationDate', 'AssessmentFactors'],
    'Parental or child factors at assessment information is missing from a completed assessment',
  ),
  entry('8898', 'Assessments', ['AssessmentFactors'], 'The assessment has more than one parental or child factors with the same code'),
  entry(
    '8899Q',
    'Assessments',
    ['AssessmentFactors', 'AssessmentAuthorisationDate', 'Disability'],
    'Please check: A child identified as having a disability does not have a disability factor recorded at the end of assessment.',
  ),
  entry(
    '8905',
    'ChildProtectionPlans',
    ['InitialCategoryOfAbuse'],
    'Initial Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set)',
  ),
  entry(
    '8910',
    'ChildProtectionPlans',
    ['LatestCategoryOfAbuse'],
    'Latest Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set)',
  ),
  entry('8915', 'ChildProtectionPlans', ['CPPstartDate', 'PersonDeathDate'], 'Child Protection Plan shown as starting after the child’s Date of Death'),
  entry('8920', 'ChildProtectionPlans', ['CPPendDate', 'PersonDeathDate'], 'Child Protection Plan cannot end after the child’s Date of Death'),
  entry('8925', 'ChildProtectionPlans', ['CPPstartDate', 'CPPendDate'], 'Child Protection Plan End Date earlier than Start Date'),
  entry('8930', 'ChildProtectionPlans', ['CPPendDate'], 'Child Protection Plan End Date must fall within the census year'),
  entry('8935', 'ChildProtectionPlans', ['CPPendDate'], 'This child is showing more than one open Child Protection plan, i.e. with no End Date'),
  entry('8940', 'ChildProtectionPlans', ['CPPstartDate', 'CPPendDate'], 'Child Protection Plan data contains overlapping dates'),
  entry(
    '8945Q',
    'Assessments',
    ['AssessmentFactors'],
    "Please check and either amend data or provide a reason: the assessment factors code '18A' should not be used ('18B' or '18C' should be used instead)",
  ),
  entry(
    '8950Q',
    'Assessments',
    ['AssessmentFactors'],
    "Please check and either amend data or provide a reason: the assessment factors code '19A' should not be used ('19B' or '19C' should be used instead)",
  ),
];

export const CIN_CATALOGUE_BY_CODE: ReadonlyMap<string, CinCatalogueEntry> = new Map(CIN_CATALOGUE.map((item) => [item.code, item]));

/**
 * The rulesets, one per collection year, and how the earlier ones differ from 2024/25 (DfE's yearly
 * changes, as recorded by the peer's folders cin2022_23 … cin2025_26): rules first published for
 * 2024/25 are not checked on earlier returns; four rules had other wording (and 8770Q another age)
 * while the child's sex was <GenderCurrent>; 1530's list of LA codes gained 942 and 943 in 2023/24.
 * The ruleset is chosen from the file's collection year (its ReferenceDate); `--ruleset` overrides it.
 */
export const CIN_RULESETS = ['2022/23', '2023/24', '2024/25', '2025/26'] as const;
export type CinRuleset = (typeof CIN_RULESETS)[number];

export const CIN_RULE_INTRODUCED: ReadonlyMap<string, CinRuleset> = new Map([
  ['1570', '2024/25'],
  ['1580', '2024/25'],
  ['8945Q', '2024/25'],
  ['8950Q', '2024/25'],
]);

export const CIN_MESSAGES_BEFORE_2024_25: ReadonlyMap<string, string> = new Map([
  ['4180', 'Gender is missing'],
  ['8750', 'Gender must equal 0 for an unborn child'],
  ['2886Q', 'Please check and either amend or provide a reason: Percentage of children with no gender recorded is more than 2% (excluding unborns)'],
  ['8770Q', 'Please check and either amend data or provide a reason: UPN or reason UPN missing expected for a child who is more than 5 years old'],
]);

/** The ruleset of the collection year ending 31 March `endYear`, the nearest known one outside 2022/23–2025/26. */
export function cinRulesetFor(endYear: number): CinRuleset {
  const clamped = Math.min(Math.max(endYear, 2023), 2026);
  return `${clamped - 1}/${String(clamped).slice(2)}` as CinRuleset;
}

/** A ruleset named as `2024/25`, `2024-25` or `2025` (the year it ends); null when it is not one Keystone has. */
export function parseCinRuleset(text: string): CinRuleset | null {
  const match = /^(\d{4})(?:[/-](\d{2}))?$/.exec(text.trim());
  if (!match) return null;
  const endYear = match[2] ? Number(match[1]) + 1 : Number(match[1]);
  if (match[2] && String(endYear).slice(2) !== match[2]) return null;
  const name = `${endYear - 1}/${String(endYear).slice(2)}`;
  return (CIN_RULESETS as readonly string[]).includes(name) ? (name as CinRuleset) : null;
}

export const isBefore2024_25 = (ruleset: CinRuleset) => ruleset === '2022/23' || ruleset === '2023/24';

/**
 * Where Keystone and data-to-insight's CIN validator (csc-validator-be-cin, each file with the ruleset
 * of its collection year) differ on the shared census files, or would on other files, and why, with
 * DfE's text. On the three fixtures, the demo county's 2025/26 census (bench/cin-county.ts) and copies of it
 * with seeded faults (bench/cin-faults.ts), every other rule flags the same children: `node bench/rules-compare.ts`
 * with BENCH_CIN_FILES repeats the comparison. Where Keystone follows DfE's text and the peer does not, Keystone
 * keeps its reading.
 */
export const CIN_PEER_DIFFERENCES: ReadonlyMap<string, string> = new Map([
  [
    '8525',
    'DfE: "Either Date of Birth or Expected Date of Birth must be provided (but not both)". The same child on both sides: the peer\'s 2022/23 ruleset files the rule as 8525Q, Keystone\'s catalogue as 8525.',
  ],
  ['8525Q', "The peer's name for 8525 in its 2022/23 ruleset (see 8525): the same children."],
  [
    '8897',
    "DfE: \"Parental or child factors at assessment information is missing from a completed assessment\". The same children on both sides where the peer runs the rule: it files it as 8897Q, Keystone's catalogue as 8897. On the seeded-fault census copies the peer's 8897Q raises TypeError (unhashable type: 'list', its factors being a list) and is skipped, so there it reports nobody.",
  ],
  ['8897Q', "The peer's name for 8897 (see 8897): the same children."],
  [
    '4180',
    'DfE (to 2023/24): "Gender is missing". The 2024 and 2026 fixtures are 2023/24 returns (ReferenceDate 2024-03-31) whose children carry <Sex>, the element of 2024/25 on. The peer reads only <GenderCurrent> in a 2023/24 file, finds none and reports the sex missing for both children; Keystone reads <Sex> in its place and reports once, as a structure finding, that the element has the later year\'s name: the sex is given, so 4180 does not fire.',
  ],
  [
    '2887Q',
    "DfE: \"Excluding children where <Disability> is 'NONE', the number of different disability codes used by a LA should be more than 7\" (the peer's own transcription). The peer keeps only the NONE rows and counts rows, not codes; Keystone counts the different codes other than NONE. Both fire on the fixtures (each has at most two codes), but on a real return the peer's count is of the wrong rows.",
  ],
  [
    '1530',
    "DfE: \"If <UPN> present then characters 2-4 of <UPN> must be a valid post April 1998 LA code or a recognised 'pseudo LA' code\", with DfE's list of codes (001-005 … 935-938, 940-941), to which 2023/24 added 942 and 943. Both hold that list and apply 942 and 943 from the 2023/24 ruleset on (Keystone accepted them for every year before it chose the ruleset by year); the fixtures' UPNs get the same verdicts.",
  ],
  [
    '8873Q',
    'DfE: "When there is only one assessment on the episode and the factors code “21 No factors identified” has been used for the completed assessment, the reason for closure ‘RC8’ or \'RC9\' should be used." Keystone asks it of a completed assessment (one with an authorisation date), as the message says; the peer asks it of any assessment, so it also flags an episode whose only assessment, still in progress, has factor 21 (seen on a seeded-fault census copy).',
  ],
  [
    '8540',
    'DfE: "If <PersonBirthDate> is present and at least one <ReferralNFA> is false or 0, then one or more instances of <Disability> must be present, and all instances must be valid code values" (the peer\'s transcription). The peer\'s rule finds the same children (every born child going on to further action without a <Disability>), but hands its row numbers over in a column named ROW_ID_x; its engine looks for ROW_ID, and the KeyError is dropped by a bare except, so the peer reports none of them.',
  ],
  [
    '8565',
    'DfE: "If <CINclosureDate> is present then it must be on or after all of the following dates that are present: <AssessmentActualStartDate>, <AssessmentAuthorisationDate>, …" (the peer\'s transcription). The peer builds the IDs of its CIN plan failures from its section 47 failures; when the two counts differ pandas raises ValueError and the peer skips the whole rule, reporting nobody. Keystone reports each child with activity after the closure.',
  ],
  [
    '8569',
    'DfE: "If <CINreferralDate> is before [Start_of_Census_Year] minus 1 working day, <ReferralNFA> must be false" (the peer\'s transcription). The same children on both sides since Keystone also counts a missing or unknown flag as not false; the peer files the rule as 8569Q.',
  ],
  ['8569Q', "The peer's name for 8569 (see 8569): the same children."],
  [
    '8614',
    "DfE: \"If <AssessmentAuthorisationDate> is missing, <AssessmentFactors> within the same module must also be missing\" (the peer's transcription). The peer's reader holds an assessment's factors as a list, and the rule groups by a key holding that list: TypeError (unhashable type: 'list') whenever an open assessment has factors, so the peer reports nobody.",
  ],
  [
    '8832',
    'DfE: "If a <CINdetails> module has <ReferralNFA> = true or 1, then there should be no Child Protection module present" (the peer\'s transcription). The peer finds the episode, but its merge names the CINdetails and child protection row numbers the wrong way round (suffixes _cpp and _cin swapped), so the rows it looks up are not the failing ones and the child is not reported. Keystone reports it.',
  ],
  [
    '8842Q',
    'DfE: "Where a <Reviews> group is present, a valid <CPPreviewDate> should be present within the group" (the peer\'s transcription). The peer\'s reader makes no row for a <Reviews> group without a date, so the rule never sees it; Keystone reports the empty group.',
  ],
  [
    '8869',
    'DfE: "If <AssessmentFactors> = “21”, this must be the only <AssessmentFactors> present". The peer\'s reader holds an assessment\'s factors as one list (since its 2024 change to an AssessmentFactorsList table) and the rule compares that list with "21", which never matches: it reports nobody. Keystone reports each assessment where 21 sits beside other factors.',
  ],
  [
    '8898',
    "DfE: \"If there is more than one <AssessmentFactors> for an assessment recorded, then none of the values should appear more than once for an assessment\" (the peer's transcription). The peer finds the repeated factor but then drops duplicate rows of a table holding the factor lists: TypeError (unhashable type: 'list'), and the rule is skipped. Keystone reports the assessment.",
  ],
  [
    '4003',
    'DfE: "Within a <CINDetails> module, no <CPPReviewDate> can fall between any <CINPlanStartdate> or <CINPlanEndDate> unless <CPPReviewDate> is equal to <CPPendDate>" (the peer\'s transcription). The peer needs a <CINPlanEndDate> for a review to fall inside the plan; Keystone treats a plan not yet ended as open to the reference date, so a review after its start counts. The peer also matches plans and reviews across the child\'s episodes, not within one <CINDetails>.',
  ],
  [
    '8899Q',
    "The peer has no 8899Q (nor 8617): it deleted both in March 2023 (\"removed rules from 22/23 and 23/24\"), with its other changes for DfE's amended 2022/23 rules. Keystone still checks them; whether DfE's 2025/26 list keeps them is to be confirmed against DfE's spreadsheet.",
  ],
  [
    '8870Q',
    "DfE: \"<InitialCPCtarget> should not be a Saturday, Sunday\" (the peer's transcription). The peer's reader turns only columns named …Date into dates, and the rule then parses InitialCPCtarget as DD-MM-YYYY: the census's ISO dates (YYYY-MM-DD) become NaT, so the rule never fires. Keystone reports a target on a weekend.",
  ],
  [
    '8841',
    "DfE: \"Within a <ChildProtectionPlans> group, there should be no <CPPreviewDate> that is the same as or before the <CPPstartDate>\" (the peer's transcription). The peer's reader keeps only the first <CPPreviewDate> of a <Reviews> group (and no group without one), so a later date in the group that falls before the plan's start is not seen. Keystone checks every review date.",
  ],
  [
    '2885',
    "DfE: \"If present and if <CPPStartDate> falls within [Period_Of_Census], then the <CPPStartDate> should equal either: a) a Section47 module <DateOfInitialCPC>, or b) a CINDetails module <DateOfInitialCPC> if there is no associated Section 47 record\" (the peer's transcription). The peer first drops every section 47 record with <ICPCnotRequired> 1, even one that holds the conference date, and then wants the CINdetails date; Keystone matches the plan's start to the section 47 record's <DateOfInitialCPC> as (a) says. Both report a plan whose episode has a section 47 record but no matching conference date.",
  ],
  ['8617', "DfE's 8617 (factor 8A) is not in the peer either: it was deleted with 8899Q (see 8899Q)."],
  [
    '4009',
    'DfE: "CIN Plan cannot end after the child’s Date of Death". Same check; the peer files it as 4009Q (a query since its April 2023 update for DfE\'s amended 2022/23 rules), Keystone as the error 4009.',
  ],
  ['4009Q', "The peer's name for 4009 (see 4009)."],
  [
    '8555',
    'DfE: "Child cannot be referred after its recorded date of death". Same check; the peer files it as 8555Q (April 2023), Keystone as the error 8555.',
  ],
  ['8555Q', "The peer's name for 8555 (see 8555)."],
  [
    '8863',
    'DfE: "An Assessment is shown as starting when there is another Assessment ongoing". The peer files it as 8863Q (April 2023), Keystone as the error 8863.',
  ],
  ['8863Q', "The peer's name for 8863 (see 8863)."],
]);
