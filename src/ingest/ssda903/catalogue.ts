/**
 * The DfE SSDA903 validation rule catalogue: code, message, affected fields and tables, as published
 * with data-to-insight/csc-validator-be-903 (MIT) in `ssda903-rules-2024-25.csv` (generated from that
 * file), with the rules DfE added for 2023/24, 2024/25, 2025/26 and 2026/27 that the file lacks (217t, 230, 231,
 * 232, 370, SW01aSTG1, SW01bSTG1; 233, 234, 348, 444, 454, SW17STG2; 700–710; messages as DfE words them). Which rules each collection year's ruleset
 * holds is RULESETS_903 below. The checks themselves are in ./rules/. Tables ending `_last` are the
 * previous year's return.
 */
export interface CatalogueEntry {
  code: string;
  message: string;
  fields: readonly string[];
  tables: readonly string[];
}

export const CATALOGUE: readonly CatalogueEntry[] = [
  {
    code: '1000',
    message:
      'This child is recorded as having died in care and therefore should not have the care leaver information completed. [NOTE: This only tests the current and previous year data loaded into the tool]',
    fields: ['ACCOM', 'ACTIV', 'IN_TOUCH'],
    tables: ['Episodes', 'OC3'],
  },
  {
    code: '1001',
    message:
      "The episodes recorded for this young person suggest they are not a relevant or a former relevant child and therefore should not have care leaver information completed. [NOTE: This tool can only test the current and previous year data loaded into the tool - this check may generate false positives if a child had episodes prior to last year's collection.]",
    fields: ['ACCOM', 'ACTIV', 'IN_TOUCH'],
    tables: ['Episodes', 'Episodes_last', 'Header', 'OC3'],
  },
  {
    code: '1002',
    message:
      "This child has no previous episodes of care, therefore should not have care leaver information recorded. [NOTE: This tool can only test the current and previous year data loaded into the tool - this check may generate false positives if a child had episodes prior to last year's collection.]",
    fields: ['ACCOM', 'ACTIV', 'IN_TOUCH'],
    tables: ['Episodes', 'Episodes_last', 'OC3'],
  },
  {
    code: '1003',
    message: "Date of LA's decision that a child should be placed for adoption is before the child started to be looked after.",
    fields: ['DATE_PLACED', 'DECOM', 'RNE'],
    tables: ['Episodes', 'PlacedAdoption'],
  },
  {
    code: '1004',
    message: 'The start date of the missing episode or episode that the child was away from placement without authorisation is not a valid date.',
    fields: ['MIS_START'],
    tables: ['Missing'],
  },
  {
    code: '1005',
    message: 'The end date of the missing episode or episode that the child was away from placement without authorisation is not a valid date.',
    fields: ['MIS_END'],
    tables: ['Missing'],
  },
  { code: '1006', message: 'Missing type invalid.', fields: ['MISSING'], tables: ['Missing'] },
  {
    code: '1007',
    message: 'Care leaver information is not required for 17- or 18-year olds who are still looked after [on their 17th or 18th birthday.]',
    fields: ['ACCOM', 'ACTIV', 'IN_TOUCH'],
    tables: ['Episodes', 'OC3'],
  },
  { code: '1008', message: 'Ofsted Unique Reference Number (URN) is not valid.', fields: ['URN'], tables: ['Episodes', 'Provider Info'] },
  { code: '1009', message: 'Reason for placement change is not a valid code.', fields: ['REASON_PLACE_CHANGE'], tables: ['Episodes'] },
  { code: '101', message: 'Gender code is not valid.', fields: ['SEX'], tables: ['Header'] },
  {
    code: '1010',
    message:
      'This child has no episodes loaded for current year even though there was an open episode of care at the end of the previous year, and care leaver data has been entered.',
    fields: ['ACCOM', 'ACTIV', 'IN_TOUCH'],
    tables: ['Episodes', 'Episodes_last', 'OC3'],
  },
  {
    code: '1011',
    message:
      'This child is recorded as having his/her care transferred to another local authority for the final episode and therefore should not have the care leaver information completed.',
    fields: ['ACCOM', 'ACTIV', 'IN_TOUCH'],
    tables: ['Episodes', 'OC3'],
  },
  {
    code: '1012',
    message: 'No other data should be returned for OC3 children who had no episodes in the current year',
    fields: ['CHILD'],
    tables: ['Episodes'],
  },
  {
    code: '1014',
    message: 'UASC information is not required for care leavers',
    fields: ['ACCOM', 'ACTIV', 'DUC', 'IN_TOUCH'],
    tables: ['Episodes', 'OC3', 'UASC'],
  },
  { code: '1015', message: 'Placement provider is own provision but child not placed in own LA.', fields: ['PL_LA'], tables: ['Episodes'] },
  {
    code: '1016',
    message: 'Care leaver information is not required for 17- or 18-year olds who cease to be looked after, after their birthday.',
    fields: ['ACCOM', 'ACTIV', 'IN_TOUCH'],
    tables: ['Episodes', 'OC3'],
  },
  { code: '102', message: 'Date of birth is not a valid date.', fields: ['DOB'], tables: ['Header'] },
  { code: '103', message: 'The ethnicity code is either not valid or has not been entered.', fields: ['ETHNIC'], tables: ['Header'] },
  { code: '104', message: 'Date for Unaccompanied Asylum-Seeking Children (UASC) status ceased is not a valid date.', fields: ['DUC'], tables: ['UASC'] },
  {
    code: '105',
    message: 'Data entry for Unaccompanied Asylum-Seeking Children (UASC) status of child is invalid or has not been completed.',
    fields: ['UASC'],
    tables: ['Header'],
  },
  { code: '112', message: 'Date should be placed for adoption is not a valid date.', fields: ['DATE_INT'], tables: ['AD1'] },
  { code: '113', message: 'Date matching child and adopter(s) is not a valid date.', fields: ['DATE_MATCH'], tables: ['AD1'] },
  { code: '114', message: 'Data entry to record the status of former carer(s) of an adopted child is invalid.', fields: ['FOSTER_CARE'], tables: ['AD1'] },
  {
    code: '115',
    message: "Date of Local Authority's (LA) decision that a child should be placed for adoption is not a valid date.",
    fields: ['DATE_PLACED'],
    tables: ['PlacedAdoption'],
  },
  {
    code: '116',
    message: "Date of Local Authority's (LA) decision that a child should no longer be placed for adoption is not a valid date.",
    fields: ['DATE_PLACED_CEASED'],
    tables: ['PlacedAdoption'],
  },
  {
    code: '117',
    message:
      'Date of decision that a child should/should no longer be placed for adoption is beyond the current collection year or after the child ceased to be looked after.',
    fields: ['DATE_PLACED', 'DATE_PLACED_CEASED', 'DEC', 'DECOM', 'REC'],
    tables: ['Episodes', 'PlacedAdoption'],
  },
  {
    code: '118',
    message:
      'Date of decision that a child should no longer be placed for adoption is before the current collection year or before the date the child started to be looked after.',
    fields: ['DECOM', 'DECOM', 'LS'],
    tables: ['Episodes', 'PlacedAdoption'],
  },
  {
    code: '119',
    message:
      'If the decision is made that a child should no longer be placed for adoption, then the date of this decision and the reason why this decision was made must be completed.',
    fields: ['DATE_PLACED_CEASED', 'REASON_PLACED_CEASED'],
    tables: ['PlacedAdoption'],
  },
  {
    code: '120',
    message: 'The reason for the reversal of the decision that the child should be placed for adoption code is not valid.',
    fields: ['REASON_PLACED_CEASED'],
    tables: ['PlacedAdoption'],
  },
  { code: '131', message: 'Data entry for being in touch after leaving care is invalid.', fields: ['IN_TOUCH'], tables: ['OC3'] },
  { code: '132', message: 'Data entry for activity after leaving care is invalid.', fields: ['ACTIV'], tables: ['OC3'] },
  {
    code: '133',
    message:
      'Data entry for accommodation after leaving care is invalid. If reporting on a childs accommodation after leaving care the data entry must be valid',
    fields: ['ACCOM'],
    tables: ['OC3'],
  },
  {
    code: '134',
    message: 'Data on adoption should not be entered for the OC3 cohort.',
    fields: ['ACCOM', 'ACTIV', 'DATE_INT', 'DATE_MATCH', 'FOSTER_CARE', 'IN_TOUCH', 'LS_ADOPTR', 'NB_ADOPTR', 'SEX_ADOPTR'],
    tables: ['AD1', 'OC3'],
  },
  { code: '141', message: 'Date episode began is not a valid date.', fields: ['DECOM'], tables: ['Episodes'] },
  { code: '142', message: 'A new episode has started, but the previous episode has not ended.', fields: ['DEC', 'REC'], tables: ['Episodes'] },
  { code: '143', message: 'The reason for new episode code is not a valid code.', fields: ['RNE'], tables: ['Episodes'] },
  { code: '144', message: 'The legal status code is not a valid code.', fields: ['LS'], tables: ['Episodes'] },
  { code: '145', message: 'Category of need code is not a valid code.', fields: ['CIN'], tables: ['Episodes'] },
  { code: '146', message: 'Placement type code is not a valid code.', fields: ['PLACE'], tables: ['Episodes'] },
  { code: '147', message: 'Date episode ceased is not a valid date.', fields: ['DEC'], tables: ['Episodes'] },
  {
    code: '148',
    message: 'Date episode ceased and reason episode ceased must both be coded, or both left blank.',
    fields: ['DEC', 'REC'],
    tables: ['Episodes'],
  },
  { code: '149', message: 'Reason episode ceased code is not valid.', fields: ['REC'], tables: ['Episodes'] },
  {
    code: '151',
    message: 'All data items relating to a childs adoption must be coded or left blank.',
    fields: ['DATE_INT', 'DATE_MATCH', 'FOSTER_CARE', 'LS_ADOPTR', 'NB_ADOPTER', 'SEX_ADOPTR'],
    tables: ['AD1'],
  },
  {
    code: '153',
    message: "All data items relating to a child's activity or accommodation after leaving care must be coded or left blank.",
    fields: ['ACCOM', 'ACTIV', 'IN_TOUCH'],
    tables: ['OC3'],
  },
  {
    code: '157',
    message:
      'Child is aged 4 years or over at the beginning of the year or 16 years or under at the end of the year and Strengths and Difficulties Questionnaire (SDQ) 1 has been recorded as the reason for no Strengths and Difficulties Questionnaire (SDQ) score.',
    fields: ['DOB', 'SDQ_REASON'],
    tables: ['Episodes', 'OC2'],
  },
  {
    code: '158',
    message:
      'If a child has been recorded as receiving an intervention for their substance misuse problem, then the additional item on whether an intervention was offered should be left blank.',
    fields: ['INTERVENTION_OFFERED', 'INTERVENTION_RECEIVED'],
    tables: ['OC2'],
  },
  {
    code: '159',
    message:
      'If a child has been recorded as not receiving an intervention for their substance misuse problem, then the additional item on whether an intervention was offered should be completed as well.',
    fields: ['INTERVENTION_OFFERED', 'INTERVENTION_RECEIVED', 'SUBSTANCE_MISUSE'],
    tables: ['OC2'],
  },
  {
    code: '164',
    message:
      'Distance is not valid. Please check a valid postcode has been entered. [NOTE: This check will result in false positives for children formerly UASC not identified as such in loaded data]',
    fields: ['PL_DISTANCE'],
    tables: ['Episodes'],
  },
  {
    code: '165',
    message: 'Data entry for mother status is invalid.',
    fields: ['ACCOM', 'ACTIV', 'DECOM', 'IN_TOUCH', 'MOTHER', 'SEX'],
    tables: ['Episodes', 'Header', 'OC3'],
  },
  { code: '166', message: 'Date of review is invalid or blank.', fields: ['REVIEW'], tables: ['Reviews'] },
  { code: '167', message: 'Data entry for participation is invalid or blank.', fields: ['REVIEW_CODE'], tables: ['Reviews'] },
  {
    code: '168',
    message: 'Unique Pupil Number (UPN) is not valid. If unknown, default codes should be UN1, UN2, UN3, UN4 or UN5.',
    fields: ['UPN'],
    tables: ['Header'],
  },
  {
    code: '169',
    message: 'Local Authority (LA) of placement is not valid or is missing. Please check a valid postcode has been entered.',
    fields: ['PL_LA'],
    tables: ['Episodes'],
  },
  { code: '171', message: "Date of birth of mother's child is not a valid date.", fields: ['MC_DOB'], tables: ['Header'] },
  { code: '174', message: "Mother's child date of birth is recorded but sex shows that the child is a male.", fields: ['MC_DOB', 'SEX'], tables: ['Header'] },
  { code: '175', message: 'The number of adopter(s) code is not a valid code.', fields: ['NB_ADOPTR'], tables: ['AD1'] },
  { code: '176', message: 'The gender of adopter(s) at the date of adoption code is not a valid code.', fields: ['SEX_ADOPTR'], tables: ['AD1'] },
  { code: '177', message: 'The legal status of adopter(s) code is not a valid code.', fields: ['LS_ADOPTR'], tables: ['AD1'] },
  { code: '178', message: 'Placement provider code is not a valid code.', fields: ['PLACE_PROVIDER'], tables: ['Episodes'] },
  { code: '179', message: 'Placement location code is not a valid code.', fields: ['PL_LOCATION'], tables: ['Episodes'] },
  { code: '180', message: 'Data entry for the strengths and difficulties questionnaire (SDQ) score is invalid.', fields: ['SDQ_SCORE'], tables: ['OC2'] },
  {
    code: '181',
    message: 'Data items relating to children looked after continuously for 12 months should be completed with a 0 or 1.',
    fields: [
      'CONVICTED',
      'HEALTH_ASSESSMENT',
      'HEALTH_CHECK',
      'IMMUNISATIONS',
      'INTERVENTION_OFFERED',
      'INTERVENTION_RECEIVED',
      'SUBSTANCE_MISUSE',
      'TEETH_CHECK',
    ],
    tables: ['OC2'],
  },
  {
    code: '182',
    message:
      'Data entries on immunisations, teeth checks, health assessments and substance misuse problem identified should be completed or all OC2 fields should be left blank.',
    fields: [
      'CONVICTED',
      'HEALTH_ASSESSMENT',
      'HEALTH_CHECK',
      'IMMUNISATIONS',
      'INTERVENTION_OFFERED',
      'INTERVENTION_RECEIVED',
      'SUBSTANCE_MISUSE',
      'TEETH_CHECK',
    ],
    tables: ['OC2'],
  },
  {
    code: '184',
    message: 'Date of decision that a child should be placed for adoption is before the child was born.',
    fields: ['DATE_PLACED', 'DOB'],
    tables: ['Header', 'PlacedAdoption'],
  },
  {
    code: '185',
    message: 'Child has not been looked after continuously for at least 12 months at 31 March but a Strengths and Difficulties (SDQ) score has been completed.',
    fields: ['SDQ_SCORE'],
    tables: ['Episodes', 'OC2'],
  },
  {
    code: '186',
    message:
      'Children aged 4 or over at the start of the year and children aged under 17 at the end of the year and who have been looked after for at least 12 months continuously should have a Strengths and Difficulties (SDQ) score completed.',
    fields: ['SDQ_SCORE'],
    tables: ['Episodes', 'OC2'],
  },
  {
    code: '187',
    message: 'Child cannot be looked after continuously for 12 months at 31 March (OC2) and have any of adoption or care leavers returns completed.',
    fields: ['ACCOM', 'ACTIV', 'DATE_INT', 'DATE_MATCH', 'FOSTER_CARE', 'IN_TOUCH', 'LS_ADOPTR', 'NB_ADOPTR', 'SEX_ADOPTR'],
    tables: ['AD1', 'Episodes', 'OC3'],
  },
  {
    code: '188',
    message:
      'Child is aged under 4 years at the end of the year, but a Strengths and Difficulties (SDQ) score or a reason for no SDQ score has been completed.',
    fields: ['SDQ_REASON', 'SDQ_SCORE'],
    tables: ['OC2'],
  },
  {
    code: '189',
    message:
      'Child is aged 17 years or over at the beginning of the year, but an Strengths and Difficulties (SDQ) score or a reason for no Strengths and Difficulties (SDQ) score has been completed.',
    fields: ['DOB', 'SDQ_REASON', 'SDQ_SCORE'],
    tables: ['OC2'],
  },
  {
    code: '190',
    message:
      'Child has not been looked after continuously for at least 12 months at 31 March but one or more data items relating to children looked after for 12 months have been completed.',
    fields: [
      'CONVICTED',
      'HEALTH_ASSESSMENT',
      'HEALTH_CHECK',
      'IMMUNISATIONS',
      'INTERVENTION_OFFERED',
      'INTERVENTION_RECEIVED',
      'SUBSTANCE_MISUSE',
      'TEETH_CHECK',
    ],
    tables: ['Episodes', 'OC2'],
  },
  {
    code: '191',
    message:
      'Child has been looked after continuously for at least 12 months at 31 March but one or more data items relating to children looked after for 12 months have been left blank.',
    fields: ['CHILD', 'HEALTH_ASSESSMENT', 'IMMUNISATIONS', 'SUBSTANCE_MISUSE', 'TEETH_CHECK'],
    tables: ['Episodes', 'OC2'],
  },
  {
    code: '192',
    message:
      'Child has been identified as having a substance misuse problem but the additional item on whether an intervention was received has been left blank.',
    fields: ['INTERVENTION_RECEIVED', 'SUBSTANCE_MISUSE'],
    tables: ['OC2'],
  },
  {
    code: '193',
    message:
      'Child not identified as having a substance misuse problem but at least one of the two additional items on whether an intervention were offered and received have been completed.',
    fields: ['INTERVENTION_OFFERED', 'INTERVENTION_RECEIVED', 'SUBSTANCE_MISUSE'],
    tables: ['OC2'],
  },
  { code: '196', message: 'Strengths and Difficulties (SDQ) reason is not a valid code.', fields: ['SDQ_REASON'], tables: ['OC2'] },
  {
    code: '197B',
    message: 'SDQ score or reason for no SDQ should be reported for 4- or 17-year-olds.',
    fields: ['DOB', 'SDQ_REASON'],
    tables: ['Episodes', 'OC2'],
  },
  {
    code: '197a',
    message: 'Reason for no Strengths and Difficulties (SDQ) score is not required if Strengths and Difficulties Questionnaire score is filled in.',
    fields: ['SDQ_REASON', 'SDQ_SCORE'],
    tables: ['OC2'],
  },
  {
    code: '198',
    message:
      'Child has not been looked after continuously for at least 12 months at 31 March but a reason for no Strengths and Difficulties (SDQ) score has been completed.',
    fields: ['SDQ_REASON'],
    tables: ['Episodes', 'OC2'],
  },
  {
    code: '199',
    message:
      'Episode information shows child has been previously adopted from care. [NOTE: This only tests the current and previous year data loaded into the tool]',
    fields: ['CHILD'],
    tables: ['Episodes'],
  },
  { code: '202', message: 'The gender code conflicts with the gender already recorded for this child.', fields: ['SEX'], tables: ['Header', 'Header_last'] },
  {
    code: '203',
    message: 'Date of birth disagrees with the date of birth already recorded for this child.',
    fields: ['DOB'],
    tables: ['Header', 'Header_last'],
  },
  {
    code: '204',
    message: 'Ethnic origin code disagrees with the ethnic origin already recorded for this child.',
    fields: ['ETHNIC'],
    tables: ['HEader_last', 'Header'],
  },
  {
    code: '205A',
    message: 'Child identified as UASC last year is no longer UASC this year, but date UASC ceased in both years does not support this.',
    fields: ['CHILD', 'UASC'],
    tables: ['Header', 'Header_last', 'UASC', 'UASC_last'],
  },
  {
    code: '205B',
    message: 'Child previously identified as UASC is also UASC this year, but date UASC ceased in both years does not support this.',
    fields: ['DUC', 'UASC'],
    tables: ['Header', 'Header_last', 'UASC', 'UASC_last'],
  },
  {
    code: '205C',
    message: 'Child not identified as UASC either this year or last year but date UASC ceased has been provided.',
    fields: ['DUC', 'UASC'],
    tables: ['Header', 'Header_last', 'UASC', 'UASC_last'],
  },
  {
    code: '205D',
    message: 'Child identified as UASC this year but not identified as UASC status provided for the child last year.',
    fields: ['CHILD', 'UASC'],
    tables: ['Header', 'Header_last', 'UASC', 'UASC_last'],
  },
  {
    code: '207',
    message: 'Mother status for the current year disagrees with the mother status already recorded for this child.',
    fields: ['MOTHER'],
    tables: ['Episodes', 'Header', 'Header_last'],
  },
  {
    code: '208',
    message: 'Unique Pupil Number (UPN) for the current year disagrees with the Unique Pupil Number (UPN) already recorded for this child.',
    fields: ['UPN'],
    tables: ['Header', 'Header_last'],
  },
  {
    code: '209',
    message: 'Child looked after is of school age and should not have an unknown Unique Pupil Number (UPN) code of UN1.',
    fields: ['DOB', 'UPN'],
    tables: ['Header'],
  },
  {
    code: '210',
    message: 'Children looked after for more than a week at 31 March should not have an unknown Unique Pupil Number (UPN) code of UN4.',
    fields: ['DECOM', 'UPN'],
    tables: ['Episodes', 'Header'],
  },
  { code: '213', message: 'Placement provider information not required.', fields: ['PLACE_PROVIDER'], tables: ['Episodes'] },
  { code: '214', message: 'Placement location information not required.', fields: ['PL_POST', 'URN'], tables: ['Episodes'] },
  {
    code: '215',
    message: 'Child has care leaver information but one or more data items relating to children looked after for 12 months have been completed.',
    fields: [
      'ACCOM',
      'ACTIV',
      'CONVICTED',
      'HEALTH_ASSESSMENT',
      'HEALTH_CHECK',
      'IMMUNISATIONS',
      'INTERVENTION_OFFERED',
      'INTERVENTION_RECEIVED',
      'IN_TOUCH',
      'SUBSTANCE_MISUSE',
      'TEETH_CHECK',
    ],
    tables: ['OC2', 'OC3'],
  },
  { code: '217t', message: "Placement type 'P2' is not a valid placement type from 28 October 2023.", fields: ['DECOM', 'PLACE'], tables: ['Episodes'] },
  {
    code: '217',
    message: 'Children who are placed for adoption with current foster carers (placement types A3 or A5) must have a reason for new episode of S, T or U.',
    fields: ['DECOM', 'PLACE', 'RNE'],
    tables: ['Episodes'],
  },
  { code: '218', message: 'Ofsted Unique reference number (URN) is required.', fields: ['URN'], tables: ['Episodes'] },
  {
    code: '219',
    message: "The Ofsted Unique reference number (URN) provided for the child's placement does not match the placement type recorded.",
    fields: ['PLACE', 'URN'],
    tables: ['Episodes', 'Provider Info'],
  },
  {
    code: '221',
    message: "The Ofsted Unique reference number (URN) provided for the child's placement does not match the placement postcode provided.",
    fields: ['PL_POST'],
    tables: ['Episodes', 'Provider Info'],
  },
  { code: '222', message: 'Ofsted Unique reference number (URN) should not be recorded for this placement type.', fields: ['URN'], tables: ['Episodes'] },
  {
    code: '224',
    message: "The Ofsted Unique reference number (URN) provided for the child's placement does not match the placement provider recorded.",
    fields: ['PLACE_PROVIDER'],
    tables: ['Episodes', 'Provider Info'],
  },
  { code: '225', message: 'Reason for placement change must be recorded.', fields: ['REASON_PLACE_CHANGE'], tables: ['Episodes'] },
  { code: '226', message: 'Reason for placement change is not required.', fields: ['PLACE', 'REASON_PLACE_CHANGE'], tables: ['Episodes'] },
  {
    code: '227',
    message: 'Ofsted Unique reference number (URN) is not valid for the episode start date.',
    fields: ['DECOM', 'URN'],
    tables: ['Episodes', 'Provider Info'],
  },
  {
    code: '228',
    message:
      'Ofsted Unique reference number (URN) is not valid for the episode end date [NOTE: may give false positives on open episodes at providers who close during the year]',
    fields: ['DEC', 'URN'],
    tables: ['Episodes', 'Provider Info'],
  },
  {
    code: '229',
    message:
      "Placement provider does not match between the placing authority and the local authority code of the provider. [NOTE: The provider's LA code is inferred from the its postcode, and may be inaccurate in some cases.]",
    fields: ['PLACE_PROVIDER', 'URN'],
    tables: ['Episodes', 'Provider Info'],
  },
  {
    code: '230',
    message: 'Ofsted Unique reference number (URN) is required for any English H5 placements from 28 October 2023.',
    fields: ['DEC', 'PLACE', 'URN'],
    tables: ['Episodes'],
  },
  {
    code: '231',
    message:
      'We expect that unaccompanied asylum seeking children are generally older young people. Please check the date of birth is correct. If the date of birth is correct then please provide details in a bypass request.',
    fields: ['DOB', 'UASC'],
    tables: ['Header'],
  },
  { code: '232', message: 'Sex of the child/young person has been reported as unknown.', fields: ['SEX'], tables: ['Header'] },
  {
    code: '3001',
    message:
      'Where care leavers information is being returned for a young person around their 17th birthday, the accommodation cannot be with their former foster carer(s).',
    fields: ['REC'],
    tables: ['Header', 'OC3'],
  },
  { code: '301', message: 'Date of birth falls after the year ended.', fields: ['DOB'], tables: ['Header'] },
  { code: '302', message: 'First episode starts before child was born.', fields: ['DECOM', 'DOB'], tables: ['Episodes', 'Header'] },
  {
    code: '303',
    message: 'If date Unaccompanied Asylum-Seeking Child (UASC) status ceased is not null, UASC status must be coded 1.',
    fields: ['DUC', 'UASC'],
    tables: ['Header', 'UASC'],
  },
  {
    code: '304',
    message: 'Date unaccompanied asylum-seeking child (UASC) status ceased must be on or before the 18th birthday of a child.',
    fields: ['DUC'],
    tables: ['UASC'],
  },
  {
    code: '331',
    message: 'Date of matching child and adopter(s) should be the same as, or prior to, the date of placement of adoption.',
    fields: ['DATE_MATCH', 'DECOM', 'REC'],
    tables: ['AD1', 'Episodes'],
  },
  {
    code: '333',
    message: 'Date should be placed for adoption must be on or prior to the date of matching child with adopter(s).',
    fields: ['DATE_INT'],
    tables: ['AD1'],
  },
  {
    code: '334',
    message: 'Date child started to be looked after in latest period of care must be on or prior to the date should be placed for adoption.',
    fields: ['DATE_INT', 'DECOM', 'RNE'],
    tables: ['AD1', 'Episodes'],
  },
  {
    code: '335',
    message:
      'The current foster value (0) suggests that child is not adopted by current foster carer, but last placement is A2, A3, or A5. Or the current foster value (1) suggests that child is adopted by current foster carer, but last placement is A1, A4 or A6.',
    fields: ['FOSTER_CARE', 'PLACE'],
    tables: ['AD1', 'Episodes'],
  },
  { code: '336', message: 'Child does not have a foster placement immediately prior to being placed for adoption.', fields: ['PLACE'], tables: ['Episodes'] },
  {
    code: '344',
    message:
      'The record shows the young person has died or returned home to live with parent(s) or someone with parental responsibility for a continuous period of 6 months or more, but activity and/or accommodation on leaving care have been completed.',
    fields: ['ACCOM', 'ACTIV', 'IN_TOUCH'],
    tables: ['OC3'],
  },
  {
    code: '345',
    message: 'The data collection record shows the local authority is in touch with this young person, but activity and/or accommodation data items are zero.',
    fields: ['ACCOM', 'ACTIV', 'IN_TOUCH'],
    tables: ['OC3'],
  },
  { code: '347', message: 'Care leavers aged under 18 years, can not be accommodated in a Foyer.', fields: ['DEC', 'PLACE', 'URN'], tables: ['OC3'] },
  { code: '351', message: 'Child was over 25 at the start of the current collection year.', fields: ['DOB'], tables: ['Header'] },
  { code: '352', message: 'Child who started to be looked after was aged 18 or over.', fields: ['DECOM', 'RNE'], tables: ['Episodes', 'Header'] },
  { code: '353', message: 'No episode submitted can start before 14 October 1991.', fields: ['DECOM'], tables: ['Episodes'] },
  { code: '354', message: 'Date episode ceased must be on or before the end of the current collection year.', fields: ['DECOM'], tables: ['Episodes'] },
  { code: '355', message: 'Episode appears to have lasted for less than 24 hours', fields: ['DEC', 'DECOM'], tables: ['Episodes'] },
  { code: '356', message: 'The date the episode ceased is before the date the same episode started.', fields: ['DECOM'], tables: ['Episodes'] },
  {
    code: '357',
    message:
      'If this is the first episode ever for this child, reason for new episode must be S.  Check whether there is an episode immediately preceding this one, which has been left out.  If not the reason for new episode code must be amended to S.',
    fields: ['RNE'],
    tables: ['Episodes'],
  },
  { code: '358', message: 'Child with this legal status should not be under 10.', fields: ['DECOM', 'DOB', 'LS'], tables: ['Episodes', 'Header'] },
  {
    code: '359',
    message: 'Child being looked after following 18th birthday must be accommodated under section 20(5) of the Children Act 1989 in a community home.',
    fields: ['DEC', 'LS', 'PLACE'],
    tables: ['Episodes', 'Header'],
  },
  {
    code: '361',
    message: 'Police protection legal status lasted longer than maximum 72 hours allowed in the Children Act 1989.',
    fields: ['DEC', 'DECOM', 'LS'],
    tables: ['Episodes'],
  },
  { code: '362', message: 'Emergency protection order (EPO) lasted longer than 21 days', fields: ['DEC', 'DECOM', 'LS'], tables: ['Episodes'] },
  {
    code: '363',
    message: 'Child assessment order (CAO) lasted longer than 7 days allowed in the Children Act 1989.',
    fields: ['DEC', 'DECOM', 'LS'],
    tables: ['Episodes'],
  },
  {
    code: '364',
    message:
      'Sections 41-46 of Police and Criminal Evidence (PACE; 1984) severely limits the time a child can be detained in custody in Local Authority (LA) accommodation.',
    fields: ['DEC', 'DECOM', 'LS'],
    tables: ['Episodes'],
  },
  { code: '365', message: 'Any individual short- term respite placement must not exceed 17 days.', fields: ['DEC', 'DECOM', 'LS'], tables: ['Episodes'] },
  {
    code: '366',
    message: 'A child cannot change placement during the course of an individual short-term respite break.',
    fields: ['RNE'],
    tables: ['Episodes'],
  },
  {
    code: '367',
    message: 'The maximum amount of respite care allowable is 75 days in any 12-month period.',
    fields: ['DEC', 'DECOM', 'LS'],
    tables: ['Episodes'],
  },
  { code: '370', message: 'Child in independent living should be at least 16.', fields: ['DECOM', 'PLACE'], tables: ['Episodes', 'Header'] },
  {
    code: '371',
    message: 'Child in supported accomodation not subject to children\u2019s homes regulations should be at least 16.',
    fields: ['DECOM', 'PLACE'],
    tables: ['Episodes', 'Header'],
  },
  { code: '372', message: 'Child in youth custody or prison should be at least 10.', fields: ['DECOM', 'PLACE'], tables: ['Episodes', 'Header'] },
  { code: '373', message: 'Child placed in a school should be at least 4 years old.', fields: ['DECOM', 'PLACE'], tables: ['Episodes', 'Header'] },
  { code: '374', message: 'Child in residential employment should be at least 14 years old.', fields: ['DECOM', 'PLACE'], tables: ['Episodes', 'Header'] },
  { code: '375', message: 'Hospitalisation coded as a temporary placement exceeds six weeks.', fields: ['DECOM', 'PLACE'], tables: ['Episodes', 'Header'] },
  {
    code: '376',
    message: 'Temporary placements coded as being due to holiday of usual foster carer(s) cannot exceed three weeks.',
    fields: ['DECOM', 'PLACE'],
    tables: ['Episodes', 'Header'],
  },
  {
    code: '377',
    message: 'Only two temporary placements coded as being due to holiday of usual foster carer(s) are allowed in any 12- month period.',
    fields: ['PLACE'],
    tables: ['Episodes'],
  },
  {
    code: '378',
    message: 'A child who is placed with parent(s) cannot be looked after under a single period of accommodation under Section 20 of the Children Act 1989.',
    fields: ['LS', 'PLACE'],
    tables: ['Episodes'],
  },
  {
    code: '379',
    message: 'Temporary placements for unspecified reason (placement code T4) cannot exceed seven days.',
    fields: ['DECOM', 'PLACE'],
    tables: ['Episodes', 'Header'],
  },
  { code: '380', message: 'A period of care cannot start with a temporary placement.', fields: ['PLACE', 'RNE'], tables: ['Episodes'] },
  { code: '381', message: 'A period of care cannot end with a temporary placement.', fields: ['PLACE', 'REC'], tables: ['Episodes'] },
  { code: '382', message: 'A child receiving respite care cannot be in a temporary placement.', fields: ['LS', 'PLACE'], tables: ['Episodes'] },
  { code: '383', message: 'A child in a temporary placement must subsequently return to his/her normal placement.', fields: ['PLACE'], tables: ['Episodes'] },
  { code: '384', message: 'A child receiving respite care cannot be in a long-term foster placement', fields: ['LS', 'PLACE'], tables: ['Episodes'] },
  { code: '385', message: 'Date episode ceased must be on or before the end of the current collection year.', fields: ['DEC'], tables: ['Episodes'] },
  { code: '386', message: 'Reason episode ceased is adopted but child has reached age 18.', fields: ['REC'], tables: ['Episodes', 'Header'] },
  {
    code: '387',
    message: 'Reason episode ceased is child moved into independent living arrangement, but the child is aged under 14.',
    fields: ['REC'],
    tables: ['Episodes', 'Header'],
  },
  { code: '388', message: 'Reason episode ceased is coded new episode begins, but there is no continuation episode.', fields: ['REC'], tables: ['Episodes'] },
  {
    code: '389',
    message: 'Reason episode ceased is that child transferred to care of adult social care services, but child is aged under 16.',
    fields: ['REC'],
    tables: ['Episodes', 'Header'],
  },
  {
    code: '390',
    message: 'Reason episode ceased is adopted but child has not been previously placed for adoption.',
    fields: ['PLACE', 'REC'],
    tables: ['Episodes'],
  },
  {
    code: '391',
    message: 'Young person was not 17, 18, 19, 20 or 21 during the current collection year.',
    fields: ['ACCOM', 'ACTIV', 'DOB', 'IN_TOUCH'],
    tables: ['OC3'],
  },
  {
    code: '392a',
    message: 'Child is looked after but no distance is recorded. [NOTE: This check may result in false positives for children formerly UASC]',
    fields: ['PL_DISTANCE'],
    tables: ['Episodes'],
  },
  {
    code: '392b',
    message:
      'Child is looked after but no postcodes are recorded. [NOTE: This check may result in false positives for children formerly UASC, particularly if current & prior year UASC data not loaded]',
    fields: ['HOME_POST', 'PL_POST'],
    tables: ['Episodes'],
  },
  { code: '392c', message: 'Postcode(s) provided are invalid.', fields: ['HOME_POST', 'PL_POST'], tables: ['Episodes'] },
  {
    code: '392d',
    message: 'Home and placement postcodes should not be same unless the placement type is P1.',
    fields: ['HOME_POST', 'PLACE', 'PL_POST'],
    tables: ['Episodes'],
  },
  { code: '393', message: 'Child is looked after but mother field is not completed.', fields: ['MOTHER'], tables: ['Episodes', 'Header'] },
  {
    code: '398',
    message: 'Distance field completed but child looked after under legal status V3 or V4.',
    fields: ['HOME_POST', 'LS', 'PL_POST'],
    tables: ['Episodes'],
  },
  {
    code: '399',
    message: 'Mother field, review field or participation field are completed but child is looked after under legal status V3 or V4.',
    fields: ['LS', 'MOTHER', 'REVIEW', 'REVIEW_CODE'],
    tables: ['Episodes', 'Header', 'Reviews'],
  },
  {
    code: '406',
    message:
      'Child is Unaccompanied Asylum-Seeking Child (UASC) or was formerly UASC. Distance should be blank. [NOTE: This check will result in false negatives for children formerly UASC not identified as such in loaded data]',
    fields: ['PL_DISTANCE'],
    tables: ['Episodes'],
  },
  {
    code: '407',
    message: 'Reason episode ceased is Special Guardianship Order, but child has reached age 18.',
    fields: ['DEC', 'DOB', 'REC'],
    tables: ['Episodes', 'Header'],
  },
  {
    code: '408',
    message: 'Child is placed for adoption with a placement order, but no placement order has been recorded.',
    fields: ['LS', 'PLACE'],
    tables: ['Episodes'],
  },
  { code: '411', message: 'Placement location code disagrees with LA of placement.', fields: ['PL_LOCATION'], tables: ['Episodes'] },
  { code: '420', message: 'LA of placement completed but child is looked after under legal status V3 or V4.', fields: ['PL_LA'], tables: ['Episodes'] },
  {
    code: '426',
    message: 'A child receiving respite care cannot be recorded under a legal status of V3 and V4 in the same year.',
    fields: ['LS'],
    tables: ['Episodes'],
  },
  {
    code: '431',
    message: 'The reason for new episode is started to be looked after, but the previous episode ended on the same day.',
    fields: ['DECOM', 'RNE'],
    tables: ['Episodes'],
  },
  {
    code: '432',
    message: 'The child ceased to be looked after at the end of the previous episode but the reason for the new episode is not started to be looked after.',
    fields: ['RNE'],
    tables: ['Episodes'],
  },
  {
    code: '433',
    message:
      'The reason for new episode suggests that this is a continuation episode, but the episode does not start on the same day as the last episode finished.',
    fields: ['DECOM', 'RNE'],
    tables: ['Episodes'],
  },
  {
    code: '434',
    message: "Reason for new episode is that child's legal status has changed but not the placement, but this is not reflected in the episode data.",
    fields: ['LS', 'PLACE', 'PLACE_PROVIDER', 'PL_POST', 'RNE', 'URN'],
    tables: ['Episodes'],
  },
  {
    code: '435',
    message:
      'Reason for new episode is that child\u2019s placement has changed but not the legal status, but this is not reflected in the episode data recorded.',
    fields: ['LS', 'PLACE', 'PLACE_PROVIDER', 'PL_POST', 'URN'],
    tables: ['Episodes'],
  },
  {
    code: '436',
    message: 'Reason for new episode is that both child\u2019s placement and legal status have changed, but this is not reflected in the episode data.',
    fields: ['LS', 'PLACE', 'PLACE_PROVIDER', 'PL_POST', 'RNE', 'URN'],
    tables: ['Episodes'],
  },
  {
    code: '437',
    message: 'Reason episode ceased is child has died or is aged 18 or over but there are further episodes.',
    fields: ['REC'],
    tables: ['Episodes'],
  },
  {
    code: '440',
    message:
      'Participation method indicates child was under 4 years old at the time of the review, but date of birth and review date indicates the child was 4 years old or over.',
    fields: ['DOB', 'REVIEW', 'REVIEW_CODE'],
    tables: ['Reviews'],
  },
  {
    code: '441',
    message:
      'Participation method indicates child was 4 years old or over at the time of the review, but the date of birth and review date indicates the child was under 4 years old.',
    fields: ['DOB', 'REVIEW', 'REVIEW_CODE'],
    tables: ['Reviews'],
  },
  { code: '442', message: 'Unique Pupil Number (UPN) field is not completed.', fields: ['UPN'], tables: ['Episodes', 'Header'] },
  { code: '445', message: 'D1 is not a valid code for episodes starting after December 2005.', fields: ['DECOM', 'LS'], tables: ['Episodes'] },
  { code: '446', message: 'E1 is not a valid code for episodes starting before December 2005.', fields: ['DECOM', 'LS'], tables: ['Episodes'] },
  {
    code: '451',
    message: 'Child is still freed for adoption, but freeing orders could not be applied for since 30 December 2005.',
    fields: ['DEC', 'LS', 'REC'],
    tables: ['Episodes'],
  },
  {
    code: '452',
    message: 'Contradiction between local authority of placement code in the last episode of the previous year and in the first episode of the current year.',
    fields: ['PL_LA'],
    tables: ['Episodes', 'Episodes_last'],
  },
  {
    code: '453',
    message: 'Contradiction between placement distance in the last episode of the previous year and in the first episode of the current year.',
    fields: ['PL_DISTANCE'],
    tables: ['Episodes', 'Episodes_last'],
  },
  {
    code: '460',
    message: 'Reason episode ceased is that child stayed with current carers at age 18 (or above), but child is aged under 18.',
    fields: ['DEC', 'REC'],
    tables: ['Episodes', 'Header'],
  },
  { code: '501', message: 'A new episode has started before the end date of the previous episode.', fields: ['DEC', 'DECOM'], tables: ['Episodes'] },
  {
    code: '502',
    message:
      "Last year's record ended with an open episode. The date on which that episode started does not match the start date of the first episode on this year\u2019s record.",
    fields: ['DECOM'],
    tables: ['Episodes', 'Episodes_last'],
  },
  {
    code: '503A',
    message: 'The reason for new episode in the first episode does not match open episode at end of last year.',
    fields: ['RNE'],
    tables: ['Episodes', 'Episodes_last'],
  },
  {
    code: '503B',
    message: 'The legal status in the first episode does not match open episode at end of last year.',
    fields: ['LS'],
    tables: ['Episodes', 'Episodes_last'],
  },
  {
    code: '503C',
    message: 'The category of need in the first episode does not match open episode at end of last year.',
    fields: ['CIN'],
    tables: ['Episodes', 'Episodes_last'],
  },
  { code: '503D', message: 'The placement type in the first episode does not match open episode at end of last year', fields: ['PLACE'], tables: ['Episodes'] },
  {
    code: '503E',
    message: 'The placement provider in the first episode does not match open episode at end of last year.',
    fields: ['PLACE_PROVIDER'],
    tables: ['Episodes', 'Episodes_last'],
  },
  {
    code: '503F',
    message: 'The Ofsted URN in the  first episode does not match open episode at end of last year.',
    fields: ['URN'],
    tables: ['Episodes', 'Episodes_last'],
  },
  {
    code: '503G',
    message: 'The distance in first episode does not match open episode at end of last year.',
    fields: ['PL_DISTANCE'],
    tables: ['Episodes', 'Episodes_last'],
  },
  {
    code: '503H',
    message: 'The placement LA in first episode does not match open episode at end of last year.',
    fields: ['PL_LA'],
    tables: ['Episodes', 'Episodes_last'],
  },
  {
    code: '503J',
    message: 'The placement location in first episode does not match open episode at end of last year.',
    fields: ['PL_LOCATION'],
    tables: ['Episodes', 'Episodes_last'],
  },
  {
    code: '504',
    message: 'The category of need code differs from that reported at start of current period of being looked after',
    fields: ['CIN'],
    tables: ['Episodes'],
  },
  {
    code: '511',
    message:
      'If reporting that the number of person(s) adopting the looked after child is two adopters then the code should only be MM, FF or MF. MM = the adopting couple are both males; FF = the adopting couple are both females; MF = The adopting couple are male and female.',
    fields: ['NB_ADOPTR', 'SEX_ADOPTR'],
    tables: ['AD1'],
  },
  {
    code: '514',
    message: 'Data entry on the legal status of adopters shows a single adopter but data entry for the numbers of adopters shows it as a couple.',
    fields: ['LS_ADOPTR', 'SEX_ADOPTR'],
    tables: ['AD1'],
  },
  {
    code: '516',
    message:
      'The episode data submitted for this child does not show that he/she was with their former foster carer(s) during the year.If the code in the reason episode ceased is E45 or E46 the child must have a placement code of U1 to U6.',
    fields: ['PLACE', 'REC'],
    tables: ['Episodes'],
  },
  {
    code: '517',
    message: 'If reporting legal status of adopters is L3 then the genders of adopters should be coded as MF. MF = the adopting couple are male and female.',
    fields: ['LS_ADOPTR', 'SEX_ADOPTR'],
    tables: ['AD1'],
  },
  {
    code: '518',
    message:
      'If reporting legal status of adopters is L4 then the genders of adopters should be coded as MM or FF. MM = the adopting couple are both males. FF = the adopting couple are both females.',
    fields: ['LS_ADOPTR', 'SEX_ADOPTR'],
    tables: ['AD1'],
  },
  {
    code: '519',
    message:
      'Data entered on the legal status of adopters shows civil partnership couple, but data entered on genders of adopters does not show it as a couple.',
    fields: ['LS_ADOPTR', 'SEX_ADOPTR'],
    tables: ['AD1'],
  },
  {
    code: '520',
    message:
      'Data entry on the legal status of adopters shows different gender married couple but data entry on genders of adopters shows it as a same gender couple.',
    fields: ['LS_ADOPTR', 'SEX_ADOPTR'],
    tables: ['AD1'],
  },
  {
    code: '521',
    message:
      "Date of local authority's decision (LA) that adoption is in the best interests of the child (date should be placed) must be on or prior to the date the child is placed for adoption.",
    fields: ['DATE_INT', 'DECOM', 'PLACE'],
    tables: ['AD1', 'Episodes'],
  },
  {
    code: '522',
    message:
      'Date of decision that the child should be placed for adoption must be on or before the date that a child should no longer be placed for adoption.',
    fields: ['DATE_PLACED', 'DATE_PLACED_CEASED'],
    tables: ['PlacedAdoption'],
  },
  {
    code: '523',
    message:
      'Date of decision that the child should be placed for adoption should be the same date as the decision that adoption is in the best interest (date should be placed).',
    fields: ['DATE_INT', 'DATE_PLACED'],
    tables: ['AD1', 'PlacedAdoption'],
  },
  {
    code: '524',
    message:
      'If reporting legal status of adopters is L12 then the genders of adopters should be coded as MM or FF. MM = the adopting couple are both males. FF = the adopting couple are both females',
    fields: ['LS_ADOPTR', 'SEX_ADOPTR'],
    tables: ['AD1'],
  },
  {
    code: '525',
    message: 'A child for whom the decision to be placed for adoption has been reversed cannot be adopted during the year.',
    fields: ['DATE_INT', 'DATE_MATCH', 'DATE_PLACED_CEASED', 'FOSTER_CARE', 'LS_ADOPTR', 'NB_ADOPTR', 'SEX_ADOPTR'],
    tables: ['AD1', 'PlacedAdoption'],
  },
  { code: '526', message: 'Child is missing a placement provider code for at least one episode.', fields: ['PLACE', 'PLACE_PROVIDER'], tables: ['Episodes'] },
  {
    code: '527',
    message: 'A placement provider code of PR1 cannot be associated with placements P1, R2 or R5.',
    fields: ['PLACE', 'PLACE_PROVIDER'],
    tables: ['Episodes'],
  },
  {
    code: '528',
    message: 'A placement provider code of PR2 cannot be associated with placements P1, R2 or R5.',
    fields: ['PLACE', 'PLACE_PROVIDER'],
    tables: ['Episodes'],
  },
  {
    code: '529',
    message:
      'Placement provider code of PR3 cannot be associated with placements P1, A3 to A6, K1, K2 and U1 to U6 as these placements cannot be provided by other public organisations.',
    fields: ['PLACE', 'PLACE_PROVIDER'],
    tables: ['Episodes'],
  },
  {
    code: '530',
    message: 'A placement provider code of PR4 cannot be associated with placement P1.',
    fields: ['PLACE', 'PLACE_PROVIDER'],
    tables: ['Episodes'],
  },
  {
    code: '531',
    message: 'A placement provider code of PR5 cannot be associated with placements P1.',
    fields: ['PLACE', 'PLACE_PROVIDER'],
    tables: ['Episodes'],
  },
  { code: '542', message: 'A child aged under 10 at 31 March should not have conviction information completed.', fields: ['CONVICTED'], tables: ['OC2s'] },
  {
    code: '543',
    message: 'Child is aged 10 or over at 31 March and has been looked after continuously for 12 months yet conviction information has not been completed.',
    fields: ['CONVICTED', 'DOB'],
    tables: ['Episodes', 'OC2'],
  },
  {
    code: '544',
    message:
      'Any child who has conviction information completed must also have immunisation, teeth check, health assessment and substance misuse problem identified fields completed.',
    fields: ['CONVICTED', 'HEALTH_ASSESSMENT', 'IMMUNISATIONS', 'SUBSTANCE_MISUSE', 'TEETH_CHECK'],
    tables: ['OC2'],
  },
  {
    code: '545',
    message: 'Child is aged under 5 at 31 March and has been looked after continuously for 12 months yet health promotion information has not been completed.',
    fields: ['DOB', 'HEALTH_CHECK'],
    tables: ['OC2'],
  },
  {
    code: '546',
    message: 'Children aged 5 or over at 31 March should not have health promotion information completed.',
    fields: ['DOB', 'HEALTH_CHECK'],
    tables: ['Episodes', 'OC2'],
  },
  {
    code: '547',
    message:
      'Any child who has health promotion information completed must also have immunisation, teeth check, health assessment and substance misuse problem identified fields completed.',
    fields: ['HEALTH_ASSESSMENT', 'HEALTH_CHECK', 'IMMUNISATIONS', 'SUBSTANCE_MISUSE', 'TEETH_CHECK'],
    tables: ['OC2'],
  },
  {
    code: '550',
    message: 'A placement provider code of PR0 can only be associated with placement P1.',
    fields: ['PLACE', 'PLACE_PROVIDER'],
    tables: ['Episodes'],
  },
  {
    code: '551',
    message: 'Child has been placed for adoption but there is no date of the decision that the child should be placed for adoption.',
    fields: ['DATE_PLACED', 'PLACE'],
    tables: ['Episodes', 'PlacedAdoption'],
  },
  {
    code: '552',
    message: 'Date of Decision to place a child for adoption should be on or prior to the date that the child was placed for adoption.',
    fields: ['DATE_PLACED', 'DECOM'],
    tables: ['Episodes', 'PlacedAdoption'],
  },
  {
    code: '553',
    message: 'Placement order has been granted but there is no date of decision that the child should be placed for adoption.',
    fields: ['CHILD', 'DATE_PLACED', 'DATE_PLACED_CEASED', 'REASON_PLACED_CEASED'],
    tables: ['Episodes', 'PlacedAdoption'],
  },
  {
    code: '554',
    message:
      'Date of decision that the child should be placed for adoption should be on or prior to the date that the placement order was granted. [NOTE: This rule may result in false positives or false negatives if relevant episodes are in previous years; please check carefully!]',
    fields: ['DATE_PLACED', 'DECOM', 'LS'],
    tables: ['Episodes', 'PlacedAdoption'],
  },
  {
    code: '555',
    message: 'Freeing order has been granted but there is no date of decision that the child should be placed for adoption.',
    fields: ['CHILD', 'DATE_PLACED', 'DATE_PLACED_CEASED', 'REASON_PLACED_CEASED'],
    tables: ['Episodes', 'PlacedAdoption'],
  },
  {
    code: '556',
    message: 'Date of decision that the child should be placed for adoption should be on or prior to the date that the freeing order was granted.',
    fields: ['DATE_PLACED', 'DECOM'],
    tables: ['Episodes', 'PlacedAdoption'],
  },
  {
    code: '557',
    message:
      'Child for whom the decision was made that they should be placed for adoption has left care but was not adopted and information on the decision that they should no longer be placed for adoption items has not been completed.',
    fields: ['DATE_PLACED_CEASED', 'LS', 'PLACE', 'REASON_PLACED_CEASED', 'REC'],
    tables: ['Episodes', 'PlacedAdoption'],
  },
  {
    code: '558',
    message:
      'If a child has been adopted, then the decision to place them for adoption has not been disrupted and the date of the decision that a child should no longer be placed for adoption should be left blank.',
    fields: ['DATE_PLACED_CEASED', 'REC'],
    tables: ['Episodes', 'PlacedAdoption'],
  },
  {
    code: '559',
    message:
      'Date of decision that a child should be placed for adoption was not in the current year but the date of the decision that the child should be placed for adoption was not completed in a previous return.',
    fields: ['DATE_PLACED'],
    tables: ['PlacedAdoption', 'PlacedAdoption_last'],
  },
  {
    code: '560',
    message:
      'Date of decision that the child should be placed for adoption this year is different from that recorded last year but the decision to place the child for adoption did not change.',
    fields: ['DATE_PLACED', 'DATE_PLACED_CEASED'],
    tables: ['PlacedAdoption', 'PlacedAdoption_last'],
  },
  {
    code: '561',
    message:
      'Date of the decision that the child should be placed for adoption this year is the same as that recorded last year but records show that the decision changed, and the child should no longer be placed for adoption last year.',
    fields: ['DATE_PLACED'],
    tables: ['PlacedAdoption', 'PlacedAdoption_last'],
  },
  {
    code: '562',
    message: 'Episode commenced before the start of the current collection year but there is a missing continuous episode in the previous year.',
    fields: ['DECOM'],
    tables: ['Episodes', 'Episodes_last'],
  },
  {
    code: '563',
    message: 'The child should no longer be placed for adoption but the date of the decision that the child should be placed for adoption is blank',
    fields: ['DATE_PLACED', 'DATE_PLACED_CEASED', 'REASON_PLACED_CEASED'],
    tables: ['PlacedAdoption'],
  },
  {
    code: '564',
    message: 'Child was missing or away from placement without authorisation and the date started is blank.',
    fields: ['MISSING', 'MIS_START'],
    tables: ['Missing'],
  },
  {
    code: '565',
    message:
      'The date that the child started to be missing or away from placement without authorisation has been completed but whether the child was missing or away from placement without authorisation has not been completed.',
    fields: ['MISSING', 'MIS_START'],
    tables: ['Missing'],
  },
  {
    code: '566',
    message:
      "The date that the child's episode of being missing or away from placement without authorisation ended has been completed but whether the child was missing or away without authorisation has not been completed.",
    fields: ['MISSING', 'MIS_END'],
    tables: ['Missing'],
  },
  {
    code: '567',
    message:
      'The date that the missing episode or episode that the child was away from placement without authorisation ended is before the date that it started.',
    fields: ['MIS_END', 'MIS_START'],
    tables: ['Missing'],
  },
  {
    code: '570',
    message: 'The date that the child started to be missing or away from placement without authorisation is after the end of the collection year.',
    fields: ['MIS_START'],
    tables: ['Missing'],
  },
  {
    code: '571',
    message:
      'The date that the child ceased to be missing or away from placement without authorisation is before the start or after the end of the collection year.',
    fields: ['MIS_END'],
    tables: ['Missing'],
  },
  {
    code: '574',
    message:
      'A new missing/away from placement without authorisation period cannot start when the previous missing/away from placement without authorisation period is still open. Missing/away from placement without authorisation periods should also not overlap.',
    fields: ['MIS_END', 'MIS_START'],
    tables: ['Missing'],
  },
  {
    code: '575',
    message:
      'If the placement from which the child goes missing/away from placement without authorisation ends, the missing/away from placement without authorisation period in the missing module must also have an end date.',
    fields: ['MIS_END'],
    tables: ['Episodes', 'Missing'],
  },
  {
    code: '576',
    message:
      'There is an open missing/away from placement without authorisation period in last year\u2019s return and there is no corresponding period recorded at the start of this year.',
    fields: ['CHILD'],
    tables: ['MIssing', 'Missing_last'],
  },
  {
    code: '577',
    message: 'Child ceased to be looked after but there is a missing/away from placement without authorisation period without an end date.',
    fields: ['MIS_END'],
    tables: ['Episodes', 'Missing'],
  },
  {
    code: '578',
    message: 'The date that the child started to be missing is after the child ceased to be looked after.',
    fields: ['MIS_START'],
    tables: ['Episodes', 'Missing'],
  },
  {
    code: '579',
    message:
      'A new decision that the child should be placed for adoption this year cannot start when the previous decision is still open. Decisions to place the child for adoption should also not overlap. The date of any new decision to place the child for adoption must not be before the date placed ceased of previous decisions.',
    fields: ['DATE_PLACED', 'DATE_PLACED_CEASED'],
    tables: ['PlacedAdoption'],
  },
  {
    code: '580',
    message: 'Child is missing when cease being looked after but reason episode ceased not \u2018E8\u2019.',
    fields: ['REC'],
    tables: ['Episodes', 'MIssing'],
  },
  { code: '581', message: 'Child is missing but has not yet started to be looked after.', fields: ['MIS_START'], tables: ['Episodes', 'Missing'] },
  {
    code: '582',
    message:
      'Child is showing as ceasing to be looked after due to adoption, but the date of adoption is the same as the date reported for being matched with adopters. In most circumstances we expect the date the child is matched with adopters to be before the date of adoption.',
    fields: ['DATE_MATCH', 'DEC'],
    tables: ['AD1', 'Episodes'],
  },
  {
    code: '583',
    message:
      'More than one date the child should be placed for adoption has been reported, but an earlier decision has not been revoked. Check that both dates are required and add in the date the earlier decision was revoked. Note this may be in a previous year.',
    fields: ['DATE_PLACED', 'DATE_PLACED_CEASED'],
    tables: ['PlacedAdoption'],
  },
  {
    code: '584',
    message:
      'Date of decision that the child should be placed for adoption this year is different from that recorded last year, but the decision to placed the child for adoption changed and the child should no longer be placed for adoption.',
    fields: ['DATE_PLACED'],
    tables: ['PlacedAdoption', 'PlacedAdoption_last'],
  },
  { code: '586', message: 'Dates of missing periods are before child\u2019s date of birth.', fields: ['MIS_START'], tables: ['Missing'] },
  {
    code: '601',
    message: 'The additional fields relating to adoption have not been completed although the episode data shows that the child was adopted during the year.',
    fields: ['DATE_INT', 'DATE_MATCH', 'FOSTER_CARE', 'LS_ADOPTR', 'NB_ADOPTR', 'REC', 'SEX_ADOPTR'],
    tables: ['AD1', 'Episodes'],
  },
  {
    code: '602',
    message: 'The episode data submitted for this child does not show that he/she was adopted during the year.',
    fields: ['CHILD'],
    tables: ['AD1', 'Episodes'],
  },
  {
    code: '607',
    message: 'Child ceased to be looked after in the year, but mother field has not been completed.',
    fields: ['DEC', 'LS', 'MOTHER', 'REC', 'SEX'],
    tables: ['Episodes', 'Header'],
  },
  { code: '611', message: 'Date of birth field is blank, but child is a mother.', fields: ['MC_DOB', 'MOTHER'], tables: ['Header'] },
  {
    code: '612',
    message: 'Date of birth field has been completed but mother field indicates child is not a mother.',
    fields: ['MC_DOB', 'MOTHER', 'SEX'],
    tables: ['Header'],
  },
  {
    code: '620',
    message: 'Child has been recorded as a mother, but date of birth shows that the mother is under 11 years of age.',
    fields: ['DOB', 'MOTHER'],
    tables: ['Header'],
  },
  {
    code: '621',
    message: 'Mother\u2019s field has been completed but date of birth shows that the mother is younger than her child.',
    fields: ['DOB', 'MC_DOB'],
    tables: ['Header'],
  },
  {
    code: '624',
    message: 'Date of birth of the first child contradicts the date of birth of the first child previously recorded.',
    fields: ['MC_DOB'],
    tables: ['Header', 'Header_last'],
  },
  {
    code: '625',
    message: 'Date of birth of the first child is beyond the end of this reporting year or the date the child ceased to be looked after.',
    fields: ['DEC', 'MC_DOB'],
    tables: ['Episodes', 'Header'],
  },
  {
    code: '626',
    message:
      'Child was reported as a mother but the date of birth of the first child is before the current year which contradicts with the mother status recorded last year.',
    fields: ['MC_DOB', 'MOTHER'],
    tables: ['Header', 'Header_last'],
  },
  {
    code: '628',
    message: 'Motherhood details are not required for care leavers who have not been looked after during the year.',
    fields: ['MOTHER'],
    tables: ['Episodes', 'Header', 'OC3'],
  },
  { code: '630', message: 'Information on previous permanence option should be returned.', fields: ['RNE'], tables: ['Episodes', 'PrevPerm'] },
  { code: '631', message: 'Previous permanence option not a valid value.', fields: ['PREV_PERM'], tables: ['PrevPerm'] },
  {
    code: '632',
    message:
      'Date of previous permanence order not a valid value. NOTE: This rule may result in false negatives where the period of care started before the current collection year',
    fields: ['DATE_PERM', 'DECOM'],
    tables: ['Episodes', 'PrevPerm'],
  },
  {
    code: '633',
    message: 'Local authority code where previous permanence option was arranged is not a valid value.',
    fields: ['LA_PERM'],
    tables: ['PrevPerm'],
  },
  {
    code: '634',
    message: 'There are entries for previous permanence options, but child has not started to be looked after from 1 April 2016 onwards.',
    fields: ['DATE_PERM', 'DECOM', 'LA_PERM', 'PREV_PERM'],
    tables: ['Episodes', 'PrevPerm'],
  },
  {
    code: '635',
    message: 'There are entries for date of order and local authority code where previous permanence option was arranged but previous permanence code is Z1',
    fields: ['DATE_PERM', 'LA_PERM', 'PREV_PERM'],
    tables: ['PrevPerm'],
  },
  {
    code: 'EPI',
    message:
      'WARNING: Episodes need to be loaded for this child before further validation is possible [NOTE: This refers to the DfE portal - here, all checks that can be performed with only the available data will be.]',
    fields: ['CHILD'],
    tables: ['Header'],
  },
  { code: 'INT01', message: 'Data Integrity Check: Child in AD1 does not exist in Header.', fields: ['CHILD'], tables: ['AD1', 'Header'] },
  { code: 'INT02', message: 'Internal Check: Child in PlacedAdoption does not exist in Header.', fields: ['CHILD'], tables: ['Header', 'PlacedAdoption'] },
  { code: 'INT03', message: 'Internal Check: Child in Episodes does not exist in Header.', fields: ['CHILD'], tables: ['Episodes', 'Header'] },
  { code: 'INT04', message: 'Internal Check: Child in Missing does not exist in Header.', fields: ['CHILD'], tables: ['Header', 'Missing'] },
  { code: 'INT05', message: 'Internal Check: Child in OC2 does not exist in Header.', fields: ['CHILD'], tables: ['Header', 'OC2'] },
  { code: 'INT06', message: 'Internal Check: Child in OC3 does not exist in Header.', fields: ['CHILD'], tables: ['Header', 'OC3'] },
  { code: 'INT07', message: 'Internal Check: Child in PrevPerm does not exist in Header.', fields: ['CHILD'], tables: ['Header', 'PrevPerm'] },
  { code: 'INT08', message: 'Internal Check: Child in Reviews does not exist in Header.', fields: ['CHILD'], tables: ['Header', 'Reviews'] },
  { code: 'INT09', message: 'Internal Check: Child in UASC does not exist in Header.', fields: ['CHILD'], tables: ['Header', 'UASC'] },
  { code: 'INT11', message: 'Internal Check: DOB in AD1 is different to DOB in Header.', fields: ['DOB'], tables: ['AD1', 'Header'] },
  { code: 'INT12', message: 'Internal Check: DOB in PlacedAdoption is different to DOB in Header.', fields: ['DOB'], tables: ['Header', 'PlacedAdoption'] },
  { code: 'INT13', message: 'Internal Check: DOB in Missing is different to DOB in Header.', fields: ['DOB'], tables: ['Header', 'Missing'] },
  { code: 'INT14', message: 'Internal Check: DOB in OC2 is different to DOB in Header.', fields: ['DOB'], tables: ['Header', 'OC2'] },
  { code: 'INT15', message: 'Internal Check: DOB in OC3 is different to DOB in Header.', fields: ['DOB'], tables: ['Header', 'OC3'] },
  { code: 'INT16', message: 'Internal Check: DOB in PrevPerm is different to DOB in Header.', fields: ['DOB'], tables: ['Header', 'PrevPerm'] },
  { code: 'INT17', message: 'Internal Check: DOB in Reviews is different to DOB in Header.', fields: ['DOB'], tables: ['Header', 'Reviews'] },
  { code: 'INT18', message: 'Internal Check: DOB in UASC is different to DOB in Header.', fields: ['DOB'], tables: ['Header', 'UASC'] },
  { code: 'INT21', message: 'Internal Check: SEX in UASC is different to SEX in Header.', fields: ['SEX'], tables: ['Header', 'UASC'] },
  { code: 'INT31', message: 'Internal Check: Child should only exist once in AD1.', fields: ['CHILD'], tables: ['AD1'] },
  { code: 'INT32', message: 'Internal Check: Child should only exist once in Header.', fields: ['CHILD'], tables: ['Header'] },
  { code: 'INT33', message: 'Internal Check: Child should only exist once in OC2.', fields: ['CHILD'], tables: ['OC2'] },
  { code: 'INT34', message: 'Internal Check: Child should only exist once in OC3.', fields: ['CHILD'], tables: ['OC3'] },
  { code: 'INT35', message: 'Internal Check: Child should only exist once in PrevPerm.', fields: ['CHILD'], tables: ['PrevPerm'] },
  { code: 'INT36', message: 'Internal Check: Child should only exist once in UASC.', fields: ['CHILD'], tables: ['UASC'] },
  {
    code: 'NoE',
    message: 'This child has no episodes loaded for previous year even though child started to be looked after before this current year.',
    fields: ['DECOM'],
    tables: ['Episodes', 'Episodes_last'],
  },
  {
    code: 'SW01STG1',
    message: 'Child looked after on 31 March, but no social worker episode information is reported',
    fields: ['DEC'],
    tables: ['Episodes', 'SWEpisodes'],
  },
  { code: 'SW01aSTG1', message: 'For each social worker episode, information should be complete', fields: ['SW_DECOM', 'SW_ID'], tables: ['SWEpisodes'] },
  {
    code: 'SW01bSTG1',
    message: 'For each social worker episode, information should be complete',
    fields: ['SW_DECOM', 'SW_ID', 'SW_REASON'],
    tables: ['SWEpisodes'],
  },
  {
    code: 'SW02STG1',
    message: 'Social worker ID does not begin with the characters \u2018SW\u2019 or \u2018XX\u2019.',
    fields: ['SW_ID'],
    tables: ['SWEpisodes'],
  },
  {
    code: 'SW03STG1',
    message: 'For each social worker episode, information should be complete.',
    fields: ['SW_DECOM', 'SW_ID', 'SW_REASON'],
    tables: ['SWEpisodes'],
  },
  { code: 'SW04STG1', message: 'Date social worker episode began is not a valid date..', fields: ['SW_DECOM'], tables: ['SWEpisodes'] },
  { code: 'SW05STG1', message: 'Date social worker episode began is not a valid date.', fields: ['SW_DEC'], tables: ['SWEpisodes'] },
  {
    code: 'SW06STG2',
    message: 'Social worker episode data should be within the social worker data reporting year.',
    fields: ['SW_DECOM'],
    tables: ['SWEpisodes'],
  },
  {
    code: 'SW07STG2',
    message:
      'Social worker episode end date should be on or after the start of the social worker reporting period, and should be on or before the collection end date.',
    fields: ['SW_DEC'],
    tables: ['SWEpisodes'],
  },
  { code: 'SW09STG2', message: 'Social worker episode appears to have lasted for less than 24 hours.', fields: ['SW_DEC', 'SW_DECOM'], tables: ['SWEpisodes'] },
  {
    code: 'SW08STG2',
    message: 'A new social worker episode has started, but the previous episode has not ended.',
    fields: ['SW_DEC'],
    tables: ['SWEpisodes'],
  },
  {
    code: 'SW10STG2',
    message: 'A new social worker episode has started before the end date of the previous social worker episode.',
    fields: ['SW_DECOM'],
    tables: ['SWEpisodes'],
  },
  {
    code: 'SW11STG2',
    message: 'Social worker episode has ended before 31 March and no subsequent social worker episode has been provided.',
    fields: ['SW_DEC'],
    tables: ['SWEpisodes'],
  },
  {
    code: 'SW12STG2',
    message:
      'If a child is looked after on 31 March then all social worker episodes for the full previous year should be reported, even those whilst they were not looked after',
    fields: ['SW_DECOM'],
    tables: ['Episodes', 'SWEpisodes'],
  },
  {
    code: 'SW13STG1',
    message: 'The reason for social worker change is either not valid or has not been entered.',
    fields: ['SW_REASON'],
    tables: ['SWEpisodes'],
  },
  { code: 'SW14STG2', message: 'Social worker episode date ceased is blank.', fields: ['SW_DEC'], tables: ['SWEpisodes'] },
  { code: 'SW15STG2', message: 'Reason for social worker change is missing.', fields: ['SW_REASON'], tables: ['SWEpisodes'] },
  {
    code: 'SW16aSTG2',
    message: 'The social worker reason episode changed does not match the open episode at the end of last year.',
    fields: ['SW_ID'],
    tables: ['SWEpisodes', 'SWEpisodes_last'],
  },
  {
    code: 'SW16bSTG2',
    message: 'The social worker episode start date does not match the open episode at the end of last year.',
    fields: ['SW_DECOM'],
    tables: ['SWEpisodes', 'SWEpisodes_last'],
  },
  {
    code: 'SW16cSTG2',
    message: 'The social worker reason episode changed does not match the open episode at the end of last year.',
    fields: ['SW_REASON'],
    tables: ['SWEpisodes', 'SWEpisodes_last'],
  },
  // Added by DfE for 2025/26 (children looked after return 2025 to 2026: validation rules).
  {
    code: '233',
    message: 'Reason for placement change is not required when the episode has not ceased.',
    fields: ['REASON_PLACE_CHANGE'],
    tables: ['Episodes'],
  },
  {
    code: '234',
    message: 'A child aged under 10 can not change placement due to being admitted to custody',
    fields: ['REASON_PLACE_CHANGE', 'DOB'],
    tables: ['Episodes', 'Header'],
  },
  { code: '348', message: 'Care leaver has previously been reported as having died.', fields: ['IN_TOUCH'], tables: ['OC3', 'OC3_last'] },
  { code: '444', message: 'Duplicate UPN has been reported', fields: ['UPN'], tables: ['Header'] },
  { code: '454', message: 'Placement distance from home is over 350 miles.', fields: ['PL_DISTANCE'], tables: ['Episodes'] },
  { code: 'SW17STG2', message: 'There is no social worker episode open at 31 March', fields: ['SW_DEC', 'SW_DECOM'], tables: ['SWEpisodes'] },
  // Added by DfE for 2026/27 with the table of deprivation of liberty orders (DoLO): DfE's messages as the peer's lac2026_27 quotes them.
  { code: '700', message: 'The start date of the DoLO is not a valid date.', fields: ['DOLO_START'], tables: ['DoLO'] },
  { code: '701', message: 'The end date of the DoLO is not a valid date.', fields: ['DOLO_END'], tables: ['DoLO'] },
  { code: '702', message: 'The date that the DoLO ended is before the date that it started.', fields: ['DOLO_END', 'DOLO_START'], tables: ['DoLO'] },
  { code: '703', message: 'The date that the DoLO started is after the end of the collection year.', fields: ['DOLO_START'], tables: ['DoLO'] },
  {
    code: '704',
    message: 'The date that the DoLO ended is before the start or after the end of the collection year.',
    fields: ['DOLO_END'],
    tables: ['DoLO'],
  },
  { code: '705', message: 'A DoLO cannot start when the previous DoLO is still open.', fields: ['DOLO_START', 'DOLO_END'], tables: ['DoLO'] },
  {
    code: '706',
    message: 'There is an open DoLO in last year\u2019s return and there is no corresponding DoLO recorded at the start of this year.',
    fields: ['DOLO_START'],
    tables: ['DoLO', 'DoLO_last'],
  },
  { code: '707', message: 'Child ceased to be looked after but there is a DoLO without an end date.', fields: ['DOLO_END'], tables: ['Episodes', 'DoLO'] },
  { code: '708', message: 'Dates of DoLOs are before child\u2019s date of birth.', fields: ['DOLO_START'], tables: ['DoLO'] },
  { code: '709', message: 'Child with a DoLO is in an unexpected placement type.', fields: ['PLACE', 'DOLO_START'], tables: ['DoLO', 'Episodes'] },
  {
    code: '710',
    message: "Child with a DoLO can not be placed in secure children's homes, with parents, young offender institutions, or supported accommodation.",
    fields: ['PLACE', 'DOLO_START'],
    tables: ['DoLO', 'Episodes'],
  },
];

