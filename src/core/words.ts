/**
 * Words for the codes people would otherwise read on a page: the DfE's codes (SSDA903 legal status,
 * CIN census ethnicity, primary need and category of abuse) and Keystone's own (audit actions and
 * subjects, SPC verdicts). Pages show the words; CSV and JSON keep the code, with the words beside it.
 * An unknown code is shown as it is: never guessed.
 *
 * Sources: DfE, "Children looked after return 2024 to 2025: guide" (legal status codes); "Children
 * in need census 2024 to 2025: guide" (ethnicity, primary need, category of abuse).
 */

export const LEGAL_STATUS: Readonly<Record<string, string>> = {
  C1: 'Interim care order',
  C2: 'Full care order',
  D1: 'Freeing order granted',
  E1: 'Placement order granted',
  J1: 'Remanded to local authority accommodation or youth detention accommodation',
  J2: 'Placed in local authority accommodation under PACE',
  J3: 'Sentenced to a youth rehabilitation order with residence or fostering requirement',
  L1: 'Under police protection and in local authority accommodation',
  L2: 'Emergency protection order',
  L3: 'Under a child assessment order and in local authority accommodation',
  V2: 'Single period of accommodation under section 20',
  V3: 'Accommodated under an agreed series of short-term breaks (episodes recorded)',
  V4: 'Accommodated under an agreed series of short-term breaks (agreements recorded)',
};

export const ETHNICITY: Readonly<Record<string, string>> = {
  WBRI: 'White British',
  WIRI: 'White Irish',
  WIRT: 'Traveller of Irish heritage',
  WROM: 'Gypsy or Roma',
  WOTH: 'Any other White background',
  MWBC: 'White and Black Caribbean',
  MWBA: 'White and Black African',
  MWAS: 'White and Asian',
  MOTH: 'Any other mixed background',
  AIND: 'Indian',
  APKN: 'Pakistani',
  ABAN: 'Bangladeshi',
  AOTH: 'Any other Asian background',
  BCRB: 'Black Caribbean',
  BAFR: 'Black African',
  BOTH: 'Any other Black background',
  CHNE: 'Chinese',
  OOTH: 'Any other ethnic group',
  REFU: 'Refused',
  NOBT: 'Information not yet obtained',
};

export const PRIMARY_NEED: Readonly<Record<string, string>> = {
  N0: 'Not stated',
  N1: 'Abuse or neglect',
  N2: 'Child’s disability or illness',
  N3: 'Parental disability or illness',
  N4: 'Family in acute stress',
  N5: 'Family dysfunction',
  N6: 'Socially unacceptable behaviour',
  N7: 'Low income',
  N8: 'Absent parenting',
  N9: 'Cases other than children in need',
};

/** CIN census reason for closure (the census XML schemas, 2022 to 2026; RC9 from 2023). */
export const CLOSURE_REASON: Readonly<Record<string, string>> = {
  RC1: 'Adopted',
  RC2: 'Died',
  RC3: 'Child arrangements order',
  RC4: 'Special guardianship order',
  RC5: 'Transferred to services of another local authority',
  RC6: 'Transferred to adult social care services',
  RC7: 'Services ceased for any other reason, including child no longer in need',
  RC8: 'Case closed after assessment, no further action',
  RC9: 'Case closed after assessment, referred to early help',
};

export const CATEGORY_OF_ABUSE: Readonly<Record<string, string>> = {
  NEG: 'Neglect',
  PHY: 'Physical abuse',
  SAB: 'Sexual abuse',
  EMO: 'Emotional abuse',
  MUL: 'Multiple categories',
};

export const AUDIT_ACTIONS: Readonly<Record<string, string>> = {
  sign_in: 'Signed in',
  sign_in_failed: 'Failed sign-in',
  sign_out: 'Signed out',
  'child.view': 'Viewed a child’s record',
  'child.list': 'Viewed a list of children',
  export: 'Exported data',
  import: 'Imported data',
  'data.change': 'Changed data',
  'permission.change': 'Changed an account’s access',
  break_glass: 'Opened a restricted record (break glass)',
  'restriction.change': 'Changed a record’s restriction',
  'audit.search': 'Searched the audit trail',
};

export const AUDIT_SUBJECTS: Readonly<Record<string, string>> = {
  child: 'Child',
  casework_audit: 'Casework audit',
  casework_audits: 'Casework audits',
  sef: 'Self-evaluation',
  plan_action: 'Improvement plan action',
  plan_line: 'Improvement plan line',
  plan_evidence_file: 'Evidence file',
  improvement_plan: 'Improvement plan',
  improvement_progress_report: 'Improvement progress report',
  user: 'Account',
  report: 'Committee report',
  post: 'Post',
  hr_posts: 'Posts from HR',
  team_posts: 'Team’s posts',
  team_closure: 'Team closure',
  inspection: 'Inspection',
  ofsted_report: 'Ofsted report',
  indicator: 'Indicator',
  indicator_event: 'Indicator event',
  audit_template: 'Audit template',
  statutory_return: 'Statutory return',
  rag_definitions: 'RAG definitions',
  my_work: 'My work',
  import: 'Import',
  import_job: 'Import',
  import_report: 'Import report',
  break_glass: 'Break-glass access',
};

/** The SPC verdicts (src/indicators/spc.ts) as a person reads them. */
export const SPC_WORDS: Readonly<Record<string, string>> = {
  special_cause_improving: 'Special cause: improving',
  special_cause_concerning: 'Special cause: concerning',
  special_cause_high: 'Special cause: higher',
  special_cause_low: 'Special cause: lower',
  common_cause: 'Common cause variation',
  consistently_passing: 'Consistently passing the target',
  consistently_failing: 'Consistently failing the target',
  hit_and_miss: 'Hit and miss: the target is inside the limits',
  no_target: 'No target',
  insufficient_data: 'Too few points',
};

/** The words for a code from one of the lists above; the code itself when the list does not know it. */
export function wordsFor(list: Readonly<Record<string, string>>, code: string | null | undefined): string | null {
  if (code === null || code === undefined || code === '') return null;
  return list[code.trim()] ?? list[code.trim().toUpperCase()] ?? code;
}

/** An audit event's subject in words: "My work", "Child 12345", "Committee report 3". */
export function auditSubject(type: string | null | undefined, id: string | null | undefined): string {
  if (!type) return '–';
  const words = AUDIT_SUBJECTS[type] ?? type.replaceAll('_', ' ').replace(/^./, (first) => first.toUpperCase());
  return id === null || id === undefined || id === '' || id === 'null' ? words : `${words} ${id}`;
}
