/**
 * A report as every format renders it: title, period, member-safe figures, commentary (generated
 * and edited), executive summary and any further sections. A published version stores exactly this
 * (without its status) as its frozen snapshot.
 */
import { generateCommentary } from './commentary.ts';
import { executiveSummary, type SummaryItem } from './summary.ts';
import type { ReportFigures } from './figures.ts';
import { CUSTOM_TEMPLATE, findTemplate } from './templates.ts';

export interface Commentary {
  generated: string;
  /** The author's text; null when the generated text stands. */
  edited: string | null;
}

/** A section another capability contributes (improvement plan, audits, workforce): aggregates only. */
export interface ExtraSection {
  id: string;
  title: string;
  paragraphs: string[];
  table?: { caption: string; head: string[]; rows: (string | number)[][] };
}

export interface ReportContent {
  templateId: string;
  title: string;
  purpose: string;
  period: string;
  figures: ReportFigures;
  commentary: Record<string, Commentary>;
  summary: { risks: SummaryItem[]; improvements: SummaryItem[]; rules: string };
  sections: ExtraSection[];
}

export type ReportStatus =
  | { kind: 'draft'; reportId: number }
  | { kind: 'published'; reportId: number; version: number; publishedAt: string; publishedBy: string }
  | { kind: 'generated' };

export interface ReportDocument extends ReportContent {
  status: ReportStatus;
}

export function purposeOf(templateId: string): string {
  return findTemplate(templateId)?.purpose ?? (templateId === CUSTOM_TEMPLATE ? 'Indicators chosen by the report’s author.' : '');
}

/** The text a reader sees for an indicator: the author's edit, else the generated commentary. */
export function commentaryText(commentary: Commentary | undefined): string {
  return commentary?.edited ?? commentary?.generated ?? '';
}

/** Content with freshly generated commentary (the CLI, and a new draft before any edit). */
export function generatedContent(input: {
  templateId: string;
  title: string;
  period: string;
  figures: ReportFigures;
  sections?: ExtraSection[];
}): ReportContent {
  return {
    templateId: input.templateId,
    title: input.title,
    purpose: purposeOf(input.templateId),
    period: input.period,
    figures: input.figures,
    commentary: Object.fromEntries(input.figures.indicators.map((figures) => [figures.id, { generated: generateCommentary(figures), edited: null }])),
    summary: executiveSummary(input.figures.indicators),
    sections: input.sections ?? [],
  };
}
