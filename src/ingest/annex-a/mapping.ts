/**
 * Where each Annex A list goes (the table at the head of importer.ts): the key of the list's
 * primary row (the same key twice in a list is refused the second time) and the SSD rows a row of
 * the list writes; and the child's columns, which every list about children carries.
 */
import { finding, type Origin, type ReadRow, type Values } from './rows.ts';
import type { RowReading } from './reading.ts';
import { readEthnicity, readGender, readSource, readYesNo } from './values.ts';

/** A row of a list, read and keyed: `add` puts a row in an SSD table, `nameOf` a team or worker name to resolve into a column. */
export interface ListRow extends RowReading {
  key: string;
  aa: string;
  add(table: string, key: string, values: Values): void;
  nameOf(kind: 'team' | 'worker', table: string, key: string, column: string): void;
}

export interface ListMapping {
  key(child: string, keyDate: string | null, contactsSeen: Map<string, number>): string;
  map(row: ListRow): void;
}

const json = (value: Record<string, string>) => JSON.stringify(value);

/** List 1: contacts. A second contact of the child on the same day is keyed `/2`, and so on. */
const contacts: ListMapping = {
  key(child, keyDate, contactsSeen) {
    const seen = (contactsSeen.get(`${child}\u0000${keyDate}`) ?? 0) + 1;
    contactsSeen.set(`${child}\u0000${keyDate}`, seen);
    return `AA/${child}/CONTACT/${keyDate}${seen > 1 ? `/${seen}` : ''}`;
  },
  map({ child, key, keyDate, cells, take, text, add }) {
    const source = cells.has('contactSource') ? take('contactSource', readSource(text('contactSource'))) : null;
    add('ssd_contacts', key, {
      cont_person_id: child,
      cont_contact_date: `${keyDate} 00:00:00`,
      cont_contact_source_code: source?.code ?? null,
      cont_contact_source_desc: source?.description ?? null,
    });
  },
};

/** List 2: early help. */
const earlyHelp: ListMapping = {
  key: (child, keyDate) => `AA/${child}/EH/${keyDate}`,
  map({ child, key, keyDate, date, plainText, add }) {
    add('ssd_early_help_episodes', key, {
      earl_person_id: child,
      earl_episode_start_date: keyDate,
      earl_episode_end_date: date('ehEnd'),
      earl_episode_organisation: plainText('ehOrganisation'),
    });
  },
};

/** Lists 3 and 6 key referrals as the CIN census importer does (cin/mapping.ts): one referral, one row. */
const referralKey = (child: string, keyDate: string | null) => `CIN/${child}/${keyDate}`;

/** List 3: referrals. */
const referrals: ListMapping = {
  key: referralKey,
  map({ child, key, keyDate, cells, take, text, yesNo, add, nameOf }) {
    const source = cells.has('referralSource') ? take('referralSource', readSource(text('referralSource'))) : null;
    add('ssd_cin_episodes', key, {
      cine_person_id: child,
      cine_referral_date: keyDate,
      cine_referral_source_code: source?.code ?? null,
      cine_referral_source_desc: source?.description ?? null,
      cine_referral_nfa: yesNo('referralNfa'),
    });
    nameOf('team', 'ssd_cin_episodes', key, 'cine_referral_team');
    nameOf('worker', 'ssd_cin_episodes', key, 'cine_referral_worker_id');
  },
};

/** List 4: assessments. */
const assessments: ListMapping = {
  key: (child, keyDate) => `AA/${child}/A/${keyDate}`,
  map({ child, key, keyDate, date, yesNo, plainText, add, nameOf }) {
    const outcome = plainText('assessmentOutcome');
    const needsSupport = outcome ? readYesNo(outcome).value : null;
    add('ssd_cin_assessments', key, {
      cina_person_id: child,
      cina_assessment_start_date: keyDate,
      cina_assessment_child_seen: yesNo('childSeen'),
      cina_assessment_auth_date: date('assessmentAuthorised'),
      cina_assessment_outcome_json: outcome ? json({ outcome: outcome.replace(/^\s*[a-z]\)\s*/i, '') }) : null,
      cina_assessment_outcome_nfa: needsSupport === 'Y' ? 'N' : needsSupport === 'N' ? 'Y' : null,
    });
    nameOf('team', 'ssd_cin_assessments', key, 'cina_assessment_team');
    nameOf('worker', 'ssd_cin_assessments', key, 'cina_assessment_worker_id');
  },
};

