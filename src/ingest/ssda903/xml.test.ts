/**
 * The XML form of the SSDA903 (EXPSSDA903): a hand-made return of four synthetic children, and the
 * same return written by hand as CSV tables, must read into the same table rows, raise the same DfE
 * findings and store the same rows; bad files end in findings naming file, line and element, never
 * in a throw.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshDatabase } from '../../../test/support/engines.ts';
import { runImport, type ImportRequest } from '../pipeline.ts';
import type { Finding, InputFile, SourceRow } from '../types.ts';
import { read903, ssda903Importer } from './importer.ts';
import { csvDate, isXml903, readXml903, XML_TABLES } from './xml.ts';

const file = (name: string, text: string): InputFile => ({ name, bytes: new TextEncoder().encode(text) });
const actor = { userId: null, username: 'xml-test', ip: null, requestId: null };
/** Line (1-based) of the first occurrence of a piece of text. */
const lineOf = (text: string, piece: string) => {
  const at = text.indexOf(piece);
  if (at < 0) throw new Error(`${piece} is not in the text`);
  return text.slice(0, at).split('\n').length;
};

/**
 * KS1001: boy in care since November 2023, moved in August 2024 (two reviews, one missing period, OC2).
 * KS1002: care leaver (OC3), herself a mother, whose episode ended before the year.
 * KS1003: unaccompanied asylum seeker who came into care in October 2024.
 * KS1004: young child with an adoption decision, a match and a placement for adoption, whose legal
 *         status changed (RNE L) without a change of placement.
 */