export const CATALOGUE_BY_CODE: ReadonlyMap<string, CatalogueEntry> = new Map(CATALOGUE.map((entry) => [entry.code, entry]));

/**
 * The SSDA903 rulesets, one per collection year. A return is checked with the ruleset of its
 * collection year (the nearest Keystone has outside 2022/23–2026/27), or the one asked for with
 * `--ruleset`: the rules DfE published for that year, with that year's wording and code lists (sex,
 * placement types, placements without a URN, the age for supported accommodation). DfE's yearly
 * changes, as the peer records them (its folders lac2022_23 … lac2026_27, and their deletion lists):
 *  - 2023/24 brought the social worker episodes (SWEpisodes, the SW rules), 217t and 230 (P2 ended
 *    and H5 needed a URN from 28 October 2023), 347 and 1016 (care leavers), and 370's age went from
 *    15 to 16;
 *  - 2024/25 deleted 217t, 230, 370, 445, 451, 555, 556 (D1 freeing orders: the last was made in
 *    2005), SW01STG1, SW03STG1, SW14STG2, SW15STG2 and SW16a–cSTG2, and added 231, 232, SW01aSTG1 and
 *    SW01bSTG1 (SW03STG1's completeness check, split at 1 April 2023: before it a reason is not needed);
 *    the social worker reporting period began a year before the collection year (SW07STG2);
 *  - SW15STG2 and SW16a–cSTG2 were drafted for 2024/25 (they are in the 2024/25 file this catalogue
 *    comes from) and withdrawn before it: they are in no ruleset;
 *  - 2025/26 split "other placement" (Z1) into Z11–Z14 and withdrew H5 and P2 (the code lists of 146,
 *    178, 213, 218, 222 and 526), changed 226's wording and 383 (the episode after a temporary placement),
 *    ended 503D's H5-to-K3 allowance ("For 2025 only"), and added 233, 234, 348, 444, 454 and SW17STG2
 *    (CHANGED_903, and ./rules/y2025-26.ts); it deleted none;
 *  - 2026/27 added the table of deprivation of liberty orders (DoLO: CHILD, DOB, DOLO_START, DOLO_END)
 *    and its rules 700–710 (./rules/y2026-27.ts); it changed and deleted none.
 * Keystone's SW11STG2 reads DfE's message in every SW year (an episode ending before 31 March must be
 * followed by another); the peer splits it in two and drops one half for 2024/25 (see PEER_DIFFERENCES).
 */
