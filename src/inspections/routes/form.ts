/** The inspection form (recording by hand, from a report read, and changing): its items, and reading it back. */
import { dateItems, Errors, readDate, recordNumber, text, type Body } from '../../core/http/form.ts';
import { JUDGEMENTS, GRADES } from '../ofsted-report/parse.ts';
import {
  FINDING_KINDS,
  FRAMEWORKS,
  GRADE_NAMES,
  INSPECTION_TYPES,
  isFindingKind,
  isFramework,
  isGrade,
  isInspectionType,
  JUDGEMENT_NAMES,
  type Inspection,
  type InspectionInput,
} from '../register.ts';

const EXTRA_FINDING_ROWS = 3;

export type FormValues = Omit<InspectionInput, 'startDate' | 'endDate' | 'publishedDate'> & { dates: Body | Record<string, string | null> };

/** The form's select items and finding rows, from values parsed or typed. */
export function formContext(values: FormValues, errors: Errors, extra: Record<string, unknown> = {}) {
  const findingRows = [
    ...values.findings,
    ...Array.from({ length: EXTRA_FINDING_ROWS }, () => ({ kind: values.findings[0]?.kind ?? 'improvement_point', text: '' })),
  ];
  const dateSource = (prefix: string) => {
    const source = values.dates;
    return typeof source[prefix] === 'string' || source[prefix] === null ? ((source[prefix] as string | null) ?? null) : (source as Body);
  };
  return {
    title: 'Record an inspection',
    errorSummary: errors.summary,
    errors: errors.fields,
    frameworkItems: Object.entries(FRAMEWORKS).map(([value, label]) => ({ value, text: label, selected: value === values.framework })),
    typeItems: Object.entries(INSPECTION_TYPES).map(([value, label]) => ({ value, text: label, selected: value === values.inspectionType })),
    startItems: dateItems('start', dateSource('start'), errors),
    endItems: dateItems('end', dateSource('end'), errors),
    publishedItems: dateItems('published', dateSource('published'), errors),
    judgements: JUDGEMENTS.map((judgement) => ({
      name: judgement,
      label: JUDGEMENT_NAMES[judgement],
      items: [
        { value: '', text: 'Not graded' },
        ...GRADES.map((grade) => ({ value: grade, text: GRADE_NAMES[grade], selected: values.grades[judgement] === grade })),
      ],
    })),
    findingRows: findingRows.map((finding, index) => ({
      number: index + 1,
      findingId: 'findingId' in finding ? finding.findingId : undefined,
      text: finding.text,
      kindItems: Object.entries(FINDING_KINDS).map(([value, label]) => ({ value, text: label, selected: value === finding.kind })),
    })),
    findingCount: findingRows.length,
    reportUrl: values.reportUrl ?? '',
    summary: values.summary ?? '',
    formAction: '/inspections',
    ...extra,
  };
}

export function readForm(body: Body): { values: FormValues; errors: Errors; input?: InspectionInput } {
  const errors = new Errors();
  const framework = text(body, 'framework');
  const inspectionType = text(body, 'inspectionType');
  if (!isFramework(framework)) errors.add('framework', 'Select the framework');
  if (!isInspectionType(inspectionType)) errors.add('inspectionType', 'Select the type of inspection or visit');
  const startDate = readDate(body, 'start', 'the first day of the inspection', errors, { required: true });
  const endDate = readDate(body, 'end', 'the last day of the inspection', errors, { required: true });
  const publishedDate = readDate(body, 'published', 'the date the report was published', errors, { required: false });
  if (startDate && endDate && endDate < startDate) errors.add('end', 'The last day must be the same as or after the first day', 'end-day');
  if (endDate && publishedDate && publishedDate < endDate)
    errors.add('published', 'The report must be published on or after the last day of the inspection', 'published-day');
  const reportUrl = text(body, 'reportUrl');
  if (reportUrl && !/^https:\/\/\S+$/.test(reportUrl)) errors.add('reportUrl', 'Enter the report’s web address starting https://');
  const grades: InspectionInput['grades'] = {};
  for (const judgement of JUDGEMENTS) {
    const grade = text(body, `grade-${judgement}`);
    if (isGrade(grade)) grades[judgement] = grade;
  }
  const count = Math.min(Number(text(body, 'findingCount')) || 0, 200);
  const findings: InspectionInput['findings'] = [];
  for (let index = 1; index <= count; index++) {
    const findingText = text(body, `finding-${index}`);
    const kind = text(body, `findingKind-${index}`);
    const findingId = recordNumber(text(body, `findingId-${index}`));
    if (findingText)
      findings.push({ kind: isFindingKind(kind) ? kind : 'improvement_point', text: findingText, ...(findingId === undefined ? {} : { findingId }) });
  }
  const values: FormValues = {
    framework: isFramework(framework) ? framework : 'ilacs',
    inspectionType: isInspectionType(inspectionType) ? inspectionType : 'standard',
    grades,
    findings,
    reportUrl: reportUrl || null,
    summary: text(body, 'summary') || null,
    dates: body,
  };
  if (errors.any) return { values, errors };
  return { values, errors, input: { ...values, startDate: startDate!, endDate: endDate!, publishedDate } };
}

/** The form's values for an inspection already recorded. */
export const valuesOf = (inspection: Inspection): FormValues => ({
  framework: inspection.framework,
  inspectionType: inspection.inspectionType,
  grades: inspection.grades,
  findings: inspection.findings.map((finding) => ({ kind: finding.kind, text: finding.text, findingId: finding.findingId })),
  reportUrl: inspection.reportUrl,
  summary: inspection.summary,
  dates: { start: inspection.startDate, end: inspection.endDate, published: inspection.publishedDate },
});

/** The form for a new inspection. */
export const BLANK_FORM: FormValues = {
  framework: 'ilacs_2023',
  inspectionType: 'standard',
  grades: {},
  findings: [],
  reportUrl: null,
  summary: null,
  dates: {},
};
