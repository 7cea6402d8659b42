/**
 * The evidence a self-evaluation is drafted from, generated from what Keystone holds on the SEF's
 * date and stored with it (refreshed on request, never mixed with what leaders write):
 * - each area's indicators (areas.ts) as at the latest month-end with data on or before the date,
 *   member-safe by the report's rules (../figures.ts), with their generated commentary
 *   (../commentary.ts) and an area summary (AREA_SUMMARY_RULE);
 * - the last grade an inspection gave the area, and the inspection history up to the date;
 * - for the leaders' area, the report's casework audit, improvement plan and workforce sections
 *   (../sections.ts), which suppress small numbers where they count children; for help and
 *   protection, the disabled children section (src/disabled/section.ts), at the figures' month end.
 * Aggregates only: no child appears anywhere in a SEF.
 */
import type { Database } from '../../core/db/database.ts';
import type { IsoDate } from '../../core/dates.ts';
import { longDate } from '../../core/dates.ts';
import { dataPeriod } from '../../indicators/analysis.ts';
import { ASSURANCE_TEXT, VARIATION_TEXT } from '../../indicators/spc.ts';
import { FRAMEWORKS, GRADE_NAMES, headline, INSPECTION_TYPES, JUDGEMENT_NAMES, listInspections, type Inspection } from '../../inspections/register.ts';
import { generateCommentary, targetMet } from '../commentary.ts';
import type { ExtraSection } from '../document.ts';
import { reportFigures, type IndicatorFigures } from '../figures.ts';
import { formatFigure, monthName } from '../format.ts';
import { caseworkAuditSection, demandAndSufficiencySection, improvementPlanSection, workforceSection } from '../sections.ts';
import { disabledChildrenSection } from '../../disabled/section.ts';
import { SEF_AREAS, type SefArea, type SefAreaId } from './areas.ts';

export const AREA_SUMMARY_RULE =
  'The summary counts the area’s indicators with a published figure, how many of those with a target meet it, and names those where statistical process control shows a real improvement or deterioration.';

export interface SefIndicator {
  id: string;
  title: string;
  latest: string;
  target: string;
  england: string;
  spc: string;
  commentary: string;
}

export interface LastJudged {
  grade: string;
  judgement: string;
  inspection: string;
  startDate: IsoDate;
}

export interface SefAreaEvidence {
  id: SefAreaId;
  lastJudged: LastJudged | null;
  summary: string;
  indicators: SefIndicator[];
  sections: ExtraSection[];
}

export interface SefEvidence {
  date: IsoDate;
  /** The month-end the indicators are for; null when there are no case data. */
  figuresAsOf: IsoDate | null;
  councilName: string | null;
  computedAt: string;
  inspections: { head: string[]; rows: string[][] };
  areas: SefAreaEvidence[];
}

function indicatorEvidence(figures: IndicatorFigures): SefIndicator {
  const f = (value: Parameters<typeof formatFigure>[0]) => formatFigure(value, figures.unit);
  const england = figures.benchmarks.england;
  return {
    id: figures.id,
    title: figures.title,
    latest: `${f(figures.value)} (${monthName(figures.asOf)})`,
    target: figures.target === null ? 'No target' : f(figures.target),
    england: england && england.value !== null ? `${f(england.value)} (${england.label.replace(/^England, /, '')})` : 'Not available',
    spc: `${VARIATION_TEXT[figures.variation]}. ${ASSURANCE_TEXT[figures.assurance]}.`,
    commentary: generateCommentary(figures),
  };
}

const listed = (titles: string[]) => (titles.length <= 1 ? titles.join('') : `${titles.slice(0, -1).join(', ')} and ${titles.at(-1)}`);