export const RULESETS_903 = ['2022/23', '2023/24', '2024/25', '2025/26', '2026/27'] as const;
export type Ruleset903 = (typeof RULESETS_903)[number];

const SOCIAL_WORKER_RULES = CATALOGUE.filter((entry) => entry.code.startsWith('SW')).map((entry) => entry.code);
/** DfE's rules on the DoLO table, from 2026/27. */
export const DOLO_RULES = CATALOGUE.filter((entry) => entry.tables.includes('DoLO')).map((entry) => entry.code);

/** Rules first published for a later year than 2022/23: not checked with an earlier ruleset. */
export const INTRODUCED_903: ReadonlyMap<string, Ruleset903> = new Map<string, Ruleset903>([
  ...SOCIAL_WORKER_RULES.map((code) => [code, '2023/24'] as [string, Ruleset903]),
  ['217t', '2023/24'],
  ['230', '2023/24'],
  ['347', '2023/24'],
  ['1016', '2023/24'],
  ...['SW15STG2', 'SW16aSTG2', 'SW16bSTG2', 'SW16cSTG2'].map((code) => [code, '2024/25'] as [string, Ruleset903]),
  ['231', '2024/25'],
  ['232', '2024/25'],
  ['SW01aSTG1', '2024/25'],
  ['SW01bSTG1', '2024/25'],
  ...['233', '234', '348', '444', '454', 'SW17STG2'].map((code) => [code, '2025/26'] as [string, Ruleset903]),
  ...DOLO_RULES.map((code) => [code, '2026/27'] as [string, Ruleset903]),
]);

