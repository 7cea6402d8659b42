/**
 * Ofsted's provider lists beside a 903 return: read from workbooks and CSV by their header rows
 * (synthetic providers and URNs, written here), and the URN rules run through `keystone validate`
 * with them, naming file, line and field; without them, as before.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ExcelJS from '@cj-tech-master/excelts';
import { afterAll, describe, expect, it } from 'vitest';
import type { InputFile } from '../types.ts';
import { validateFiles } from '../validate.ts';
import { validateCommand } from '../cli.ts';
import { readProviderLists } from './ofsted.ts';

type Rows = Array<Array<string | number | Date | null>>;

async function workbook(sheets: Record<string, Rows>): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = book.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
  }
  return new Uint8Array(await book.xlsx.writeBuffer());
}
const text = (value: string) => new TextEncoder().encode(value);

/** A Children's Homes list as Ofsted lays it out: a title above the header, one sheet of providers, and its registration conditions. */
const chList = () =>
  workbook({
    'Provider information': [
      ["Children's homes as at 31 March 2024 (synthetic)"],
      ['Local Authority', 'URN', 'Provider Type', 'Closed Date', 'Provider Code', 'Provider Placement Code', 'Setting Address Postcode'],
      ['East Sussex', 'SC900001', "Children's Home", '-', 'PR4', 'K2', 'ZZ1 1AA'],
      ['County Durham', 'SC900002', "Children's Home", new Date(Date.UTC(2023, 8, 30)), 'PR1', 'K2/K1', 'zz2 2bb'],
    ],
    'Registration Conditions': [
      ['Local Authority', 'URN', 'Postcode Area', 'Conditions'],
      ['East Sussex', 'SC900001', 'ZZ1', 'Up to four children'],
    ],
  });
/** A Social Care Providers list as CSV: a fostering agency of a London borough, and one closed (dd/mm/yyyy). */
const scpCsv = () =>
  text(
    [
      'URN,Provision type,Local authority,Placement code,Placement provider code,Deregistration date,Setting postcode',
      '9000003,Independent Fostering Agency,London Borough of Camden,"U1,U2,U3,U4,U5,U6",PR4,,ZZ3 3CC',
      '9000004,Voluntary Adoption Agency,"Bristol, City of","A3,A4,A5,A6",PR4,31/12/2023,ZZ4 4DD',
    ].join('\n'),
  );