/** The area's summary by AREA_SUMMARY_RULE. */
export function areaSummary(indicators: readonly IndicatorFigures[]): string {
  if (indicators.length === 0) return 'There are no case data for this date, so no indicator can be given.';
  const published = indicators.filter((figures) => typeof figures.value === 'number');
  const withTarget = published.filter((figures) => targetMet(figures) !== null);
  const meeting = withTarget.filter((figures) => targetMet(figures) === true);
  const improving = published.filter((figures) => figures.variation === 'special_cause_improving').map((figures) => figures.title);
  const concerning = published.filter((figures) => figures.variation === 'special_cause_concerning').map((figures) => figures.title);
  const parts = [
    `Of ${indicators.length} indicators, ${published.length} ${published.length === 1 ? 'has' : 'have'} a published figure for ${monthName(indicators[0]!.asOf)}.`,
  ];
  if (withTarget.length) parts.push(`${meeting.length} of the ${withTarget.length} with a target ${meeting.length === 1 ? 'meets' : 'meet'} it.`);
  if (improving.length) parts.push(`Statistical process control shows a real improvement in ${listed(improving)}.`);
  if (concerning.length) parts.push(`Statistical process control shows a real deterioration in ${listed(concerning)}.`);
  if (!improving.length && !concerning.length && published.length)
    parts.push('Statistical process control shows no real improvement or deterioration in any of them.');
  return parts.join(' ');
}

/** The last grade for the area: the newest inspection that graded it, by the area's judgements in order. */
export function lastJudged(area: Pick<SefArea, 'lastJudgedBy'>, inspections: readonly Inspection[]): LastJudged | null {
  for (const inspection of [...inspections].sort((a, b) => (a.startDate < b.startDate ? 1 : -1))) {
    const judgement = area.lastJudgedBy.find((key) => inspection.grades[key]);
    if (judgement)
      return {
        grade: GRADE_NAMES[inspection.grades[judgement]!],
        judgement: JUDGEMENT_NAMES[judgement],
        inspection: INSPECTION_TYPES[inspection.inspectionType],
        startDate: inspection.startDate,
      };
  }
  return null;
}

export async function sefEvidence(database: Database, date: IsoDate, threshold: number, now = new Date()): Promise<SefEvidence> {
  const period = await dataPeriod(database, date);
  const figuresAsOf = period && period.first <= date ? period.defaultAsOf : null;
  const indicatorIds = SEF_AREAS.flatMap((area) => area.indicatorIds);
  const figures = figuresAsOf ? await reportFigures(database, { indicatorIds, asOf: figuresAsOf, threshold, now }) : null;
  const byId = new Map((figures?.indicators ?? []).map((entry) => [entry.id, entry]));
  const inspections = (await listInspections(database)).filter((inspection) => inspection.startDate <= date);
  const practice: ExtraSection[] = [];
  for (const provider of [caseworkAuditSection, improvementPlanSection, workforceSection, demandAndSufficiencySection]) {
    const section = await provider(database, date, threshold);
    if (section) practice.push(section);
  }
  // Disabled children are judged with help and protection: their section is evidence there.
  const disabled = figuresAsOf ? await disabledChildrenSection(database, figuresAsOf, threshold) : null;
  return {
    date,
    figuresAsOf,
    councilName: figures?.councilName ?? null,
    computedAt: now.toISOString(),
    inspections: {
      head: ['Inspection', 'Framework', 'Dates', 'Published', 'Outcome'],
      rows: [...inspections]
        .reverse()
        .map((inspection) => [
          INSPECTION_TYPES[inspection.inspectionType],
          FRAMEWORKS[inspection.framework],
          `${longDate(inspection.startDate)} to ${longDate(inspection.endDate)}`,
          inspection.publishedDate ? longDate(inspection.publishedDate) : 'Not published',
          headline(inspection),
        ]),
    },
    areas: SEF_AREAS.map((area) => {
      const indicators = area.indicatorIds.map((id) => byId.get(id)).filter((entry) => entry !== undefined);
      return {
        id: area.id,
        lastJudged: lastJudged(area, inspections),
        summary: areaSummary(indicators),
        indicators: indicators.map(indicatorEvidence),
        sections: area.practiceAndPlan ? practice : area.id === 'help_and_protection' && disabled ? [disabled] : [],
      };
    }),
  };
}
