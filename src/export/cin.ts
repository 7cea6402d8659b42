/**
 * CIN census export: the data model → the census XML, the inverse of src/ingest/cin/mapping.ts.
 *
 * Who is in the census: every child with a CIN episode (referral) open at any time in the period
 * (referral on or before `to`, closure blank or on or after `from`); each episode with its
 * assessments, CIN plans, section 47 enquiries and their conferences, child protection plans with
 * their reviews, as at `to`: anything starting after `to` is left out and end dates after it are
 * blank; an assessment, plan or enquiry that ended before `from` (and a conference held before it)
 * is left out too, as the census holds the year's activity (DfE rules 8696, 4013, 8930, 8715). Element order, code lists and occurrences follow the schema of the collection year whose
 * 31 March is the first on or after `to` (src/ingest/cin/schema.ts): GenderCurrent before 2025
 * (M → 1, F → 2, otherwise 0), Sex from 2025.
 *
 * Elements the schema requires that the data may not hold get a stated value:
 *   Sex / GenderCurrent   U / 0 (not known) when the sex is not recorded
 *   Ethnicity             NOBT (information not yet obtained) when not recorded
 *   ReferralSource        10 (source unknown) when not recorded
 *   ReferralNFA, ICPCnotRequired   0 when not recorded
 *   NumberOfPreviousCPP   as returned (cppl_previous_cp_plans), else the child's earlier plans in Keystone
 *   Categories of abuse   a plan with one category recorded gives it for both; a plan with neither is left out
 * Assessment factors outside the census code list are left out (and listed in `omitted`).
 * The episode-level DateOfInitialCPC is a conference held without a section 47 enquiry (the
 * importer's ICPC/<date> row); a conference of an enquiry is written inside its <Section47>.
 * Codes the year's schema lacks are written as the code it used for them: referral source 5D
 * (early help, from 2023) as 5B (other internal), closure reason RC9 (referred to early help) as RC8.
 * Not carried: AssessmentInternalReviewDate (no column); pre-proceedings, which no published XSD
 * (2022–2026) has a place for, so a file holding them would fail the DfE's validation: each one in
 * the period is listed in `omitted` (the importer still reads the block, see cin/schema.ts).
 * The file is checked against the published XSDs with libxml2 in src/export/cin-xsd.test.ts.
 */
import { sql } from 'kysely';
import { longDate, type IsoDate } from '../core/dates.ts';
import type { Database } from '../core/db/database.ts';
import { ASSESSMENT_FACTORS, CATEGORY_OF_ABUSE, schemaFor, type CinSchema } from '../ingest/cin/schema.ts';
import { asAt, collectionYearEnding, type ExportPeriod } from './period.ts';
import { XmlWriter } from './xml.ts';

export interface CinExport {
  xml: string;
  /** The collection year (the year it ends) and the schema year used. */
  collectionYear: number;
  schemaYear: number;
  childIds: string[];
  /** Records the census cannot hold, each said in a sentence. */
  omitted: string[];
  /** With no child in the census: why, in a sentence naming the period and the dates the episodes held run between. */
  noChildren?: string;
}

export interface CinSource {
  /** The council's three-digit DfE code (ks_setting la_code); without it the header has no <Source>. */
  laCode: string | null;
  /** When the file was made (xs:dateTime); defaults to now. */
  madeAt?: string;
}

const GENDER_CURRENT: Record<string, string> = { M: '1', '1': '1', F: '2', '2': '2' };
const SEX: Record<string, string> = { M: 'M', '1': 'M', F: 'F', '2': 'F' };
const FLAG: Record<string, string> = { Y: '1', '1': '1', N: '0', '0': '0' };

type Row = Record<string, string | number | null>;

function groupBy<T extends Row>(rows: T[], key: keyof T): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const value = String(row[key]);
    map.set(value, [...(map.get(value) ?? []), row]);
  }
  return map;
}

