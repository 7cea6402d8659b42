/**
 * SSD fields that hold a DfE-coded value Keystone reads or exports, with the DfE code list (the lists
 * the CIN census and SSDA903 importers check against) and what Keystone does with a value outside it.
 * Such a value is stored as given and the row kept, with a warning (`KS-CODE`) naming file, line,
 * field and value, so the council learns of it before a figure or a return counts it as something else.
 *
 * Values are compared exactly, as the exports compare them (`wbri` is written as given, not as WBRI).
 * Sex is accepted in both spellings DfE returns use: M, F, U (from 2024-25) and 1, 2, 0, 9 (before).
 * Fields the council maps itself on the Local codes page (src/local-codes/: worker role, team, reason
 * for a change of worker, placement type, legal status — the latter also read from clae_legal_status)
 * are not checked here: any spelling may be mapped.
 */
import { CATEGORY_OF_ABUSE, DISABILITY, ETHNICITY, GENDER_CURRENT, PRIMARY_NEED, schemaFor, SCHEMA_YEARS, SEX, UPN_UNKNOWN } from '../cin/schema.ts';
import { CIN as CLA_PRIMARY_NEED, MISSING, REASON_PLACE_CHANGE, REC, REVIEW_CODE, RNE } from '../ssda903/codes.ts';
import type { Finding } from '../types.ts';
import { finding } from './importer.ts';

interface CodedField {
  /** What the code is, after “not a DfE …”. */
  label: string;
  codes: ReadonlySet<string>;
  /** What Keystone does with a value outside the list, after “it is stored as given; ”. */
  then: string;
}

const everyYear = (list: (year: (typeof SCHEMA_YEARS)[number]) => readonly string[]) => new Set(SCHEMA_YEARS.flatMap(list));
const CIN_EXPORT_AS_GIVEN = 'the CIN census export writes it as given, which DfE’s validation does not accept';
const EXPORT_903_AS_GIVEN = 'the SSDA903 export writes it as given, which DfE’s validation does not accept';

/** By table, then column. */
export const DFE_CODED_FIELDS: Readonly<Record<string, Readonly<Record<string, CodedField>>>> = {
  ssd_person: {
    pers_sex: {
      label: 'sex code (M, F, U, or 1, 2, 0, 9)',
      codes: new Set([...SEX, ...GENDER_CURRENT]),
      then: 'the CIN census export writes it as not known (U, or 0 before 2025), the SSDA903 export leaves SEX blank and the Annex A export shows Unknown',
    },
    pers_ethnicity: {
      label: 'ethnicity code',
      codes: new Set(ETHNICITY),
      then: 'the CIN census, SSDA903 and Annex A exports write it as given, which DfE’s validation does not accept',
    },
    pers_upn_unknown: {
      label: 'UPN unknown reason (UN1–UN7)',
      codes: new Set(UPN_UNKNOWN),
      then: 'for a child with no UPN the CIN census and SSDA903 exports write it as given, which DfE’s validation does not accept',
    },
  },
  ssd_disability: {
    disa_disability_code: {
      label: 'disability code',
      codes: new Set(DISABILITY),
      then: `the disabled children figures count the child as disabled unless it reads as NONE in any case, the Annex A export unless it is exactly NONE, and ${CIN_EXPORT_AS_GIVEN}`,
    },
  },
  ssd_cin_episodes: {
    cine_cin_primary_need_code: {
      label: 'CIN primary need code',
      codes: new Set(PRIMARY_NEED),
      then: 'the CIN census and Annex A exports write it as given, which DfE’s validation does not accept',
    },
    cine_referral_source_code: {
      label: 'CIN referral source code',
      codes: everyYear((year) => schemaFor(year).referralSources),
      then: 'the CIN census and Annex A exports write it as given, which DfE’s validation does not accept',
    },
    cine_close_reason: {
      label: 'CIN reason for closure',
      codes: everyYear((year) => schemaFor(year).closureReasons),
      then: CIN_EXPORT_AS_GIVEN,
    },
  },
  ssd_cp_plans: {
    cppl_cp_plan_initial_category: {
      label: 'category of abuse',
      codes: new Set(CATEGORY_OF_ABUSE),
      then: 'the CIN census export takes the plan as having no initial category (it gives the latest instead, or leaves the plan out), and the Annex A export writes it as given',
    },
    cppl_cp_plan_latest_category: {
      label: 'category of abuse',
      codes: new Set(CATEGORY_OF_ABUSE),
      then: 'the CIN census export takes the plan as having no latest category (it gives the initial instead, or leaves the plan out), and the Annex A export writes it as given',
    },
  },
  ssd_cla_episodes: {
    clae_cla_episode_start_reason: {
      label: 'SSDA903 reason for new episode',
      codes: new Set(RNE),
      then: `Keystone’s figures read it ignoring case and take any reason but S as not starting a period of care by itself, and ${EXPORT_903_AS_GIVEN}`,
    },
    clae_cla_primary_need_code: {
      label: 'SSDA903 category of need (N1–N8)',
      codes: new Set(CLA_PRIMARY_NEED),
      then: 'the SSDA903 and Annex A exports write it as given, which DfE’s validation does not accept',
    },
    clae_cla_episode_ceased_reason: {
      label: 'SSDA903 reason episode ceased',
      codes: new Set(REC),
      then: `Keystone’s figures read it ignoring case and take any reason but X1 as ending the period of care, and ${EXPORT_903_AS_GIVEN}`,
    },
  },
  ssd_cla_placement: {
    clap_cla_placement_change_reason: {
      label: 'SSDA903 reason for placement change',
      codes: new Set(REASON_PLACE_CHANGE),
      then: EXPORT_903_AS_GIVEN,
    },
  },
  ssd_cla_reviews: {
    clar_cla_review_participation: {
      label: 'SSDA903 review participation code',
      codes: new Set(REVIEW_CODE),
      then: EXPORT_903_AS_GIVEN,
    },
  },
  ssd_missing: {
    miss_missing_episode_type: {
      label: 'SSDA903 missing episode type (M, A)',
      codes: new Set(MISSING),
      then: `Keystone’s figures count it as missing unless it reads as away (A, Away, Absence or Absent, in any case), the Annex A export counts it as neither missing nor away, and ${EXPORT_903_AS_GIVEN}`,
    },
  },
};

/** A warning for each coded value of a row (as it will be stored) that is not in its DfE list. */
export function codeWarnings(tableName: string, values: Readonly<Record<string, string | null>>, file: string, line: number, child: string | null): Finding[] {
  const fields = DFE_CODED_FIELDS[tableName];
  if (!fields) return [];
  const warnings: Finding[] = [];
  for (const [column, field] of Object.entries(fields)) {
    const value = values[column];
    if (value == null || field.codes.has(value)) continue;
    warnings.push(
      finding(
        'KS-CODE',
        `${column} “${value.slice(0, 40)}” is not a DfE ${field.label}: it is stored as given; ${field.then}.`,
        file,
        tableName,
        line,
        column,
        child,
        'warning',
      ),
    );
  }
  return warnings;
}
