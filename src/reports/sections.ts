/**
 * Sections other capabilities contribute to a report. Each provider returns aggregates only (no
 * child-level data) and is frozen with the report when it is published.
 *
 * - Improvement plan (src/improvement): RAG summary of the latest plan's recommendations and
 *   actions, and its exceptions (red recommendations, overdue actions). It counts recommendations
 *   and actions, not children, so no suppression applies.
 * - Casework audits (src/casework-audits): the share good or better over the three months to the report's
 *   date against the trajectory, how often moderation lowered a grade, and the domains, weakest
 *   first. Audits are of children's cases: every count and share goes through the shared
 *   suppression rule (no totals are shown beside the domain rows, so primary suppression suffices).
 * - Workforce (src/workforce): the council's staffing on the report's date by the DfE
 *   workforce-census definitions, and the teams furthest from their establishment. Staff, not
 *   children: rates and FTE, no one named.
 * - Disabled children (src/disabled/section.ts): how many, who is waiting and how long (medians of
 *   fewer than 6 waits withheld), short breaks, EHC plans on time, preparing for adulthood; counts
 *   suppressed, "No data" where the data do not hold a figure.
 * - Demand and sufficiency (src/forecast): children looked after now by placement type (suppressed,
 *   with secondary suppression against the total), the forecast with its interval, spend, the
 *   backtest's verdict and saved scenarios.
 */
import type { Database } from '../core/db/database.ts';
import type { IsoDate } from '../core/dates.ts';
import { longDate } from '../core/dates.ts';
import { RAGS } from '../improvement/evaluate.ts';
import { latestPlanEvaluated } from './plan-links.ts';
import { RAG_NAMES } from '../improvement/present.ts';
import type { ExtraSection } from './document.ts';
import { suppressCount, suppressRate, type Published } from '../core/outputs/suppression.ts';
import { targetOn } from '../indicators/spc.ts';
import { auditRecords, listTemplates } from '../casework-audits/store.ts';
import { auditResults, goodShareOn, goodShareText } from '../casework-audits/rules.ts';
import { asyeCaseloadPct, workforceMeasuresOn } from '../workforce/measures.ts';
import { disabledChildrenSection } from '../disabled/section.ts';
import { demandSection } from '../forecast/report.ts';

const shown = (value: Published, unit = '') => (typeof value === 'number' ? `${value}${unit}` : value === 'c' ? 'c (fewer than 6)' : value);

type SectionProvider = (database: Database, asOf: IsoDate, threshold: number) => Promise<ExtraSection | null>;

/** The most recently created improvement plan, rated as at the report's date. */
export const improvementPlanSection: SectionProvider = async (database, asOf, threshold) => {
  const evaluated = await latestPlanEvaluated(database, asOf, threshold);
  if (!evaluated) return null;
  const counts = (of: Record<string, number>) =>
    [...RAGS.map((rag) => `${of[rag]} ${RAG_NAMES[rag].toLowerCase()}`), ...(of.unrated ? [`${of.unrated} not yet rated`] : [])].join(', ');
  const exceptions = evaluated.lines.flatMap((line) => [
    ...(line.rag === 'red' ? [[`${line.position}. ${line.text}`, 'Recommendation rated red', line.lead ?? '–', '–']] : []),
    ...line.actions
      .filter((action) => action.overdue)
      .map((action) => [
        action.text,
        `Action overdue${action.rag ? ` (rated ${RAG_NAMES[action.rag].toLowerCase()})` : ''}`,
        action.owner,
        longDate(action.dueDate),
      ]),
  ]);
  return {
    id: 'improvement-plan',
    title: 'Improvement plan',
    paragraphs: [
      `${evaluated.title}, position on ${longDate(asOf)}. Of ${evaluated.lines.length} recommendations: ${counts(evaluated.counts.lines)}. Of their actions: ${counts(evaluated.counts.actions)}.`,
      `${evaluated.overdue} action${evaluated.overdue === 1 ? ' is' : 's are'} overdue and ${evaluated.movedDates} ${evaluated.movedDates === 1 ? 'has' : 'have'} had its due date moved. ${exceptions.length ? 'The exceptions are listed below.' : 'There are no exceptions: no recommendation is rated red and no action is overdue.'}`,
    ],
    ...(exceptions.length
      ? { table: { caption: 'Exceptions', head: ['Recommendation or action', 'Exception', 'Lead or owner', 'Due'], rows: exceptions } }
      : {}),
  };
};