const XML = `<?xml version="1.0" encoding="UTF-8"?>
<EXPSSDA903>
  <CHILD>
    <HEADER>
      <CHILDID>KS1001</CHILDID>
      <UPN>A123456789012</UPN>
      <SEX>1</SEX>
      <DOB>2012-06-15</DOB>
      <ETHNIC>WBRI</ETHNIC>
      <UASC>0</UASC>
      <AREVIEW>
        <REVIEW>2024-07-01</REVIEW>
        <REVIEW_CODE>PN1</REVIEW_CODE>
      </AREVIEW>
      <AREVIEW>
        <REVIEW>2024-12-20</REVIEW>
        <REVIEW_CODE>PN3</REVIEW_CODE>
      </AREVIEW>
      <AMISSING>
        <MISSING>M</MISSING>
        <MIS_START>2024-09-03</MIS_START>
        <MIS_END>2024-09-04</MIS_END>
      </AMISSING>
      <MOTHER/>
      <MC_DOB/>
      <OC2>
        <SDQ_SCORE>14</SDQ_SCORE>
        <SDQ_REASON/>
        <CONVICTED>0</CONVICTED>
        <HEALTH_CHECK>1</HEALTH_CHECK>
        <IMMUNISATIONS>1</IMMUNISATIONS>
        <TEETH_CHECK>1</TEETH_CHECK>
        <HEALTH_ASSESSMENT>1</HEALTH_ASSESSMENT>
        <SUBSTANCE_MISUSE>0</SUBSTANCE_MISUSE>
        <INTERVENTION_RECEIVED/>
        <INTERVENTION_OFFERED/>
      </OC2>
    </HEADER>
    <EPISODE>
      <DECOM>2023-11-02</DECOM>
      <RNE>S</RNE>
      <LS>C2</LS>
      <CIN>N1</CIN>
      <PL>U1</PL>
      <PL_POST>AB3 4EF</PL_POST>
      <HOME_POST>AB1 2CD</HOME_POST>
      <URN>SC123456</URN>
      <PLACE_PROVIDER>PR1</PLACE_PROVIDER>
      <DEC>2024-08-19</DEC>
      <REC>X1</REC>
      <REASON_PLACE_CHANGE>CARPL</REASON_PLACE_CHANGE>
    </EPISODE>
    <EPISODE>
      <DECOM>2024-08-19</DECOM>
      <RNE>P</RNE>
      <LS>C2</LS>
      <CIN>N1</CIN>
      <PL>U3</PL>
      <PL_POST>AB5 6GH</PL_POST>
      <HOME_POST>AB1 2CD</HOME_POST>
      <URN>SC654321</URN>
      <PLACE_PROVIDER>PR1</PLACE_PROVIDER>
      <DEC/>
      <REC/>
      <REASON_PLACE_CHANGE/>
    </EPISODE>
  </CHILD>
  <CHILD>
    <HEADER>
      <CHILDID>KS1002</CHILDID>
      <UPN>UN1</UPN>
      <SEX>2</SEX>
      <DOB>2006-02-03</DOB>
      <ETHNIC>BAFR</ETHNIC>
      <MOTHER>1</MOTHER>
      <MC_DOB>2023-12-01</MC_DOB>
      <IN_TOUCH>YES</IN_TOUCH>
      <ACTIV>F2</ACTIV>
      <ACCOM>S1</ACCOM>
    </HEADER>
    <EPISODE>
      <DECOM>2022-05-10</DECOM>
      <RNE>S</RNE>
      <LS>V2</LS>
      <CIN>N4</CIN>
      <PL>K2</PL>
      <PL_POST>CD1 1AA</PL_POST>
      <HOME_POST>CD2 2BB</HOME_POST>
      <URN>XXXXXX</URN>
      <PLACE_PROVIDER>PR4</PLACE_PROVIDER>
      <DEC>2024-02-03</DEC>
      <REC>E11</REC>
      <REASON_PLACE_CHANGE/>
    </EPISODE>
  </CHILD>
  <CHILD>
    <HEADER>
      <CHILDID>KS1003</CHILDID>
      <UPN>UN2</UPN>
      <SEX>2</SEX>
      <DOB>2009-03-11</DOB>
      <ETHNIC>AOTH</ETHNIC>
      <UASC>1</UASC>
      <DUC>2027-03-11</DUC>
      <AREVIEW>
        <REVIEW>2024-10-29</REVIEW>
        <REVIEW_CODE>PN4</REVIEW_CODE>
      </AREVIEW>
    </HEADER>
    <EPISODE>
      <DECOM>2024-10-01</DECOM>
      <RNE>S</RNE>
      <LS>V2</LS>
      <CIN>N8</CIN>
      <PL>R1</PL>
      <PL_POST>EF1 2GH</PL_POST>
      <HOME_POST/>
      <URN>XXXXXX</URN>
      <PLACE_PROVIDER>PR2</PLACE_PROVIDER>
      <DEC/>
      <REC/>
      <REASON_PLACE_CHANGE/>
    </EPISODE>
  </CHILD>
  <CHILD>
    <HEADER>
      <CHILDID>KS1004</CHILDID>
      <UPN>B123456789012</UPN>
      <SEX>1</SEX>
      <DOB>2020-04-04</DOB>
      <ETHNIC>WOTH</ETHNIC>
      <DATE_INT>2024-06-01</DATE_INT>
      <DATE_MATCH>2024-07-15</DATE_MATCH>
      <FOSTER_CARE>0</FOSTER_CARE>
      <NB_ADOPTR>2</NB_ADOPTR>
      <SEX_ADOPTR>MF</SEX_ADOPTR>
      <LS_ADOPTR>L0</LS_ADOPTR>
      <AD_PLACED>
        <DATE_PLACED>2024-05-01</DATE_PLACED>
        <DATE_PLACED_CEASED/>
        <REASON_PLACED_CEASED/>
      </AD_PLACED>
      <PERMANENCE>
        <PREV_PERM>Z1</PREV_PERM>
        <LA_PERM/>
        <DATE_PERM/>
      </PERMANENCE>
      <AREVIEW>
        <REVIEW>2024-09-09</REVIEW>
        <REVIEW_CODE>PN0</REVIEW_CODE>
      </AREVIEW>
    </HEADER>
    <EPISODE>
      <DECOM>2023-03-01</DECOM>
      <RNE>S</RNE>
      <LS>C2</LS>
      <CIN>N1</CIN>
      <PL>U1</PL>
      <PL_POST>GH1 1JK</PL_POST>
      <HOME_POST>GH2 2JK</HOME_POST>
      <URN>SC111111</URN>
      <PLACE_PROVIDER>PR1</PLACE_PROVIDER>
      <DEC>2024-07-20</DEC>
      <REC>X1</REC>
      <REASON_PLACE_CHANGE/>
    </EPISODE>
    <EPISODE>
      <DECOM>2024-07-20</DECOM>
      <RNE>L</RNE>
      <LS>E1</LS>
      <CIN>N1</CIN>
      <PL>U1</PL>
      <PL_POST>GH1 1JK</PL_POST>
      <HOME_POST>GH2 2JK</HOME_POST>
      <URN>SC111111</URN>
      <PLACE_PROVIDER>PR1</PLACE_PROVIDER>
      <DEC/>
      <REC/>
      <REASON_PLACE_CHANGE/>
    </EPISODE>
  </CHILD>
</EXPSSDA903>
`;

