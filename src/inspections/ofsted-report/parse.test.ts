import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractPdfPages } from './extract-text.ts';
import { OfstedReportError, parseOfstedReport, parseOfstedReportText, type OfstedGrade, type OfstedJudgement, type OfstedReport } from './parse.ts';

// ---------------------------------------------------------------------------------------------
// The 31 real reports in the shared fixtures (read in place, never copied).

const FIXTURES = resolve(import.meta.dirname, '../../../../shared/fixtures/ofsted/reports');
const haveFixtures = existsSync(FIXTURES);
if (!haveFixtures) console.warn(`Ofsted report fixtures not found at ${FIXTURES}: fixture tests skipped.`);

const G: Record<string, OfstedGrade> = { O: 'outstanding', G: 'good', RI: 'requires_improvement', I: 'inadequate' };
const J: Record<string, OfstedJudgement> = {
  overall: 'overall_effectiveness',
  leaders: 'impact_of_leaders',
  lmg: 'leadership_management_governance',
  hp: 'help_and_protection',
  cic: 'children_in_care',
  lap: 'looked_after_permanence',
  cl: 'care_leavers',
  adoption: 'adoption',
  lscb: 'lscb',
};
type Row = [file: string, framework: string, la: string, type: string | null, start: string, end: string, grades: string, points: number, firstWords: string];

/**
 * Built by reading each report: the front-page judgement table (and, for SIF, the headline
 * sentence and the LSCB section's verdict), the "Inspection date(s)" line, and the LA's
 * Recommendations / "What needs to improve?" list. ILACS types follow from time on site.
 */
