/** DfE rules on OC2 (children looked after 12 months) and OC3 (care leavers). One exported object per rule. */
import * as codes from '../codes.ts';
import { addYears, ageOn } from '../values.ts';
import {
  blank,
  childrenIn,
  codeRule,
  date,
  dobDiffers,
  dobs,
  episodesByChild,
  female,
  filled,
  inList,
  lastYear,
  lookedAfter12Months,
  oc2ByCohort,
  male,
  notInHeader,
  oncePerChild,
  rowsByChild,
  rowsWhere,
  rowsWith,
  rule,
  v,
  type Return903,
} from './rule.ts';
import type { SourceRow } from '../../types.ts';

// ---- OC3 ----

export const rule_131 = codeRule('131', 'OC3', 'IN_TOUCH', codes.IN_TOUCH, { required: true });
export const rule_132 = codeRule('132', 'OC3', 'ACTIV', codes.ACTIV);
export const rule_133 = codeRule('133', 'OC3', 'ACCOM', codes.ACCOM);
export const rule_153 = rule('153', (data) =>
  rowsWhere(
    data,
    'OC3',
    (row) => {
      const completed = ['IN_TOUCH', 'ACTIV', 'ACCOM'].filter((field) => filled(row, field)).length;
      return completed > 0 && completed < 3 && !inList(row, 'IN_TOUCH', ['DIED', 'RHOM']);
    },
    'ACTIV',
  ),
);
export const rule_344 = rule('344', (data) =>
  rowsWhere(data, 'OC3', (row) => inList(row, 'IN_TOUCH', ['DIED', 'RHOM']) && (filled(row, 'ACTIV') || filled(row, 'ACCOM')), 'ACTIV'),
);
export const rule_345 = rule('345', (data) =>
  rowsWhere(data, 'OC3', (row) => v(row, 'IN_TOUCH') === 'YES' && (v(row, 'ACTIV') === '0' || v(row, 'ACCOM') === '0'), 'ACTIV'),
);
/** DfE's coding: "If <DOB> < 17 years prior to <COLLECTION_END_DATE> then <IN_TOUCH>, <ACTIV> and <ACCOM> should not be provided". */
export const rule_391 = rule('391', (data) =>
  rowsWhere(
    data,
    'OC3',
    (row) => {
      const dob = date(row, 'DOB');
      return !!dob && ageOn(dob, data.year.end) < 17 && (filled(row, 'IN_TOUCH') || filled(row, 'ACTIV') || filled(row, 'ACCOM'));
    },
    'DOB',
  ),
);
export const rule_INT06 = notInHeader('INT06', 'OC3');
export const rule_INT15 = dobDiffers('INT15', 'OC3');
export const rule_INT34 = oncePerChild('INT34', 'OC3');

// ---- OC2 ----

const HEALTH = ['IMMUNISATIONS', 'TEETH_CHECK', 'HEALTH_ASSESSMENT', 'SUBSTANCE_MISUSE'];
const ALL_OC2 = ['CONVICTED', 'HEALTH_CHECK', ...HEALTH, 'INTERVENTION_RECEIVED', 'INTERVENTION_OFFERED'];
const ageAt = (row: SourceRow, on: string): number | null => {
  const dob = date(row, 'DOB');
  return dob ? ageOn(dob, on) : null;
};