/** The same return as the DfE's CSV tables, written out by hand. */
const CSV_TABLES: Record<string, string> = {
  'header.csv': `CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB,UASC
KS1001,1,15/06/2012,WBRI,A123456789012,,,0
KS1002,2,03/02/2006,BAFR,UN1,1,01/12/2023,
KS1003,2,11/03/2009,AOTH,UN2,,,1
KS1004,1,04/04/2020,WOTH,B123456789012,,,
`,
  'episodes.csv': `CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
KS1001,02/11/2023,S,C2,N1,U1,PR1,19/08/2024,X1,CARPL,AB1 2CD,AB3 4EF,SC123456
KS1001,19/08/2024,P,C2,N1,U3,PR1,,,,AB1 2CD,AB5 6GH,SC654321
KS1002,10/05/2022,S,V2,N4,K2,PR4,03/02/2024,E11,,CD2 2BB,CD1 1AA,XXXXXX
KS1003,01/10/2024,S,V2,N8,R1,PR2,,,,,EF1 2GH,XXXXXX
KS1004,01/03/2023,S,C2,N1,U1,PR1,20/07/2024,X1,,GH2 2JK,GH1 1JK,SC111111
KS1004,20/07/2024,L,E1,N1,U1,PR1,,,,GH2 2JK,GH1 1JK,SC111111
`,
  'reviews.csv': `CHILD,DOB,REVIEW,REVIEW_CODE
KS1001,15/06/2012,01/07/2024,PN1
KS1001,15/06/2012,20/12/2024,PN3
KS1003,11/03/2009,29/10/2024,PN4
KS1004,04/04/2020,09/09/2024,PN0
`,
  'missing.csv': `CHILD,DOB,MISSING,MIS_START,MIS_END
KS1001,15/06/2012,M,03/09/2024,04/09/2024
`,
  'oc2.csv': `CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED
KS1001,15/06/2012,14,,0,1,1,1,1,0,,
`,
  'oc3.csv': `CHILD,DOB,IN_TOUCH,ACTIV,ACCOM
KS1002,03/02/2006,YES,F2,S1
`,
  'uasc.csv': `CHILD,SEX,DOB,DUC
KS1003,2,11/03/2009,11/03/2027
`,
  'ad1.csv': `CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR
KS1004,04/04/2020,01/06/2024,15/07/2024,0,2,MF,L0
`,
  'placed_adoption.csv': `CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED
KS1004,04/04/2020,01/05/2024,,
`,
  'prev_perm.csv': `CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM
KS1004,04/04/2020,Z1,,
`,
};
const csvFiles = () => Object.entries(CSV_TABLES).map(([name, text]) => file(name, text));
const xmlFile = (text = XML, name = 'ssda903_2025.xml') => file(name, text);
const YEAR = { collectionYear: 2025 };

/** A table's rows as sorted JSON (where they came from left out). */
const rowValues = (rows: readonly SourceRow[]) => rows.map((row) => JSON.stringify(Object.entries(row.values).sort(([a], [b]) => a.localeCompare(b)))).sort();
/** Findings without file and line, which differ between the two forms. */
const findingKeys = (findings: readonly Finding[]) =>
  findings.map((finding) => [finding.rule, finding.table, finding.child, finding.field, finding.severity, finding.rejects].join('|')).sort();
const prepareXml = (text: string, name = 'ssda903_2025.xml') => ssda903Importer.prepare([xmlFile(text, name)], YEAR);