const EXPECTED: Row[] = [
  [
    'blackpool-2014-09-08.pdf',
    'SIF',
    'Blackpool',
    'standard',
    '2014-07-02',
    '2014-07-23',
    'hp RI, lap RI, adoption RI, cl RI, lmg RI, overall RI, lscb RI',
    19,
    'A leaving care service improvement plan',
  ],
  [
    'cornwall-2024-08-22.pdf',
    'ILACS',
    'Cornwall',
    'short',
    '2024-07-01',
    '2024-07-05',
    'leaders G, hp G, cic G, cl O, overall G',
    4,
    'The timeliness of child protection strategy',
  ],
  [
    'croydon-2024-12-03.pdf',
    'ILACS',
    'Croydon',
    'standard',
    '2024-10-14',
    '2024-10-25',
    'leaders G, hp RI, cic G, cl G, overall G',
    4,
    'Services to children out of hours.',
  ],
  [
    'darlington-2015-09-01.pdf',
    'SIF',
    'Darlington',
    'standard',
    '2015-06-23',
    '2015-07-16',
    'hp I, lap RI, adoption G, cl G, lmg I, overall I, lscb RI',
    18,
    'Ensure robust management oversight of the',
  ],
  [
    'darlington-2018-05-21.pdf',
    'SIF',
    'Darlington',
    'standard',
    '2018-02-27',
    '2018-03-22',
    'hp RI, lap RI, adoption G, cl G, lmg RI, overall RI',
    14,
    'Improve and accelerate the focus on',
  ],
  [
    'darlington-2022-12-02.pdf',
    'ILACS',
    'Darlington',
    'standard',
    '2022-10-10',
    '2022-10-21',
    'leaders G, hp G, cic O, overall G',
    3,
    'The timeliness of children and family',
  ],
  [
    'durham-2016-05-16.pdf',
    'SIF',
    'Durham',
    'standard',
    '2016-02-22',
    '2016-03-18',
    'hp RI, lap RI, adoption G, cl G, lmg RI, overall RI, lscb G',
    14,
    'Continue with existing plans to ensure',
  ],
  [
    'durham-2019-10-21.pdf',
    'ILACS',
    'Durham',
    'standard',
    '2019-09-09',
    '2019-09-20',
    'leaders RI, hp RI, cic G, overall RI',
    6,
    'The quality and impact of management',
  ],
  [
    'durham-2022-07-05.pdf',
    'ILACS',
    'Durham',
    'standard',
    '2022-05-09',
    '2022-05-20',
    'leaders O, hp G, cic G, overall G',
    3,
    'The response to children who go',
  ],
  [
    'gateshead-2025-01-29.pdf',
    'ILACS',
    'Gateshead',
    'short',
    '2024-12-02',
    '2024-12-06',
    'leaders G, hp G, cic G, cl G, overall G',
    3,
    'The response to 16- and 17-year-olds',
  ],
  [
    'gloucestershire-2017-06-13.pdf',
    'SIF',
    'Gloucestershire',
    'standard',
    '2017-02-27',
    '2017-03-23',
    'hp I, lap RI, adoption G, cl RI, lmg I, overall I, lscb RI',
    19,
    'Ensure that thresholds for services are',
  ],
  [
    'harrow-2025-03-04.pdf',
    'ILACS',
    'Harrow',
    'short',
    '2025-01-20',
    '2025-01-24',
    'leaders RI, hp G, cic G, cl I, overall I',
    8,
    'Leadership stability and capacity to lead',
  ],
  [
    'hartlepool-2014-02-11.pdf',
    'SIF',
    'Hartlepool',
    'standard',
    '2013-11-19',
    '2013-12-11',
    'hp G, lap G, adoption G, cl G, lmg G, overall G, lscb RI',
    11,
    'Social workers need to ensure that',
  ],
  [
    'isle-of-wight-2014-11-19.pdf',
    'SIF',
    'Isle of Wight',
    'standard',
    '2014-09-16',
    '2014-10-08',
    'hp RI, lap RI, adoption RI, cl RI, lmg RI, overall RI, lscb RI',
    21,
    'Ensure that service managers have sufficient',
  ],
  [
    'lancashire-2015-11-27.pdf',
    'SIF',
    'Lancashire',
    'standard',
    '2015-09-14',
    '2015-10-08',
    'hp I, lap RI, adoption RI, cl I, lmg I, overall I, lscb G',
    17,
    'Ensure robust performance information is available',
  ],
  [
    'luton-2022-09-05.pdf',
    'ILACS',
    'Luton',
    'standard',
    '2022-07-11',
    '2022-07-22',
    'leaders G, hp RI, cic RI, overall RI',
    5,
    'The quality and impact of supervision',
  ],
  [
    'milton-keynes-2024-12-17.pdf',
    'ILACS',
    'Milton Keynes',
    'standard',
    '2024-10-28',
    '2024-11-08',
    'leaders G, hp G, cic G, cl O, overall G',
    3,
    'Consistency in the quality of assessments',
  ],
  [
    'north-yorkshire-2023-08-18.pdf',
    'ILACS',
    'North Yorkshire',
    'short',
    '2023-07-03',
    '2023-07-07',
    'leaders O, hp O, cic O, cl O, overall O',
    1,
    'The recording of manager oversight and',
  ],
  [
    'northumberland-2016-04-14.pdf',
    'SIF',
    'Northumberland',
    'standard',
    '2016-01-25',
    '2016-02-18',
    'hp RI, lap RI, adoption G, cl RI, lmg RI, overall RI, lscb G',
    15,
    'Improve agencies’ understanding and application of',
  ],
  [
    'northumberland-2020-03-02.pdf',
    'ILACS',
    'Northumberland',
    'standard',
    '2020-01-20',
    '2020-01-31',
    'leaders G, hp G, cic G, overall G',
    4,
    'Quality of the written plans for',
  ],
  [
    'northumberland-2024-07-12.pdf',
    'ILACS',
    'Northumberland',
    'short',
    '2024-05-20',
    '2024-05-24',
    'leaders O, hp O, cic G, cl G, overall O',
    1,
    'The quality of written plans and',
  ],
  [
    'southampton-2023-07-28.pdf',
    'ILACS',
    'Southampton',
    'standard',
    '2023-06-05',
    '2023-06-16',
    'leaders O, hp G, cic G, cl G, overall G',
    4,
    'An increase in placement sufficiency, including',
  ],
  [
    'stockton-on-tees-2023-05-09.pdf',
    'ILACS',
    'Stockton-on-Tees',
    'standard',
    '2023-03-06',
    '2023-03-17',
    'leaders RI, hp RI, cic RI, cl RI, overall RI',
    4,
    'The quality and effectiveness of plans',
  ],
  [
    'sunderland-2015-07-20.pdf',
    'SIF',
    'Sunderland',
    'standard',
    '2015-05-11',
    '2015-06-04',
    'hp I, lap I, adoption I, cl I, lmg I, overall I, lscb I',
    27,
    'Take urgent action to review the',
  ],
  [
    'sunderland-2018-07-25.pdf',
    'SIF',
    'Sunderland',
    're_inspection',
    '2018-04-23',
    '2018-05-18',
    'hp I, lap RI, adoption G, cl RI, lmg I, overall I',
    15,
    'Urgently review ICRT and take action',
  ],
  [
    'sunderland-2021-08-20.pdf',
    'ILACS',
    'Sunderland',
    'standard',
    '2021-06-28',
    '2021-07-09',
    'leaders O, hp G, cic O, overall O',
    1,
    'The consistency of the quality of',
  ],
  [
    'sunderland-2025-03-11.pdf',
    'ILACS',
    'Sunderland',
    'short',
    '2025-01-27',
    '2025-01-31',
    'leaders O, hp O, cic O, cl G, overall O',
    3,
    'The uptake of return home interviews',
  ],
  [
    'trafford-2023-01-31.pdf',
    'ILACS',
    'Trafford',
    'standard',
    '2022-11-21',
    '2022-12-02',
    'leaders RI, hp RI, cic RI, overall RI',
    6,
    'The quality of out-of-hours service provision',
  ],
  [
    'wigan-2022-07-05.pdf',
    'ILACS',
    'Wigan',
    'standard',
    '2022-05-09',
    '2022-05-20',
    'leaders RI, hp RI, cic RI, overall RI',
    7,
    'The level of management oversight regarding',
  ],
  [
    'wiltshire-2015-09-01.pdf',
    'SIF',
    'Wiltshire',
    'standard',
    '2015-06-22',
    '2015-07-16',
    'hp RI, lap RI, adoption RI, cl RI, lmg RI, overall RI, lscb RI',
    11,
    'Review the use of data and',
  ],
  [
    'wolverhampton-2022-05-18.pdf',
    'ILACS',
    'Wolverhampton',
    'short',
    '2022-03-28',
    '2022-04-01',
    'leaders O, hp G, cic G, overall G',
    5,
    'The arrangements for tracking and monitoring',
  ],
];

