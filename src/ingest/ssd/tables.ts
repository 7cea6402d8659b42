/**
 * The SSD tables Keystone holds, as the SSD import reads them: columns with their types, the key,
 * the columns a row cannot be stored without, and the references between tables.
 *
 * Columns are written `name:type`, `!` marking a column the table cannot store a row without
 * (NOT NULL without a default). Types: text, date, timestamp, integer, numeric(p,s), flag (a
 * char(1) Y / N). The list matches the database column for column: ssd.test.ts checks it against
 * the migrated schema, so a migration that adds a column fails the test until it is added here.
 * Columns Keystone adds to the SSD (e.g. dept_valid_from, cine_decision_date, clae_legal_status)
 * are read too when a file has them; an SSD extract simply leaves them out.
 *
 * References. `enforced` ones are foreign keys in the database: a row naming a person,
 * professional, assessment or parent team that is neither in the import nor already stored cannot
 * be written, so it is quarantined. `soft` ones are the SSD's other links (a referral, a plan, a
 * team, a worker): a dangling one is a warning and the row is stored, because an extract often
 * starts after the referral an assessment belongs to, or names a worker who has left.
 */

export type ColumnType = 'text' | 'date' | 'timestamp' | 'integer' | 'flag' | { numeric: [precision: number, scale: number] };

export interface SsdColumn {
  name: string;
  type: ColumnType;
  /** The row cannot be stored without a value (NOT NULL without a default). */
  required: boolean;
}

export interface SsdReference {
  column: string;
  table: string;
  /** The column referred to: the table's key unless another is named (clae_cla_id). */
  target: string;
  enforced: boolean;
}

export interface SsdTable {
  /** e.g. ssd_person */
  name: string;
  key: string;
  columns: SsdColumn[];
  references: SsdReference[];
  /** The column naming the child the row belongs to (audit, findings), if any. */
  person: string | null;
  /** Rules the database checks within a row, checked here first so they never stop an import. */
  checks?: Array<(row: Record<string, string | null>) => { field: string; message: string } | null>;
}

