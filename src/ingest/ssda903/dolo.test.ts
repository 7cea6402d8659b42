/**
 * The table of deprivation of liberty orders (DoLO) DfE added to the SSDA903 return for 2026-27: known
 * by its name or header row, checked with DfE's 2026/27 rules 700–710 as `keystone validate` checks a
 * return, stored by an import in ks_903_dolo and written back by the 903 export. A hand-made 2026-27
 * return of three children:
 *   C1  in a children's home (K2) since 1 May 2026, an order from 1 June 2026 still in force;
 *   C2  in foster care (U1) since 1 May 2026, an order whose end date is not a date (31/13/2026: rule 701);
 *   C3  in care from 1 April to 30 September 2026, an order from 1 May to 31 August 2026.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshDatabase } from '../../../test/support/engines.ts';
import { export903 } from '../../export/ssda903.ts';
import { toSafeCsv } from '../../core/outputs/csv.ts';
import { runImport } from '../pipeline.ts';
import type { InputFile } from '../types.ts';
import { validateFiles } from '../validate.ts';
import { isPreviousYearFile, recognisePreviousYearTable, recogniseTable } from './tables.ts';

const file = (name: string, lines: string[]): InputFile => ({ name, bytes: new TextEncoder().encode(`${lines.join('\n')}\n`) });
const actor = { userId: null, username: 'dolo-test', ip: null, requestId: null };

const HEADER = file('header.csv', [
  'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB',
  'C1,M,15/06/2012,WBRI,UN1,,',
  'C2,F,03/02/2011,WBRI,UN1,,',
  'C3,F,20/10/2013,WBRI,UN1,,',
]);
const EPISODES = file('episodes.csv', [
  'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN',
  'C1,01/05/2026,S,C2,N1,K2,PR1,,,,DH1 1AA,DH1 2BB,SC123456',
  'C2,01/05/2026,S,C2,N1,U1,PR1,,,,DH1 1AA,DH1 3CC,SC123457',
  'C3,01/04/2026,S,C2,N1,K2,PR1,30/09/2026,E11,,DH1 1AA,DH1 2BB,SC123456',
]);
const DOLO_ROWS = ['CHILD,DOB,DOLO_START,DOLO_END', 'C1,15/06/2012,01/06/2026,', 'C2,03/02/2011,01/06/2026,31/13/2026', 'C3,20/10/2013,01/05/2026,31/08/2026'];
const DOLO = file('dolo.csv', DOLO_ROWS);
const RETURN_2026_27 = [HEADER, EPISODES, DOLO];
const DOLO_CODES = ['700', '701', '702', '703', '704', '705', '706', '707', '708', '709', '710'];

describe('the DoLO table', () => {
  it('is known by its name (dolo, DoLO, deprivation of liberty orders, with _last for last year) or by its header row', () => {
    for (const name of ['dolo.csv', 'DoLO.csv', 'DoLO 2027.csv', 'deprivation_of_liberty_orders.csv']) expect(recogniseTable(name, []), name).toBe('DoLO');
    expect(recogniseTable('orders.csv', ['CHILD', 'DOB', 'DOLO_START', 'DOLO_END'])).toBe('DoLO');
    expect(isPreviousYearFile('dolo_last.csv')).toBe(true);
    expect(recognisePreviousYearTable('dolo_last.csv', [])).toBe('DoLO');
    // Missing periods have a header of their own, not DoLO's.
    expect(recogniseTable('m.csv', ['CHILD', 'DOB', 'MISSING', 'MIS_START', 'MIS_END'])).toBe('Missing');
  });

  it("a 2026-27 return is checked with DfE's 2026/27 rules: the seeded bad order is found with file, line and field", async () => {
    const checked = await validateFiles({ format: '903', files: RETURN_2026_27, mode: 'lenient', collectionYear: 2027 });
    expect(checked.files.map((entry) => entry.table)).toEqual(['Header', 'Episodes', 'DoLO']);
    expect(checked.summary.ruleset).toBe("DfE SSDA903 validation rules 2026/27 (the return's collection year, 2026-27)");
    const dolo = checked.findings.filter((finding) => DOLO_CODES.includes(finding.rule));
    expect(dolo).toEqual([
      {
        rule: '701',
        message: 'The end date of the DoLO is not a valid date.',
        file: 'dolo.csv',
        table: 'DoLO',
        row: 3,
        child: 'C2',
        field: 'DOLO_END',
        severity: 'error',
        rejects: true,
      },
    ]);
    // The other two orders are stored; the bad one is quarantined.
    expect(checked.tables).toContainEqual({ table: 'ks_903_dolo', rows: 2 });
    // 706 compares with last year's orders, which were not given; no rule of the year is listed as newer than the ruleset.
    const notRun = checked.summary.rulesNotRun as Array<{ code: string; reason: string }>;
    expect(notRun.filter((entry) => DOLO_CODES.includes(entry.code))).toEqual([
      { code: '706', reason: "compares with last year's DoLO: supply dolo_last.csv" },
    ]);
  });

  it("runs 706 with last year's orders, and 709 and 710 on the placements an order covers", async () => {
    const last = file('dolo_last.csv', ['CHILD,DOB,DOLO_START,DOLO_END', 'C1,15/06/2012,01/03/2026,']);
    const fostered = file('dolo.csv', [...DOLO_ROWS.slice(0, 2), 'C2,03/02/2011,01/06/2026,30/06/2026', DOLO_ROWS[3]!]);
    const checked = await validateFiles({ format: '903', files: [HEADER, EPISODES, fostered, last], mode: 'lenient', collectionYear: 2027 });
    const dolo = checked.findings.filter((finding) => DOLO_CODES.includes(finding.rule));
    expect(dolo.map(({ rule, file: name, row, child, field }) => ({ rule, file: name, row, child, field }))).toEqual([
      // C1's order open at 31 March 2026 began on 1 March; this year's first begins on 1 June.
      { rule: '706', file: 'dolo.csv', row: 2, child: 'C1', field: 'DOLO_START' },
      // C2 was fostered (U1) all through June, when the order was in force.
      { rule: '709', file: 'episodes.csv', row: 3, child: 'C2', field: 'PLACE' },
    ]);
  });

  it("checked with an earlier year's rules as asked, the DoLO rules are listed as not run; an earlier year's return says its DoLO rows were not checked", async () => {
    const asked = await validateFiles({ format: '903', files: RETURN_2026_27, mode: 'lenient', collectionYear: 2027, ruleset: '2025/26' });
    expect(asked.findings.filter((finding) => DOLO_CODES.includes(finding.rule))).toEqual([]);
    const notRun = asked.summary.rulesNotRun as Array<{ code: string; reason: string }>;
    expect(notRun.filter((entry) => DOLO_CODES.includes(entry.code)).map((entry) => entry.code)).toEqual(DOLO_CODES);
    expect(notRun.find((entry) => entry.code === '701')!.reason).toBe(
      "a rule DfE added for 2026/27, in the 2026/27 rules of the return's collection year; checked with 2025/26, as asked",
    );
    const earlier = await validateFiles({ format: '903', files: RETURN_2026_27, mode: 'lenient', collectionYear: 2026 });
    expect(earlier.findings.filter((finding) => finding.table === 'DoLO')).toEqual([
      expect.objectContaining({
        rule: 'KS-TABLE',
        file: 'dolo.csv',
        severity: 'warning',
        message: expect.stringMatching(/^Deprivation of liberty orders \(the DoLO table\) are part of the SSDA903 return from 2026-27; .* 2025\/26 rules/),
      }),
    ]);
    // Checked in parts (a large return), the warning about the file is still given once.
    const inParts = await validateFiles({ format: '903', files: RETURN_2026_27, mode: 'lenient', collectionYear: 2026, partBytes: 200 });
    expect(inParts.findings.filter((finding) => finding.table === 'DoLO')).toEqual(earlier.findings.filter((finding) => finding.table === 'DoLO'));
  });

  it("an XML return carries no DoLO (DfE's XML layout for it is not known): the orders come from dolo.csv beside it", async () => {
    const xml: InputFile = {
      name: 'return.xml',
      bytes: new TextEncoder().encode(
        [
          '<?xml version="1.0" encoding="UTF-8"?>',
          '<EXPSSDA903>',
          '  <CHILD>',
          '    <HEADER><CHILDID>C2</CHILDID><UPN>UN1</UPN><SEX>F</SEX><DOB>2011-02-03</DOB><ETHNIC>WBRI</ETHNIC></HEADER>',
          '    <EPISODE><DECOM>2026-05-01</DECOM><RNE>S</RNE><LS>C2</LS><CIN>N1</CIN><PL>U1</PL><PLACE_PROVIDER>PR1</PLACE_PROVIDER><HOME_POST>DH1 1AA</HOME_POST><PL_POST>DH1 3CC</PL_POST><URN>SC123457</URN></EPISODE>',
          '  </CHILD>',
          '</EXPSSDA903>',
        ].join('\n'),
      ),
    };
    const alone = await validateFiles({ format: '903', files: [xml], mode: 'lenient', collectionYear: 2027 });
    // An order written into the XML in some layout of its own is said to be ignored, never dropped unsaid.
    const withOrder: InputFile = {
      name: 'return.xml',
      bytes: new TextEncoder().encode(new TextDecoder().decode(xml.bytes).replace('</HEADER>', '<DOLO><DOLO_START>2026-06-01</DOLO_START></DOLO></HEADER>')),
    };
    const ignored = await validateFiles({ format: '903', files: [withOrder], mode: 'lenient', collectionYear: 2027 });
    expect(ignored.findings.filter((finding) => finding.rule === 'KS-XSD').map(({ message, row, field }) => ({ message, row, field }))).toEqual([
      { message: '<DOLO> is not expected inside <HEADER>: it is ignored.', row: 4, field: 'DOLO' },
    ]);
    const notRun = alone.summary.rulesNotRun as Array<{ code: string; reason: string }>;
    expect(notRun.find((entry) => entry.code === '700')!.reason).toBe('needs the DoLO table, not supplied');
    const beside = await validateFiles({
      format: '903',
      files: [xml, file('dolo.csv', [DOLO_ROWS[0]!, DOLO_ROWS[2]!])],
      mode: 'lenient',
      collectionYear: 2027,
    });
    expect(beside.findings.filter((finding) => DOLO_CODES.includes(finding.rule)).map(({ rule, file: name, row }) => ({ rule, file: name, row }))).toEqual([
      { rule: '701', file: 'dolo.csv', row: 2 },
    ]);
  });
});

describe.each(engines)('storing and exporting DoLO on $name', ({ url }) => {
  let source: Awaited<ReturnType<typeof freshDatabase>>;
  let target: Awaited<ReturnType<typeof freshDatabase>>;
  const orders = async (database: typeof source) =>
    (
      await sql<{ dolo_id: string; dolo_person_id: string; dolo_start_date: string; dolo_end_date: string | null }>`
        SELECT dolo_id, dolo_person_id, dolo_start_date::text AS dolo_start_date, dolo_end_date::text AS dolo_end_date FROM ks_903_dolo ORDER BY dolo_id`.execute(
        database.db,
      )
    ).rows;
  beforeAll(async () => {
    source = await freshDatabase(url);
    target = await freshDatabase(url);
  });
  afterAll(async () => {
    await source.drop();
    await target.drop();
  });

  it('an import stores each good order once, and importing the return again changes nothing', async () => {
    const first = await runImport(source, { format: '903', files: RETURN_2026_27, mode: 'lenient', dryRun: false, actor, collectionYear: 2027 });
    expect(first.status).toBe('committed');
    expect(await orders(source)).toEqual([
      { dolo_id: '903/C1/2026-06-01/DOLO', dolo_person_id: 'C1', dolo_start_date: '2026-06-01', dolo_end_date: null },
      { dolo_id: '903/C3/2026-05-01/DOLO', dolo_person_id: 'C3', dolo_start_date: '2026-05-01', dolo_end_date: '2026-08-31' },
    ]);
    const again = await runImport(source, { format: '903', files: RETURN_2026_27, mode: 'lenient', dryRun: false, actor, collectionYear: 2027 });
    expect(again.counts).toMatchObject({ new: 0, updated: 0 });
    expect(await orders(source)).toHaveLength(2);
  });

  it('the 903 export of 2026-27 writes the orders as dolo.csv, which imports into an empty database as the same rows; an earlier year has no DoLO table', async () => {
    const exported = await export903(source, { from: '2026-04-01', to: '2027-03-31' });
    const table = exported.tables.find((entry) => entry.table === 'DoLO')!;
    expect(table.fileName).toBe('dolo.csv');
    expect(table.header).toEqual(['CHILD', 'DOB', 'DOLO_START', 'DOLO_END']);
    expect(table.rows).toEqual([
      ['C1', '15/06/2012', '01/06/2026', ''],
      ['C3', '20/10/2013', '01/05/2026', '31/08/2026'],
    ]);
    const files = exported.tables.map((entry) => ({ name: entry.fileName, bytes: new TextEncoder().encode(toSafeCsv(entry.header, entry.rows)) }));
    const imported = await runImport(target, { format: '903', files, mode: 'lenient', dryRun: false, actor, collectionYear: 2027 });
    expect(imported.status).toBe('committed');
    expect(await orders(target)).toEqual(await orders(source));
    // As at 31 July 2026, C3's order (ended 31 August) was still in force: its end is blank, as it was that day.
    const asAt = await export903(source, { from: '2026-04-01', to: '2026-07-31' });
    expect(asAt.tables.find((entry) => entry.table === 'DoLO')!.rows).toEqual([
      ['C1', '15/06/2012', '01/06/2026', ''],
      ['C3', '20/10/2013', '01/05/2026', ''],
    ]);
    const earlier = await export903(source, { from: '2025-04-01', to: '2026-03-31' });
    expect(earlier.tables.map((entry) => entry.table)).not.toContain('DoLO');
  });
});
