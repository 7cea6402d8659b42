/** DfE rules on OC2 (children looked after 12 months) and OC3 (care leavers). One exported object per rule. */
import * as codes from '../codes.ts';
import { ageOn } from '../values.ts';
import { blank, codeRule, date, dobDiffers, filled, inList, lookedAfter12Months, notInHeader, oncePerChild, rowsWhere, rule, v } from './rule.ts';
import type { SourceRow } from '../../types.ts';

// ---- OC3 ----

export const rule_131 = codeRule('131', 'OC3', 'IN_TOUCH', codes.IN_TOUCH, { required: true });
export const rule_132 = codeRule('132', 'OC3', 'ACTIV', codes.ACTIV);
export const rule_133 = codeRule('133', 'OC3', 'ACCOM', codes.ACCOM);
export const rule_153 = rule('153', (data) =>
  rowsWhere(data, 'OC3', (row) => {
    const completed = ['IN_TOUCH', 'ACTIV', 'ACCOM'].filter((field) => filled(row, field)).length;
    return completed > 0 && completed < 3 && !inList(row, 'IN_TOUCH', ['DIED', 'RHOM']);
  }, 'ACTIV'),
);
export const rule_344 = rule('344', (data) =>
  rowsWhere(data, 'OC3', (row) => inList(row, 'IN_TOUCH', ['DIED', 'RHOM']) && (filled(row, 'ACTIV') || filled(row, 'ACCOM')), 'ACTIV'),
);
export const rule_345 = rule('345', (data) =>
  rowsWhere(data, 'OC3', (row) => v(row, 'IN_TOUCH') === 'YES' && (v(row, 'ACTIV') === '0' || v(row, 'ACCOM') === '0'), 'ACTIV'),
);
export const rule_391 = rule('391', (data) =>
  rowsWhere(data, 'OC3', (row) => {
    const dob = date(row, 'DOB');
    return !!dob && (ageOn(dob, data.year.end) < 17 || ageOn(dob, data.year.start) > 21);
  }, 'DOB'),
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
export const rule_181 = rule('181', (data) => rowsWhere(data, 'OC2', (row) => ALL_OC2.some((field) => filled(row, field) && !inList(row, field, codes.ZERO_ONE))));
export const rule_182 = rule('182', (data) =>
  rowsWhere(data, 'OC2', (row) => ALL_OC2.some((field) => filled(row, field)) && HEALTH.some((field) => blank(row, field)), 'IMMUNISATIONS'),
);
export const rule_158 = rule('158', (data) => rowsWhere(data, 'OC2', (row) => v(row, 'INTERVENTION_RECEIVED') === '1' && filled(row, 'INTERVENTION_OFFERED'), 'INTERVENTION_OFFERED'));
export const rule_159 = rule('159', (data) =>
  rowsWhere(data, 'OC2', (row) => v(row, 'SUBSTANCE_MISUSE') === '1' && v(row, 'INTERVENTION_RECEIVED') === '0' && blank(row, 'INTERVENTION_OFFERED'), 'INTERVENTION_OFFERED'),
);
export const rule_192 = rule('192', (data) => rowsWhere(data, 'OC2', (row) => v(row, 'SUBSTANCE_MISUSE') === '1' && blank(row, 'INTERVENTION_RECEIVED'), 'INTERVENTION_RECEIVED'));
export const rule_193 = rule('193', (data) =>
  rowsWhere(data, 'OC2', (row) => v(row, 'SUBSTANCE_MISUSE') !== '1' && (filled(row, 'INTERVENTION_RECEIVED') || filled(row, 'INTERVENTION_OFFERED')), 'INTERVENTION_RECEIVED'),
);
export const rule_544 = rule('544', (data) => rowsWhere(data, 'OC2', (row) => filled(row, 'CONVICTED') && HEALTH.some((field) => blank(row, field)), 'CONVICTED'));
export const rule_547 = rule('547', (data) => rowsWhere(data, 'OC2', (row) => filled(row, 'HEALTH_CHECK') && HEALTH.some((field) => blank(row, field)), 'HEALTH_CHECK'));
export const rule_188 = rule('188', (data) =>
  rowsWhere(data, 'OC2', (row) => (ageAt(row, data.year.end) ?? 99) < 4 && (filled(row, 'SDQ_SCORE') || filled(row, 'SDQ_REASON')), 'SDQ_SCORE'),
);
export const rule_189 = rule('189', (data) =>
  rowsWhere(data, 'OC2', (row) => (ageAt(row, data.year.start) ?? -1) >= 17 && (filled(row, 'SDQ_SCORE') || filled(row, 'SDQ_REASON')), 'SDQ_SCORE'),
);
export const rule_542 = rule('542', (data) => rowsWhere(data, 'OC2', (row) => (ageAt(row, data.year.end) ?? 99) < 10 && filled(row, 'CONVICTED'), 'CONVICTED'), { tables: ['OC2'] });

/** OC2 rows of children (not) in the 12-month cohort meeting a condition. */
function cohortRule(code: string, inCohort: boolean, condition: (row: SourceRow, year: { start: string; end: string }) => boolean, field: string) {
  return rule(code, (data) => {
    const cohort = lookedAfter12Months(data);
    return rowsWhere(data, 'OC2', (row) => cohort.has(v(row, 'CHILD')) === inCohort && condition(row, data.year), field);
  }, { tables: ['Episodes', 'OC2'] });
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
export const rule_187 = rule('187', (data) => {
  const cohort = lookedAfter12Months(data);
  return [
    ...rowsWhere(data, 'AD1', (row) => cohort.has(v(row, 'CHILD')), 'DATE_INT'),
    ...rowsWhere(data, 'OC3', (row) => cohort.has(v(row, 'CHILD')) && ['IN_TOUCH', 'ACTIV', 'ACCOM'].some((field) => filled(row, field)), 'IN_TOUCH'),
  ];
}, { tables: ['Episodes'] });

/** Adoption data should not be returned for the care leaver (OC3) cohort. */
export const rule_134 = rule('134', (data) => {
  const leavers = new Set(data.tables.OC3.filter((row) => ['IN_TOUCH', 'ACTIV', 'ACCOM'].some((field) => filled(row, field))).map((row) => v(row, 'CHILD')));
  return rowsWhere(data, 'AD1', (row) => leavers.has(v(row, 'CHILD')) && ['DATE_INT', 'DATE_MATCH', 'FOSTER_CARE', 'NB_ADOPTR', 'SEX_ADOPTR', 'LS_ADOPTR'].some((field) => filled(row, field)), 'DATE_INT');
});

/** Care leaver data with OC2 (12 months) data for the same child. */
export const rule_215 = rule('215', (data) => {
  const leavers = new Set(data.tables.OC3.filter((row) => ['IN_TOUCH', 'ACTIV', 'ACCOM'].some((field) => filled(row, field))).map((row) => v(row, 'CHILD')));
  return rowsWhere(data, 'OC2', (row) => leavers.has(v(row, 'CHILD')) && ALL_OC2.some((field) => filled(row, field)), 'CONVICTED');
});