describe("Ofsted's provider lists", () => {
  it('reads the Children’s Homes list (xlsx) and the Social Care Providers list (CSV) by their headers', async () => {
    const lists = await readProviderLists([
      { name: 'ch.xlsx', bytes: await chList() },
      { name: 'scp.csv', bytes: scpCsv() },
      { name: 'episodes.csv', bytes: text('CHILD,DECOM,URN\n1,01/05/2023,SC900001\n') },
    ]);
    expect(lists.findings).toEqual([]);
    expect(lists.incomplete).toBeUndefined();
    expect(lists.lists).toEqual([
      { file: 'ch.xlsx', kind: 'CH', sheets: ['Provider information'], providers: 2 },
      { file: 'scp.csv', kind: 'SCP', sheets: [], providers: 2 },
    ]);
    expect([...lists.files]).toEqual([
      ['ch.xlsx', { table: "Ofsted's Children's Homes list", rows: 2 }],
      ['scp.csv', { table: "Ofsted's Social Care Providers list", rows: 2 }],
    ]);
    const providers = lists.providers!;
    expect([...providers.keys()]).toEqual(['SC900001', 'SC900002', '9000003', '9000004']);
    expect(providers.get('SC900001')).toEqual({
      placeCodes: new Set(['K2']),
      providerCodes: new Set(['PR4']),
      postcodes: new Set(['ZZ11AA']),
      councils: new Set(['845']),
      closed: null,
    });
    expect(providers.get('SC900002')).toMatchObject({
      placeCodes: new Set(['K2', 'K1']),
      postcodes: new Set(['ZZ22BB']),
      councils: new Set(['840']),
      closed: '2023-09-30',
    });
    expect(providers.get('9000003')).toMatchObject({ placeCodes: new Set(['U1', 'U2', 'U3', 'U4', 'U5', 'U6']), councils: new Set(['202']), closed: null });
    expect(providers.get('9000004')).toMatchObject({ councils: new Set(['801']), closed: '2023-12-31' });
  });

  it('takes the combined list alone; one of the two lists alone is not enough, and says which is missing', async () => {
    const combined = await workbook({
      Providers: [
        ['Local authority', 'URN', 'Provider type', 'Deregistration date', 'Placement code', 'Placement provider code', 'Provider postcode'],
        ['East Sussex', 'SC900001', "Children's home", '', 'K2', 'PR4', 'ZZ1 1AA'],
        ['Camden', '9000003', 'Independent Fostering Agency', '', 'U1,U2', 'PR4', 'ZZ3 3CC'],
      ],
      'SA Providers': [
        ['Provider local authority', 'Setting local authority', 'URN', 'Provider type', 'Closed date', 'Placement provider code', 'Setting address postcode'],
        ['Durham County Council', 'East Sussex', '9000005', 'Supported Accommodation', 'na', 'PR4', 'ZZ5 5EE'],
        ['Durham County Council', 'East Sussex', '9000005', 'Supported Accommodation', 'na', 'PR4', 'ZZ5 5EF'],
      ],
    });
    const both = await readProviderLists([{ name: 'scpch.xlsx', bytes: combined }]);
    expect(both.lists).toEqual([{ file: 'scpch.xlsx', kind: 'SCPCH', sheets: ['Providers', 'SA Providers'], providers: 3 }]);
    expect(both.providers?.get('9000005')).toEqual({
      placeCodes: new Set(),
      providerCodes: new Set(['PR4']),
      postcodes: new Set(['ZZ55EE', 'ZZ55EF']),
      councils: new Set(['840']),
      closed: null,
    });
    // The CH list's older layout: settings on one sheet, their postcodes on another.
    const split = await workbook({
      'Settings and Inspection Info': [
        ['Local Authority', 'URN', 'Provider Type', 'Closed Date', 'Provider Code', 'Provider Placement Code'],
        ['East Sussex', 'SC900010', "Children's Home", '', 'PR4', 'K2'],
      ],
      'Address Details': [
        ['URN', 'Setting Address Line 1', 'Setting Postcode'],
        ['SC900010', '1 Synthetic Road', 'ZZ10 1AA'],
      ],
    });
    const splitList = await readProviderLists([
      { name: 'ch.xlsx', bytes: split },
      { name: 'scp.csv', bytes: scpCsv() },
    ]);
    expect(splitList.lists[0]).toEqual({ file: 'ch.xlsx', kind: 'CH', sheets: ['Settings and Inspection Info'], providers: 1 });
    expect(splitList.providers?.get('SC900010')?.postcodes).toEqual(new Set(['ZZ101AA']));
    // Ofsted's combined workbook is told by its two sheets too, whatever its providers' types.
    const bySheets = await workbook({
      Providers: [
        ['URN', 'Provider type', 'Placement code', 'Placement provider code'],
        ['9000006', 'Independent Fostering Agency', 'U1', 'PR4'],
      ],
      'SA providers': [
        ['URN', 'Provider type', 'Placement provider code'],
        ['9000007', 'Supported Accommodation', 'PR4'],
      ],
    });
    expect((await readProviderLists([{ name: 'scpch.xlsx', bytes: bySheets }])).lists[0]!.kind).toBe('SCPCH');
    // Named as the SCP list names its columns, but only children's homes: a CH list, not the combined one.
    const homesOnly = text("URN,Provider type,Placement code,Placement provider code\nSC900011,Children's home,K2,PR4\nSC900012,Children’s Home,K2,PR1\n");
    const homesList = await readProviderLists([{ name: 'homes.csv', bytes: homesOnly }]);
    expect(homesList.lists[0]!.kind).toBe('CH');
    expect(homesList.providers).toBeNull();
    const chOnly = await readProviderLists([{ name: 'ch.xlsx', bytes: await chList() }]);
    expect(chOnly.providers).toBeNull();
    expect(chOnly.incomplete).toMatch(/^needs Ofsted's Social Care Providers list as well as the Children's Homes list given/);
    const scpOnly = await readProviderLists([{ name: 'scp.csv', bytes: scpCsv() }]);
    expect(scpOnly.providers).toBeNull();
    expect(scpOnly.incomplete).toMatch(/^needs Ofsted's Children's Homes list as well/);
  });

  it('a list that cannot be read is an error naming the file, and the sheet, row and column', async () => {
    const badDate = await workbook({
      'Provider information': [
        ['Local Authority', 'URN', 'Closed Date', 'Provider Code', 'Provider Placement Code', 'Setting Postcode'],
        ['East Sussex', 'SC900001', 'last spring', 'PR4', 'K2', 'ZZ1 1AA'],
        ['East Sussex', 'SC900006', '', 'Not provided', 'K2', 'ZZ6 6FF'],
        ['East Sussex', 'SC900007', 'soon', 'PR4', 'K2', 'ZZ7 7GG'],
        ['East Sussex', 'SC900008', 'later', 'PR4', 'K2', 'ZZ8 8HH'],
      ],
    });
    const notAList = await workbook({
      Sheet1: [
        ['Name', 'Postcode'],
        ['A home', 'ZZ1 1AA'],
      ],
    });
    const lists = await readProviderLists([
      { name: 'ch.xlsx', bytes: badDate },
      { name: 'scp.csv', bytes: scpCsv() },
      { name: 'notes.xlsx', bytes: notAList },
      { name: 'broken.xlsx', bytes: text('not a workbook') },
    ]);
    expect(lists.findings.map(({ rule, file, row, field, severity }) => ({ rule, file, row, field, severity }))).toEqual([
      { rule: 'KS-OFSTED', file: 'ch.xlsx', row: 2, field: 'Closed Date', severity: 'error' },
      { rule: 'KS-OFSTED', file: 'ch.xlsx', row: 3, field: 'Provider Code', severity: 'error' },
      { rule: 'KS-OFSTED', file: 'notes.xlsx', row: null, field: null, severity: 'error' },
      { rule: 'KS-OFSTED', file: 'broken.xlsx', row: null, field: null, severity: 'error' },
    ]);
    expect(lists.findings[0]!.message).toBe(
      'sheet “Provider information”, row 2, column “Closed Date”: “last spring” is not a date (dd/mm/yyyy or an Excel date), nor are 2 other rows of the column; rules 227 and 228 are not checked for those 3 providers.',
    );
    expect(lists.findings[1]!.message).toBe(
      'sheet “Provider information”, row 3, column “Provider Code”: “Not provided” is not a list of placement provider codes (PR0 to PR5); rule 224 is not checked for URN SC900006.',
    );
    expect(lists.findings[2]!.message).toMatch(/^notes\.xlsx is not an Ofsted provider list: no sheet has a header row with URN and Placement code/);
    expect(lists.findings[3]!.message).toMatch(/not an Excel workbook/);
    expect(lists.providers?.get('SC900006')?.providerCodes).toEqual(new Set());
    // The provider stays listed (1008 still sees it); its closure is unknown, so 227 and 228 leave it alone.
    expect(lists.providers?.get('SC900001')?.closed).toBeUndefined();
  });
});