/** List 5: section 47 enquiries and their initial conferences. */
const section47: ListMapping = {
  key: (child, keyDate) => `AA/${child}/S47/${keyDate}`,
  map({ child, key, keyDate, date, yesNo, add }) {
    add('ssd_s47_enquiry', key, { s47e_person_id: child, s47e_s47_start_date: keyDate, s47e_s47_nfa: yesNo('icpcUnnecessary') });
    const conference = date('icpcDate');
    if (conference)
      add('ssd_initial_cp_conference', `${key}/ICPC`, {
        icpc_person_id: child,
        icpc_s47_enquiry_id: key,
        icpc_icpc_date: conference,
        icpc_icpc_outcome_cp_flag: yesNo('icpcPlan'),
      });
  },
};

/** List 6: children in need. */
const childrenInNeed: ListMapping = {
  key: referralKey,
  map({ child, key, keyDate, aa, date, code, add }) {
    add('ssd_cin_episodes', key, {
      cine_person_id: child,
      cine_referral_date: keyDate,
      cine_cin_primary_need_code: code('primaryNeed'),
      cine_close_date: date('cinClosure'),
      cine_close_reason: code('closureReason'),
    });
    const seen = date('lastSeen');
    if (seen) add('ssd_cin_visits', `${aa}/CINV/${seen}`, { cinv_person_id: child, cinv_cin_visit_date: seen, cinv_cin_visit_seen: 'Y' });
  },
};

/** List 7: child protection plans, their latest visit and review. */
const childProtection: ListMapping = {
  key: (child, keyDate) => `AA/${child}/CPP/${keyDate}`,
  map({ child, key, keyDate, date, code, yesNo, integer, add }) {
    add('ssd_cp_plans', key, {
      cppl_person_id: child,
      cppl_cp_plan_start_date: keyDate,
      cppl_cp_plan_end_date: date('cpEnd'),
      cppl_cp_plan_initial_category: code('initialCategory'),
      cppl_cp_plan_latest_category: code('latestCategory'),
      cppl_previous_cp_plans: integer('previousPlans'),
    });
    const visit = date('lastVisit');
    if (visit)
      add('ssd_cp_visits', `${key}/V/${visit}`, {
        cppv_person_id: child,
        cppv_cp_plan_id: key,
        cppv_cp_visit_date: visit,
        cppv_cp_visit_seen_alone: yesNo('seenAlone'),
      });
    const review = date('latestReview');
    if (review) add('ssd_cp_reviews', `${key}/R/${review}`, { cppr_person_id: child, cppr_cp_plan_id: key, cppr_cp_review_date: review });
  },
};

/**
 * List 8: the period of care from the date the child started to be looked after, split into
 * episodes where the current legal status and the latest placement began (reason L, P, or T for
 * both on one day), each ending where the next begins (X1) and the last where care ceased.
 */