export const rule_180 = rule('180', (data) =>
  rowsWhere(data, 'OC2', (row) => filled(row, 'SDQ_SCORE') && !(/^\d{1,2}$/.test(v(row, 'SDQ_SCORE')) && Number(v(row, 'SDQ_SCORE')) <= 40), 'SDQ_SCORE'),
);
export const rule_196 = codeRule('196', 'OC2', 'SDQ_REASON', codes.SDQ_REASON);
export const rule_197a = rule('197a', (data) => rowsWhere(data, 'OC2', (row) => filled(row, 'SDQ_SCORE') && filled(row, 'SDQ_REASON'), 'SDQ_REASON'));
export const rule_181 = rule('181', (data) =>
  rowsWhere(data, 'OC2', (row) => ALL_OC2.some((field) => filled(row, field) && !inList(row, field, codes.ZERO_ONE))),
);
export const rule_182 = rule('182', (data) =>
  rowsWhere(data, 'OC2', (row) => ALL_OC2.some((field) => filled(row, field)) && HEALTH.some((field) => blank(row, field)), 'IMMUNISATIONS'),
);
export const rule_158 = rule('158', (data) =>
  rowsWhere(
    data,
    'OC2',
    (row) => v(row, 'INTERVENTION_RECEIVED') === '1' && filled(row, 'INTERVENTION_OFFERED'),
    'INTERVENTION_OFFERED',
    rowsWith(data, 'OC2', 'INTERVENTION_RECEIVED', ['1']),
  ),
);
export const rule_159 = rule('159', (data) =>
  rowsWhere(
    data,
    'OC2',
    (row) => v(row, 'SUBSTANCE_MISUSE') === '1' && v(row, 'INTERVENTION_RECEIVED') === '0' && blank(row, 'INTERVENTION_OFFERED'),
    'INTERVENTION_OFFERED',
    rowsWith(data, 'OC2', 'SUBSTANCE_MISUSE', ['1']),
  ),
);
export const rule_192 = rule('192', (data) =>
  rowsWhere(
    data,
    'OC2',
    (row) => v(row, 'SUBSTANCE_MISUSE') === '1' && blank(row, 'INTERVENTION_RECEIVED'),
    'INTERVENTION_RECEIVED',
    rowsWith(data, 'OC2', 'SUBSTANCE_MISUSE', ['1']),
  ),
);
export const rule_193 = rule('193', (data) =>
  rowsWhere(
    data,
    'OC2',
    (row) => v(row, 'SUBSTANCE_MISUSE') !== '1' && (filled(row, 'INTERVENTION_RECEIVED') || filled(row, 'INTERVENTION_OFFERED')),
    'INTERVENTION_RECEIVED',
  ),
);
export const rule_544 = rule('544', (data) =>
  rowsWhere(data, 'OC2', (row) => filled(row, 'CONVICTED') && HEALTH.some((field) => blank(row, field)), 'CONVICTED'),
);
export const rule_547 = rule('547', (data) =>
  rowsWhere(data, 'OC2', (row) => filled(row, 'HEALTH_CHECK') && HEALTH.some((field) => blank(row, field)), 'HEALTH_CHECK'),
);
export const rule_188 = rule('188', (data) =>
  rowsWhere(data, 'OC2', (row) => (ageAt(row, data.year.end) ?? 99) < 4 && (filled(row, 'SDQ_SCORE') || filled(row, 'SDQ_REASON')), 'SDQ_SCORE'),
);
export const rule_189 = rule('189', (data) =>
  rowsWhere(data, 'OC2', (row) => (ageAt(row, data.year.start) ?? -1) >= 17 && (filled(row, 'SDQ_SCORE') || filled(row, 'SDQ_REASON')), 'SDQ_SCORE'),
);
export const rule_542 = rule(
  '542',
  (data) => rowsWhere(data, 'OC2', (row) => (ageAt(row, data.year.end) ?? 99) < 10 && filled(row, 'CONVICTED'), 'CONVICTED'),
  { tables: ['OC2'] },
);

