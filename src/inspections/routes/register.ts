/** The inspection register and timeline (/inspections) and one inspection: grades, findings, the statutory deadline for the plan, its plans and its history of changes. */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../core/http/app.ts';
import { allows } from '../../core/auth/access.ts';
import { longDate, todayInEngland } from '../../core/dates.ts';
import { recordNumber } from '../../core/http/form.ts';
import { listPlans } from '../../improvement/plan.ts';
import { JUDGEMENTS } from '../ofsted-report/parse.ts';
import {
  FINDING_KINDS,
  FRAMEWORKS,
  getInspection,
  GRADE_NAMES,
  headline,
  INSPECTION_TYPES,
  inspectionChanges,
  JUDGEMENT_NAMES,
  listInspections,
  planDeadline,
  type InspectionChange,
} from '../register.ts';

const VIEW = { access: { permission: 'inspections.view' as const } };

const HISTORY_FIELDS: Record<string, string> = {
  framework: 'Framework',
  inspection_type: 'Type',
  start_date: 'First day on site',
  end_date: 'Last day on site',
  published_date: 'Published',
  report_url: 'Link to the report',
  summary: 'Summary',
  grades: 'Judgements',
  findings: 'Findings',
};

/** An edit as rows a person reads: each changed field, as it was and as it became. */
function describeChange(change: InspectionChange) {
  const shown = (field: string, value: unknown): string => {
    if (value === null || value === undefined || value === '') return 'none';
    if (field === 'framework') return FRAMEWORKS[value as keyof typeof FRAMEWORKS] ?? String(value);
    if (field.endsWith('_date')) return longDate(String(value));
    if (field === 'inspection_type') return INSPECTION_TYPES[value as keyof typeof INSPECTION_TYPES] ?? String(value);
    if (field === 'grades') {
      const grades = Object.entries(value as Record<string, string>);
      return grades.length
        ? grades
            .map(
              ([judgement, grade]) =>
                `${JUDGEMENT_NAMES[judgement as keyof typeof JUDGEMENT_NAMES] ?? judgement}: ${GRADE_NAMES[grade as keyof typeof GRADE_NAMES] ?? grade}`,
            )
            .join('; ')
        : 'none';
    }
    if (field === 'findings') {
      const findings = value as string[];
      return findings.length
        ? findings
            .map(
              (finding, index) =>
                `${index + 1}. ${finding.replace(/^(\w+): /, (_match, kind: string) => `${FINDING_KINDS[kind as keyof typeof FINDING_KINDS] ?? kind}: `)}`,
            )
            .join(' ')
        : 'none';
    }
    return String(value);
  };
  return {
    ...change,
    fields: Object.keys(change.after).map((field) => ({
      label: HISTORY_FIELDS[field] ?? field,
      before: shown(field, change.before[field]),
      after: shown(field, change.after[field]),
    })),
  };
}

export function registerRoutes(app: FastifyInstance, { database }: AppDeps) {
  app.get('/inspections', { config: VIEW }, async (request, reply) => {
    const inspections = await listInspections(database);
    return reply.render('inspections/views/register.njk', {
      title: 'Inspections',
      canManage: allows('inspections.manage', request.user!.roles),
      timeline: [...inspections].reverse().map((inspection) => ({
        ...inspection,
        headline: headline(inspection),
        typeName: INSPECTION_TYPES[inspection.inspectionType],
        frameworkName: FRAMEWORKS[inspection.framework],
      })),
    });
  });

  app.get<{ Params: { id: string } }>('/inspections/:id', { config: VIEW }, async (request, reply) => {
    const id = recordNumber(request.params.id);
    const inspection = id === undefined ? undefined : await getInspection(database, id);
    if (!inspection) return reply.code(404).render('core/views/error.njk', { title: 'Page not found', message: 'There is no inspection with that number.' });
    const plans = (await listPlans(database)).filter((plan) => plan.inspectionId === inspection.inspectionId);
    const deadline = planDeadline(inspection);
    return reply.render('inspections/views/inspection.njk', {
      title: `${INSPECTION_TYPES[inspection.inspectionType]}, ${inspection.startDate.slice(0, 4)}`,
      inspection,
      headline: headline(inspection),
      typeName: INSPECTION_TYPES[inspection.inspectionType],
      frameworkName: FRAMEWORKS[inspection.framework],
      grades: JUDGEMENTS.filter((judgement) => inspection.grades[judgement]).map((judgement) => ({
        label: JUDGEMENT_NAMES[judgement],
        grade: GRADE_NAMES[inspection.grades[judgement]!],
      })),
      findings: inspection.findings.map((finding) => ({ ...finding, kindName: FINDING_KINDS[finding.kind] })),
      deadline,
      deadlinePassed: deadline?.due ? deadline.due < todayInEngland() : false,
      plans,
      changes: (await inspectionChanges(database, inspection.inspectionId)).map(describeChange),
      canManage: allows('inspections.manage', request.user!.roles),
      canStartPlan: allows('improvement.manage', request.user!.roles),
    });
  });
}
