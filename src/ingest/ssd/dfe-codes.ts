/**
 * SSD fields that hold a DfE-coded value Keystone reads or exports, with the DfE code list (the lists
 * the CIN census and SSDA903 importers check against) and what Keystone does with a value outside it.
 * Such a value is stored as given and the row kept, with a warning (`KS-CODE`) naming file, line,
 * field and value, so the council learns of it before a figure or a return counts it as something else
 * (past the first rows of a field, counted instead: CodeWarnings).
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
      then: 'the CIN census, SSDA903 and Annex A exports write it as given, and DfE’s validation of the census and of the SSDA903 return does not accept it',
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
      then: 'the CIN census and Annex A exports write it as given, and DfE’s validation of the census does not accept it',
    },
    cine_referral_source_code: {
      label: 'CIN referral source code',
      codes: everyYear((year) => schemaFor(year).referralSources),
      then: 'the CIN census and Annex A exports write it as given, and DfE’s validation of the census does not accept it',
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
      then: 'the SSDA903 and Annex A exports write it as given, and DfE’s validation of the return does not accept it',
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

/** Rows of a file warned about one by one for each coded field; the rest are counted in one warning at the file's end. */
export const LISTED_PER_FIELD = 20;
/** Values the warning at a file's end names for a field, most frequent first (the others are counted together). */
const NAMED_VALUES = 5;
/** Distinct values counted for a field (a column of free text would otherwise keep every one). */
const COUNTED_VALUES = 1_000;

const plural = (count: number, word: string) => `${count.toLocaleString('en-GB')} ${word}${count === 1 ? '' : 's'}`;

/**
 * One file's values outside their DfE lists. The first LISTED_PER_FIELD rows of each field get a
 * warning each, naming line and value; the others are counted, by value, and reported in one warning
 * about the file once it is read (`end`), so a file where every row holds the same local spelling does
 * not give a warning per row, and every row is still counted.
 */
export class CodeWarnings {
  private readonly fields: Readonly<Record<string, CodedField>>;
  private readonly byField = new Map<string, { listed: number; more: number; values: Map<string, number>; other: number }>();
  private readonly file: string;
  private readonly table: string;

  constructor(file: string, table: string) {
    this.file = file;
    this.table = table;
    this.fields = DFE_CODED_FIELDS[table] ?? {};
  }

  /** The warnings for a row that will be stored (its values as stored). */
  row(line: number, child: string | null, values: Readonly<Record<string, string | null>>): Finding[] {
    const warnings: Finding[] = [];
    for (const [column, field] of Object.entries(this.fields)) {
      const value = values[column];
      if (value == null || field.codes.has(value)) continue;
      let seen = this.byField.get(column);
      if (!seen) this.byField.set(column, (seen = { listed: 0, more: 0, values: new Map(), other: 0 }));
      if (seen.listed < LISTED_PER_FIELD) {
        seen.listed++;
        warnings.push(
          finding(
            'KS-CODE',
            `${column} “${value.slice(0, 40)}” is not a DfE ${field.label}: it is stored as given; ${field.then}.`,
            this.file,
            this.table,
            line,
            column,
            child,
            'warning',
          ),
        );
        continue;
      }
      seen.more++;
      const count = seen.values.get(value);
      if (count !== undefined) seen.values.set(value, count + 1);
      else if (seen.values.size < COUNTED_VALUES) seen.values.set(value, 1);
      else seen.other++;
    }
    return warnings;
  }

  /** Once the file is read: a warning for each field with rows counted but not listed. */
  end(): Finding[] {
    const warnings: Finding[] = [];
    for (const [column, seen] of this.byField) {
      if (!seen.more) continue;
      const field = this.fields[column]!;
      const values = [...seen.values].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      const named = values.slice(0, NAMED_VALUES).map(([value, count]) => `“${value.slice(0, 40)}” (${count.toLocaleString('en-GB')})`);
      const others = values.slice(NAMED_VALUES).reduce((sum, [, count]) => sum + count, seen.other);
      if (others) named.push(`other values (${others.toLocaleString('en-GB')})`);
      warnings.push(
        finding(
          'KS-CODE',
          `${column}: ${plural(seen.more, 'more row')} of this file than the ${LISTED_PER_FIELD} listed hold a value that is not a DfE ${field.label}: ${named.join(', ')}. Each is stored as given; ${field.then}.`,
          this.file,
          this.table,
          null,
          column,
          null,
          'warning',
        ),
      );
    }
    return warnings;
  }
}
