/**
 * The report as display text, shared by the web page, the PDF (the same HTML) and the Word
 * document: every figure formatted from the member-safe figures, the chart as SVG with its table.
 */
import { londonDate, longDate } from '../core/dates.ts';
import { SERVICE_AREA_NAMES } from '../indicators/catalogue/index.ts';
import { ASSURANCE_TEXT, VARIATION_TEXT, type SpcResult } from '../indicators/spc.ts';
import { spcChartSvg } from '../core/charts.ts';
import { comparatorText, type ComparatorValue } from '../indicators/benchmarks/index.ts';
import { commentaryText, type ReportDocument } from './document.ts';
import type { IndicatorFigures } from './figures.ts';
import { formatFigure, monthName, SYMBOLS } from './format.ts';

const anchorOf = (id: string) => `indicator-${id.replace(/[^a-z0-9]+/g, '-')}`;

function direction(figures: IndicatorFigures): string {
  const { value, previous } = figures;
  if (typeof value !== 'number' || !previous || typeof previous.value !== 'number') return '–';
  const change = value > previous.value ? 'Up' : value < previous.value ? 'Down' : 'Level';
  if (change === 'Level' || figures.polarity === 'neutral') return change;
  return `${change} (${value > previous.value === (figures.polarity === 'higher_better') ? 'better' : 'worse'})`;
}

function chartOf(figures: IndicatorFigures, index: number): string {
  const format = (value: number) => formatFigure(value, figures.unit);
  const spc: SpcResult = {
    points: figures.chart.map((point) => ({
      date: point.asOf,
      value: typeof point.value === 'number' ? point.value : null,
      segment: point.segment,
      mean: point.mean,
      upper: point.upper,
      lower: point.lower,
      special: point.special,
      rules: point.rules,
      target: point.target,
    })),
    segments: [],
    variation: figures.variation,
    assurance: figures.assurance,
    provisional: figures.provisional,
  };
  return spcChartSvg({
    id: `report-chart-${index + 1}`,
    title: `${figures.title}: the last ${figures.chart.length} month ends`,
    description: `Statistical process control chart. ${figures.limitsWithheld ? 'The mean and process limits are not shown because a month is not published. ' : 'The solid line is the mean, the dashed lines the process limits. '}Blue points are special cause improving, orange concerning, grey common cause; the red dotted line is the target. Months not published (c) are gaps. The figures are in the table with the chart.`,
    spc,
    polarity: figures.polarity,
    yAxisLabel: figures.unit === '%' ? 'Per cent' : figures.unit === 'per 10,000' ? 'Per 10,000 children' : figures.unit === 'ratio' ? 'Average' : 'Number',
    format,
    percent: figures.unit === '%',
  });
}

/** An SPC verdict's words; a figure not available (x) or with nothing to count (z) has no verdict, and says why. */
function spcWords(figures: IndicatorFigures, words: string): string {
  return figures.value === 'x' ? 'No verdict: no data' : figures.value === 'z' ? 'No verdict: nothing to count' : words;
}