/** Rules DfE deleted, with the first ruleset without them. */
export const DELETED_903: ReadonlyMap<string, Ruleset903> = new Map<string, Ruleset903>(
  ['217t', '230', '370', '445', '451', '555', '556', 'SW01STG1', 'SW03STG1', 'SW14STG2', 'SW15STG2', 'SW16aSTG2', 'SW16bSTG2', 'SW16cSTG2'].map((code) => [
    code,
    '2024/25',
  ]),
);

/** Where DfE worded a rule otherwise in some year than the catalogue does: that year's message (the peer's lac2022_23 … lac2026_27). */
const GENDER_174 = "Mother's child date of birth is recorded but gender shows that the child is a male.";
const SEX_101 = 'The child or young person’s reported sex is not valid.';
const REASON_SW13 = 'The reason for social worker change is not valid.';
const REASON_226 = 'Reason for placement change is not required for temporary placements.';
export const MESSAGES_903: ReadonlyMap<string, ReadonlyMap<Ruleset903, string>> = new Map([
  [
    '101',
    new Map<Ruleset903, string>([
      ['2024/25', SEX_101],
      ['2025/26', SEX_101],
      ['2026/27', SEX_101],
    ]),
  ],
  [
    '174',
    new Map<Ruleset903, string>([
      ['2022/23', GENDER_174],
      ['2023/24', GENDER_174],
    ]),
  ],
  [
    '226',
    new Map<Ruleset903, string>([
      ['2025/26', REASON_226],
      ['2026/27', REASON_226],
    ]),
  ],
  ['370', new Map<Ruleset903, string>([['2022/23', 'Child in independent living should be at least 15.']])],
  [
    '371',
    new Map<Ruleset903, string>([
      ['2022/23', 'Child in semi-independent living accommodation not subject to children’s homes regulations should be at least 14.'],
      ['2023/24', 'Child in semi-independent living accommodation not subject to children’s homes regulations should be at least 16.'],
    ]),
  ],
  [
    'SW13STG1',
    new Map<Ruleset903, string>([
      ['2024/25', REASON_SW13],
      ['2025/26', REASON_SW13],
      ['2026/27', REASON_SW13],
    ]),
  ],
]);