describe('reading the EXPSSDA903 XML', () => {
  it('turns xs:date into the CSV tables’ dd/mm/YYYY and keeps other values as written', () => {
    expect(csvDate('2024-02-29')).toBe('29/02/2024');
    expect(csvDate('2024-03-31Z')).toBe('31/03/2024');
    expect(csvDate('2024-03-31+01:00')).toBe('31/03/2024');
    expect(csvDate('31/03/2024')).toBe('31/03/2024');
    expect(csvDate('2023-02-29')).toBeNull();
    expect(csvDate('2024-13-01')).toBeNull();
    expect(csvDate('tomorrow')).toBeNull();
  });

  it('knows the XML return by its name or by how it starts', () => {
    expect(isXml903(file('return.XML', 'anything'))).toBe(true);
    expect(isXml903(file('return.txt', '\uFEFF  <?xml version="1.0"?><EXPSSDA903/>'))).toBe(true);
    expect(isXml903(file('return', '<EXPSSDA903><CHILD/></EXPSSDA903>'))).toBe(true);
    expect(isXml903(file('header.csv', 'CHILD,SEX,DOB\n'))).toBe(false);
  });

  it('reads into the same table rows as the CSV tables, with every table the XML carries present', () => {
    const fromXml = read903([xmlFile()], YEAR);
    const fromCsv = read903(csvFiles(), YEAR);
    expect(fromXml.findings).toEqual([]);
    expect([...fromXml.data.present].sort()).toEqual([...fromCsv.data.present].sort());
    for (const table of fromCsv.data.present) {
      expect(rowValues(fromXml.data.tables[table]), table).toEqual(rowValues(fromCsv.data.tables[table]));
      expect([...fromXml.data.columns[table]].sort(), table).toEqual([...fromCsv.data.columns[table]].sort());
    }
    expect(fromXml.data.tables.Episodes).toHaveLength(6);
    expect(fromXml.data.tables.Reviews).toHaveLength(4);
    expect(fromXml.fileInfo).toEqual([{ name: 'ssda903_2025.xml', table: 'EXPSSDA903', rows: 4 + 6 + 4 + 1 + 1 + 1 + 1 + 1 + 1 + 1 }]);
  });

  it('gives each row the line of its element: HEADER, EPISODE, AREVIEW, and the first item for UASC, AD1 and OC3', () => {
    const { data } = read903([xmlFile()], YEAR);
    const line = (table: keyof typeof data.tables, child: string, index = 0) => data.tables[table].filter((row) => row.values.CHILD === child)[index]!.line;
    expect(line('Header', 'KS1001')).toBe(4);
    expect(line('Reviews', 'KS1001', 1)).toBe(15);
    expect(line('Episodes', 'KS1001', 1)).toBe(lineOf(XML, '<DECOM>2024-08-19') - 1);
    expect(line('UASC', 'KS1003')).toBe(lineOf(XML, '<UASC>1'));
    expect(line('AD1', 'KS1004')).toBe(lineOf(XML, '<DATE_INT>'));
    expect(line('OC3', 'KS1002')).toBe(lineOf(XML, '<IN_TOUCH>'));
    expect(data.tables.Episodes[0]!.file).toBe('ssda903_2025.xml');
  });

  it('raises the same DfE findings as the CSV tables', () => {
    const fromXml = ssda903Importer.prepare([xmlFile()], YEAR);
    const fromCsv = ssda903Importer.prepare(csvFiles(), YEAR);
    expect(findingKeys(fromXml.findings)).toEqual(findingKeys(fromCsv.findings));
    const sorted = (summary: Record<string, unknown>) => ({ ...summary, tables: [...(summary.tables as string[])].sort() });
    expect(sorted(fromXml.summary)).toEqual(sorted(fromCsv.summary));
  });

  it('reads a return written on one line, warning that its rows share that line', () => {
    const oneLine = XML.replace(/\n\s*/g, '');
    const prepared = prepareXml(oneLine, 'flat.xml');
    const warning = prepared.findings.find((finding) => finding.rule === 'KS-XML');
    expect(warning).toMatchObject({ file: 'flat.xml', row: 1, severity: 'warning', rejects: false });
    expect(warning!.message).toContain('line 1 holds 21');
    expect(rowValues(read903([xmlFile(oneLine)], YEAR).data.tables.Episodes)).toEqual(rowValues(read903(csvFiles(), YEAR).data.tables.Episodes));
  });

  it('reads last year’s XML return (…_last.xml) for the rules comparing the years, and writes nothing of it', () => {
    const lastYear = XML.replace('<SEX>1</SEX>', '<SEX>2</SEX>');
    const prepared = ssda903Importer.prepare([xmlFile(), xmlFile(lastYear, 'ssda903_2024_last.xml')], YEAR);
    expect(prepared.files).toEqual([
      { name: 'ssda903_2025.xml', table: 'EXPSSDA903', rows: 21 },
      { name: 'ssda903_2024_last.xml', table: 'EXPSSDA903_last', rows: 21 },
    ]);
    expect([...(prepared.summary.previousYearTables as string[])].sort()).toEqual([...XML_TABLES].sort());
    const sex = prepared.findings.filter((finding) => finding.rule === '202');
    expect(sex.map(({ file, table, row, child, field }) => ({ file, table, row, child, field }))).toEqual([
      { file: 'ssda903_2025.xml', table: 'Header', row: 4, child: 'KS1001', field: 'SEX' },
    ]);
    expect(prepared.writes(new Set()).writes.find((write) => write.table === 'ssd_person')!.rows).toHaveLength(4);

    const cut = ssda903Importer.prepare([xmlFile(), xmlFile(lastYear.slice(0, 500), 'cut_last.xml')], YEAR);
    expect(cut.findings.filter((finding) => finding.file === 'cut_last.xml').map(({ rule, severity, rejects }) => ({ rule, severity, rejects }))).toEqual([
      { rule: 'KS-XML', severity: 'warning', rejects: false },
    ]);
    expect(cut.rejectedRows).toEqual([]);
  });

  it('reads the social worker episodes from their CSV table beside the XML', () => {
    const sw = file('swepisodes.csv', 'CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\nKS1001,15/06/2012,SW77,02/11/2023,,\n');
    const { data, fileInfo } = read903([xmlFile(), sw], YEAR);
    expect(data.present.has('SWEpisodes')).toBe(true);
    expect(data.tables.SWEpisodes).toHaveLength(1);
    expect(fileInfo.map((entry) => entry.table)).toEqual(['EXPSSDA903', 'SWEpisodes']);
  });
});