const SPEC: Array<[table: string, columns: string[]]> = [
  [
    'ssd_department',
    [
      'dept_team_id:text!',
      'dept_team_name:text!',
      'dept_team_parent_id:text',
      'dept_team_parent_name:text',
      'dept_valid_from:date',
      'dept_valid_to:date',
      'dept_team_type:text',
    ],
  ],
  [
    'ssd_professionals',
    [
      'prof_professional_id:text!',
      'prof_staff_id:text',
      'prof_professional_name:text!',
      'prof_social_worker_registration_no:text',
      'prof_professional_job_title:text',
      'prof_professional_caseload:integer',
      'prof_professional_department:text',
      'prof_full_time_equivalency:numeric(4,2)',
      'prof_agency_worker_flag:flag',
    ],
  ],
  [
    'ssd_person',
    [
      'pers_person_id:text!',
      'pers_forename:text',
      'pers_surname:text',
      'pers_sex:text',
      'pers_gender:text',
      'pers_ethnicity:text',
      'pers_dob:date',
      'pers_common_child_id:text',
      'pers_legacy_id:text',
      'pers_upn_unknown:text',
      'pers_send_flag:flag',
      'pers_expected_dob:date',
      'pers_death_date:date',
      'pers_is_mother:flag',
      'pers_nationality:text',
    ],
  ],
  [
    'ssd_linked_identifiers',
    [
      'link_table_id:text!',
      'link_person_id:text!',
      'link_identifier_type:text!',
      'link_identifier_value:text',
      'link_valid_from_date:date',
      'link_valid_to_date:date',
    ],
  ],
  [
    'ssd_address',
    [
      'addr_table_id:text!',
      'addr_address_json:text',
      'addr_person_id:text!',
      'addr_address_type:text',
      'addr_address_start_date:date',
      'addr_address_end_date:date',
      'addr_address_postcode:text',
    ],
  ],
  ['ssd_disability', ['disa_table_id:text!', 'disa_person_id:text!', 'disa_disability_code:text!']],
  ['ssd_send', ['send_table_id:text!', 'send_upn:text', 'send_uln:text', 'send_upn_unknown:text', 'send_person_id:text!']],
  [
    'ssd_ehcp_requests',
    ['ehcr_ehcp_request_id:text!', 'ehcr_send_table_id:text', 'ehcr_ehcp_req_date:date', 'ehcr_ehcp_req_outcome_date:date', 'ehcr_ehcp_req_outcome:text'],
  ],
  [
    'ssd_ehcp_assessment',
    [
      'ehca_ehcp_assessment_id:text!',
      'ehca_ehcp_request_id:text',
      'ehca_ehcp_assessment_outcome_date:date',
      'ehca_ehcp_assessment_outcome:text',
      'ehca_ehcp_assessment_exceptions:text',
    ],
  ],
  [
    'ssd_ehcp_named_plan',
    [
      'ehcn_named_plan_id:text!',
      'ehcn_ehcp_asmt_id:text',
      'ehcn_named_plan_start_date:date',
      'ehcn_named_plan_ceased_date:date',
      'ehcn_named_plan_ceased_reason:text',
    ],
  ],
  ['ssd_ehcp_active_plans', ['ehcp_active_ehcp_id:text!', 'ehcp_ehcp_request_id:text', 'ehcp_active_ehcp_last_review_date:date']],
  [
    'ssd_contacts',
    [
      'cont_contact_id:text!',
      'cont_person_id:text!',
      'cont_contact_date:timestamp!',
      'cont_contact_source_code:text',
      'cont_contact_source_desc:text',
      'cont_contact_outcome_json:text',
    ],
  ],
  [
    'ssd_early_help_episodes',
    [
      'earl_episode_id:text!',
      'earl_person_id:text!',
      'earl_episode_start_date:date',
      'earl_episode_end_date:date',
      'earl_episode_reason:text',
      'earl_episode_end_reason:text',
      'earl_episode_organisation:text',
      'earl_episode_worker_id:text',
    ],
  ],
  [
    'ssd_cin_episodes',
    [
      'cine_referral_id:text!',
      'cine_person_id:text!',
      'cine_referral_date:date!',
      'cine_cin_primary_need_code:text',
      'cine_referral_source_code:text',
      'cine_referral_source_desc:text',
      'cine_referral_outcome_json:text',
      'cine_referral_nfa:flag',
      'cine_close_reason:text',
      'cine_close_date:date',
      'cine_referral_team:text',
      'cine_referral_worker_id:text',
      'cine_decision_date:date',
    ],
  ],
  [
    'ssd_cin_assessments',
    [
      'cina_assessment_id:text!',
      'cina_person_id:text!',
      'cina_referral_id:text',
      'cina_assessment_start_date:date!',
      'cina_assessment_child_seen:flag',
      'cina_assessment_auth_date:date',
      'cina_assessment_outcome_json:text',
      'cina_assessment_outcome_nfa:flag',
      'cina_assessment_team:text',
      'cina_assessment_worker_id:text',
    ],
  ],
  ['ssd_assessment_factors', ['cinf_table_id:text!', 'cinf_assessment_id:text!', 'cinf_assessment_factors_json:text']],
  [
    'ssd_s47_enquiry',
    [
      's47e_s47_enquiry_id:text!',
      's47e_referral_id:text',
      's47e_person_id:text!',
      's47e_s47_start_date:date!',
      's47e_s47_end_date:date',
      's47e_s47_nfa:flag',
      's47e_s47_outcome_json:text',
      's47e_s47_completed_by_team:text',
      's47e_s47_completed_by_worker_id:text',
    ],
  ],
  [
    'ssd_initial_cp_conference',
    [
      'icpc_icpc_id:text!',
      'icpc_icpc_meeting_id:text',
      'icpc_s47_enquiry_id:text',
      'icpc_person_id:text!',
      'icpc_cp_plan_id:text',
      'icpc_referral_id:text',
      'icpc_icpc_transfer_in:flag',
      'icpc_icpc_target_date:date',
      'icpc_icpc_date:date!',
      'icpc_icpc_outcome_cp_flag:flag',
      'icpc_icpc_outcome_json:text',
      'icpc_icpc_team:text',
      'icpc_icpc_worker_id:text',
    ],
  ],
  [
    'ssd_cp_plans',
    [
      'cppl_cp_plan_id:text!',
      'cppl_referral_id:text',
      'cppl_icpc_id:text',
      'cppl_person_id:text!',
      'cppl_cp_plan_start_date:date!',
      'cppl_cp_plan_end_date:date',
      'cppl_cp_plan_initial_category:text',
      'cppl_cp_plan_ola:flag',
      'cppl_cp_plan_latest_category:text',
      'cppl_previous_cp_plans:integer',
    ],
  ],
  [
    'ssd_cp_visits',
    [
      'cppv_cp_visit_id:text!',
      'cppv_person_id:text!',
      'cppv_cp_plan_id:text',
      'cppv_cp_visit_date:date!',
      'cppv_cp_visit_seen:flag',
      'cppv_cp_visit_seen_alone:flag',
      'cppv_cp_visit_bedroom:flag',
    ],
  ],
  [
    'ssd_cp_reviews',
    [
      'cppr_cp_review_id:text!',
      'cppr_person_id:text!',
      'cppr_cp_plan_id:text',
      'cppr_cp_review_due:date',
      'cppr_cp_review_date:date',
      'cppr_cp_review_meeting_id:text',
      'cppr_cp_review_outcome_continue_cp:flag',
      'cppr_cp_review_quorate:flag',
      'cppr_cp_review_participation:text',
    ],
  ],
  [
    'ssd_cin_plans',
    [
      'cinp_cin_plan_id:text!',
      'cinp_referral_id:text',
      'cinp_person_id:text!',
      'cinp_cin_plan_start_date:date!',
      'cinp_cin_plan_end_date:date',
      'cinp_cin_plan_team:text',
      'cinp_cin_plan_worker_id:text',
    ],
  ],
  [
    'ssd_cin_visits',
    [
      'cinv_cin_visit_id:text!',
      'cinv_person_id:text!',
      'cinv_cin_visit_date:date!',
      'cinv_cin_visit_seen:flag',
      'cinv_cin_visit_seen_alone:flag',
      'cinv_cin_visit_bedroom:flag',
    ],
  ],
  [
    'ssd_cla_placement',
    [
      'clap_cla_placement_id:text!',
      'clap_cla_placement_start_date:date!',
      'clap_cla_placement_type:text',
      'clap_cla_placement_urn:text',
      'clap_cla_placement_distance:numeric(8,2)',
      'clap_cla_id:text',
      'clap_cla_placement_provider:text',
      'clap_cla_placement_postcode:text',
      'clap_cla_placement_end_date:date',
      'clap_cla_placement_change_reason:text',
      'clap_person_id:text',
    ],
  ],
  [
    'ssd_cla_episodes',
    [
      'clae_cla_episode_id:text!',
      'clae_person_id:text!',
      'clae_cla_episode_start_date:date!',
      'clae_cla_episode_start_reason:text',
      'clae_cla_primary_need_code:text',
      'clae_cla_episode_ceased_date:date',
      'clae_cla_episode_ceased_reason:text',
      'clae_cla_id:text',
      'clae_referral_id:text',
      'clae_cla_placement_id:text',
      'clae_entered_care_date:date',
      'clae_cla_last_iro_contact_date:date',
      'clae_legal_status:text',
    ],
  ],
  [
    'ssd_cla_reviews',
    [
      'clar_cla_review_id:text!',
      'clar_cla_id:text',
      'clar_cla_review_due_date:date',
      'clar_cla_review_date:date',
      'clar_cla_review_cancelled:flag',
      'clar_cla_review_participation:text',
      'clar_person_id:text',
    ],
  ],
  [
    'ssd_cla_visits',
    [
      'clav_cla_visit_id:text!',
      'clav_cla_id:text',
      'clav_person_id:text!',
      'clav_cla_visit_date:date!',
      'clav_cla_visit_seen:flag',
      'clav_cla_visit_seen_alone:flag',
    ],
  ],
  [
    'ssd_cla_health',
    ['clah_health_check_id:text!', 'clah_person_id:text!', 'clah_health_check_type:text', 'clah_health_check_date:date', 'clah_health_check_status:text'],
  ],
  [
    'ssd_cla_care_plan',
    ['lacp_table_id:text!', 'lacp_person_id:text!', 'lacp_cla_care_plan_start_date:date', 'lacp_cla_care_plan_end_date:date', 'lacp_cla_care_plan_json:text'],
  ],
  [
    'ssd_legal_status',
    ['lega_legal_status_id:text!', 'lega_person_id:text!', 'lega_legal_status:text!', 'lega_legal_status_start_date:date!', 'lega_legal_status_end_date:date'],
  ],
  [
    'ssd_missing',
    [
      'miss_table_id:text!',
      'miss_person_id:text!',
      'miss_missing_episode_start_date:timestamp!',
      'miss_missing_episode_type:text',
      'miss_missing_episode_end_date:timestamp',
      'miss_missing_rhi_offered:text',
      'miss_missing_rhi_accepted:text',
      'miss_missing_rhi_offered_date:timestamp',
    ],
  ],
  [
    'ssd_care_leavers',
    [
      'clea_table_id:text!',
      'clea_person_id:text!',
      'clea_care_leaver_eligibility:text',
      'clea_care_leaver_in_touch:text',
      'clea_care_leaver_latest_contact:date',
      'clea_care_leaver_accommodation:text',
      'clea_care_leaver_accom_suitable:text',
      'clea_care_leaver_activity:text',
      'clea_pathway_plan_review_date:date',
      'clea_care_leaver_personal_advisor:text',
      'clea_care_leaver_allocated_team:text',
      'clea_care_leaver_worker_id:text',
      'clea_oc3_year_end:date',
    ],
  ],
  [
    'ssd_permanence',
    [
      'perm_table_id:text!',
      'perm_person_id:text!',
      'perm_cla_id:text',
      'perm_adm_decision_date:date',
      'perm_ffa_cp_decision_date:date',
      'perm_placement_order_date:date',
      'perm_placed_for_adoption_date:date',
      'perm_matched_date:date',
      'perm_adopted_by_carer_flag:flag',
      'perm_placed_ffa_cp_date:date',
      'perm_decision_reversed_date:date',
      'perm_placed_foster_carer_date:date',
      'perm_part_of_sibling_group:flag',
      'perm_siblings_placed_together:integer',
      'perm_siblings_placed_apart:integer',
      'perm_placement_provider_urn:text',
      'perm_decision_reversed_reason:text',
      'perm_permanence_order_date:date',
      'perm_permanence_order_type:text',
      'perm_adoption_worker_id:text',
      'perm_adopter_sex:text',
      'perm_adopter_legal_status:text',
      'perm_number_of_adopters:text',
    ],
  ],
  [
    'ssd_pre_proceedings',
    [
      'prep_table_id:text!',
      'prep_person_id:text!',
      'prep_plo_family_id:text',
      'prep_pre_pro_decision_date:date',
      'prep_initial_pre_pro_meeting_date:date',
      'prep_pre_pro_outcome:text',
      'prep_agree_stepdown_issue_date:date',
      'prep_cp_plans_referral_period:integer',
      'prep_legal_gateway_outcome:text',
      'prep_prev_pre_proc_child:integer',
      'prep_prev_care_proc_child:integer',
      'prep_pre_pro_letter_date:date',
      'prep_care_pro_letter_date:date',
      'prep_pre_pro_meetings_num:integer',
      'prep_pre_pro_parents_legal_rep:flag',
      'prep_parents_legal_rep_point_of_issue:flag',
      'prep_court_reference:text',
      'prep_care_proc_court_hearings:integer',
      'prep_care_proc_short_notice:flag',
      'prep_proc_short_notice_reason:text',
      'prep_la_inital_plan_approved:flag',
      'prep_la_initial_care_plan:text',
      'prep_la_final_plan_approved:flag',
      'prep_la_final_care_plan:text',
      'prep_referral_id:text',
      'prep_fgdm_offered:flag',
      'prep_fgdm_facilitated:flag',
      'prep_court_application_date:date',
    ],
  ],
  // Keystone's extension: the SSD holds no plan actions (migration 0014).
  [
    'ks_child_plan_action',
    [
      'plac_action_id:text!',
      'plac_person_id:text!',
      'plac_plan_type:text!',
      'plac_plan_id:text!',
      'plac_action_description:text',
      'plac_action_owner:text',
      'plac_action_recorded_date:date!',
      'plac_action_due_date:date',
      'plac_action_completed_date:date',
    ],
  ],
  [
    'ssd_involvements',
    [
      'invo_involvements_id:text!',
      'invo_professional_id:text!',
      'invo_professional_role_id:text!',
      'invo_professional_team:text',
      'invo_involvement_start_date:date!',
      'invo_involvement_end_date:date',
      'invo_worker_change_reason:text',
      'invo_person_id:text!',
      'invo_referral_id:text',
    ],
  ],
];