const Z1_SPLIT = 'placement codes Z11–Z14 in place of Z1, and H5 and P2 withdrawn';
/**
 * Rules DfE changed (rather than added) for a ruleset, and what changed: a return checked with an
 * earlier ruleset than its collection year's (`--ruleset`) lists them as run only as they stood then.
 */
export const CHANGED_903: ReadonlyMap<string, { ruleset: Ruleset903; what: string }> = new Map(
  (
    [
      ['146', `the placement types: ${Z1_SPLIT}`],
      ['178', `the placements with no provider: ${Z1_SPLIT}, and T4 no longer among them`],
      ['213', `the placements with no provider: ${Z1_SPLIT}`],
      ['218', `the placements without a URN: ${Z1_SPLIT}`],
      ['222', `the placements without a URN: ${Z1_SPLIT}`],
      ['226', '"Reason for placement change is not required for temporary placements."'],
      ['383', 'the episode after a temporary placement must have RNE P and the placement type and postcode of the one before'],
      ['503D', 'last year\'s open H5 placement may no longer continue as K3 ("For 2025 only")'],
      ['526', `the placements needing a provider: ${Z1_SPLIT}`],
    ] as const
  ).map(([code, what]) => [code, { ruleset: '2025/26' as Ruleset903, what }]),
);