/** OC2 rows of children (not) in the 12-month cohort meeting a condition. */
function cohortRule(code: string, inCohort: boolean, condition: (row: SourceRow, year: { start: string; end: string }) => boolean, field: string) {
  return rule(
    code,
    (data) => {
      const cohort = oc2ByCohort(data);
      return rowsWhere(data, 'OC2', (row) => condition(row, data.year), field, inCohort ? cohort.inCohort : cohort.notInCohort);
    },
    { tables: ['Episodes', 'OC2'] },
  );
}
export const rule_185 = cohortRule('185', false, (row) => filled(row, 'SDQ_SCORE'), 'SDQ_SCORE');
export const rule_198 = cohortRule('198', false, (row) => filled(row, 'SDQ_REASON'), 'SDQ_REASON');
export const rule_190 = cohortRule('190', false, (row) => ALL_OC2.some((field) => filled(row, field)), 'CONVICTED');
export const rule_191 = cohortRule('191', true, (row) => HEALTH.some((field) => blank(row, field)), 'IMMUNISATIONS');
export const rule_186 = cohortRule(
  '186',
  true,
  (row, year) => (ageAt(row, year.start) ?? -1) >= 4 && (ageAt(row, year.end) ?? 99) < 17 && blank(row, 'SDQ_SCORE') && blank(row, 'SDQ_REASON'),
  'SDQ_SCORE',
);
export const rule_543 = cohortRule('543', true, (row, year) => (ageAt(row, year.end) ?? -1) >= 10 && blank(row, 'CONVICTED'), 'CONVICTED');
export const rule_545 = cohortRule('545', true, (row, year) => (ageAt(row, year.end) ?? 99) < 5 && blank(row, 'HEALTH_CHECK'), 'HEALTH_CHECK');
export const rule_546 = cohortRule('546', true, (row, year) => (ageAt(row, year.end) ?? -1) >= 5 && filled(row, 'HEALTH_CHECK'), 'HEALTH_CHECK');
export const rule_INT05 = notInHeader('INT05', 'OC2');
export const rule_INT14 = dobDiffers('INT14', 'OC2');
export const rule_INT33 = oncePerChild('INT33', 'OC2');

/** A child in the OC2 cohort cannot also have adoption (AD1) or care leaver (OC3) returns. */
export const rule_187 = rule(
  '187',
  (data) => {
    const cohort = lookedAfter12Months(data);
    return [
      ...rowsWhere(data, 'AD1', (row) => cohort.has(v(row, 'CHILD')), 'DATE_INT'),
      ...rowsWhere(data, 'OC3', (row) => cohort.has(v(row, 'CHILD')) && ['IN_TOUCH', 'ACTIV', 'ACCOM'].some((field) => filled(row, field)), 'IN_TOUCH'),
    ];
  },
  { tables: ['Episodes'] },
);

/** Adoption data should not be returned for the care leaver (OC3) cohort. */
export const rule_134 = rule('134', (data) => {
  const leavers = new Set(data.tables.OC3.filter((row) => ['IN_TOUCH', 'ACTIV', 'ACCOM'].some((field) => filled(row, field))).map((row) => v(row, 'CHILD')));
  return rowsWhere(
    data,
    'AD1',
    (row) =>
      leavers.has(v(row, 'CHILD')) && ['DATE_INT', 'DATE_MATCH', 'FOSTER_CARE', 'NB_ADOPTR', 'SEX_ADOPTR', 'LS_ADOPTR'].some((field) => filled(row, field)),
    'DATE_INT',
  );
});

/** Care leaver data with OC2 (12 months) data for the same child. */
export const rule_215 = rule('215', (data) => {
  const leavers = new Set(data.tables.OC3.filter((row) => ['IN_TOUCH', 'ACTIV', 'ACCOM'].some((field) => filled(row, field))).map((row) => v(row, 'CHILD')));
  return rowsWhere(data, 'OC2', (row) => leavers.has(v(row, 'CHILD')) && ALL_OC2.some((field) => filled(row, field)), 'CONVICTED');
});

// ---- care leavers (OC3) against the episodes ----

const LEAVER_FIELDS = ['IN_TOUCH', 'ACTIV', 'ACCOM'];
const hasLeaverData = (row: SourceRow) => LEAVER_FIELDS.some((field) => filled(row, field));
const oc3Hits = (data: Return903, breaks: (row: SourceRow) => boolean) => rowsWhere(data, 'OC3', (row) => hasLeaverData(row) && breaks(row), 'IN_TOUCH');
/** The birthday of a given age, and whether it falls in the collection year. */
const birthdayInYear = (dob: string | null, age: number, year: { start: string; end: string }) => {
  if (!dob) return false;
  const birthday = addYears(dob, age);
  return birthday >= year.start && birthday <= year.end;
};