/** Soft references by column name (see the file comment): a column → table.column. */
const SOFT: Record<string, string> = {
  ...Object.fromEntries(
    [
      'cina_referral_id',
      'cinp_referral_id',
      's47e_referral_id',
      'icpc_referral_id',
      'cppl_referral_id',
      'clae_referral_id',
      'invo_referral_id',
      'prep_referral_id',
    ].map((column) => [column, 'ssd_cin_episodes.cine_referral_id']),
  ),
  icpc_s47_enquiry_id: 'ssd_s47_enquiry.s47e_s47_enquiry_id',
  ehcr_send_table_id: 'ssd_send.send_table_id',
  ehca_ehcp_request_id: 'ssd_ehcp_requests.ehcr_ehcp_request_id',
  ehcp_ehcp_request_id: 'ssd_ehcp_requests.ehcr_ehcp_request_id',
  ehcn_ehcp_asmt_id: 'ssd_ehcp_assessment.ehca_ehcp_assessment_id',
  cppl_icpc_id: 'ssd_initial_cp_conference.icpc_icpc_id',
  icpc_cp_plan_id: 'ssd_cp_plans.cppl_cp_plan_id',
  cppv_cp_plan_id: 'ssd_cp_plans.cppl_cp_plan_id',
  cppr_cp_plan_id: 'ssd_cp_plans.cppl_cp_plan_id',
  clae_cla_placement_id: 'ssd_cla_placement.clap_cla_placement_id',
  ...Object.fromEntries(['clap_cla_id', 'clar_cla_id', 'clav_cla_id', 'perm_cla_id'].map((column) => [column, 'ssd_cla_episodes.clae_cla_id'])),
  ...Object.fromEntries(
    [
      'cine_referral_worker_id',
      'cina_assessment_worker_id',
      'cinp_cin_plan_worker_id',
      'icpc_icpc_worker_id',
      's47e_s47_completed_by_worker_id',
      'clea_care_leaver_worker_id',
      'earl_episode_worker_id',
      'perm_adoption_worker_id',
    ].map((column) => [column, 'ssd_professionals.prof_professional_id']),
  ),
  ...Object.fromEntries(
    [
      'cine_referral_team',
      'cina_assessment_team',
      'cinp_cin_plan_team',
      'icpc_icpc_team',
      's47e_s47_completed_by_team',
      'invo_professional_team',
      'clea_care_leaver_allocated_team',
    ].map((column) => [column, 'ssd_department.dept_team_id']),
  ),
};