/**
 * DfE's changes after Keystone's latest ruleset, which Keystone does not have: a return of a later
 * year is checked with the latest rules, and its report lists these as not run (new rules) or run
 * only as they stood (changed rules), so a clean report is not taken for checks that were not made.
 * None is known after 2026/27 (the peer's latest folder is lac2026_27, whose rules 700–710 are
 * Keystone's 2026/27 ruleset).
 */
export interface LaterChange {
  code: string;
  /** The first collection year, as the year it ends, of the change. */
  fromEndYear: number;
  /** A rule DfE added (not run at all), or one it changed (run as in Keystone's latest ruleset). */
  kind: 'added' | 'changed';
  what: string;
}
export const LATER_CHANGES_903: readonly LaterChange[] = [];

export const order903 = (ruleset: Ruleset903) => RULESETS_903.indexOf(ruleset);
const order = order903;

/** Whether the rule is in the ruleset: published by then and not yet deleted. */
export function inRuleset903(code: string, ruleset: Ruleset903): boolean {
  const introduced = INTRODUCED_903.get(code);
  const deleted = DELETED_903.get(code);
  return (!introduced || order(introduced) <= order(ruleset)) && (!deleted || order(ruleset) < order(deleted));
}

/** The ruleset of the collection year ending 31 March `endYear`: the nearest Keystone has outside 2022/23–2026/27. */
export function ruleset903For(endYear: number): Ruleset903 {
  const clamped = Math.min(Math.max(endYear, 2023), 2027);
  return `${clamped - 1}/${String(clamped).slice(2)}` as Ruleset903;
}

/** The year (ending 31 March) whose code lists a ruleset checks with. */
export const rulesetEndYear = (ruleset: Ruleset903): number => Number(ruleset.slice(0, 4)) + 1;

/** A ruleset named as `2024/25`, `2024-25` or `2025` (the year it ends); null when Keystone has no such SSDA903 ruleset. */
export function parseRuleset903(text: string): Ruleset903 | null {
  const match = /^(\d{4})(?:[/-](\d{2}))?$/.exec(text.trim());
  if (!match) return null;
  const endYear = match[2] ? Number(match[1]) + 1 : Number(match[1]);
  if (match[2] && String(endYear).slice(2) !== match[2]) return null;
  const name = `${endYear - 1}/${String(endYear).slice(2)}`;
  return (RULESETS_903 as readonly string[]).includes(name) ? (name as Ruleset903) : null;
}

const OFSTED_REGISTER =
  "Ofsted's lists of children's homes and social care providers (sent to councils, not published openly): give both, or the combined list, as .xlsx or CSV beside the return to run it";
/**
 * Rules that need Ofsted's provider lists, which Keystone does not ship: they run when a council gives
 * the lists beside its return (ofsted.ts), and are otherwise listed as not run, saying what is missing.
 */
export const NEEDS_REFERENCE_DATA: ReadonlyMap<string, string> = new Map([
  ['1008', `whether the URN is a registered provider: ${OFSTED_REGISTER}`],
  ['219', `the placement types each provider is registered for: ${OFSTED_REGISTER}`],
  ['221', `each provider's registered postcode: ${OFSTED_REGISTER}`],
  ['224', `each provider's ownership (placement provider type): ${OFSTED_REGISTER}`],
  ['227', `each provider's registration date: ${OFSTED_REGISTER}`],
  ['228', `each provider's closure date: ${OFSTED_REGISTER}`],
  ['229', `each provider's local authority: ${OFSTED_REGISTER}`],
]);

const NO_POSTCODE_DIRECTORY =
  "Keystone ships no copy of ONS's postcode directory (no package of it reaches Keystone's install), so this is checked only when the return itself carries the column";
/**
 * Columns DfE derives from the episode's postcodes with ONS's postcode directory (placement local
 * authority, in or out of the council's area, distance in miles). A CSV return may carry them; when it
 * does not, the rules on them are not run, for this reason.
 */
export const POSTCODE_DERIVED: ReadonlyMap<string, string> = new Map([
  ['PL_LA', `DfE finds the placement's local authority (PL_LA) from the placement postcode; ${NO_POSTCODE_DIRECTORY}`],
  ['PL_LOCATION', `DfE finds whether the placement is in or out of the council's area (PL_LOCATION) from the placement postcode; ${NO_POSTCODE_DIRECTORY}`],
  ['PL_DISTANCE', `DfE measures the distance between home and placement (PL_DISTANCE) from the two postcodes; ${NO_POSTCODE_DIRECTORY}`],
]);

/** Rules run, but only in part: what DfE checks that Keystone cannot. */
export const PARTLY_CHECKED: ReadonlyMap<string, string> = new Map([
  [
    '392c',
    "only the shape of each postcode is checked (outward code, inward code): DfE also checks it exists in ONS's postcode directory, which Keystone does not ship, so a well-formed postcode that does not exist is not caught",
  ],
]);

/**
 * Where Keystone and data-to-insight's SSDA903 validator (csc-validator-be-903, ruleset lac2024_25)
 * flag different children on the shared fixture (2,675 children, a 2017-18 return), and why, with
 * DfE's text (the catalogue's message, or DfE's coding where quoted). Both were run on the same files,
 * collection year and ruleset (2024/25; Keystone with --ruleset 2024/25), the peer with each rule on its own copy of the data as well as in one run:
 * `node bench/rules-compare.ts` repeats the comparison. Every rule both implement and not named here
 * flags the same children. Where Keystone follows DfE's text and the peer does not, Keystone keeps its
 * reading. The 2025/26 rules were compared on a 2025-26 return made from the fixture outside the
 * repository (dates moved on eight years, Z1 split into Z11–Z14, H5 partly recoded K3, some URNs and
 * providers blanked, last year's Episodes and OC3 supplied), Keystone's 2025/26 ruleset against the
 * peer's lac2025_26 (collection year 2026): 146, 178, 213, 218, 222, 226, 348, 383, 444, 526 and
 * SW17STG2 agree child for child; 233, 234, 454 and 503D differ as their notes say.
 */
const IN_PLACE =
  "The peer shares one copy of the data between its rules and some change it in place (365 fills every open episode's DEC with the year's end, 361/362 likewise), so in one whole run this rule sees altered dates; run on its own, the peer flags exactly Keystone's children.";
const DOB_AS_WRITTEN =
  "Keystone compares the two dates of birth as written, so a blank or unreadable one beside a date in Header is different (the child's DOB is not the same in both); the peer compares only where both read as dates, passing a blank (seen on the demo county's return with seeded faults).";
const NO_POSTCODES =
  "Neither side can check this here: DfE derives the column from the postcodes with ONS's postcode directory, which Keystone does not ship (the rule is listed on the report as not run) and the peer's copy could not be installed (its stand-in knows no postcode, so it flags every episode).";
const OPEN_EPISODES =
  "The peer drops episodes without an end date (DEC) before checking, so it misses children still in that placement at the year's end; the rule's text puts no condition on the end date, and Keystone checks open episodes too (counted to 31 March where a duration matters).";
const RULESET_YEAR =
  "The fixture is a 2017-18 return coded the old way. By default Keystone checks a return with its collection year's ruleset (for 2017-18 the nearest it has, 2022/23, with that year's code lists); the peer was run with lac2024_25. With --ruleset 2024/25 (as bench/rules-compare.ts runs it for the comparison) Keystone uses 2024-25's lists and flags the peer's children.";
const UNDATED =
  "An episode with no valid start date (DECOM: 141's error, which Keystone reports) has no place among the child's episodes, so Keystone leaves it out when it pairs each episode with the one before. The peer sorts it after the child's last episode (pandas puts a missing date last) and reports what follows from that made-up order (seen on the demo county's returns with seeded faults, bench/903-faults.ts).";
const PLACE_UNKNOWN =
  'Whether this applies turns on the placement type, and an episode with none cannot be told: Keystone reports the blank PLACE under 146 ("Placement type code is not a valid code."). The peer reads a blank PLACE as a type outside the exempt list and flags the episode here, while its 146 lets the blank through (seen on the demo county\'s returns with seeded faults).';
const LEAVING_CARE_BLANK =
  "A blank is no entry, so not an invalid one: DfE's 153 (\"All data items relating to a child's activity or accommodation after leaving care must be coded or left blank.\") is the rule for an item left blank beside others coded, and both sides report those under 153; its 344 even wants ACTIV and ACCOM blank when IN_TOUCH is DIED or RHOM. Keystone tests the codes given; the peer's rule also flags every blank, so it reports the same care leaver twice (seen on the demo county's returns with seeded faults).";
const DELETED = (code: string, more = '') =>
  `DfE deleted ${code} for 2024-25 (the peer's lac2024_25 drops it, as does Keystone's 2024/25 ruleset). By default Keystone checks the 2017-18 fixture with the 2022/23 ruleset, which has it${more}; with --ruleset 2024/25 neither side reports it.`;