export function indicatorView(figures: IndicatorFigures, index: number, document: ReportDocument) {
  const f = (value: Parameters<typeof formatFigure>[0]) => formatFigure(value, figures.unit);
  const benchmark = (entry: ComparatorValue | null, named?: { named: boolean }) => (entry ? comparatorText(entry, f(entry.value), named) : 'Not available');
  const commentary = document.commentary[figures.id];
  const rows: [string, string][] = [
    [
      `Latest (${monthName(figures.asOf)})`,
      figures.coverage?.startsWith('No data') ? figures.coverage : `${f(figures.value)}${figures.coverage ? ` (${figures.coverage})` : ''}`,
    ],
    ...(figures.denominator !== null && figures.unit !== 'per 10,000'
      ? ([['Counted', `${formatFigure(figures.numerator, 'count')} of ${formatFigure(figures.denominator, 'count')}`]] as [string, string][])
      : []),
    ['Target', figures.target === null ? 'No target' : f(figures.target)],
    ['Last month', figures.previous ? `${f(figures.previous.value)} (${monthName(figures.previous.asOf)})` : '–'],
    ['A year earlier', figures.yearBefore ? `${f(figures.yearBefore.value)} (${monthName(figures.yearBefore.asOf)})` : '–'],
    ['Direction of travel', direction(figures)],
    ['England', benchmark(figures.benchmarks.england)],
    ['Region', benchmark(figures.benchmarks.region, { named: true })],
    [figures.benchmarks.neighbours?.name ?? 'Statistical neighbours', benchmark(figures.benchmarks.neighbours)],
    [
      'Variation (SPC)',
      spcWords(
        figures,
        `${VARIATION_TEXT[figures.variation]}${figures.provisional && figures.variation !== 'insufficient_data' ? ' (provisional limits)' : ''}`,
      ),
    ],
    ['Assurance (SPC)', spcWords(figures, ASSURANCE_TEXT[figures.assurance])],
  ];
  return {
    id: figures.id,
    anchor: anchorOf(figures.id),
    title: figures.title,
    area: SERVICE_AREA_NAMES[figures.serviceArea],
    definition: figures.definition,
    source: figures.source,
    rows: rows.map(([key, value]) => ({ key, value })),
    commentary: commentaryText(commentary),
    generated: commentary?.generated ?? '',
    edited: commentary?.edited !== null && commentary?.edited !== undefined,
    /** One line of the summary table a member reads first. */
    glance: {
      latest: f(figures.value),
      target: figures.target === null ? 'No target' : f(figures.target),
      england: figures.benchmarks.england && figures.benchmarks.england.value !== null ? f(figures.benchmarks.england.value) : 'Not available',
      variation: spcWords(figures, VARIATION_TEXT[figures.variation]),
    },
    chart: chartOf(figures, index),
    chartRows: figures.chart.map((point) => ({ month: monthName(point.asOf), value: f(point.value) })).reverse(),
    limitsWithheld: figures.limitsWithheld,
    teams: figures.teams
      ? {
          withDenominator: figures.teams.total.denominator !== null,
          rows: [...figures.teams.rows, figures.teams.total].map((row, position, all) => ({
            label: row.label,
            numerator: formatFigure(row.numerator, 'count'),
            denominator: formatFigure(row.denominator, 'count'),
            value: f(row.value),
            total: position === all.length - 1,
          })),
        }
      : null,
  };
}

export function statusText(document: ReportDocument): string {
  switch (document.status.kind) {
    case 'draft':
      return 'Draft: not published. Figures and commentary may change before publication.';
    case 'generated':
      return 'Generated from the data by the keystone command; not published.';
    case 'published':
      return `Version ${document.status.version}, published on ${londonDate(new Date(document.status.publishedAt))} by ${document.status.publishedBy}. The figures are frozen as published.`;
  }
}

export function reportView(document: ReportDocument) {
  const indicators = document.figures.indicators.map((figures, index) => indicatorView(figures, index, document));
  const byId = new Map(indicators.map((indicator) => [indicator.id, indicator]));
  const summaryItem = (item: ReportDocument['summary']['risks'][number]) => ({
    ...item,
    href: `#${byId.get(item.id)?.anchor ?? ''}`,
    value: byId.get(item.id)?.rows[0]?.value ?? '',
    reasons: item.reasons.join('; '),
  });
  return {
    title: document.title,
    purpose: document.purpose,
    councilName: document.figures.councilName,
    period: monthName(document.figures.asOf),
    asOf: document.figures.asOf,
    asOfText: longDate(document.figures.asOf),
    computedText: londonDate(new Date(document.figures.computedAt)),
    status: statusText(document),
    published: document.status.kind === 'published',
    summary: { risks: document.summary.risks.map(summaryItem), improvements: document.summary.improvements.map(summaryItem), rules: document.summary.rules },
    indicators,
    sections: document.sections,
    contents: [
      { href: '#summary', text: 'Executive summary' },
      { href: '#at-a-glance', text: 'Every indicator at a glance' },
      ...indicators.map((indicator) => ({ href: `#${indicator.anchor}`, text: indicator.title })),
      { href: '#annex', text: 'Annex: figures by month and by team' },
      ...document.sections.map((section) => ({ href: `#section-${section.id}`, text: section.title })),
      { href: '#about', text: 'About these figures' },
    ],
    symbols: SYMBOLS,
  };
}

export type ReportView = ReturnType<typeof reportView>;