/** Died in care (an episode ending E2, this year or last when last year's episodes were supplied). */
export const rule_1000 = rule('1000', (data) => {
  const died = new Set(
    [...rowsWith(data, 'Episodes', 'REC', ['E2']), ...lastYear(data).tables.Episodes.filter((row) => v(row, 'REC') === 'E2')].map((row) => v(row, 'CHILD')),
  );
  return rowsWhere(data, 'OC3', (row) => died.has(v(row, 'CHILD')), 'IN_TOUCH');
});

/** 17 or 18 at the year end and looked after on their latest birthday (an episode begun by then and not ended before it). */
export const rule_1007 = rule('1007', (data) => {
  const episodes = episodesByChild(data);
  return oc3Hits(data, (row) => {
    const dob = date(row, 'DOB');
    if (!dob) return false;
    const age = ageOn(dob, data.year.end);
    if (age < 17 || age > 18) return false;
    const birthday = addYears(dob, age);
    return (episodes.get(v(row, 'CHILD')) ?? []).some((episode) => date(episode, 'DECOM')! <= birthday && (date(episode, 'DEC') ?? '9999-12-31') > birthday);
  });
});

/** The final episode ended with care transferred to another local authority (E3). */
export const rule_1011 = rule('1011', (data) => {
  const episodes = episodesByChild(data);
  return oc3Hits(data, (row) => {
    const own = episodes.get(v(row, 'CHILD'));
    return !!own && v(own[own.length - 1]!, 'REC') === 'E3';
  });
});

/** Rows in the other tables for a child with no episodes this year (a care leaver returns OC3 only). */
export const rule_1012 = rule('1012', (data) => {
  const looked = childrenIn(data, 'Episodes');
  return (['PlacedAdoption', 'Missing', 'Reviews', 'AD1', 'PrevPerm', 'OC2'] as const).flatMap((table) =>
    rowsWhere(data, table, (row) => !looked.has(v(row, 'CHILD')), 'CHILD'),
  );
});

/** A care leaver (OC3 data, no episode in the year) with a UASC record: both rows are reported. */
export const rule_1014 = rule('1014', (data) => {
  const inYear = new Set(
    data.tables.Episodes.filter((row) => {
      const start = date(row, 'DECOM');
      const end = date(row, 'DEC');
      return !!start && start <= data.year.end && (end === null ? blank(row, 'DEC') : end >= data.year.start);
    }).map((row) => v(row, 'CHILD')),
  );
  const leavers = new Set(data.tables.OC3.filter((row) => hasLeaverData(row) && !inYear.has(v(row, 'CHILD'))).map((row) => v(row, 'CHILD')));
  const uasc = new Set(data.tables.UASC.map((row) => v(row, 'CHILD')));
  return [
    ...rowsWhere(data, 'UASC', (row) => leavers.has(v(row, 'CHILD')), 'DUC'),
    ...rowsWhere(data, 'OC3', (row) => leavers.has(v(row, 'CHILD')) && uasc.has(v(row, 'CHILD')), 'IN_TOUCH'),
  ];
});

/** 17 or 18 at the year end and an episode ended on or after their 17th birthday (so still looked after then). */
export const rule_1016 = rule('1016', (data) => {
  const episodes = rowsByChild(data, 'Episodes');
  return oc3Hits(data, (row) => {
    const dob = date(row, 'DOB');
    if (!dob) return false;
    const age = ageOn(dob, data.year.end);
    return age >= 17 && age <= 18 && (episodes.get(v(row, 'CHILD')) ?? []).some((episode) => (date(episode, 'DEC') ?? '') >= addYears(dob, 17));
  });
});

/** The kind of accommodation after leaving care: its letter (Z former foster carers, T foyer), with or without the suitability digit. */
const accommodation = (row: SourceRow) => v(row, 'ACCOM').charAt(0);

