/** The self-evaluation as a Word document leaders take into the engagement meeting pack. */
import { AlignmentType, Document, Footer, HeadingLevel, Packer, PageNumber, Paragraph, TextRun, type Table } from 'docx';
import { heading, paragraph, table } from '../render.ts';
import { ABOUT_EVIDENCE, sefView } from './present.ts';
import type { Sef } from './store.ts';

export async function sefDocx(sef: Sef): Promise<Buffer> {
  const view = sefView(sef);
  const body: (Paragraph | Table)[] = [
    heading(view.title, HeadingLevel.TITLE),
    paragraph(`${view.councilName ? `${view.councilName}: ` : ''}position on ${view.dateText}`, { bold: true }),
    paragraph(
      'Draft self-evaluation for the annual engagement meeting with Ofsted, organised by the ILACS judgement areas. Under each area, leaders’ own account comes first, then the evidence Keystone holds.',
    ),
    paragraph(`${view.figuresText} Evidence generated on ${view.refreshedText}.`),
    heading('Contents', HeadingLevel.HEADING_1),
    ...view.contents.map((item, index) => paragraph(`${index + 1}. ${item.text}`)),
    heading('Inspection history', HeadingLevel.HEADING_1),
    ...(view.inspections.rows.length ? [table(view.inspections.head, view.inspections.rows)] : [paragraph('No inspection is on the register.')]),
  ];
  for (const area of view.areas) {
    body.push(
      heading(area.title, HeadingLevel.HEADING_1),
      paragraph(`Last judged: ${area.lastJudged}`),
      heading('What we know about ourselves', HeadingLevel.HEADING_2),
    );
    for (const entry of area.headings) {
      body.push(
        heading(entry.title, HeadingLevel.HEADING_3),
        ...(entry.paragraphs.length ? entry.paragraphs.map((text) => paragraph(text)) : [paragraph('Not yet written.')]),
      );
    }
    body.push(heading('The evidence', HeadingLevel.HEADING_2), paragraph(area.summary));
    if (area.indicators.length) {
      body.push(
        table(
          ['Indicator', 'Latest', 'Target', 'England', 'Statistical process control'],
          area.indicators.map((indicator) => [indicator.title, indicator.latest, indicator.target, indicator.england, indicator.spc]),
        ),
      );
      body.push(heading('What the indicators say', HeadingLevel.HEADING_3), ...area.indicators.map((indicator) => paragraph(indicator.commentary)));
    }
    for (const section of area.sections) {
      body.push(heading(section.title, HeadingLevel.HEADING_3), ...section.paragraphs.map((text) => paragraph(text)));
      if (section.table)
        body.push(
          table(
            section.table.head,
            section.table.rows.map((row) => row.map(String)),
          ),
        );
    }
  }
  body.push(
    heading('About this evidence', HeadingLevel.HEADING_1),
    paragraph(ABOUT_EVIDENCE),
    paragraph(view.summaryRule),
    ...view.symbols.map((item) => paragraph(`${item.symbol}: ${item.meaning}`)),
  );
  const footer = new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          new TextRun(`${view.title} – ${view.dateText} – draft – page `),
          new TextRun({ children: [PageNumber.CURRENT] }),
          new TextRun(' of '),
          new TextRun({ children: [PageNumber.TOTAL_PAGES] }),
        ],
      }),
    ],
  });
  return Packer.toBuffer(
    new Document({ creator: 'Keystone', title: `${view.title} – ${view.dateText}`, sections: [{ footers: { default: footer }, children: body }] }),
  );
}
