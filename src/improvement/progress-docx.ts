/**
 * The progress report ("one year on") as a Word document a cabinet or scrutiny paper can include:
 * the same content as the page (counts by RAG, each recommendation with its actions, evidence,
 * moved dates, rating history and measure trends), built with the docx library.
 */
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { EvaluatedPlan } from './evaluate.ts';
import { longDate } from '../core/dates.ts';
import { RAG_NAMES, formatMeasure } from './present.ts';

const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });
const table = (header: string[], rows: string[][]) =>
  new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((text) => cell(text, true)) }),
      ...rows.map((row) => new TableRow({ children: row.map((text) => cell(text)) })),
    ],
  });
const paragraph = (text: string) => new Paragraph({ children: [new TextRun(text)] });

export async function progressDocx(plan: EvaluatedPlan, councilName: string | null): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(`${plan.title}: progress report`)] }),
    paragraph(
      `${councilName ? `${councilName}. ` : ''}Position on ${longDate(plan.asOf)}; measures to ${plan.measuresAsOf ? longDate(plan.measuresAsOf) : 'no data yet'}.`,
    ),
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Summary')] }),
    paragraph(
      `Of ${plan.lines.length} recommendations: ${(['blue', 'green', 'amber', 'red'] as const).map((rag) => `${plan.counts.lines[rag]} ${RAG_NAMES[rag].toLowerCase()}`).join(', ')}${plan.counts.lines.unrated ? `, ${plan.counts.lines.unrated} not yet rated` : ''}.`,
    ),
    paragraph(
      `${plan.movedDates} actions have had their due date moved; ${plan.overdue} are overdue; on ${plan.disagreements} ratings Keystone’s suggestion from the evidence differs.`,
    ),
  ];
  for (const line of plan.lines) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(`${line.position}. ${line.text}`)] }));
    children.push(
      paragraph(
        `Rating: ${line.rag ? RAG_NAMES[line.rag] : 'not rated'}. Suggested from the evidence: ${line.suggestion.rag ? RAG_NAMES[line.suggestion.rag] : 'no evidence yet'}.${line.lead ? ` Lead: ${line.lead}.` : ''}`,
      ),
    );
    for (const change of line.changes)
      children.push(
        paragraph(
          `${longDate(change.changedOn)}: rated ${change.newValue ?? ''}${change.oldValue ? ` (was ${change.oldValue})` : ''} by ${change.changedBy}: ${change.reason}`,
        ),
      );
    if (line.actions.length) {
      children.push(
        table(
          ['Action', 'Owner', 'Due', 'Rating', 'Suggested'],
          line.actions.map((action) => [
            action.text,
            action.owner,
            `${longDate(action.dueDate)}${action.dueDate !== action.originalDue ? ` (originally ${longDate(action.originalDue)})` : ''}${action.completedOn ? `; completed ${longDate(action.completedOn)}` : action.overdue ? '; overdue' : ''}`,
            action.rag ? RAG_NAMES[action.rag] : 'Not rated',
            action.suggestion.rag ? RAG_NAMES[action.suggestion.rag] : '–',
          ]),
        ),
      );
    }
    for (const action of line.actions) {
      for (const change of action.changes.filter((entry) => entry.field === 'due_date')) {
        children.push(
          paragraph(
            `Due date of “${action.text}” moved from ${longDate(change.oldValue!)} to ${longDate(change.newValue!)} on ${longDate(change.changedOn)} by ${change.changedBy}: ${change.reason}`,
          ),
        );
      }
      for (const evidence of action.evidence)
        children.push(paragraph(`Evidence (${longDate(evidence.addedOn)}): ${evidence.note}${evidence.link ? ` ${evidence.link}` : ''}`));
      for (const file of action.files) children.push(paragraph(`Evidence file (${longDate(file.uploadedOn)}): ${file.name}`));
      for (const measure of action.measures) {
        const first = measure.movement?.from;
        const last = measure.movement?.to;
        children.push(
          paragraph(
            `Measure: ${measure.description}. ${first && last ? `${formatMeasure(first.value, measure.unit)} (${longDate(first.asOf)}) → ${formatMeasure(last.value, measure.unit)} (${longDate(last.asOf)})` : 'No values yet'}; target now ${formatMeasure(measure.targetNow, measure.unit)}.`,
          ),
        );
      }
    }
  }
  return Packer.toBuffer(new Document({ creator: 'Keystone', title: `${plan.title}: progress report`, sections: [{ children }] }));
}