/** Foreign keys in the database other than the person ones (every *_person_id is one). */
const ENFORCED: Record<string, string> = {
  dept_team_parent_id: 'ssd_department.dept_team_id',
  invo_professional_id: 'ssd_professionals.prof_professional_id',
  cinf_assessment_id: 'ssd_cin_assessments.cina_assessment_id',
};

function parseType(text: string): ColumnType {
  const numeric = /^numeric\((\d+),(\d+)\)$/.exec(text);
  if (numeric) return { numeric: [Number(numeric[1]), Number(numeric[2])] };
  if (['text', 'date', 'timestamp', 'integer', 'flag'].includes(text)) return text as ColumnType;
  throw new Error(`Unknown column type ${text}`);
}

const CHECKS: Record<string, SsdTable['checks']> = {
  ssd_department: [
    (row) =>
      row.dept_team_type != null && !['service', 'team'].includes(row.dept_team_type)
        ? { field: 'dept_team_type', message: `dept_team_type must be “service” or “team”, not “${row.dept_team_type}”.` }
        : null,
    (row) =>
      row.dept_valid_from && row.dept_valid_to && row.dept_valid_to <= row.dept_valid_from
        ? { field: 'dept_valid_to', message: `The team is valid to ${row.dept_valid_to}, which is not after it is valid from (${row.dept_valid_from}).` }
        : null,
  ],
  ks_child_plan_action: [
    (row) =>
      row.plac_plan_type != null && !['CP', 'CIN', 'CLA'].includes(row.plac_plan_type)
        ? { field: 'plac_plan_type', message: `plac_plan_type must be CP, CIN or CLA, not “${row.plac_plan_type}”.` }
        : null,
  ],
  ssd_involvements: [
    (row) =>
      row.invo_involvement_start_date && row.invo_involvement_end_date && row.invo_involvement_end_date < row.invo_involvement_start_date
        ? {
            field: 'invo_involvement_end_date',
            message: `The involvement ends (${row.invo_involvement_end_date}) before it starts (${row.invo_involvement_start_date}).`,
          }
        : null,
  ],
};