export const PEER_DIFFERENCES: ReadonlyMap<string, string> = new Map([
  // The URN rules, run on the peer's own fake return and fake Children's Homes and Social Care Providers lists (its tests/fake_data,
  // read in place): 1008 flags the same 2,123 children on both sides; 227 and 228 flag none on either.
  [
    '219',
    'DfE: "If <URN> provided and <URN> not = \'XXXXXXX\' then <PL> must = any URN Lookup <PLACEMENT CODE> of matching URN Lookup <URN>". Where the lists hold no such URN there is no matching lookup to compare with: that URN is 1008\'s error ("URN is not valid"), and Keystone reports it there only. The peer\'s left join leaves the codes empty and flags the episode under 219 as well, so on its fake return it flags all 2,123 children 1008 flags.',
  ],
  [
    '221',
    "DfE: \"If <URN> provided and <URN> not = 'XXXXXX', and <LS> not = 'V3', 'V4' and where <PL> = 'K1', 'K2', 'R3' or 'S1' and <PL_POST> provided, <PL_POST> should = URN Lookup <Provider Postcode>\" (H5 added for 2023/24, K3 in its place from 2024/25). Keystone compares postcodes only for a URN the lists hold (an unknown URN is 1008's error); the peer also flags every such placement whose URN the lists lack (482 children on its fake return).",
  ],
  [
    '224',
    'DfE: "If <URN> provided and <URN> not = \'XXXXXXX\', then <PLACE_PROVIDER> must = URN Lookup <PLACE_PROVIDER>". As for 219: Keystone leaves a URN the lists do not hold to 1008; the peer flags it under 224 too (all 2,123 children on its fake return).',
  ],
  // 2026/27's DoLO rules: the shared fixture has no DoLO table, so the peer's lac2026_27 (v0.1.14) was run on the cases of rules.test.ts
  // (Debian's pandas 1.5.3, its two data packages replaced by empty stand-ins). 700, 701, 703, 704 and 708 flag the same rows there.
  [
    '702',
    'DfE (2026/27): "The date that the DoLO ended is before the date that it started." The peer also flags an order that ended the day it started (end on or before start); Keystone flags only an end before the start, as the text says.',
  ],
  [
    '705',
    'DfE (2026/27): "If provided <DOLO_START> from current DoLO occurrence must be >= previous DoLO occurrence <DOLO_START> and previous DoLO occurrence <DOLO_END> cannot be Null" ("A DoLO cannot start when the previous DoLO is still open"). Keystone takes each child\'s orders in start order, as the coding does, and reports the later one; the peer orders them by end date (an open order by its start), so for an order lying inside another it reports the outer one (on the test cases: rows 3, 4 and 7 against Keystone\'s 3, 4 and 8).',
  ],
  [
    '706',
    "DfE (2026/27): \"If previous collection year last DoLO has <DOLO_START> and <DOLO_END> is null, then a DoLO must be present in this years collection and the first DoLO <DOLO_START> must be the same as that episode\u2019s <DOLO_START>\". Keystone checks each child's last order of last year and this year's first, and reports that first order, or the child's Header row when there is none. The peer checks every open order of last year (not only the last), accepts any order this year with its start, and reports row numbers of last year's table as if they were this year's, for children not in this year's return too: on the test cases it flags 4 rows where Keystone flags 2 children.",
  ],
  [
    '707',
    'DfE (2026/27): "Child ceased to be looked after but there is a DoLO without an end date." Keystone flags an open order begun on or before the day the child\'s last episode ended their care (REC other than X1). The peer reuses its 577 code on periods of care joined by dates, so it also flags an order begun after care ended and a child whose last episode ended X1 ("a new episode begins"), and orders with an end date outside every period of care.',
  ],
  [
    '709',
    "DfE (2026/27): \"If <DOLO_START> and <DOLO_END> are present then <PLACEMENT> for any episode where <DECOM> and <DEC> overlap the DOLO should be 'K2', 'Z12', or 'Z13'.\" <PLACEMENT> is the Episodes table's PLACE: the peer reads a PLACEMENT column, which the table does not have, so the rule fails inside it and flags nobody. Given that column as well, it counts the day a child moves as an overlap (an episode that ended the day the order began); Keystone does not, and reports each episode once, at PLACE, where the peer reports the order and the episode for each pair.",
  ],
  [
    '710',
    "DfE (2026/27): \"If <DOLO_START> and <DOLO_END> are present then <PLACEMENT> for any episode where <DECOM> and <DEC> overlap the DOLO must not be 'K1', 'P1', 'R5', 'K3'.\" As for 709: the peer reads a PLACEMENT column the Episodes table does not have (PLACE), so it flags nobody; given that column, it also flags a child placed with parents (P1) until the day the order began, which Keystone does not count as an overlap.",
  ],
  [
    '233',
    'DfE (2025/26): "If <DEC> is null then <REASON_PLACE_CHANGE> should be null". The peer\'s lac2025_26 reads a DATE_EPISODE_CEASED column, which the Episodes table does not have (its date ceased is DEC), so the rule fails inside it and flags nobody; Keystone flags each open episode with a reason (777 children on the 2025-26 return made from the fixture).',
  ],
  [
    '234',
    'DfE (2025/26): "If <DECOM> < <DOB> + 10 years then previous episode <REASON_PLACE_CHANGE> can not be \'CUSTOD\'". Keystone takes the age at the start of the next episode (when the placement changed) and reports the episode holding CUSTOD; the peer takes the age at the start of the episode holding CUSTOD, so it also flags children who were 10 by the time they changed placement, and a last episode with no change after it (on the 2025-26 return made from the fixture: 82 children on both sides, 27 more from the peer).',
  ],
  [
    '454',
    `DfE (2025/26): "If <PL_DISTANCE> is present and not 999.9, then <PL_DISTANCE> should be <=350 miles". The peer computes PL_DISTANCE from the postcodes itself and cannot read the column in the return; its postcode directory could not be installed here (its stand-in knows no postcode), so it flags nobody. Keystone checks the column when the return carries it and otherwise lists 454 as not run.`,
  ],
  [
    '101',
    `DfE: "Gender code is not valid." ${RULESET_YEAR} Sex is 1 / 2 until 2023-24 and M / F / U from 2024-25, so the peer flags all 2,675 children's 1 and 2; Keystone accepts them for 2017-18 (and refuses them on a 2024-25 return).`,
  ],
  [
    '222',
    `DfE: "Ofsted Unique reference number (URN) should not be recorded for this placement type." ${RULESET_YEAR} H5 left the list of placements without a URN in 2023-24 and P2 in 2024-25; Keystone's 2017-18 list still has both, so it flags 186 more children (H5 and P2 placements with a URN).`,
  ],
  [
    '371',
    `DfE: "Child in supported accomodation not subject to children’s homes regulations should be at least 16." ${RULESET_YEAR} Supported accommodation is H5 (at 14 or over until 2022-23, 16 from 2023-24) before 2024-25 and K3 after; the fixture has no K3, so the peer flags nobody, Keystone the H5 placements of children under 14.`,
  ],
  [
    '393',
    `DfE: "Child is looked after but mother field is not completed." The peer's 2024-25 rule reads a girl only as F; the fixture codes her 2. Keystone reads 2 and F alike (the year's own coding), so it flags the 969 girls looked after whose MOTHER is blank, of any age, as the peer's 2022-23 rule (which reads 2) does, child for child.`,
  ],
  [
    '607',
    `DfE's coding: "Where <CEASED_TO_BE_LOOKED_AFTER> = 'Y', and <LS> not = 'V3' or 'V4' and <DEC> is in <CURRENT_COLLECTION_YEAR> and <SEX> = '2' then <MOTHER> should be provided." The peer's 2024-25 rule looks for F only; the fixture codes girls 2, which Keystone reads as female, so it flags them.`,
  ],
  [
    '185',
    `DfE: "Child has not been looked after continuously for at least 12 months at 31 March but a Strengths and Difficulties (SDQ) score has been completed." One child (88533) ceased to be looked after on 31 March 2018: Keystone reads that as not looked after at 31 March, so out of the 12-month cohort; the peer ends its test the day before (DEC < 31 March). Otherwise the same children, by DfE's definition of the cohort (see lookedAfter12Months).`,
  ],
  [
    '190',
    `DfE: "Child has not been looked after continuously for at least 12 months at 31 March but one or more data items relating to children looked after for 12 months have been completed." Three children ceased on 31 March 2018 (88533, 282888, 520173): out of the cohort for Keystone, in it for the peer (see 185).`,
  ],
  [
    '198',
    `DfE: "Child has not been looked after continuously for at least 12 months at 31 March but a reason for no Strengths and Difficulties (SDQ) score has been completed." As 185 and 190: two children who ceased on 31 March 2018 (282888, 520173) are out of the 12-month cohort for Keystone and in it for the peer.`,
  ],
  [
    '546',
    `DfE: "Children aged 5 or over at 31 March should not have health promotion information completed." The same three children who ceased on 31 March 2018 (see 190): in the peer's cohort, so flagged there, not in Keystone's.`,
  ],
  [
    '213',
    `DfE: "Placement provider information not required." Keystone counts Z1 among the placements that take no provider, as DfE's coding of 178 does ("should not be provided if <PL> = T0 … Z1"; from 2025-26 213 itself lists Z1's successors Z11–Z14); the peer's 213 stops at T4, so 125 children with a provider on a Z1 placement are Keystone's alone (the peer reports them under 178).`,
  ],
  [
    '347',
    `DfE's coding: "If <ACCOM> = 'T' then <DOB> must be >= 18 years prior to <COLLECTION_START_DATE>" (T is the Foyer group of codes, T1 and T2). The peer compares ACCOM with the single letter T, which no real code equals, so it never fires; Keystone reads T1/T2 and flags three care leavers under 18 in a Foyer.`,
  ],
  ['372', `DfE: "Child in youth custody or prison should be at least 10." ${OPEN_EPISODES}`],
  ['373', `DfE: "Child placed in a school should be at least 4 years old." ${OPEN_EPISODES}`],
  ['374', `DfE: "Child in residential employment should be at least 14 years old." ${OPEN_EPISODES}`],
  ['375', `DfE: "Hospitalisation coded as a temporary placement exceeds six weeks." ${OPEN_EPISODES}`],
  [
    '376',
    `DfE: "Temporary placements coded as being due to holiday of usual foster carer(s) cannot exceed three weeks." (T3.) ${OPEN_EPISODES} In one whole run the peer agrees with Keystone only by accident: 365 has filled the open DECs with 31 March first.`,
  ],
  ['379', `DfE: "Temporary placements for unspecified reason (placement code T4) cannot exceed seven days." ${OPEN_EPISODES}`],
  [
    '377',
    `DfE: "Only two temporary placements coded as being due to holiday of usual foster carer(s) are allowed in any 12- month period." The peer counts every T3 episode in the file, across years and across episodes that only change legal status; Keystone counts T3 placements beginning within 12 months of one another (three children's T3 episodes span more than a year).`,
  ],
  [
    '383',
    `DfE: "A child in a temporary placement must subsequently return to his/her normal placement." Keystone compares the placement before and after (type, URN and postcode: the same placement); the peer compares the type only and wants the next episode's RNE to be P. So Keystone flags three children who came back to another placement of the same type, the peer five whose temporary placement runs on through legal status changes (RNE L) with no return yet. DfE's 2025/26 coding spells the check out ("If previous episode <PL> = 'T0' … 'T4' then current episode <RNE> must = 'P' AND <PL> must = previous episode -1 <PL> AND <PL_POST> must = previous episode -1 <PL_POST>"): Keystone's 2025/26 ruleset follows it, reporting the episode after the temporary one, and agrees with the peer's lac2025_26.`,
  ],
  [
    '389',
    `DfE: "Reason episode ceased is that child transferred to care of adult social care services, but child is aged under 16." Age is taken on the date the episode ceased; nine children have E7 with no end date (148 reports that). The peer flags them; Keystone cannot take an age on a date that is not there.`,
  ],
  [
    '431',
    `DfE: "The reason for new episode is started to be looked after, but the previous episode ended on the same day." Keystone flags that (one child); the peer also flags an S episode starting before the previous one ended, which is an overlap, DfE's rule 501 ("A new episode has started before the end date of the previous episode"), reported there by both.`,
  ],
  [
    '433',
    `DfE: "The reason for new episode suggests that this is a continuation episode, but the episode does not start on the same day as the last episode finished." Four children's previous episode never finished (no DEC): the peer flags the continuation, Keystone leaves it to 142 ("A new episode has started, but the previous episode has not ended"), which flags them.`,
  ],
  [
    '577',
    `DfE: "Child ceased to be looked after but there is a missing/away from placement without authorisation period without an end date." The six children the peer flags have missing periods with an end date, some after care ended (DfE's 578, flagged by both); Keystone reads the rule as written: a missing period left open.`,
  ],
  [
    '581',
    `DfE: "Child is missing but has not yet started to be looked after." Keystone flags a missing period beginning before the child's first episode; the four children the peer flags went missing after their care had ended (578's case), not before it began.`,
  ],
  [
    '634',
    `DfE's coding: "If <PREV_PERM> or <LA_PERM> or <DATE_PERM> provided, then at least 1 episode must have a <DECOM> later than 01/04/2016." The peer compares the latest DECOM with the start of the collection year (1 April 2017) instead of 1 April 2016, so it flags 293 children who started in 2016-17; Keystone uses DfE's date.`,
  ],
  [
    '1007',
    `DfE's coding: "If <DOB> < 19 and >= 17 years prior to <COLLECTION_END_DATE> and current episode <DEC> and or <REC> not provided then <IN_TOUCH>, <ACTIV> and <ACCOM> should not be provided." The peer requires an end date after the birthday, so it misses exactly the children the coding names: still looked after, with no DEC (14 children); Keystone flags them.`,
  ],
  [
    '1015',
    `DfE: "Placement provider is own provision but child not placed in own LA." Keystone runs it when the council's own LA code is known (Council settings on import, --la-code for keystone validate) and the return carries PL_LA; DfE derives PL_LA from the placement's postcode, which the CSV fixture lacks, so here it is not run (listed on every report with why). The peer flags 355 children here only because its postcode stand-in leaves every placement's LA unknown.`,
  ],
  ['169', `DfE: "Local Authority (LA) of placement is not valid or is missing. Please check a valid postcode has been entered." ${NO_POSTCODES}`],
  ['179', `DfE: "Placement location code is not a valid code." ${NO_POSTCODES}`],
  ['392a', `DfE: "Child is looked after but no distance is recorded." ${NO_POSTCODES}`],
  [
    '392c',
    `DfE: "Postcode(s) provided are invalid." Keystone checks the shape of each postcode only (reported as run in part): the fixture's postcodes are well formed, so it flags none. The peer checks them against ONS's directory, which its stand-in leaves empty, so it flags every postcode. With the real directory the fake postcodes would indeed fail.`,
  ],
  ['387', `DfE: "Reason episode ceased is child moved into independent living arrangement, but the child is aged under 14." ${IN_PLACE}`],
  [
    '388',
    `DfE: "Reason episode ceased is coded new episode begins, but there is no continuation episode." ${IN_PLACE} (In one run the peer flags 1,074 children, every open last episode ending X1, because 365 gave it an end date.)`,
  ],
  ['602', `DfE: "The episode data submitted for this child does not show that he/she was adopted during the year." ${IN_PLACE}`],
  ['1016', `DfE: "Care leaver information is not required for 17- or 18-year olds who cease to be looked after, after their birthday." ${IN_PLACE}`],
  [
    '362',
    `DfE: "Emergency protection order (EPO) lasted longer than 21 days". Both time the order across the episodes that continue it and agree child for child, but in one whole run the peer's 361 has changed the shared data first and it flags one child more.`,
  ],
  ['445', DELETED('445', ', so it checks D1 (a freeing order) on episodes after December 2005')],
  ['555', DELETED('555')],
  ['370', DELETED('370', ' (P2 at 15 or over; 155 children here, open episodes counted, see OPEN_EPISODES on 372)')],
  [
    '146',
    `DfE: "Placement type code is not a valid code." From 2024-25 K3 is one: DfE's 371 names it ("Child in supported accomodation not subject to children’s homes regulations should be at least 16."). The peer's 2024-25 list spells it "k3", so it flags every K3 placement; Keystone accepts K3 from its 2024/25 ruleset (the fixture has none, so both agree here).`,
  ],
  [
    '503D',
    "DfE's coding: \"Where previous collection year’s final episode <DEC> not provided then first episode of this year’s collection <PL> must be the same as the previous episode [For 2025 only: Except if previous year <PL> = ‘H5’ and current year <PL> = ‘K3’]\", the same in DfE's 2025/26 rules. Keystone applies the exception in its 2024/25 ruleset only, as does the peer (for collection years 2024 and 2025). For 2025/26 the peer also lets last year's open Z1 continue as Z11–Z14, which DfE's text does not say: Keystone flags those children (8 on the 2025-26 return made from the fixture, where both flag the other 1,128). The 2017-18 fixture has no K3: both agree on it.",
  ],
  [
    '557',
    "DfE's 2024-25 rule counts only the placement order (E1) with the placements for adoption; until 2023-24 a freeing order (D1) counted too (the peer's lac2022_23). Keystone's 2022/23 ruleset, the fixture's by default, so flags 285 children; with --ruleset 2024/25, 215, the peer's children.",
  ],
  [
    'SW11STG2',
    "DfE: \"Social worker episode has ended before 31 March and no subsequent social worker episode has been provided.\" Keystone flags a child's last episode when it ended before 31 March, in 2023/24 and 2024/25 alike; how soon a next episode starts is SW10STG2's check. The peer splits the rule into SW11a (the next episode starts within five days of the end) and SW11b (an end in the last five days before 31 March needs a next episode) and drops SW11a for 2024/25, so it passes a last episode ending earlier in the year. The fixture's one social worker episode ends after 31 March 2018: neither flags it.",
  ],
  [
    'SW01STG1',
    "DfE's social worker rules begin with 2023-24 and DfE deleted SW01STG1 (\"Child looked after on 31 March, but no social worker episode information is reported\") for 2024-25, adding SW01aSTG1 and SW01bSTG1 (each episode complete). Keystone's 2023/24 ruleset has SW01STG1, its 2024/25 ruleset the two new rules, as the peer's lac2024_25 does; the 2017-18 fixture, checked by default with 2022/23, gets no social worker rule.",
  ],
  [
    '231',
    "DfE's coding: \"If <UASC_STATUS> = 1 then <DOB> should be > 11 years prior to <COLLECTION_END_DATE>\". A child born exactly 11 years before 31 March is not more than 11 years prior, so Keystone flags them; the peer lets that day pass. The fixture's Header has no UASC column: Keystone takes the UASC table's children as UASC (as the peer's reader fills Header's UASC from it) and, with --ruleset 2024/25, flags 75 under 11 at 31 March 2018; the peer's 231 reads a UASC_STATUS column its reader never makes.",
  ],
  [
    '141',
    `DfE: "Date episode began is not a valid date." A blank is not a valid date: Keystone flags it (DfE's specification makes the item mandatory for every episode, and the blank would otherwise pass every check). The peer tests only the values given (its mask lets a blank through), so on the demo county's returns with seeded faults (bench/903-faults.ts, compared with BENCH_903_FOLDERS) Keystone also names the children whose episode has the item blanked.`,
  ],
  [
    '143',
    `DfE: "The reason for new episode code is not a valid code." A blank is not a valid code: Keystone flags it (DfE's specification makes the item mandatory for every episode, and the blank would otherwise pass every check). The peer tests only the values given (its mask lets a blank through), so on the demo county's returns with seeded faults (bench/903-faults.ts, compared with BENCH_903_FOLDERS) Keystone also names the children whose episode has the item blanked.`,
  ],
  [
    '144',
    `DfE: "The legal status code is not a valid code." A blank is not a valid code: Keystone flags it (DfE's specification makes the item mandatory for every episode, and the blank would otherwise pass every check). The peer tests only the values given (its mask lets a blank through), so on the demo county's returns with seeded faults (bench/903-faults.ts, compared with BENCH_903_FOLDERS) Keystone also names the children whose episode has the item blanked.`,
  ],
  [
    '145',
    `DfE: "Category of need code is not a valid code." A blank is not a valid code: Keystone flags it (DfE's specification makes the item mandatory for every episode, and the blank would otherwise pass every check). The peer tests only the values given (its mask lets a blank through), so on the demo county's returns with seeded faults (bench/903-faults.ts, compared with BENCH_903_FOLDERS) Keystone also names the children whose episode has the item blanked.`,
  ],
  [
    '164',
    `DfE: "Distance is not valid. Please check a valid postcode has been entered." Keystone checks a PL_DISTANCE column when a return carries one (its own export no longer writes it: DfE derives it); the peer ignores the column and derives the distance from the postcodes, which its stand-in directory cannot, so it flags none. ${NO_POSTCODES}`,
  ],
  [
    'SW10STG2',
    "DfE's coding (the peer's transcription, 2024-25 on): \"If the current social worker episode <SW_REASON> is not = 'FCONTA' then <SW_DECOM> of current episode must be >= (<SW_DEC>+/- 7 days) of previous episode if present\", which the peer's own comment reads as \">= SW_DEC - 7 days\". Keystone flags a start more than 7 days before the previous episode's end, as that reads; the peer's code also flags a start more than 7 days after it (a gap between workers) and a start after a previous episode with no end, so on the demo county's return it names 25 children Keystone does not (a gap is not an overlap; an episode left open is SW08STG2's).",
  ],
  [
    'SW11bSTG2',
    "The peer's half of DfE's SW11STG2 (see SW11STG2): an episode ending in the five days up to 31 March needs a next one. It counts an episode ending on 31 March itself as ended before 31 March; Keystone's SW11STG2 flags a last episode that ended before 31 March, so not one ending on it (5 children on the demo county's 2025-26 return).",
  ],
  [
    'SW02STG1',
    `DfE: "Social worker ID does not begin with the characters 'SW' or 'XX'." Keystone tests the IDs given; a blank one is SW03STG1's ("For each social worker episode, information should be complete."), so it is not reported twice. The peer's test also takes a blank as not beginning with SW (seen on the demo county's return with seeded faults).`,
  ],
  [
    '165',
    `DfE: "Data entry for mother status is invalid." From 2024-25 the return codes sex M, F and U (DfE's 101). The peer's 165 (its 2022/23 rule, carried into every later ruleset) still finds girls by SEX = 2 and boys by SEX = 1, so on a 2024-25 or later return it never asks a girl for MOTHER nor refuses one for a boy; Keystone reads both codings (on the demo county's 2025-26 return with seeded faults, the girls whose episodes became other than short breaks).`,
  ],
  ['INT11', `DfE: "Internal Check: DOB in AD1 is different to DOB in Header." ${DOB_AS_WRITTEN}`],
  ['INT12', `DfE: "Internal Check: DOB in PlacedAdoption is different to DOB in Header." ${DOB_AS_WRITTEN}`],
  ['INT13', `DfE: "Internal Check: DOB in Missing is different to DOB in Header." ${DOB_AS_WRITTEN}`],
  ['INT14', `DfE: "Internal Check: DOB in OC2 is different to DOB in Header." ${DOB_AS_WRITTEN}`],
  ['INT15', `DfE: "Internal Check: DOB in OC3 is different to DOB in Header." ${DOB_AS_WRITTEN}`],
  ['INT16', `DfE: "Internal Check: DOB in PrevPerm is different to DOB in Header." ${DOB_AS_WRITTEN}`],
  ['INT17', `DfE: "Internal Check: DOB in Reviews is different to DOB in Header." ${DOB_AS_WRITTEN}`],
  ['INT18', `DfE: "Internal Check: DOB in UASC is different to DOB in Header." ${DOB_AS_WRITTEN}`],
  [
    'SW08STG2',
    `DfE: "A new social worker episode has started, but the previous episode has not ended." Keystone flags an episode followed by another with no end date; an end date written but not a date is SW05STG1's (DfE's check of SW_DEC, whose message reads "Date social worker episode began is not a valid date."). The peer reads an unreadable end date as none and flags it under both (seen on the demo county's return with seeded faults).`,
  ],
  [
    '355',
    `DfE: "Episode appears to have lasted for less than 24 hours". Keystone flags an episode whose start and end are the same date; the peer compares the two as text, so an episode with neither date ("nan" beside "nan") is flagged as lasting under a day (seen on the demo county's return with seeded faults): its missing dates are 141's and, where another follows, 142's.`,
  ],
  [
    'SW12STG2',
    `DfE: "If a child is looked after on 31 March then all social worker episodes for the full previous year should be reported, even those whilst they were not looked after." Keystone checks the episodes reported cover the year; a child with none at all is SW01STG1's case (to 2023-24). Social worker rules begin with 2023-24, so the 2017-18 fixture gets none by default; with --ruleset 2024/25 the following holds. The peer flags every child looked after on 31 March whose care started or ended without a social worker episode starting or ending with it, so 1,064 children who have no social worker episodes at all.`,
  ],
  ['132', `DfE: "Data entry for activity after leaving care is invalid." ${LEAVING_CARE_BLANK}`],
  [
    '133',
    `DfE: "Data entry for accommodation after leaving care is invalid. If reporting on a childs accommodation after leaving care the data entry must be valid". ${LEAVING_CARE_BLANK}`,
  ],
  [
    '167',
    `DfE: "Data entry for participation is invalid or blank." A review whose participation code is one of PN0–PN7 but whose date is blank has a code neither invalid nor blank: the missing date is DfE's 166 ("Date of review is invalid or blank."), which both sides report. The peer's 167 also flags the code given without a date (seen on the demo county's returns with seeded faults).`,
  ],
  [
    '218',
    `DfE: "Ofsted Unique reference number (URN) is required." ${PLACE_UNKNOWN} Keystone also asks no URN of a short break (LS V3 or V4), for which DfE's 214 forbids one ("Placement location information not required"; the peer: V3 / V4 with PL_POST or URN given), as DfE's postcode rules leave short breaks out ("If <LS> not = 'V3' or 'V4' …", 392b); the peer asks one, so every short break in a placement that needs a URN fails one of its 214 and 218.`,
  ],
  ['526', `DfE: "Child is missing a placement provider code for at least one episode." ${PLACE_UNKNOWN}`],
  [
    '432',
    `DfE: "The child ceased to be looked after at the end of the previous episode but the reason for the new episode is not started to be looked after." Both sides read the ceasing from the previous episode's reason, a valid code other than X1 (a code that is not one is 149's error and says nothing). ${UNDATED}`,
  ],
  [
    '142',
    `DfE: "A new episode has started, but the previous episode has not ended." ${UNDATED} With the undated episode after it, the child's open last episode looks to the peer like an earlier one left unended.`,
  ],
  [
    '435',
    'DfE: "Reason for new episode is that child\u2019s placement has changed but not the legal status, but this is not reflected in the episode data recorded." Keystone compares the placement details as recorded, where a blank PL_POST or URN beside a blank is no change; the peer compares with pandas\' ==, under which a blank never equals a blank, so two episodes with no placement postcode (short breaks, on the demo county\'s returns with seeded faults) count for it as a change of placement and it misses the error.',
  ],
  [
    '504',
    'DfE: "The category of need code differs from that reported at start of current period of being looked after". A blank is no code: it is 145\'s error ("Category of need code is not a valid code."), which Keystone reports for it. Keystone compares two codes; the peer also flags the episode after a blank CIN, as differing from it (seen on the demo county\'s returns with seeded faults).',
  ],
  [
    '578',
    'DfE: "The date that the child started to be missing is after the child ceased to be looked after." The child ceases to be looked after on an episode ending with a reason other than X1 ("new episode begins"), and Keystone takes that day. The peer builds periods of care from the dates alone, so it also flags a missing period in a gap after an episode that ended X1 (the late continuation is 433\'s error) and after a last episode with an end date but no reason (148\'s, "Date episode ceased and reason episode ceased must both be coded, or both left blank."); seen on the demo county\'s returns with seeded faults.',
  ],
  [
    '612',
    `DfE: "Date of birth field has been completed but mother field indicates child is not a mother." Only MOTHER = 0 indicates that; a blank MOTHER indicates nothing (for a girl looked after it is DfE's 393, "Child is looked after but mother field is not completed."). Keystone flags a child's date of birth beside MOTHER 0; the peer also beside a blank MOTHER (seen on the demo county's returns with seeded faults).`,
  ],
  [
    '1004',
    `DfE: "The start date of the missing episode or episode that the child was away from placement without authorisation is not a valid date." A blank start is DfE's 564 ("Child was missing or away from placement without authorisation and the date started is blank."), reported there by both sides; the peer also reports it under 1004.`,
  ],
]);

/**
 * Rule codes in catalogue order: numbers by value, then letters (101 < 1000 < 392a < 392b < EPI < SW01STG1),
 * as localeCompare with numeric collation orders them, without loading ICU's collator.
 */
export function compareCodes(a: string, b: string): number {
  const left = a.toLowerCase().match(/\d+|\D+/g) ?? [];
  const right = b.toLowerCase().match(/\d+|\D+/g) ?? [];
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    const x = left[index]!;
    const y = right[index]!;
    if (x === y) continue;
    const xNumber = /^\d/.test(x);
    const yNumber = /^\d/.test(y);
    if (xNumber && yNumber) return Number(x) - Number(y) || x.length - y.length;
    if (xNumber !== yNumber) return xNumber ? -1 : 1;
    return x < y ? -1 : 1;
  }
  // Equal but for case: lower case first, as the collator puts it.
  return left.length - right.length || (a < b ? 1 : a > b ? -1 : 0);
}