export async function exportCin(database: Database, period: ExportPeriod, source: CinSource): Promise<CinExport> {
  const { from, to } = period;
  const db = database.db;
  const collectionYear = collectionYearEnding(to);
  const schema = schemaFor(collectionYear);
  const q = async <T extends Row>(query: ReturnType<typeof sql<T>>) => (await query.execute(db)).rows;

  const episodes = await q(sql<{
    id: string;
    child: string;
    referral: string;
    source: string | null;
    need: string | null;
    closed: string | null;
    reason: string | null;
    nfa: string | null;
  }>`
    SELECT cine_referral_id AS id, cine_person_id AS child, cine_referral_date::text AS referral, cine_referral_source_code AS source,
           cine_cin_primary_need_code AS need, cine_close_date::text AS closed, cine_close_reason AS reason, cine_referral_nfa AS nfa
    FROM ssd_cin_episodes WHERE cine_referral_date <= ${to}::date AND (cine_close_date IS NULL OR cine_close_date >= ${from}::date)
    ORDER BY cine_person_id, cine_referral_date, cine_referral_id`);
  const childIds = [...new Set(episodes.map((episode) => episode.child))].sort();
  const children = sql.val(childIds);
  const referrals = sql.val(episodes.map((episode) => episode.id));

  const people = await q(sql<{
    id: string;
    sex: string | null;
    dob: string | null;
    expected: string | null;
    died: string | null;
    ethnicity: string | null;
    upn_unknown: string | null;
  }>`
    SELECT pers_person_id AS id, pers_sex AS sex, pers_dob::text AS dob, pers_expected_dob::text AS expected, pers_death_date::text AS died,
           pers_ethnicity AS ethnicity, pers_upn_unknown AS upn_unknown
    FROM ssd_person WHERE pers_person_id = ANY(${children}::text[])`);
  const identifiers = await q(sql<{ child: string; type: string; value: string | null }>`
    SELECT link_person_id AS child, link_identifier_type AS type, link_identifier_value AS value FROM ssd_linked_identifiers
    WHERE link_person_id = ANY(${children}::text[]) AND link_identifier_type IN ('Unique Pupil Number', 'Former Unique Pupil Number')
    ORDER BY link_table_id`);
  const disabilities = await q(sql<{ child: string; code: string }>`
    SELECT disa_person_id AS child, disa_disability_code AS code FROM ssd_disability WHERE disa_person_id = ANY(${children}::text[]) ORDER BY disa_table_id`);
  const assessments = await q(sql<{ id: string; referral: string; start: string; authorised: string | null; factors: string | null }>`
    SELECT a.cina_assessment_id AS id, a.cina_referral_id AS referral, a.cina_assessment_start_date::text AS start,
           a.cina_assessment_auth_date::text AS authorised,
           (SELECT f.cinf_assessment_factors_json FROM ssd_assessment_factors f WHERE f.cinf_assessment_id = a.cina_assessment_id ORDER BY f.cinf_table_id LIMIT 1) AS factors
    FROM ssd_cin_assessments a WHERE a.cina_referral_id = ANY(${referrals}::text[]) AND a.cina_assessment_start_date <= ${to}::date
      AND (a.cina_assessment_auth_date IS NULL OR a.cina_assessment_auth_date >= ${from}::date)
    ORDER BY a.cina_assessment_start_date, a.cina_assessment_id`);
  const plans = await q(sql<{ referral: string; start: string; end: string | null }>`
    SELECT cinp_referral_id AS referral, cinp_cin_plan_start_date::text AS start, cinp_cin_plan_end_date::text AS end
    FROM ssd_cin_plans WHERE cinp_referral_id = ANY(${referrals}::text[]) AND cinp_cin_plan_start_date <= ${to}::date
      AND (cinp_cin_plan_end_date IS NULL OR cinp_cin_plan_end_date >= ${from}::date)
    ORDER BY cinp_cin_plan_start_date, cinp_cin_plan_id`);
  const enquiries = await q(sql<{ id: string; referral: string; start: string; nfa: string | null }>`
    SELECT s47e_s47_enquiry_id AS id, s47e_referral_id AS referral, s47e_s47_start_date::text AS start, s47e_s47_nfa AS nfa
    FROM ssd_s47_enquiry WHERE s47e_referral_id = ANY(${referrals}::text[]) AND s47e_s47_start_date <= ${to}::date
      AND (s47e_s47_end_date IS NULL OR s47e_s47_end_date >= ${from}::date)
    ORDER BY s47e_s47_start_date, s47e_s47_enquiry_id`);
  const conferences = await q(sql<{ s47: string | null; referral: string | null; target: string | null; held: string | null }>`
    SELECT icpc_s47_enquiry_id AS s47, icpc_referral_id AS referral, icpc_icpc_target_date::text AS target, icpc_icpc_date::text AS held
    FROM ssd_initial_cp_conference WHERE icpc_referral_id = ANY(${referrals}::text[]) AND icpc_icpc_date BETWEEN ${from}::date AND ${to}::date
    ORDER BY icpc_icpc_date, icpc_icpc_id`);
  const cpPlans = await q(sql<{
    id: string;
    referral: string;
    child: string;
    start: string;
    end: string | null;
    initial: string | null;
    latest: string | null;
    previous: number | null;
    earlier: number;
  }>`
    SELECT p.cppl_cp_plan_id AS id, p.cppl_referral_id AS referral, p.cppl_person_id AS child, p.cppl_cp_plan_start_date::text AS start,
           p.cppl_cp_plan_end_date::text AS end, p.cppl_cp_plan_initial_category AS initial, p.cppl_cp_plan_latest_category AS latest,
           p.cppl_previous_cp_plans AS previous,
           (SELECT count(*) FROM ssd_cp_plans e WHERE e.cppl_person_id = p.cppl_person_id AND e.cppl_cp_plan_start_date < p.cppl_cp_plan_start_date)::int AS earlier
    FROM ssd_cp_plans p WHERE p.cppl_referral_id = ANY(${referrals}::text[]) AND p.cppl_cp_plan_start_date <= ${to}::date
      AND (p.cppl_cp_plan_end_date IS NULL OR p.cppl_cp_plan_end_date >= ${from}::date)
    ORDER BY p.cppl_cp_plan_start_date, p.cppl_cp_plan_id`);
  const reviews = await q(sql<{ plan: string; day: string }>`
    SELECT cppr_cp_plan_id AS plan, cppr_cp_review_date::text AS day FROM ssd_cp_reviews
    WHERE cppr_cp_plan_id = ANY(${sql.val(cpPlans.map((plan) => plan.id))}::text[]) AND cppr_cp_review_date <= ${to}::date
    ORDER BY cppr_cp_review_date`);
  const preProceedings = await q(sql<{ referral: string; start: string }>`
    SELECT prep_referral_id AS referral, prep_pre_pro_decision_date::text AS start FROM ssd_pre_proceedings
    WHERE prep_referral_id = ANY(${referrals}::text[]) AND prep_pre_pro_decision_date <= ${to}::date
    ORDER BY prep_pre_pro_decision_date, prep_table_id`);

  const person = new Map(people.map((row) => [row.id, row]));
  const upns = groupBy(identifiers, 'child');
  const disabilitiesOf = groupBy(disabilities, 'child');
  const episodesOf = groupBy(episodes, 'child');
  const assessmentsOf = groupBy(assessments, 'referral');
  const plansOf = groupBy(plans, 'referral');
  const enquiriesOf = groupBy(enquiries, 'referral');
  const cpPlansOf = groupBy(cpPlans, 'referral');
  const preProceedingsOf = groupBy(preProceedings, 'referral');
  const conferenceOf = new Map(conferences.filter((row) => row.s47).map((row) => [row.s47!, row]));
  const conferenceWithoutEnquiry = new Map(conferences.filter((row) => !row.s47 && row.referral).map((row) => [row.referral!, row]));
  const reviewsOf = groupBy(reviews, 'plan');
  const omitted: string[] = [];
  const date = (value: string | number | null | undefined) => asAt(value === null || value === undefined ? null : String(value), period);

  const xml = new XmlWriter();
  xml.parts.push('<?xml version="1.0" encoding="UTF-8"?>\n');
  xml.open('Message');
  xml.open('Header');
  xml.open('CollectionDetails');
  xml.leaf('Collection', 'CIN');
  xml.leaf('Year', collectionYear);
  xml.leaf('ReferenceDate', `${collectionYear}-03-31`);
  xml.close('CollectionDetails');
  if (source.laCode && /^\d{3}$/.test(source.laCode)) {
    xml.open('Source');
    xml.leaf('SourceLevel', 'L');
    xml.leaf('LEA', source.laCode);
    xml.leaf('SoftwareCode', 'Keystone');
    xml.leaf('SerialNo', '001');
    xml.leaf('DateTime', (source.madeAt ?? new Date().toISOString()).slice(0, 19));
    xml.close('Source');
  }
  xml.close('Header');
  xml.open('Children');
  for (const childId of childIds) {
    const child = person.get(childId)!;
    xml.open('Child');
    xml.open('ChildIdentifiers');
    xml.leaf('LAchildID', childId);
    const upn = upns.get(childId)?.find((row) => row.type === 'Unique Pupil Number')?.value;
    xml.leaf('UPN', upn);
    xml.leaf('FormerUPN', upns.get(childId)?.find((row) => row.type === 'Former Unique Pupil Number')?.value);
    if (!upn) xml.leaf('UPNunknown', child.upn_unknown);
    xml.leaf('PersonBirthDate', child.dob);
    if (!child.dob) xml.leaf('ExpectedPersonBirthDate', child.expected);
    xml.leaf(schema.sexElement, sexCode(schema, child.sex));
    xml.leaf('PersonDeathDate', date(child.died));
    xml.close('ChildIdentifiers');
    xml.open('ChildCharacteristics');
    xml.leaf('Ethnicity', child.ethnicity || 'NOBT');
    const codes = [...new Set((disabilitiesOf.get(childId) ?? []).map((row) => row.code))];
    if (codes.length) {
      xml.open('Disabilities');
      for (const code of codes) xml.leaf('Disability', code);
      xml.close('Disabilities');
    }
    xml.close('ChildCharacteristics');
    for (const episode of episodesOf.get(childId) ?? []) {
      const closed = date(episode.closed);
      xml.open('CINdetails');
      xml.leaf('CINreferralDate', episode.referral);
      xml.leaf('ReferralSource', inSchema(episode.source || '10', schema.referralSources));
      xml.leaf('PrimaryNeedCode', episode.need);
      xml.leaf('CINclosureDate', closed);
      if (closed) xml.leaf('ReasonForClosure', episode.reason && inSchema(episode.reason, schema.closureReasons));
      xml.leaf('DateOfInitialCPC', conferenceWithoutEnquiry.get(episode.id)?.held);
      for (const assessment of assessmentsOf.get(episode.id) ?? []) {
        xml.open('Assessments');
        xml.leaf('AssessmentActualStartDate', assessment.start);
        xml.leaf('AssessmentAuthorisationDate', date(assessment.authorised));
        const recorded = assessment.factors ? [...new Set(JSON.parse(String(assessment.factors)) as string[])] : [];
        const factors = recorded.filter((factor) => (ASSESSMENT_FACTORS as readonly string[]).includes(factor));
        for (const factor of recorded.filter((factor) => !factors.includes(factor)))
          omitted.push(
            `Child ${childId}: assessment factor “${factor}” (assessment starting ${assessment.start}) is not in the census code list; it is left out.`,
          );
        if (factors.length && date(assessment.authorised)) {
          xml.open('FactorsIdentifiedAtAssessment');
          for (const factor of factors) xml.leaf('AssessmentFactors', factor);
          xml.close('FactorsIdentifiedAtAssessment');
        }
        xml.close('Assessments');
      }
      for (const plan of plansOf.get(episode.id) ?? []) {
        xml.open('CINPlanDates');
        xml.leaf('CINPlanStartDate', plan.start);
        xml.leaf('CINPlanEndDate', date(plan.end));
        xml.close('CINPlanDates');
      }
      for (const enquiry of enquiriesOf.get(episode.id) ?? []) {
        const conference = conferenceOf.get(String(enquiry.id));
        xml.open('Section47');
        xml.leaf('S47ActualStartDate', enquiry.start);
        xml.leaf('InitialCPCtarget', conference?.target);
        xml.leaf('DateOfInitialCPC', conference?.held);
        xml.leaf('ICPCnotRequired', FLAG[String(enquiry.nfa ?? '')] ?? '0');
        xml.close('Section47');
      }
      xml.leaf('ReferralNFA', FLAG[episode.nfa ?? ''] ?? '0');
      for (const plan of cpPlansOf.get(episode.id) ?? []) {
        const initial = category(plan.initial) ?? category(plan.latest);
        const latest = category(plan.latest) ?? initial;
        if (!initial || !latest) {
          omitted.push(
            `Child ${childId}: the child protection plan starting ${plan.start} has no category of abuse, which the census requires; it is left out.`,
          );
          continue;
        }
        xml.open('ChildProtectionPlans');
        xml.leaf('CPPstartDate', plan.start);
        xml.leaf('CPPendDate', date(plan.end));
        xml.leaf('InitialCategoryOfAbuse', initial);
        xml.leaf('LatestCategoryOfAbuse', latest);
        xml.leaf('NumberOfPreviousCPP', plan.previous ?? plan.earlier);
        const days = [...new Set((reviewsOf.get(String(plan.id)) ?? []).map((review) => review.day))];
        if (days.length) {
          xml.open('Reviews');
          for (const day of days) xml.leaf('CPPreviewDate', day);
          xml.close('Reviews');
        }
        xml.close('ChildProtectionPlans');
      }
      for (const block of preProceedingsOf.get(episode.id) ?? [])
        omitted.push(
          `Child ${childId}: pre-proceedings starting ${block.start} (referral ${episode.referral}) are left out: the census XSD has no place for them.`,
        );
      xml.close('CINdetails');
    }
    xml.close('Child');
  }
  xml.close('Children');
  xml.close('Message');
  const noChildren = childIds.length ? undefined : await whyNoChildren(database, period);
  return { xml: xml.parts.join(''), collectionYear, schemaYear: schema.year, childIds, omitted, noChildren };
}