/** The tables in write order: a table comes after every table its enforced references point to. */
export const SSD_TABLES: readonly SsdTable[] = SPEC.map(([name, specs]) => {
  const columns = specs.map((spec) => {
    const [column, type] = spec.split(':') as [string, string];
    return { name: column, type: parseType(type.replace(/!$/, '')), required: type.endsWith('!') };
  });
  const key = columns[0]!.name;
  const person = name === 'ssd_person' ? key : (columns.find((column) => column.name.endsWith('_person_id'))?.name ?? null);
  const references: SsdReference[] = [];
  for (const column of columns) {
    const enforced = ENFORCED[column.name] ?? (column.name.endsWith('_person_id') && name !== 'ssd_person' ? 'ssd_person.pers_person_id' : undefined);
    const target = enforced ?? SOFT[column.name];
    if (!target) continue;
    const [table, targetColumn] = target.split('.') as [string, string];
    references.push({ column: column.name, table, target: targetColumn, enforced: !!enforced });
  }
  return { name, key, columns, references, person, ...(CHECKS[name] ? { checks: CHECKS[name] } : {}) };
});

export const SSD_TABLE_BY_NAME: ReadonlyMap<string, SsdTable> = new Map(SSD_TABLES.map((table) => [table.name, table]));

/** A held SSD table's column names, in the schema's order. */
export function ssdColumnNames(name: string): readonly string[] {
  const table = SSD_TABLE_BY_NAME.get(name);
  if (!table) throw new Error(`${name} is not an SSD table Keystone holds`);
  return table.columns.map((column) => column.name);
}