const lookedAfter: ListMapping = {
  key: (child, keyDate) => `AA/${child}/CLA/${keyDate}`,
  map({ child, key: period, keyDate, aa, date, code, plainText, here, add }) {
    const start = keyDate!;
    const ended = date('claEnd');
    const legalStart = date('legalStart');
    const placementStart = date('placementStart');
    const status = code('legalStatus');
    const need = code('categoryOfNeed');
    const within = (id: string, day: string | null): string | null => {
      if (!day) return null;
      if (day < start) {
        here('KS-DATES', id, `${day} is before the child started to be looked after (${start}): the episodes start at ${start}.`, 'warning');
        return null;
      }
      if (ended && day > ended) {
        here('KS-DATES', id, `${day} is after the child ceased to be looked after (${ended}).`, 'warning');
        return null;
      }
      return day;
    };
    const legalBreak = within('legalStart', legalStart);
    const placementBreak = within('placementStart', placementStart);
    const breaks = [...new Set([start, ...(legalBreak ? [legalBreak] : []), ...(placementBreak ? [placementBreak] : [])])].sort();
    const placementId = placementStart ? `${aa}/PL/${placementStart}` : null;
    if (placementStart) {
      add('ssd_cla_placement', placementId!, {
        clap_person_id: child,
        clap_cla_id: period,
        clap_cla_placement_start_date: placementStart,
        clap_cla_placement_end_date: ended,
        clap_cla_placement_type: code('placementType'),
        clap_cla_placement_provider: code('placementProvider'),
        clap_cla_placement_postcode: plainText('placementPostcode')?.toUpperCase() ?? null,
        clap_cla_placement_urn: plainText('placementUrn'),
      });
    }
    if (status && legalStart)
      add('ssd_legal_status', `${aa}/LS/${legalStart}`, {
        lega_person_id: child,
        lega_legal_status: status,
        lega_legal_status_start_date: legalStart,
        lega_legal_status_end_date: ended,
      });
    breaks.forEach((day, index) => {
      const last = index === breaks.length - 1;
      const reason = index === 0 ? 'S' : day === legalBreak && day === placementBreak ? 'T' : day === placementBreak ? 'P' : 'L';
      const hasLegal = legalStart ? day >= (legalBreak ?? start) : last;
      const hasPlacement = placementStart ? day >= (placementBreak ?? start) : false;
      add('ssd_cla_episodes', index === 0 ? period : `${period}/E/${day}`, {
        clae_person_id: child,
        clae_cla_id: period,
        clae_cla_episode_start_date: day,
        clae_cla_episode_start_reason: reason,
        clae_entered_care_date: start,
        clae_cla_primary_need_code: need,
        clae_legal_status: hasLegal ? status : null,
        clae_cla_placement_id: hasPlacement ? placementId : null,
        clae_cla_episode_ceased_date: last ? ended : breaks[index + 1]!,
        clae_cla_episode_ceased_reason: last ? (ended ? code('reasonCeased') : null) : 'X1',
        clae_cla_last_iro_contact_date: last ? date('lastIroContact') : null,
      });
    });
    const review = date('latestReview');
    if (review) add('ssd_cla_reviews', `${period}/R/${review}`, { clar_cla_id: period, clar_person_id: child, clar_cla_review_date: review });
    const visit = date('lastSocialWorkVisit');
    if (visit) add('ssd_cla_visits', `${period}/V/${visit}`, { clav_cla_id: period, clav_person_id: child, clav_cla_visit_date: visit });
    const health = date('lastHealthAssessment');
    if (health)
      add('ssd_cla_health', `${aa}/HA/${health}`, {
        clah_person_id: child,
        clah_health_check_type: 'Health Assessment',
        clah_health_check_date: health,
        clah_health_check_status: 'Completed',
      });
    const dental = date('lastDentalCheck');
    if (dental)
      add('ssd_cla_health', `${aa}/DENTAL/${dental}`, {
        clah_person_id: child,
        clah_health_check_type: 'Dental Check',
        clah_health_check_date: dental,
        clah_health_check_status: 'Completed',
      });
    const plan = code('permanencePlan');
    if (plan) add('ssd_cla_care_plan', `${period}/PLAN`, { lacp_person_id: child, lacp_cla_care_plan_json: json({ permanence_plan: plan }) });
  },
};