/** Casework audit results as at the report's date, for the current audit template. */
export const caseworkAuditSection: SectionProvider = async (database, asOf) => {
  const [template] = await listTemplates(database, { currentOnly: true });
  if (!template) return null;
  const audits = (await auditRecords(database, template.templateId)).filter((audit) => audit.auditDate <= asOf);
  if (!audits.some((audit) => audit.completed)) return null;
  const recent = goodShareOn(audits, asOf);
  const results = auditResults(audits, template.trajectory);
  const trajectory = targetOn(asOf, null, template.trajectory);
  const target = trajectory === null ? null : Math.round(trajectory * 10) / 10;
  const goodRecent = recent.value === null ? null : Math.round((recent.value * recent.audits) / 100);
  const share = suppressRate(recent.value, goodRecent, recent.audits);
  const moderation = results.moderation;
  const lowered = suppressRate(moderation.loweredPct, moderation.lowered, moderation.moderated);
  const domains = [...results.byDomain].sort((a, b) => (a.goodPct ?? 101) - (b.goodPct ?? 101));
  return {
    id: 'casework-audits',
    title: 'Casework audits',
    paragraphs: [
      `${goodShareText(asOf, share, suppressCount(recent.audits))}${target === null ? '' : `, against a trajectory of ${target}%`}. Counts from 1 to 5 are shown as c.`,
      `Of all audits to that date, a second person moderated ${shown(suppressCount(moderation.moderated))} and lowered the grade of ${shown(lowered, '%')} of them: the higher this is, the more the first grades were over-optimistic.`,
      'Domains are listed weakest first: they show where practice most needs to improve.',
    ],
    table: {
      caption: `Audits good or better by domain, all audits to ${longDate(asOf)}`,
      head: ['Domain', 'Audits', 'Good or better'],
      rows: domains.map((row) => [row.key, shown(suppressCount(row.audits)), shown(suppressRate(row.goodPct, row.good, row.audits), '%')]),
    },
  };
};

/** Staffing on the report's date, council-wide, and the five teams with the highest vacancy rate. */
export const workforceSection: SectionProvider = async (database, asOf, threshold) => {
  const measures = await workforceMeasuresOn(database, asOf, { threshold, scope: { kind: 'all' }, asyeCaseloadPct: await asyeCaseloadPct(database) });
  const total = measures.total;
  if (total.fundedFte === 0 && total.fteInPost === 0) return null;
  const pct = (value: number | null) => (value === null ? 'not available' : `${value}%`);
  const worst = [...measures.teams]
    .filter((team) => team.vacancyRatePct !== null)
    .sort((a, b) => (b.vacancyRatePct ?? 0) - (a.vacancyRatePct ?? 0))
    .slice(0, 5);
  return {
    id: 'workforce',
    title: 'Workforce',
    paragraphs: [
      `On ${longDate(asOf)} ${total.fteInPost} full-time-equivalent social workers were in post against ${total.fundedFte} funded: a vacancy rate of ${pct(total.vacancyRatePct)} (England ${'18.9%'} in 2023) and an agency rate of ${pct(total.agencyRatePct)} (England 17.8%).`,
      `Turnover over the year was ${pct(total.turnoverRatePct)} (England 15.9%). Caseloads averaged ${total.caseloadPerFte ?? 'not available'} per FTE, and ${pct(total.overThresholdPct)} of workers held more than ${threshold} cases.`,
    ],
    ...(worst.length
      ? {
          table: {
            caption: 'Teams with the highest vacancy rates',
            head: ['Team', 'Funded FTE', 'FTE in post', 'Vacancy rate', 'Caseload per FTE'],
            rows: worst.map((team) => [team.teamName, team.fundedFte, team.fteInPost, pct(team.vacancyRatePct), team.caseloadPerFte ?? '–']),
          },
        }
      : {}),
  };
};

/** Demand and sufficiency: the looked-after forecast, spend, placements now and the backtest (src/forecast/report.ts). */
export const demandAndSufficiencySection: SectionProvider = (database, asOf) => demandSection(database, asOf);

export const SECTION_PROVIDERS: readonly SectionProvider[] = [
  improvementPlanSection,
  caseworkAuditSection,
  workforceSection,
  disabledChildrenSection,
  demandAndSufficiencySection,
];

export async function reportSections(database: Database, asOf: IsoDate, threshold: number): Promise<ExtraSection[]> {
  const sections: ExtraSection[] = [];
  for (const provider of SECTION_PROVIDERS) {
    const section = await provider(database, asOf, threshold);
    if (section) sections.push(section);
  }
  return sections;
}
