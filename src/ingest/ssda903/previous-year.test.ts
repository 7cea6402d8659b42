/**
 * Last year's tables (`<table>_last.csv`): recognised by name, read for the rules comparing the two
 * years, never stored; their problems are warnings.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { InputFile } from '../types.ts';
import { ssda903Importer } from './importer.ts';
import { isPreviousYearFile, recognisePreviousYearTable } from './tables.ts';

const file = (name: string, text: string): InputFile => ({ name, bytes: new TextEncoder().encode(text) });
const HEADER = 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n';
const EPISODES = 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n';

/** 2023-24: C1 in care since 2022 (sex recorded as 1 last year, 2 now), C2 new this year. */
const current = [
  file('header.csv', HEADER + 'C1,2,01/01/2012,WBRI,UN3,,\nC2,2,01/01/2010,WIRI,UN3,0,\n'),
  file('episodes.csv', EPISODES + 'C1,01/06/2022,S,C2,N1,U1,PR1,,,,,,\nC2,01/06/2023,S,C2,N2,U1,PR1,,,,,,\n'),
];
const lastYear = [
  file('header_last.csv', HEADER + 'C1,1,01/01/2012,WBRI,UN3,,\n'),
  file('Episodes_last.csv', EPISODES + 'C1,01/06/2022,S,C2,N1,U1,PR1,,,,,,\n'),
];

describe('previous year tables', () => {
  it('are recognised by a name ending _last, whatever the table is called', () => {
    expect(
      ['header_last.csv', 'Episodes_last.csv', 'placed_for_adoption_last.csv', 'sw episodes last.CSV', 'header.csv', 'lastname.csv', 'headerlast.csv'].map(
        isPreviousYearFile,
      ),
    ).toEqual([true, true, true, true, false, false, false]);
    expect(recognisePreviousYearTable('placed_for_adoption_last.csv', [])).toBe('PlacedAdoption');
    expect(recognisePreviousYearTable('sw_episodes_last.csv', [])).toBe('SWEpisodes');
    expect(recognisePreviousYearTable('Header_last.csv', [])).toBe('Header');
  });

  it('feed the rules comparing the years, and nothing of them is written', () => {
    const prepared = ssda903Importer.prepare([...current, ...lastYear], { collectionYear: 2024 });
    expect(prepared.files.map((entry) => [entry.name, entry.table, entry.rows])).toEqual([
      ['header.csv', 'Header', 2],
      ['episodes.csv', 'Episodes', 2],
      ['header_last.csv', 'Header_last', 1],
      ['Episodes_last.csv', 'Episodes_last', 1],
    ]);
    expect(prepared.summary.previousYearTables).toEqual(['Header', 'Episodes']);
    const sex = prepared.findings.filter((finding) => finding.rule === '202');
    expect(sex.map(({ file, table, row, child, field }) => ({ file, table, row, child, field }))).toEqual([
      { file: 'header.csv', table: 'Header', row: 2, child: 'C1', field: 'SEX' },
    ]);
    // C1's episode continues last year's open one: no 502, 503x, 562 or NoE.
    expect(prepared.findings.filter((finding) => /^(502|503|562|NoE)/.test(finding.rule))).toEqual([]);
    expect(prepared.summary.rulesSkipped).not.toContain('202');

    const written = prepared.writes(new Set()).writes;
    const people = written.find((write) => write.table === 'ssd_person')!;
    expect(people.rows).toHaveLength(2);
    const episodes = written.find((write) => write.table === 'ssd_cla_episodes')!;
    expect(episodes.rows).toHaveLength(2);
  });

  it('without them, the rules comparing the years are skipped and reported as such', () => {
    const prepared = ssda903Importer.prepare(current, { collectionYear: 2024 });
    expect(prepared.summary.rulesSkipped).toEqual(expect.arrayContaining(['202', '502', '562', 'NoE', '1002']));
    expect(prepared.findings.some((finding) => finding.rule === '202')).toBe(false);
  });

  it('an unrecognised or incomplete last-year file is a warning that rejects nothing', () => {
    const prepared = ssda903Importer.prepare([...current, file('mystery_last.csv', 'A,B\n1,2\n'), file('episodes_last.csv', 'CHILD,DECOM\nC1,01/06/2022\n')], {
      collectionYear: 2024,
    });
    const problems = prepared.findings.filter((finding) => finding.file.endsWith('_last.csv'));
    expect(problems.map(({ rule, table, severity, rejects }) => ({ rule, table, severity, rejects }))).toEqual([
      { rule: 'KS-TABLE', table: null, severity: 'warning', rejects: false },
      { rule: 'KS-COLUMNS', table: 'Episodes_last', severity: 'warning', rejects: false },
    ]);
    expect(prepared.summary.previousYearTables).toEqual([]);
    expect(prepared.rejectedRows).toEqual([]);
  });
});

const FIXTURES = path.join(fileURLToPath(new URL('../../../', import.meta.url)), '..', 'shared', 'fixtures', 'ssda903');
const fixturesPresent = existsSync(FIXTURES);
if (!fixturesPresent)
  console.warn(`SKIPPED: the SSDA903 previous-year fixture test needs ${FIXTURES} (the shared fixtures folder beside the repository), which is absent.`);

describe.skipIf(!fixturesPresent)('previous year tables with the shared fixtures (read in place)', () => {
  it('the same Header and UASC as last year give no year-on-year conflict, and every rule comparing them runs', () => {
    const read = (name: string) => new Uint8Array(readFileSync(path.join(FIXTURES, name)));
    const thisYear = readdirSync(FIXTURES)
      .filter((name) => name.endsWith('.csv'))
      .map((name) => ({ name, bytes: read(name) }));
    const prepared = ssda903Importer.prepare(
      [...thisYear, { name: 'header_last.csv', bytes: read('header.csv') }, { name: 'uasc_last.csv', bytes: read('uasc.csv') }],
      {},
    );
    expect(prepared.summary.previousYearTables).toEqual(['Header', 'UASC']);
    const compared = ['202', '203', '204', '207', '208', '624', '626'];
    for (const code of compared) expect(prepared.summary.rulesSkipped).not.toContain(code);
    expect(prepared.findings.filter((finding) => compared.includes(finding.rule))).toEqual([]);
  });
});