describe('bad XML ends in findings naming file, line and element, never a throw', () => {
  const only = (prepared: ReturnType<typeof prepareXml>, rule: string) => prepared.findings.filter((finding) => finding.rule === rule);

  it('a truncated file: one finding where it broke, and no rows at all', () => {
    const cut = XML.slice(0, XML.indexOf('<DECOM>2024-10-01') + 10);
    const prepared = prepareXml(cut, 'cut.xml');
    expect(prepared.findings).toEqual([
      {
        rule: 'KS-XML',
        message: expect.stringContaining('truncated'),
        file: 'cut.xml',
        table: null,
        row: lineOf(XML, '<DECOM>2024-10-01'),
        child: null,
        field: null,
        severity: 'error',
        rejects: true,
      },
    ]);
    expect(prepared.childIds.size).toBe(0);
    expect(prepared.files).toEqual([{ name: 'cut.xml', table: null, rows: 0 }]);
    expect(prepared.writes(new Set()).writes.every((write) => write.rows.length === 0)).toBe(true);
  });

  it('broken markup: the line and column the parser stopped at', () => {
    const broken = XML.replace('<RNE>P</RNE>', '<RNE>P</RNX>');
    const [finding] = only(prepareXml(broken, 'broken.xml'), 'KS-XML');
    expect(finding).toMatchObject({ file: 'broken.xml', row: lineOf(XML, '<RNE>P</RNE>'), severity: 'error', rejects: true });
    expect(finding!.message).toMatch(/^The file is not well-formed XML \(line \d+, column \d+\)/);
  });

  it('an unknown element: named with its path and line, skipped with what it holds; the rest is read', () => {
    const odd = XML.replace('      <PL>U3</PL>\n', '      <PL>U3</PL>\n      <FAVOURITE_COLOUR><SHADE>blue</SHADE></FAVOURITE_COLOUR>\n');
    const prepared = prepareXml(odd, 'odd.xml');
    expect(only(prepared, 'KS-XSD')).toEqual([
      {
        rule: 'KS-XSD',
        message: '<FAVOURITE_COLOUR> is not expected inside <EPISODE>: it is ignored.',
        file: 'odd.xml',
        table: 'EXPSSDA903/CHILD/EPISODE/FAVOURITE_COLOUR',
        row: lineOf(odd, '<FAVOURITE_COLOUR>'),
        child: 'KS1001',
        field: 'FAVOURITE_COLOUR',
        severity: 'error',
        rejects: false,
      },
    ]);
    expect(rowValues(read903([xmlFile(odd)], YEAR).data.tables.Episodes)).toEqual(rowValues(read903(csvFiles(), YEAR).data.tables.Episodes));
  });

  it('a repeated item and a misplaced one: only the first is read, each named', () => {
    const twice = XML.replace('<SEX>1</SEX>', '<SEX>1</SEX>\n      <SEX>2</SEX>').replace('<RNE>S</RNE>', '<RNE>S</RNE><REVIEW>2024-01-01</REVIEW>');
    const findings = only(prepareXml(twice), 'KS-XSD');
    expect(findings.map((finding) => [finding.table, finding.row, finding.field, finding.message])).toEqual([
      ['EXPSSDA903/CHILD/HEADER/SEX', 8, 'SEX', '<SEX> appears more than once in <HEADER> (line 4): only the first (line 7) is read.'],
      ['EXPSSDA903/CHILD/EPISODE/REVIEW', lineOf(twice, '<RNE>S</RNE><REVIEW>'), 'REVIEW', '<REVIEW> is not expected inside <EPISODE>: it is ignored.'],
    ]);
    expect(read903([xmlFile(twice)], YEAR).data.tables.Header[0]!.values.SEX).toBe('1');
  });

  it('a bad date: a warning on the element, the DfE rule on the row, and that row alone quarantined', () => {
    const bad = XML.replace('<DECOM>2024-08-19</DECOM>', '<DECOM>2024-02-30</DECOM>');
    const prepared = prepareXml(bad, 'dates.xml');
    const decomLine = lineOf(bad, '<DECOM>2024-02-30');
    expect(only(prepared, 'KS-XSD')).toEqual([
      expect.objectContaining({
        file: 'dates.xml',
        table: 'EXPSSDA903/CHILD/EPISODE/DECOM',
        row: decomLine,
        field: 'DECOM',
        child: 'KS1001',
        severity: 'warning',
        message: '<DECOM> “2024-02-30” is not a date: the XML writes dates YYYY-MM-DD.',
      }),
    ]);
    expect(only(prepared, '141')).toEqual([
      expect.objectContaining({ file: 'dates.xml', table: 'Episodes', row: decomLine - 1, child: 'KS1001', field: 'DECOM', rejects: true }),
    ]);
    expect(prepared.rejectedRows.map(({ row }) => [row.table, row.line, row.values.DECOM])).toEqual([['Episodes', decomLine - 1, '2024-02-30']]);
  });

  it('binary bytes, UTF-16 and bytes that are not UTF-8: one finding each with the line', () => {
    const bytes = new TextEncoder().encode(XML);
    const at = XML.indexOf('<CHILDID>KS1003');
    const withNul = Uint8Array.from([...bytes.slice(0, at), 0, ...bytes.slice(at)]);
    const latin1 = Uint8Array.from([...bytes.slice(0, at), 0xe9, ...bytes.slice(at)]);
    const utf16 = Uint8Array.from([0xff, 0xfe, ...bytes]);
    const line = lineOf(XML, '<CHILDID>KS1003');
    const findings = (name: string, data: Uint8Array) =>
      ssda903Importer.prepare([{ name, bytes: data }], YEAR).findings.map((finding) => [finding.file, finding.rule, finding.row]);
    expect(findings('nul.xml', withNul)).toEqual([['nul.xml', 'KS-BINARY', line]]);
    expect(findings('latin1.xml', latin1)).toEqual([['latin1.xml', 'KS-ENCODING', line]]);
    expect(findings('utf16.xml', utf16)).toEqual([['utf16.xml', 'KS-ENCODING', 1]]);
  });

  it('bytes that are not UTF-8 in a later chunk: the line they are near', () => {
    const reader = readXml903({ name: 'chunks.xml', bytes: new Uint8Array() });
    expect(reader.findings.map((finding) => finding.rule)).toEqual(['KS-EMPTY']);
    const big = `${XML.slice(0, XML.indexOf('</EXPSSDA903>'))}${'<!-- padding -->\n'.repeat(70_000)}</EXPSSDA903>\n`;
    const bytes = new TextEncoder().encode(big);
    bytes[bytes.length - 20] = 0xff;
    const found = readXml903({ name: 'chunks.xml', bytes });
    expect(found.findings).toEqual([expect.objectContaining({ rule: 'KS-ENCODING', row: big.slice(0, big.length - 20).split('\n').length })]);
  });

  it('survives 300 random mutations (cuts, stray bytes, doubled and dropped tags) with findings, never a throw', () => {
    let seed = 903;
    const random = (below: number) => Math.floor(((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * below);
    const tags = [...new Set(XML.match(/<\/?[A-Z_0-9]+\/?>/g))];
    const mutations: Array<(text: string) => Uint8Array> = [
      (text) => new TextEncoder().encode(text.slice(0, random(text.length))),
      (text) => {
        const bytes = new TextEncoder().encode(text);
        for (let count = 0; count < 3; count++) bytes[random(bytes.length)] = random(256);
        return bytes;
      },
      (text) => {
        const at = random(text.length);
        return new TextEncoder().encode(text.slice(0, at) + tags[random(tags.length)] + text.slice(at));
      },
      (text) => new TextEncoder().encode(text.replace(tags[random(tags.length)]!, '')),
      (text) => new TextEncoder().encode(text.replace(/\d{4}-\d{2}-\d{2}/, ['2024-02-30', '31/12/2024', 'soon', ''][random(4)]!)),
    ];
    for (let round = 0; round < 300; round++) {
      const bytes = mutations[round % mutations.length]!(XML);
      const prepared = ssda903Importer.prepare([{ name: `mutant-${round}.xml`, bytes }], YEAR);
      for (const finding of prepared.findings) {
        expect(finding.file).toBe(`mutant-${round}.xml`);
        expect(finding.message).toBeTruthy();
        if (finding.rule.startsWith('KS-X')) expect(finding.row).toBeGreaterThan(0);
      }
      expect(() => prepared.writes(new Set())).not.toThrow();
    }
  });

  it('another XML file, or a child without CHILDID: said plainly, and that child’s rows quarantined', () => {
    const cin = prepareXml('<?xml version="1.0"?>\n<Message><Header/></Message>\n', 'cin.xml');
    expect(cin.findings).toEqual([expect.objectContaining({ rule: 'KS-XSD', row: 2, message: expect.stringContaining('import it as cin') })]);
    const anonymous = XML.replace('<CHILDID>KS1003</CHILDID>', '');
    const prepared = prepareXml(anonymous, 'anon.xml');
    const refused = prepared.findings.filter((finding) => finding.rule === 'KS-XSD' && finding.rejects);
    expect(refused.map((finding) => [finding.table, finding.field])).toEqual([
      ['Header', 'CHILDID'],
      ['UASC', 'CHILDID'],
      ['Reviews', 'CHILDID'],
      ['Episodes', 'CHILDID'],
    ]);
    const upn = lineOf(anonymous, '<UPN>UN2');
    expect(refused[0]).toMatchObject({
      row: upn - 2,
      message: `This Header row cannot be stored: the <CHILD> on line ${upn - 3} has no <CHILDID> in its <HEADER> (line ${upn - 2}), the child's ID.`,
    });
    expect(prepared.rejectedRows).toHaveLength(4);
    expect([...prepared.childIds].sort()).toEqual(['KS1001', 'KS1002', 'KS1004']);
  });
});

describe.each(engines)('importing the XML return on $name', ({ url }) => {
  let fromXml: Awaited<ReturnType<typeof freshDatabase>>;
  let fromCsv: Awaited<ReturnType<typeof freshDatabase>>;
  const run = (database: typeof fromXml, files: InputFile[], extra: Partial<ImportRequest> = {}) =>
    runImport(database, { format: '903', files, mode: 'lenient', dryRun: false, actor, ...YEAR, ...extra });
  /** Every row the 903 mapping writes, table by table, in key order. */
  async function stored(database: typeof fromXml) {
    const { writes } = ssda903Importer.prepare(csvFiles(), YEAR).writes(new Set());
    const result: Record<string, unknown[]> = {};
    for (const write of writes) {
      const columns = write.columns.map((column) => sql.ref(column));
      result[write.table] = (await sql`SELECT ${sql.join(columns)} FROM ${sql.table(write.table)} ORDER BY ${sql.ref(write.key)}`.execute(database.db)).rows;
    }
    return result;
  }

  beforeAll(async () => {
    fromXml = await freshDatabase(url);
    fromCsv = await freshDatabase(url);
  });
  afterAll(async () => {
    await fromXml.drop();
    await fromCsv.drop();
  });

  it('stores exactly the rows the CSV tables store', async () => {
    const xml = await run(fromXml, [xmlFile()]);
    const csv = await run(fromCsv, csvFiles());
    expect(xml.status).toBe('committed');
    expect(xml.counts).toEqual({ new: 30, updated: 0, unchanged: 0, rejected: 0 });
    expect(xml.counts).toEqual(csv.counts);
    expect(xml.tables).toEqual(csv.tables);
    const rows = await stored(fromXml);
    expect(rows).toEqual(await stored(fromCsv));
    // Worked by hand: KS1004's legal status changed on 20/07/2024 (RNE L) in one placement.
    expect(rows.ssd_cla_placement!.filter((row) => (row as { clap_person_id: string }).clap_person_id === 'KS1004')).toEqual([
      expect.objectContaining({
        clap_cla_placement_id: '903/KS1004/2023-03-01',
        clap_cla_placement_type: 'U1',
        clap_cla_id: '903/KS1004/2023-03-01',
        clap_cla_placement_end_date: null,
      }),
    ]);
    expect(rows.ssd_legal_status!.filter((row) => (row as { lega_person_id: string }).lega_person_id === 'KS1004')).toEqual([
      expect.objectContaining({ lega_legal_status: 'C2', lega_legal_status_start_date: '2023-03-01', lega_legal_status_end_date: '2024-07-20' }),
      expect.objectContaining({ lega_legal_status: 'E1', lega_legal_status_start_date: '2024-07-20', lega_legal_status_end_date: null }),
    ]);
    expect(rows.ssd_person).toEqual([
      { pers_person_id: 'KS1001', pers_sex: 'M', pers_dob: '2012-06-15', pers_ethnicity: 'WBRI', pers_upn_unknown: null, pers_is_mother: null },
      { pers_person_id: 'KS1002', pers_sex: 'F', pers_dob: '2006-02-03', pers_ethnicity: 'BAFR', pers_upn_unknown: 'UN1', pers_is_mother: 'Y' },
      { pers_person_id: 'KS1003', pers_sex: 'F', pers_dob: '2009-03-11', pers_ethnicity: 'AOTH', pers_upn_unknown: 'UN2', pers_is_mother: null },
      { pers_person_id: 'KS1004', pers_sex: 'M', pers_dob: '2020-04-04', pers_ethnicity: 'WOTH', pers_upn_unknown: null, pers_is_mother: null },
    ]);
  });

  it('re-importing the XML changes nothing, and neither does the CSV form of the same return', async () => {
    const before = await stored(fromXml);
    const first = await run(fromXml, [xmlFile()]);
    // 4 people, 6 episodes, 5 placements, 5 legal statuses, 4 reviews, 1 missing period, 1 care leaver, 1 OC2 row, 3 home addresses.
    expect(first.counts).toEqual({ new: 0, updated: 0, unchanged: 30, rejected: 0 });
    const asCsv = await run(fromXml, csvFiles());
    expect(asCsv.counts).toMatchObject({ new: 0, updated: 0, rejected: 0 });
    expect(await stored(fromXml)).toEqual(before);
  });

  it('quarantines the row with a bad date and keeps the rest as stored', async () => {
    const bad = XML.replace('<REVIEW>2024-12-20</REVIEW>', '<REVIEW>20/13/2024</REVIEW>');
    const result = await run(fromCsv, [xmlFile(bad, 'bad-review.xml')]);
    expect(result.status).toBe('committed');
    expect(result.counts).toEqual({ new: 0, updated: 0, unchanged: 29, rejected: 1 });
    const quarantine = await sql<{ file_name: string; table_name: string; row_number: number; child_id: string; rule_codes: string[] }>`
      SELECT file_name, table_name, row_number, child_id, rule_codes FROM ks_import_quarantine WHERE import_id = ${result.importId}`.execute(fromCsv.db);
    expect(quarantine.rows).toEqual([
      { file_name: 'bad-review.xml', table_name: 'Reviews', row_number: lineOf(bad, '<REVIEW>20/13/2024') - 1, child_id: 'KS1001', rule_codes: ['166'] },
    ]);
  });
});