/** A census with no child says so plainly: 0 children may mean the data held do not reach the period. */
async function whyNoChildren(database: Database, { from, to }: ExportPeriod): Promise<string> {
  const held = await sql<{ first: IsoDate | null; last: IsoDate | null }>`
    SELECT min(cine_referral_date)::date::text AS first, max(greatest(cine_referral_date, cine_close_date))::date::text AS last FROM ssd_cin_episodes`.execute(
    database.db,
  );
  const { first, last } = held.rows[0] ?? { first: null, last: null };
  const none = `No child had a CIN episode (referral) open from ${longDate(from)} to ${longDate(to)}`;
  return first && last ? `${none}: the episodes held run from ${longDate(first)} to ${longDate(last)}.` : `${none}: no CIN episode is held.`;
}

function sexCode(schema: CinSchema, sex: string | null): string {
  return schema.sexElement === 'Sex' ? (SEX[sex ?? ''] ?? 'U') : (GENDER_CURRENT[sex ?? ''] ?? '0');
}

/** Codes added after the 2022 schema, as the code that year used for them (5D early help → 5B other internal; RC9 → RC8). */
const EARLIER_CODE: Record<string, string> = { '5D': '5B', RC9: 'RC8' };

function inSchema(code: string, codes: readonly string[]): string {
  return codes.includes(code) ? code : (EARLIER_CODE[code] ?? code);
}

function category(value: string | null): string | null {
  return value && (CATEGORY_OF_ABUSE as readonly string[]).includes(value) ? value : null;
}