const HEADER = 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n1,M,01/01/2010,WBRI,,,\n2,F,01/01/2011,WBRI,,,\n';
/** Episodes of 2023-24: a seeded wrong URN on line 3 (SC900009 is on neither list), and one at a home that closed on 30 September 2023. */
const EPISODES = [
  'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN',
  '1,01/05/2023,S,C2,N1,K2,PR4,,,,ZZ9 9ZZ,ZZ1 1AA,SC900001',
  '2,01/05/2023,S,C2,N1,K2,PR4,,,,ZZ9 9ZZ,ZZ1 1AA,SC900009',
  '2,01/06/2023,S,C2,N1,U1,PR4,,,,ZZ9 9ZZ,ZZ3 3CC,9000003',
].join('\n');
const URN_RULES = ['1008', '219', '221', '224', '227', '228', '229'];

describe("keystone validate 903 with Ofsted's lists", () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'keystone-ofsted-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const returnFiles = (): InputFile[] => [
    { name: 'header.csv', bytes: text(HEADER) },
    { name: 'episodes.csv', bytes: text(EPISODES) },
  ];

  it('runs the URN rules, naming file, line and field, and says which lists were used', async () => {
    const files = [{ name: 'ch.xlsx', bytes: await chList() }, ...returnFiles(), { name: 'scp.csv', bytes: scpCsv() }];
    const result = await validateFiles({ format: '903', files, mode: 'lenient', collectionYear: 2024 });
    const urnFindings = result.findings.filter((finding) => URN_RULES.includes(finding.rule));
    expect(urnFindings.map(({ rule, file, row, field, child }) => ({ rule, file, row, field, child }))).toEqual([
      { rule: '1008', file: 'episodes.csv', row: 3, field: 'URN', child: '2' },
    ]);
    expect(result.files.map((file) => [file.name, file.table, file.rows])).toEqual([
      ['ch.xlsx', "Ofsted's Children's Homes list", 2],
      ['header.csv', 'Header', 2],
      ['episodes.csv', 'Episodes', 3],
      ['scp.csv', "Ofsted's Social Care Providers list", 2],
    ]);
    expect(result.summary.providerLists).toEqual([
      { file: 'ch.xlsx', list: "Ofsted's Children's Homes list", sheets: ['Provider information'], providers: 2 },
      { file: 'scp.csv', list: "Ofsted's Social Care Providers list", sheets: [], providers: 2 },
    ]);
    const notRun = (result.summary.rulesNotRun as Array<{ code: string; reason: string }>).filter((entry) => URN_RULES.includes(entry.code));
    // 229 compares with the council's own area: without --la-code it says so.
    expect(notRun.map((entry) => entry.code)).toEqual(['229']);
  });

  it('the same findings when the return is checked in parts', async () => {
    const files = [{ name: 'ch.xlsx', bytes: await chList() }, ...returnFiles(), { name: 'scp.csv', bytes: scpCsv() }];
    const whole = await validateFiles({ format: '903', files, mode: 'lenient', collectionYear: 2024 });
    const parts = await validateFiles({ format: '903', files, mode: 'lenient', collectionYear: 2024, partBytes: 100 });
    expect(parts.findings).toEqual(whole.findings);
    expect(parts.files).toEqual(whole.files);
  });

  it('without the lists, or with one alone, the URN rules are listed as not run, saying why', async () => {
    const without = await validateFiles({ format: '903', files: returnFiles(), mode: 'lenient', collectionYear: 2024 });
    expect(without.findings.filter((finding) => URN_RULES.includes(finding.rule))).toEqual([]);
    expect(without.summary.providerLists).toBeUndefined();
    const reasons = (result: typeof without) =>
      (result.summary.rulesNotRun as Array<{ code: string; reason: string }>).filter((entry) => URN_RULES.includes(entry.code)).map((entry) => entry.reason);
    expect(reasons(without)).toHaveLength(7);
    for (const reason of reasons(without)) expect(reason).toMatch(/^not checked: needs .*Ofsted's lists .* beside the return/);
    const chOnly = await validateFiles({
      format: '903',
      files: [...returnFiles(), { name: 'ch.xlsx', bytes: await chList() }],
      mode: 'lenient',
      collectionYear: 2024,
    });
    expect(reasons(chOnly)).toHaveLength(7);
    for (const reason of reasons(chOnly)) expect(reason).toMatch(/^not checked: needs Ofsted's Social Care Providers list as well/);
  });

  it('on the command line, a folder’s workbook and CSV lists are taken beside the return, in the text and JSON reports', async () => {
    writeFileSync(path.join(folder, 'header.csv'), HEADER);
    writeFileSync(path.join(folder, 'episodes.csv'), EPISODES);
    writeFileSync(path.join(folder, 'Childrens homes.xlsx'), await chList());
    writeFileSync(path.join(folder, 'Social care providers.csv'), scpCsv());
    let out = '';
    const code = await validateCommand(
      { format: '903', paths: [folder], dryRun: false, strict: false, json: false, year: '2024', laCode: '845' },
      (written) => {
        out += written;
      },
    );
    expect(code).toBe(3);
    expect(out).toContain(
      "Ofsted provider list used for the URN rules: Childrens homes.xlsx (sheets “Provider information”), Ofsted's Children's Homes list, 2 providers",
    );
    expect(out).toContain("Ofsted provider list used for the URN rules: Social care providers.csv, Ofsted's Social Care Providers list, 2 providers");
    expect(out).toMatch(/ {2}1008 +1 {2}Ofsted Unique Reference Number \(URN\) is not valid\./);
    let json = '';
    await validateCommand({ format: '903', paths: [folder], dryRun: false, strict: false, json: true, year: '2024', laCode: '845' }, (written) => {
      json += written;
    });
    const report = JSON.parse(json) as {
      summary: { providerLists: unknown[]; rulesNotRun: Array<{ code: string }> };
      findings: Array<{ rule: string; file: string; row: number; field: string }>;
    };
    expect(report.summary.providerLists).toHaveLength(2);
    expect(report.summary.rulesNotRun.filter((entry) => URN_RULES.includes(entry.code))).toEqual([]);
    expect(report.findings.filter((finding) => URN_RULES.includes(finding.rule)).map(({ rule, file, row, field }) => ({ rule, file, row, field }))).toEqual([
      { rule: '1008', file: 'episodes.csv', row: 3, field: 'URN' },
    ]);
  });
});
