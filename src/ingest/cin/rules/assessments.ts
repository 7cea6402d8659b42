/** Rules on assessments and the factors identified at assessment (Assessments). */
import type { CinGroup } from '../reader.ts';
import {
  acrossEpisodes,
  assessments,
  dateOf,
  disabilities,
  episodes,
  factors,
  has,
  moreThanOneOpen,
  repeated,
  rule,
  startsDuring,
  value,
  where,
  within,
  workingDaysBefore,
  type CinHit,
} from './rule.ts';

/** Each assessment with the episode it belongs to. */
const eachAssessment = (child: CinGroup) => episodes(child).flatMap((episode) => assessments(episode).map((assessment) => ({ episode, assessment })));
const allAssessments = (child: CinGroup) => acrossEpisodes(child, 'Assessments');
const completed = (assessment: CinGroup) => has(assessment, 'AssessmentAuthorisationDate');

export const rule_1103 = rule('1103', (child) =>
  eachAssessment(child)
    .filter(({ episode, assessment }) => (dateOf(assessment, 'AssessmentActualStartDate') ?? '9999') < (dateOf(episode, 'CINreferralDate') ?? ''))
    .map(({ assessment }) => ({ group: assessment, field: 'AssessmentActualStartDate' })),
);
export const rule_8608 = rule('8608', (child) =>
  where(
    allAssessments(child),
    (assessment) => {
      const start = dateOf(assessment, 'AssessmentActualStartDate');
      const end = dateOf(assessment, 'AssessmentAuthorisationDate');
      return !!start && !!end && start > end;
    },
    'AssessmentAuthorisationDate',
  ),
);
export const rule_8696 = rule('8696', (child, period) =>
  where(
    allAssessments(child),
    (assessment) => completed(assessment) && !within(dateOf(assessment, 'AssessmentAuthorisationDate'), period),
    'AssessmentAuthorisationDate',
  ),
);
export const rule_8736 = rule('8736', (child, period) =>
  where(
    allAssessments(child),
    (assessment) => !completed(assessment) && !within(dateOf(assessment, 'AssessmentActualStartDate'), period),
    'AssessmentActualStartDate',
  ),
);
/** Still open at the reference date though started more than 45 working days before it. */
export const rule_8670Q = rule('8670Q', (child, period) =>
  where(
    allAssessments(child),
    (assessment) => !completed(assessment) && (dateOf(assessment, 'AssessmentActualStartDate') ?? '9999') < workingDaysBefore(period.end, 45),
    'AssessmentActualStartDate',
  ),
);
export const rule_8896 = rule('8896', (child) =>
  episodes(child).flatMap((episode) => moreThanOneOpen(assessments(episode), (assessment) => !completed(assessment), 'AssessmentAuthorisationDate')),
);
/** No assessment starts on or between the start and end (or, while open, the reference date) of another in the same episode. */
export const rule_8863 = rule('8863', (child, period) =>
  episodes(child).flatMap((episode) => {
    const all = assessments(episode);
    return where(
      all,
      (assessment) =>
        all.some(
          (other) =>
            other !== assessment &&
            startsDuring(
              dateOf(assessment, 'AssessmentActualStartDate'),
              { start: dateOf(other, 'AssessmentActualStartDate'), end: dateOf(other, 'AssessmentAuthorisationDate'), open: true },
              period,
              true,
            ),
        ),
      'AssessmentActualStartDate',
    );
  }),
);

// ---- factors ----

const withFactor = (child: CinGroup, predicate: (codes: readonly string[], assessment: CinGroup) => boolean): CinHit[] =>
  where(allAssessments(child), (assessment) => predicate(factors(assessment), assessment), 'AssessmentFactors');

export const rule_8614 = rule('8614', (child) => withFactor(child, (codes, assessment) => codes.length > 0 && !completed(assessment)));
export const rule_8897 = rule('8897', (child, period) =>
  withFactor(child, (codes, assessment) => codes.length === 0 && (dateOf(assessment, 'AssessmentAuthorisationDate') ?? '') >= period.start),
);
export const rule_8617 = rule('8617', (child) => withFactor(child, (codes) => codes.includes('8A')));
export const rule_8869 = rule('8869', (child) => withFactor(child, (codes) => codes.includes('21') && codes.some((code) => code !== '21')));
export const rule_8898 = rule('8898', (child) => withFactor(child, (codes) => repeated(codes)));
export const rule_8945Q = rule('8945Q', (child) => withFactor(child, (codes) => codes.some((code) => code.toUpperCase() === '18A')));
export const rule_8950Q = rule('8950Q', (child) => withFactor(child, (codes) => codes.some((code) => code.toUpperCase() === '19A')));
/** A child with a disability whose assessment completed this year records a disability factor (5A or 6A). */
export const rule_8899Q = rule('8899Q', (child, period) => {
  if (!disabilities(child).some((code) => code !== 'NONE')) return [];
  return withFactor(
    child,
    (codes, assessment) => (dateOf(assessment, 'AssessmentAuthorisationDate') ?? '') >= period.start && !codes.includes('5A') && !codes.includes('6A'),
  );
});
/** One completed assessment on the episode, finding no factors (21): the episode closes with RC8 or RC9. */
export const rule_8873Q = rule('8873Q', (child) =>
  where(
    episodes(child),
    (episode) => {
      const only = assessments(episode);
      return only.length === 1 && completed(only[0]!) && factors(only[0]!).includes('21') && !['RC8', 'RC9'].includes(value(episode, 'ReasonForClosure'));
    },
    'ReasonForClosure',
  ),
);