/**
 * SSD tables Keystone does not hold (from the SSD field list): a file of one of them is reported
 * and left aside, not refused as unrecognisable.
 */
export const SSD_TABLES_NOT_HELD: readonly string[] = [
  'ssd_cla_convictions',
  'ssd_cla_immunisations',
  'ssd_cla_previous_permanence',
  'ssd_cla_substance_misuse',
  'ssd_family',
  'ssd_immigration_status',
  'ssd_mother',
  'ssd_s251_finance',
  'ssd_sdq_scores',
  'ssd_sen_need',
  'ssd_voice_of_child',
];

function normalisedName(fileName: string): string {
  return fileName
    .toLowerCase()
    .replace(/^.*[\\/]/, '')
    .replace(/\.[a-z0-9]+$/, '')
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * Which SSD table a file holds: by its name (ssd_person.csv, person.csv, ssd_person_2024-03-31.csv,
 * “SSD cin episodes.csv”…), else by its header row (the table whose key column it has). Returns the
 * table's name, which may be one Keystone does not hold (SSD_TABLES_NOT_HELD), or null.
 */
export function recogniseSsdTable(fileName: string, header: readonly string[]): string | null {
  const withoutPrefix = (table: string) => table.replace(/^(ssd|ks)_/, '');
  const name = withoutPrefix(normalisedName(fileName));
  const all = [...SSD_TABLES.map((table) => table.name), ...SSD_TABLES_NOT_HELD];
  const exact = all.find((table) => withoutPrefix(table) === name);
  if (exact) return exact;
  // A table's name followed by something else (a date, a part number): longest name wins, so
  // cla_episodes_2024 is ssd_cla_episodes and cin_plans_1 is not ssd_cin_… anything shorter.
  let best: string | null = null;
  for (const table of all) {
    const short = withoutPrefix(table);
    if (name.startsWith(`${short}_`) && (!best || short.length > withoutPrefix(best).length)) best = table;
  }
  if (best) return best;
  const columns = new Set(header.map((column) => column.toLowerCase()));
  return SSD_TABLES.find((table) => columns.has(table.key))?.name ?? null;
}