/** Around the 17th birthday (in this year), accommodation cannot be with former foster carers (Z). */
export const rule_3001 = rule('3001', (data) => {
  const dob = dobs(data);
  return rowsWhere(data, 'OC3', (row) => accommodation(row) === 'Z' && birthdayInYear(dob.get(v(row, 'CHILD')) ?? null, 17, data.year), 'ACCOM');
});

/** In a foyer (T) though not yet 18 when the year began. */
export const rule_347 = rule(
  '347',
  (data) =>
    rowsWhere(
      data,
      'OC3',
      (row) => {
        const dob = date(row, 'DOB');
        return accommodation(row) === 'T' && !!dob && addYears(dob, 18) > data.year.start;
      },
      'ACCOM',
    ),
  { tables: ['OC3'] },
);

/** Mother status given for a care leaver not looked after during the year. */
export const rule_628 = rule('628', (data) => {
  const looked = childrenIn(data, 'Episodes');
  const leavers = new Set(data.tables.OC3.filter(hasLeaverData).map((row) => v(row, 'CHILD')));
  return rowsWhere(data, 'Header', (row) => filled(row, 'MOTHER') && leavers.has(v(row, 'CHILD')) && !looked.has(v(row, 'CHILD')), 'MOTHER');
});

/**
 * Mother status: 0 or 1, only for girls; required for a girl looked after during the year (V3/V4 short
 * breaks aside), and not given for a care leaver with no episode in the year.
 */
export const rule_165 = rule('165', (data) => {
  const inYear = new Set(
    data.tables.Episodes.filter((row) => {
      const start = date(row, 'DECOM');
      return !!start && !inList(row, 'LS', ['V3', 'V4']) && start <= data.year.end && (date(row, 'DEC') ?? data.year.end) >= data.year.start;
    }).map((row) => v(row, 'CHILD')),
  );
  const leavers = new Set(data.tables.OC3.filter(hasLeaverData).map((row) => v(row, 'CHILD')));
  const withEpisodes = childrenIn(data, 'Episodes');
  const bad = new Set<string>();
  const hits = rowsWhere(
    data,
    'Header',
    (row) => {
      const child = v(row, 'CHILD');
      if (!withEpisodes.has(child)) return false;
      const mother = v(row, 'MOTHER');
      const girl = female(row);
      const wrong =
        (mother !== '' && !codes.ZERO_ONE.includes(mother)) ||
        (mother !== '' && male(row)) ||
        (mother === '' && girl && inYear.has(child)) ||
        (mother !== '' && girl && !inYear.has(child) && leavers.has(child));
      if (wrong) bad.add(child);
      return wrong;
    },
    'MOTHER',
  );
  return [...hits, ...rowsWhere(data, 'OC3', (row) => bad.has(v(row, 'CHILD')), 'IN_TOUCH')];
});

// ---- OC2: the strengths and difficulties questionnaire ----

/** In the 12-month cohort, 4 or over at the start of the year and 16 or under at its end, yet SDQ1 (“under 4 or over 16”) given as the reason for no score. */
export const rule_157 = cohortRule(
  '157',
  true,
  (row, year) => {
    const dob = date(row, 'DOB');
    return !!dob && addYears(dob, 4) <= year.start && addYears(dob, 16) >= year.end && blank(row, 'SDQ_SCORE') && v(row, 'SDQ_REASON') === 'SDQ1';
  },
  'SDQ_REASON',
);

/** In the 12-month cohort with a 4th or 17th birthday in the year: a score or a reason for none is needed. */
export const rule_197B = cohortRule(
  '197B',
  true,
  (row, year) =>
    (birthdayInYear(date(row, 'DOB'), 4, year) || birthdayInYear(date(row, 'DOB'), 17, year)) && blank(row, 'SDQ_SCORE') && blank(row, 'SDQ_REASON'),
  'SDQ_REASON',
);