/** List 9: care leavers, one row per young person. */
const careLeavers: ListMapping = {
  key: (child) => `AA/${child}/CL`,
  map({ child, key, date, code, plainText, add, nameOf }) {
    add('ssd_care_leavers', key, {
      clea_person_id: child,
      clea_care_leaver_eligibility: code('eligibility'),
      clea_care_leaver_in_touch: code('inTouch'),
      clea_care_leaver_latest_contact: date('latestContact'),
      clea_care_leaver_accommodation: code('accommodation'),
      clea_care_leaver_accom_suitable: code('suitability'),
      clea_care_leaver_activity: code('activity'),
      clea_pathway_plan_review_date: date('pathwayReview'),
      clea_care_leaver_personal_advisor: plainText('personalAdviser'),
    });
    nameOf('team', 'ssd_care_leavers', key, 'clea_care_leaver_allocated_team');
    nameOf('worker', 'ssd_care_leavers', key, 'clea_care_leaver_worker_id');
  },
};

/** List 10: adoption. */
const adoption: ListMapping = {
  key: (child, keyDate) => `AA/${child}/PERM/${keyDate}`,
  map({ child, key, keyDate, date, code, add }) {
    const adopted = date('adoptionOrder');
    add('ssd_permanence', key, {
      perm_person_id: child,
      perm_adm_decision_date: keyDate,
      perm_placement_order_date: date('placementOrder'),
      perm_matched_date: date('matched'),
      perm_placed_for_adoption_date: date('placedForAdoption'),
      perm_permanence_order_date: adopted,
      perm_permanence_order_type: adopted ? 'Adoption order' : null,
      perm_decision_reversed_date: date('reversedDate'),
      perm_decision_reversed_reason: code('reversedReason'),
      perm_placed_ffa_cp_date: date('ffaPlaced'),
    });
  },
};

/** Lists 1 to 10 (List 11, adopters, is not stored). */
export const LIST_MAPPINGS: Readonly<Record<number, ListMapping>> = {
  1: contacts,
  2: earlyHelp,
  3: referrals,
  4: assessments,
  5: section47,
  6: childrenInNeed,
  7: childProtection,
  8: lookedAfter,
  9: careLeavers,
  10: adoption,
};

/** The child's columns → ssd_person: the first value given for each is kept, a different later one is a warning. */
export function addPerson(
  people: Map<string, { values: Values; origin: Origin; headers: Map<string, string> }>,
  { origin, cells, headers }: ReadRow,
  { child, take, text, date, warnings }: RowReading,
): void {
  // The person.
  const gender = cells.has('gender') ? take('gender', readGender(text('gender'))) : null;
  const personValues: Values = {
    pers_sex: gender?.sex ?? null,
    pers_gender: gender?.label ?? null,
    pers_ethnicity: cells.has('ethnicity') ? take('ethnicity', readEthnicity(text('ethnicity'))) : null,
    pers_dob: date('dob'),
  };
  const personHeaders = new Map([
    ['pers_sex', headers.get('gender') ?? 'Gender'],
    ['pers_gender', headers.get('gender') ?? 'Gender'],
    ['pers_ethnicity', headers.get('ethnicity') ?? 'Ethnicity'],
    ['pers_dob', headers.get('dob') ?? 'Date of Birth'],
  ]);
  const person = people.get(child);
  if (!person) people.set(child, { values: personValues, origin, headers: personHeaders });
  else {
    for (const [column, value] of Object.entries(personValues)) {
      if (value === null || column === 'pers_gender') continue;
      const before = person.values[column];
      if (before == null) {
        person.values[column] = value;
        if (column === 'pers_sex') person.values.pers_gender = personValues.pers_gender ?? null;
      } else if (before !== value) {
        warnings.push(
          finding(
            'KS-CONFLICT',
            `The child’s ${personHeaders.get(column)!.toLowerCase()} is “${value}” here but “${before}” in ${person.origin.sheet} row ${person.origin.line}: the first is kept.`,
            origin.file,
            origin.sheet,
            origin.line,
            personHeaders.get(column)!,
            child,
            'warning',
          ),
        );
      }
    }
  }
}