function expandGrades(spec: string): OfstedReport['grades'] {
  return Object.fromEntries(
    spec.split(', ').map((pair) => {
      const [judgement = '', grade = ''] = pair.split(' ');
      return [J[judgement], G[grade]];
    }),
  );
}

const readFixture = async (file: string): Promise<OfstedReport> => parseOfstedReport(new Uint8Array(readFileSync(resolve(FIXTURES, file))));

describe.skipIf(!haveFixtures)(`Ofsted fixture reports${haveFixtures ? '' : ' (skipped: ../shared/fixtures not found)'}`, () => {
  it('has an expected row for every report in the fixtures folder', () => {
    const files = readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.pdf'))
      .sort();
    expect(EXPECTED.map(([file]) => file).sort()).toEqual(files);
  });

  it.each(EXPECTED)('%s', async (file, framework, la, type, start, end, grades, points, firstWords) => {
    const report = await readFixture(file);
    expect(report).toMatchObject({
      framework,
      local_authority: la,
      inspection_type: type,
      inspection_start: start,
      inspection_end: end,
    });
    expect(report.grades).toEqual(expandGrades(grades));
    expect(report.improvement_points).toHaveLength(points);
    expect(report.improvement_points[0]?.startsWith(firstWords)).toBe(true);
    for (const point of report.improvement_points) {
      // Joined across lines and pages, with no page furniture or list markers left in.
      expect(point).not.toMatch(/Inspection of .* children’s services|Ofsted|^\d+\.|[\uF000-\uF0FF◼]|\s{2}/);
      expect(point).toMatch(/[.)]$/);
    }
  });

  it('keeps the full text of a recommendation that runs over a page break (Darlington 2015, no. 18)', async () => {
    const report = await readFixture('darlington-2015-09-01.pdf');
    expect(report.improvement_points[17]).toBe(
      'Ensure that reports are completed on fostering and adoption services every six months so that elected members, senior leaders and other stakeholders receive information about performance, standards, achievements and service developments in line with national minimum standards.',
    );
  });

  it('drops subheadings and keeps "Priority and immediate action" items (Blackpool 2014, items 9–27)', async () => {
    const report = await readFixture('blackpool-2014-09-08.pdf');
    expect(report.improvement_points[2]).toMatch(/^Embed the Getting it Right framework \(GIR\)/);
    expect(report.improvement_points.join(' ')).not.toMatch(/Areas for Improvement|Planning for children who need protection/);
    expect(report.improvement_points.at(-1)).toBe('Take robust action to recruit to staff vacancies in the looked after children and leaving care services.');
  });

  it('excludes the LSCB review’s recommendations (Durham 2016: 14 for the local authority)', async () => {
    const report = await readFixture('durham-2016-05-16.pdf');
    expect(report.improvement_points[13]).toBe(
      'Improve how information from return home interviews is used to support risk assessments for children who go missing and/or are at risk of child sexual exploitation.',
    );
  });

  it('removes running headers, footers, page numbers and footnotes from the text', async () => {
    const pages = await extractPdfPages(new Uint8Array(readFileSync(resolve(FIXTURES, 'durham-2022-07-05.pdf'))));
    const lines = pages.flat();
    expect(lines).not.toContain('10 May to 20 May 2022'); // running footer date
    expect(lines.filter((line) => /^Inspection of Durham local authority children’s services$/.test(line))).toHaveLength(0);
    expect(lines.filter((line) => /^\d+$/.test(line))).toHaveLength(0);
    const sif = (await extractPdfPages(new Uint8Array(readFileSync(resolve(FIXTURES, 'durham-2016-05-16.pdf'))))).flat();
    expect(sif.some((line) => line.startsWith('The local authority was given the opportunity to review'))).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// Layouts no fixture has.

describe('unseen layouts (synthetic text)', () => {
  it('reads a 2026 ILACS report with no overall effectiveness grade', () => {
    const text = `Inspection of Testshire County Council local
authority children’s services
Inspection dates: 30 March to 10 April 2026
Lead inspector: A N Inspector, His Majesty’s Inspector
Judgement Grade
The impact of leaders on social work Requires improvement to be good
practice with children and families
The experiences and progress of
Inadequate
children who need help and protection
The experiences and progress of Good
children in care
The experiences and progress of care
Outstanding
leavers
Children in Testshire receive a variable service. Leaders know where practice is weakest.
What needs to improve?
◼ The timeliness of strategy discussions and child protection enquiries, so that
risks are understood quickly.
◼ Management oversight of pre-proceedings work.
The experiences and progress of children who need help and
protection: inadequate
1. Too many children wait too long for help.
Ofsted, Piccadilly Gate, Manchester`;
    expect(parseOfstedReportText(text)).toEqual({
      local_authority: 'Testshire',
      framework: 'ILACS',
      inspection_type: 'standard',
      inspection_start: '2026-03-30',
      inspection_end: '2026-04-10',
      grades: {
        impact_of_leaders: 'requires_improvement',
        help_and_protection: 'inadequate',
        children_in_care: 'good',
        care_leavers: 'outstanding',
      },
      improvement_points: [
        'The timeliness of strategy discussions and child protection enquiries, so that risks are understood quickly.',
        'Management oversight of pre-proceedings work.',
      ],
    } satisfies OfstedReport);
  });

  it('reads a focused visit letter: no grades, a priority action paragraph and improvement bullets', () => {
    const text = `Ofsted
Piccadilly Gate
Store Street
Manchester
12 March 2024
Jane Smith
Director of Children’s Services
Borsetshire Council
Dear Jane
Focused visit to Borsetshire children’s services
This letter summarises the findings of the focused visit to Borsetshire children’s services
on 31 January and 1 February 2024.
His Majesty’s Inspectors for this visit were A Person and B Person.
Inspectors looked at the local authority’s arrangements for children in need and those
subject to a child protection plan.
Headline findings
Leaders have not yet made enough progress since the last inspection.
Areas for priority action
The local authority should ensure that all children at risk of significant harm are seen
promptly and that strategy discussions include the police and health.
What needs to improve in this area of social work practice?
• The quality of child in need plans.
• Supervision of social workers, so that it is regular and
reflective.
Main findings
Children who need help are not always seen quickly enough.
Yours sincerely
A Person
His Majesty’s Inspector`;
    expect(parseOfstedReportText(text)).toEqual({
      local_authority: 'Borsetshire',
      framework: 'ILACS',
      inspection_type: 'focused_visit',
      inspection_start: '2024-01-31',
      inspection_end: '2024-02-01',
      grades: {},
      improvement_points: [
        'The local authority should ensure that all children at risk of significant harm are seen promptly and that strategy discussions include the police and health.',
        'The quality of child in need plans.',
        'Supervision of social workers, so that it is regular and reflective.',
      ],
    } satisfies OfstedReport);
  });

  it('reads a SIF report whose table has the overall row, wrapped grades, a footnote mark and a contents page', () => {
    const text = `City of Westborough
Inspection of services for children in need of help and
protection, children looked after and care leavers
Inspection dates: 28 December to 21 January 2016
Report published: 1 March 2016
Overall effectiveness Good
1. Children who need help and protection Good
2. Children looked after and achieving Requires
permanence improvement to be good
2.1 Adoption performance Outstanding
2.2 Experiences and progress of care leavers Good
3. Leadership, management and governance 1 Outstanding
Ofsted produces this report under its power to combine reports.
Contents
Recommendations
5
Summary for children and young people 7
Recommendations
1. Ensure that every child has a plan that says what will change and by
when.
Adoption
2. Recruit more adopters for brothers and sisters.
Summary for children and young people
Children told us they are listened to.`;
    expect(parseOfstedReportText(text)).toMatchObject({
      local_authority: 'Westborough',
      framework: 'SIF',
      inspection_type: 'standard',
      inspection_start: '2015-12-28',
      inspection_end: '2016-01-21',
      grades: {
        overall_effectiveness: 'good',
        help_and_protection: 'good',
        looked_after_permanence: 'requires_improvement',
        adoption: 'outstanding',
        care_leavers: 'good',
        leadership_management_governance: 'outstanding',
      },
      improvement_points: ['Ensure that every child has a plan that says what will change and by when.', 'Recruit more adopters for brothers and sisters.'],
    });
  });

  it('reads a JTAI letter as framework OTHER', () => {
    const report = parseOfstedReportText(`Joint targeted area inspection of the multi-agency response to children and families who need help in Borsetshire
This letter summarises the findings of a joint targeted area inspection (JTAI) of the multi-agency response to children and families who need help in Borsetshire.
This inspection took place from 13 to 17 May 2024. It was carried out by inspectors from Ofsted, the Care Quality Commission, HMICFRS and HMI Probation.
Areas for priority action
◼ Partners should make sure that strategy meetings include everyone who holds information about the child.
Areas for improvement
◼ The quality of referrals to children’s services.
Main findings
Children’s services and the police work well together.`);
    expect(report).toEqual({
      local_authority: 'Borsetshire',
      framework: 'OTHER',
      inspection_type: 'jtai',
      inspection_start: '2024-05-13',
      inspection_end: '2024-05-17',
      grades: {},
      improvement_points: [
        'Partners should make sure that strategy meetings include everyone who holds information about the child.',
        'The quality of referrals to children’s services.',
      ],
    } satisfies OfstedReport);
  });

  it('recognises a monitoring visit letter', () => {
    const report = parseOfstedReportText(`Monitoring visit to London Borough of Kingsbury children’s services
This letter summarises the findings of the monitoring visit to Kingsbury children’s services on 5 and
6 June 2024. This visit was the third monitoring visit since the local authority was judged inadequate.
His Majesty’s Inspectors were A Person and B Person.
Headline findings
Progress has been made.`);
    expect(report).toMatchObject({
      local_authority: 'Kingsbury',
      framework: 'ILACS',
      inspection_type: 'monitoring_visit',
      inspection_start: '2024-06-05',
      inspection_end: '2024-06-06',
      grades: {},
      improvement_points: [],
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Files that are not Ofsted reports.

/** A small valid PDF, one page per entry, each line drawn at its own height (Helvetica, WinAnsi). */
function makePdf(pages: string[][]): Uint8Array {
  const escape = (s: string): string => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const objects: string[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pages.map((_, i) => `${4 + 2 * i} 0 R`).join(' ')}] /Count ${pages.length} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  pages.forEach((lines, i) => {
    const stream = lines.map((line, n) => `BT /F1 12 Tf 72 ${740 - 16 * n} Td (${escape(line)}) Tj ET`).join('\n');
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + 2 * i} 0 R >>`);
    objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  });
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const offset = pdf.length;
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return offset;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  // One byte per character (WinAnsi), so the offsets above are byte offsets.
  const winAnsi: Record<string, number> = { '’': 0x92, '•': 0x95 };
  return Uint8Array.from(pdf, (c) => winAnsi[c] ?? c.charCodeAt(0));
}

async function errorCode(input: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof input === 'function' ? input() : input);
  } catch (error) {
    expect(error).toBeInstanceOf(OfstedReportError);
    expect((error as Error).message).not.toBe('');
    return (error as OfstedReportError).code;
  }
  throw new Error('expected an OfstedReportError');
}

describe('invalid input', () => {
  it('rejects an empty file', async () => {
    expect(await errorCode(parseOfstedReport(new Uint8Array()))).toBe('empty_file');
  });

  it('rejects a file that is not a PDF', async () => {
    expect(await errorCode(parseOfstedReport(new TextEncoder().encode('name,grade\nDurham,good\n')))).toBe('not_pdf');
  });

  it('rejects a damaged PDF', async () => {
    expect(await errorCode(parseOfstedReport(new TextEncoder().encode('%PDF-1.7\n1 0 obj\n<< /Type /Cat')))).toBe('unreadable_pdf');
  });

  it('rejects a PDF with no text layer', async () => {
    expect(await errorCode(parseOfstedReport(makePdf([[]])))).toBe('no_text');
  });

  it('rejects a PDF that is not an Ofsted children’s services report', async () => {
    const invoice = makePdf([['Invoice 1234', 'Total due: 120 pounds', 'Payable by 1 May 2024']]);
    expect(await errorCode(parseOfstedReport(invoice))).toBe('not_ofsted_report');
    expect(await errorCode(() => parseOfstedReportText('Ofsted school report: children’s services were mentioned.'))).toBe('not_ofsted_report');
  });

  it('reads a generated PDF end to end, dropping its running header (not the title) and page numbers', async () => {
    const header = 'Inspection of Testshire local authority children’s services';
    const pdf = makePdf([
      [header, 'Inspection dates: 1 to 5 July 2024', 'Judgement Grade', 'Overall effectiveness Good', '1'],
      [header, 'What needs to improve?', '• The quality of plans.', '2'],
      [header, 'The experiences and progress of children who need help and protection: good', 'Ofsted', '3'],
    ]);
    expect(await parseOfstedReport(pdf)).toEqual({
      local_authority: 'Testshire',
      framework: 'ILACS',
      inspection_type: 'short',
      inspection_start: '2024-07-01',
      inspection_end: '2024-07-05',
      grades: { overall_effectiveness: 'good', help_and_protection: 'good' },
      improvement_points: ['The quality of plans.'],
    } satisfies OfstedReport);
  });
});

describe('councils named in full, inspections in two parts, SIF type (issue 15)', () => {
  const ilacs = (title: string, dates = 'Inspection dates: 9 to 20 May 2022'): OfstedReport =>
    parseOfstedReportText(`${title}
${dates}
Lead inspector: A N Inspector, His Majesty’s Inspector
Judgement Grade
The impact of leaders on social work practice with children and families Good
The experiences and progress of children who need help and protection Good
The experiences and progress of children in care Good
Overall effectiveness Good
What needs to improve?
◼ The quality of plans.
Ofsted, Piccadilly Gate, Manchester`);

  it.each([
    ['Inspection of London Borough of Barking and Dagenham children’s services', 'Barking and Dagenham'],
    ['Inspection of the London Borough of Tower Hamlets local authority children’s services', 'Tower Hamlets'],
    ['Inspection of Royal Borough of Kingston upon Thames local\nauthority children’s services', 'Kingston upon Thames'],
    ['Inspection of Wirral Council children’s services', 'Wirral'],
    ['Inspection of Cheshire East Council local authority children’s services', 'Cheshire East'],
    ['London Borough of Hackney\nInspection of children’s social care services', 'Hackney'],
    ['Bristol City Council\nInspection of children’s social care services', 'Bristol'],
  ])('recognises %j as %s and reads the report as ILACS', (title, name) => {
    expect(ilacs(title)).toMatchObject({ local_authority: name, framework: 'ILACS', inspection_type: 'standard' });
  });

  it('ends an inspection held in two parts on the last day of the second part', () => {
    const report = ilacs('Inspection of London Borough of Testham children’s services', 'Inspection dates: 5 to 9 December 2022 and 14 to 15 February 2023');
    expect(report).toMatchObject({ inspection_start: '2022-12-05', inspection_end: '2023-02-15', inspection_type: 'standard' });
    expect(ilacs('Inspection of Testshire local authority children’s services', 'Inspection dates: 5 to 9 December 2022 and 14 February 2023')).toMatchObject({
      inspection_start: '2022-12-05',
      inspection_end: '2023-02-14',
    });
    // "15 and 16 January 2019" stays one range; a one-part inspection is unchanged.
    expect(ilacs('Inspection of Testshire local authority children’s services', 'Inspection dates: 15 and 16 January 2019')).toMatchObject({
      inspection_start: '2019-01-15',
      inspection_end: '2019-01-16',
      inspection_type: 'short',
    });
  });

  it('gives a SIF judgement report the type standard (never null)', () => {
    const report = parseOfstedReportText(`London Borough of Southfield
Inspection of services for children in need of help and protection, children looked after and care leavers
Inspection dates: 22 February 2016 – 18 March 2016
Overall effectiveness Requires improvement
Ofsted inspected the council's children's services.`);
    expect(report).toMatchObject({ local_authority: 'Southfield', framework: 'SIF', inspection_type: 'standard', inspection_end: '2016-03-18' });
  });
});
