/**
 * Each DfE rule's own test cases: a small return in which some rows break the rule and others do
 * not; the test names the rows that must be reported (by table and position), and no others.
 */
import { describe, expect, it } from 'vitest';
import type { SourceRow } from '../../types.ts';
import { TABLES_903, type Table903 } from '../tables.ts';
import { collectionYear } from '../values.ts';
import { DELETED_903, INTRODUCED_903, parseRuleset903, ruleset903For, type Ruleset903 } from '../catalogue.ts';
import { COUNCIL_UNKNOWN, coverage, RULES, RULES_BY_CODE, rulesetName, rulesNotRun, rulesOf, runRules } from './index.ts';
import { childrenIn, firstRows, forgetGroupings, rowsByChild, rowsWhere, rowsWith, v, type Return903 } from './rule.ts';

type Rows = Partial<Record<Table903 | `${Table903}_last`, Array<Record<string, string>>>>;
interface Case {
  given: Rows;
  /** Rows the rule must report, as "Table:index" (index in the given rows of that table); rules report this year's rows only. */
  hits: string[];
  /** The collection year's end (default 2024: the 2023-24 return). */
  year?: number;
  /** The council the return is from (rules 1015 and 411 run only with it). */
  council?: Return903['council'];
}

/** A 2023-24 return (1 April 2023 to 31 March 2024) made of the given rows; `<Table>_last` rows are the 2022-23 return. */
function build(given: Rows, endYear = 2024): Return903 {
  const empty = () => ({
    tables: Object.fromEntries(TABLES_903.map((table) => [table, [] as SourceRow[]])) as Record<Table903, SourceRow[]>,
    columns: Object.fromEntries(TABLES_903.map((table) => [table, new Set<string>()])) as Record<Table903, Set<string>>,
    present: new Set<Table903>(),
  });
  const current = empty();
  const previous = empty();
  for (const [name, rows] of Object.entries(given) as Array<[string, Array<Record<string, string>>]>) {
    const table = name.replace(/_last$/, '') as Table903;
    const year = name.endsWith('_last') ? previous : current;
    year.present.add(table);
    rows.forEach((values, index) => {
      year.tables[table].push({ file: `${name}.csv`, table, line: index + 2, values });
      for (const column of Object.keys(values)) year.columns[table].add(column);
    });
  }
  // Every current table counts as supplied (an empty table is a valid return); last year's only when given.
  return { ...current, present: new Set(TABLES_903), year: collectionYear(endYear), ...(previous.present.size ? { previous } : {}) };
}

const code = (table: Table903, field: string, good: string[], bad: string[]): Case => ({
  given: { [table]: [...good, ...bad].map((value, index) => ({ CHILD: String(index), [field]: value })) },
  hits: bad.map((_, index) => `${table}:${good.length + index}`),
});
const notInHeader = (table: Table903): Case => ({ given: { Header: [{ CHILD: '1' }], [table]: [{ CHILD: '1' }, { CHILD: '2' }] }, hits: [`${table}:1`] });
const dobDiffers = (table: Table903): Case => ({
  given: {
    Header: [
      { CHILD: '1', DOB: '01/01/2010' },
      { CHILD: '2', DOB: '01/01/2011' },
    ],
    [table]: [
      { CHILD: '1', DOB: '01/01/2010' },
      { CHILD: '2', DOB: '02/01/2011' },
    ],
  },
  hits: [`${table}:1`],
});
const once = (table: Table903): Case => ({ given: { [table]: [{ CHILD: '1' }, { CHILD: '2' }, { CHILD: '1' }] }, hits: [`${table}:2`] });
const ep = (child: string, decom: string, extra: Record<string, string> = {}) => ({
  CHILD: child,
  DECOM: decom,
  RNE: 'S',
  LS: 'C2',
  CIN: 'N1',
  PLACE: 'U1',
  PLACE_PROVIDER: 'PR1',
  DEC: '',
  REC: '',
  ...extra,
});
/** A child looked after all year (12 months at 31 March 2024) and one who is not. */
const cohort = { Episodes: [ep('1', '01/01/2020'), ep('2', '01/01/2024')] };
const oc2 = (child: string, dob: string, extra: Record<string, string> = {}) => ({
  CHILD: child,
  DOB: dob,
  SDQ_SCORE: '',
  SDQ_REASON: '',
  CONVICTED: '',
  HEALTH_CHECK: '',
  IMMUNISATIONS: '',
  TEETH_CHECK: '',
  HEALTH_ASSESSMENT: '',
  SUBSTANCE_MISUSE: '',
  INTERVENTION_RECEIVED: '',
  INTERVENTION_OFFERED: '',
  ...extra,
});
const health = { IMMUNISATIONS: '1', TEETH_CHECK: '1', HEALTH_ASSESSMENT: '1', SUBSTANCE_MISUSE: '0' };
/** A deprivation of liberty order (DoLO, from 2026-27) of a child born on 1 January 2010. */
const dolo = (child: string, start: string, end = '') => ({ CHILD: child, DOB: '01/01/2010', DOLO_START: start, DOLO_END: end });

/** Last year's final episode open for child 1 (value changed) and child 2 (unchanged); closed for child 3 (changed). */
const continues = (field: string, before: string, after: string): Case => ({
  given: {
    Episodes: [ep('1', '01/01/2023', { [field]: after }), ep('2', '01/01/2023', { [field]: before }), ep('3', '01/01/2023', { [field]: after })],
    Episodes_last: [
      ep('1', '01/01/2023', { [field]: before }),
      ep('2', '01/01/2023', { [field]: before }),
      ep('3', '01/01/2023', { [field]: before, DEC: '01/02/2023', REC: 'E8' }),
    ],
  },
  hits: ['Episodes:0'],
});
/** Header of children 1–3 this year and 1–2 last year; child 2's field changed. */
const headerChanged = (field: string, before: string, after: string): Case => ({
  given: {
    Header: [
      { CHILD: '1', [field]: before },
      { CHILD: '2', [field]: after },
      { CHILD: '3', [field]: after },
    ],
    Header_last: [
      { CHILD: '1', [field]: before },
      { CHILD: '2', [field]: before },
    ],
  },
  hits: ['Header:1'],
});
const sw = (child: string, id: string, start: string, reason: string, end = '') => ({
  CHILD: child,
  SW_ID: id,
  SW_DECOM: start,
  SW_REASON: reason,
  SW_DEC: end,
});
/** Child 1's first episode continues last year's open one; child 2's differs in the field; child 3's last-year episode was closed. */
const swContinues = (field: 'SW_ID' | 'SW_DECOM' | 'SW_REASON'): Case => {
  const changed = { SW_ID: 'SW9', SW_DECOM: '02/01/2023', SW_REASON: 'CHILD' }[field];
  const first = (child: string) => sw(child, 'SW1', '01/01/2023', 'MGMT');
  return {
    given: {
      SWEpisodes: [first('1'), { ...first('2'), [field]: changed }, { ...first('3'), [field]: changed }, sw('2', 'SW5', '01/06/2023', 'MGMT')],
      SWEpisodes_last: [first('1'), first('2'), { ...first('3'), SW_DEC: '01/03/2023' }],
    },
    hits: ['SWEpisodes:1'],
  };
};
/** A start date in the 2023-24 year. */
const d = '01/05/2023';
/** An episode ending on 1 June 2023 for the given reason. */
const ended = (reason: string) => ({ DEC: '01/06/2023', REC: reason });
/** Complete adoption details (AD1). */
const adopters = { DATE_INT: '01/01/2023', DATE_MATCH: '01/02/2023', FOSTER_CARE: '0', NB_ADOPTR: '1', SEX_ADOPTR: 'F1', LS_ADOPTR: 'L0' };
/** An order (E1 or D1) with no decision (child 1), open with the decision marked ceased (2), closed (3), open with a standing decision (4). */
const orderCase = (status: string): Case => ({
  given: {
    Episodes: [ep('1', d, { LS: status }), ep('2', d, { LS: status }), ep('3', d, { LS: status, ...ended('E8') }), ep('4', d, { LS: status })],
    PlacedAdoption: [
      { CHILD: '2', DATE_PLACED: '01/04/2023', DATE_PLACED_CEASED: '01/06/2023' },
      { CHILD: '3', DATE_PLACED: '01/04/2023', DATE_PLACED_CEASED: '01/06/2023' },
      { CHILD: '4', DATE_PLACED: '01/04/2023' },
    ],
  },
  hits: ['Episodes:0', 'PlacedAdoption:0'],
});
const uasc = (child: string, duc: string, dob = '01/06/2005') => ({ CHILD: child, DOB: dob, SEX: '1', DUC: duc });

const CASES: Record<string, Case> = {
  // Header
  '101': code('Header', 'SEX', ['1', '2'], ['3', '']),
  // 2024/25: UASC under 11 on 31 March 2025 (born after 31/03/2014; born that day is exactly 11, not more, so flagged too).
  '231': {
    year: 2025,
    given: {
      Header: [
        { CHILD: '1', DOB: '01/04/2014', UASC: '1' },
        { CHILD: '2', DOB: '31/03/2014', UASC: '1' },
        { CHILD: '3', DOB: '30/03/2014', UASC: '1' },
        { CHILD: '4', DOB: '01/04/2020', UASC: '0' },
      ],
    },
    hits: ['Header:0', 'Header:1'],
  },
  '232': { year: 2025, given: { Header: ['M', 'F', 'U', 'u'].map((SEX, index) => ({ CHILD: String(index), SEX })) }, hits: ['Header:2', 'Header:3'] },
  '102': code('Header', 'DOB', ['29/02/2012'], ['31/02/2012', '2012-01-01', '']),
  '103': code('Header', 'ETHNIC', ['WBRI', 'NOBT'], ['wbri', '']),
  '105': code('Header', 'UASC', ['0', '1'], ['2']),
  '168': code('Header', 'UPN', ['A123456789012', 'UN3', ''], ['I123456789012', 'UN6', 'A12345']),
  '171': code('Header', 'MC_DOB', ['', '01/01/2020'], ['1/1/2020']),
  '174': {
    given: {
      Header: [
        { CHILD: '1', SEX: '2', MC_DOB: '01/01/2020' },
        { CHILD: '2', SEX: '1', MC_DOB: '01/01/2020' },
      ],
    },
    hits: ['Header:1'],
  },
  '301': code('Header', 'DOB', ['31/03/2024'], ['01/04/2024']),
  '351': code('Header', 'DOB', ['02/04/1998'], ['31/03/1998']),
  '611': {
    given: {
      Header: [
        { CHILD: '1', MOTHER: '1', MC_DOB: '01/01/2020' },
        { CHILD: '2', MOTHER: '1', MC_DOB: '' },
      ],
    },
    hits: ['Header:1'],
  },
  '612': {
    given: {
      Header: [
        { CHILD: '1', MOTHER: '1', SEX: '2', MC_DOB: '01/01/2020' },
        { CHILD: '2', MOTHER: '0', SEX: '2', MC_DOB: '01/01/2020' },
      ],
    },
    hits: ['Header:1'],
  },
  '620': {
    given: {
      Header: [
        { CHILD: '1', MOTHER: '1', DOB: '01/01/2005' },
        { CHILD: '2', MOTHER: '1', DOB: '01/01/2015' },
      ],
    },
    hits: ['Header:1'],
  },
  '621': {
    given: {
      Header: [
        { CHILD: '1', DOB: '01/01/2005', MC_DOB: '01/01/2022' },
        { CHILD: '2', DOB: '01/01/2005', MC_DOB: '01/01/2004' },
      ],
    },
    hits: ['Header:1'],
  },
  INT32: once('Header'),
  INT03: notInHeader('Episodes'),
  // Child 3 is a care leaver with only an OC3 row: not an episode missing.
  EPI: {
    given: {
      Header: [{ CHILD: '1' }, { CHILD: '2' }, { CHILD: '3' }],
      Episodes: [ep('1', '01/05/2023')],
      OC3: [{ CHILD: '3', IN_TOUCH: 'YES', ACTIV: 'F1', ACCOM: 'S2' }],
    },
    hits: ['Header:1'],
  },
  // DfE: "Where any episode present, with an <LS> not = 'V3' or 'V4' then <UPN> must be provided": a child on short breaks only (4) needs none;
  // one short break beside another legal status (5) does. Child 3 has no episode.
  '442': {
    given: {
      Header: [
        { CHILD: '1', UPN: 'UN1' },
        { CHILD: '2', UPN: '' },
        { CHILD: '3', UPN: '' },
        { CHILD: '4', UPN: '' },
        { CHILD: '5', UPN: '' },
      ],
      Episodes: [
        ep('1', '01/05/2023'),
        ep('2', '01/05/2023'),
        ep('4', '01/05/2023', { LS: 'V4', DEC: '03/05/2023', REC: 'E8' }),
        ep('4', '01/06/2023', { LS: 'V3', DEC: '03/06/2023', REC: 'E8' }),
        ep('5', '01/05/2023', { LS: 'V4', DEC: '03/05/2023', REC: 'E8' }),
        ep('5', '01/06/2023', { LS: 'C2' }),
      ],
    },
    hits: ['Header:1', 'Header:4'],
  },
  '393': {
    given: {
      Header: [
        { CHILD: '1', SEX: '2', DOB: '01/01/2008', MOTHER: '0' },
        { CHILD: '2', SEX: '2', DOB: '01/01/2008', MOTHER: '' },
        { CHILD: '3', SEX: '1', DOB: '01/01/2008', MOTHER: '' },
        { CHILD: '4', SEX: '2', DOB: '01/01/2020', MOTHER: '' },
      ],
      Episodes: [ep('1', '01/05/2023'), ep('2', '01/05/2023'), ep('3', '01/05/2023'), ep('4', '01/05/2023')],
    },
    hits: ['Header:1', 'Header:3'],
  },
  '302': {
    given: {
      Header: [
        { CHILD: '1', DOB: '01/01/2020' },
        { CHILD: '2', DOB: '01/01/2020' },
      ],
      Episodes: [ep('1', '01/05/2023'), ep('2', '01/12/2019')],
    },
    hits: ['Episodes:1'],
  },
  // Episodes: codes and dates
  '141': code('Episodes', 'DECOM', ['01/04/2023'], ['', '32/01/2023']),
  '143': code('Episodes', 'RNE', ['S', 'B'], ['X', '']),
  '144': code('Episodes', 'LS', ['C2', 'V4'], ['C3', '']),
  '145': code('Episodes', 'CIN', ['N1', 'N8'], ['N9', '']),
  '146': code('Episodes', 'PLACE', ['U1', 'Z1'], ['R4', '']),
  '147': code('Episodes', 'DEC', ['', '01/01/2024'], ['01-01-2024']),
  '149': code('Episodes', 'REC', ['', 'E4A', 'X1'], ['E4a', 'E1']),
  // Not a valid code (PR6), or given for a placement needing no provider (T0–T4, Z1).
  '178': {
    given: {
      Episodes: [
        ep('1', d, { PLACE_PROVIDER: '' }),
        ep('2', d, { PLACE_PROVIDER: 'PR0' }),
        ep('3', d, { PLACE_PROVIDER: 'PR6' }),
        ep('4', d, { PLACE: 'T1', PLACE_PROVIDER: 'PR1' }),
        ep('5', d, { PLACE: 'Z1', PLACE_PROVIDER: 'PR2' }),
      ],
    },
    hits: ['Episodes:2', 'Episodes:3', 'Episodes:4'],
  },
  '1009': code('Episodes', 'REASON_PLACE_CHANGE', ['', 'CARPL'], ['carpl']),
  '148': {
    given: {
      Episodes: [ep('1', '01/05/2023', { DEC: '02/05/2023', REC: 'E8' }), ep('2', '01/05/2023', { REC: 'X1' }), ep('3', '01/05/2023', { DEC: '02/05/2023' })],
    },
    hits: ['Episodes:1', 'Episodes:2'],
  },
  '353': code('Episodes', 'DECOM', ['14/10/1991'], ['13/10/1991']),
  '354': code('Episodes', 'DECOM', ['31/03/2024'], ['01/04/2024']),
  '385': code('Episodes', 'DEC', ['31/03/2024', ''], ['01/04/2024']),
  '355': { given: { Episodes: [ep('1', '01/05/2023', { DEC: '02/05/2023' }), ep('2', '01/05/2023', { DEC: '01/05/2023' })] }, hits: ['Episodes:1'] },
  '356': { given: { Episodes: [ep('1', '01/05/2023', { DEC: '02/05/2023' }), ep('2', '01/05/2023', { DEC: '30/04/2023' })] }, hits: ['Episodes:1'] },
  '445': { given: { Episodes: [ep('1', '01/05/2005', { LS: 'D1' }), ep('2', '01/05/2023', { LS: 'D1' })] }, hits: ['Episodes:1'] },
  '446': { given: { Episodes: [ep('1', '01/05/2023', { LS: 'E1' }), ep('2', '01/05/2005', { LS: 'E1' })] }, hits: ['Episodes:1'] },
  // Episodes: sequences
  '142': {
    given: {
      Episodes: [
        ep('1', '01/05/2023'),
        ep('1', '01/06/2023', { RNE: 'P' }),
        ep('2', '01/05/2023', { DEC: '01/06/2023', REC: 'X1' }),
        ep('2', '01/06/2023', { RNE: 'P' }),
        // Ended but without the reason it ended: not ended as DfE's 142 reads (DEC and REC).
        ep('3', '01/05/2023', { DEC: '01/06/2023' }),
        ep('3', '01/06/2023', { RNE: 'P' }),
      ],
    },
    hits: ['Episodes:0', 'Episodes:4'],
  },
  '357': { given: { Episodes: [ep('1', '01/05/2023', { RNE: 'P' }), ep('2', '01/05/2023'), ep('3', '01/05/2020', { RNE: 'P' })] }, hits: ['Episodes:0'] },
  '501': {
    given: {
      Episodes: [
        ep('1', '01/05/2023', { DEC: '10/05/2023', REC: 'X1' }),
        ep('1', '09/05/2023', { RNE: 'P' }),
        ep('2', '01/05/2023', { DEC: '10/05/2023', REC: 'X1' }),
        ep('2', '10/05/2023', { RNE: 'P' }),
      ],
    },
    hits: ['Episodes:1'],
  },
  '431': {
    given: {
      Episodes: [
        ep('1', '01/05/2023', { DEC: '10/05/2023', REC: 'E8' }),
        ep('1', '10/05/2023'),
        ep('2', '01/05/2023', { DEC: '10/05/2023', REC: 'E8' }),
        ep('2', '11/05/2023'),
      ],
    },
    hits: ['Episodes:1'],
  },
  // Child 3's previous episode ended with a code that is not one (149's error): it does not say the child ceased to be looked after.
  '432': {
    given: {
      Episodes: [
        ep('1', '01/05/2023', { DEC: '10/05/2023', REC: 'E8' }),
        ep('1', '11/05/2023', { RNE: 'P' }),
        ep('2', '01/05/2023', { DEC: '10/05/2023', REC: 'X1' }),
        ep('2', '10/05/2023', { RNE: 'P' }),
        ep('3', '01/05/2023', { DEC: '10/05/2023', REC: 'XX9' }),
        ep('3', '10/05/2023', { RNE: 'P' }),
      ],
    },
    hits: ['Episodes:1'],
  },
  '433': {
    given: {
      Episodes: [
        ep('1', '01/05/2023', { DEC: '10/05/2023', REC: 'X1' }),
        ep('1', '12/05/2023', { RNE: 'P' }),
        ep('2', '01/05/2023', { DEC: '10/05/2023', REC: 'X1' }),
        ep('2', '10/05/2023', { RNE: 'P' }),
      ],
    },
    hits: ['Episodes:1'],
  },
  // DfE's three cases: X1 on the child's last episode (child 1); X1 but the next episode starts another day (3);
  // an episode ending otherwise on the day the next starts, which should have been X1 (4). Children 2 and 5 are right.
  '388': {
    given: {
      Episodes: [
        ep('1', '01/05/2023', { DEC: '10/05/2023', REC: 'X1' }),
        ep('2', '01/05/2023', { DEC: '10/05/2023', REC: 'X1' }),
        ep('2', '10/05/2023', { RNE: 'P' }),
        ep('3', '01/05/2023', { DEC: '10/05/2023', REC: 'X1' }),
        ep('3', '12/05/2023', { RNE: 'P' }),
        ep('4', '01/05/2023', { DEC: '10/05/2023', REC: 'E8' }),
        ep('4', '10/05/2023', { RNE: 'P' }),
        ep('5', '01/05/2023', { DEC: '10/05/2023', REC: 'E8' }),
        ep('5', '20/05/2023'),
      ],
    },
    hits: ['Episodes:0', 'Episodes:3', 'Episodes:5'],
  },
  '437': {
    given: {
      Episodes: [ep('1', '01/05/2023', { DEC: '10/05/2023', REC: 'E2' }), ep('1', '11/05/2023'), ep('2', '01/05/2023', { DEC: '10/05/2023', REC: 'E15' })],
    },
    hits: ['Episodes:0'],
  },
  // Child 3's next episode does not continue the X1 one (it starts on another day): not the same period of care.
  '504': {
    given: {
      Episodes: [
        ep('1', '01/05/2023', { DEC: '10/05/2023', REC: 'X1' }),
        ep('1', '10/05/2023', { RNE: 'P', CIN: 'N2' }),
        ep('2', '01/05/2023', { DEC: '10/05/2023', REC: 'X1' }),
        ep('2', '10/05/2023', { RNE: 'P' }),
        ep('3', '01/05/2023', { REC: 'X1' }),
        ep('3', '10/05/2023', { RNE: 'P', CIN: 'N2' }),
      ],
    },
    hits: ['Episodes:1'],
  },
  // Episodes: placements and providers
  '213': {
    given: { Episodes: [ep('1', '01/05/2023', { PLACE: 'T1', PLACE_PROVIDER: '' }), ep('2', '01/05/2023', { PLACE: 'T1', PLACE_PROVIDER: 'PR1' })] },
    hits: ['Episodes:1'],
  },
  '526': {
    given: { Episodes: [ep('1', '01/05/2023', { PLACE: 'T1', PLACE_PROVIDER: '' }), ep('2', '01/05/2023', { PLACE: 'U1', PLACE_PROVIDER: '' })] },
    hits: ['Episodes:1'],
  },
  '527': {
    given: { Episodes: [ep('1', '01/05/2023', { PLACE: 'U1', PLACE_PROVIDER: 'PR1' }), ep('2', '01/05/2023', { PLACE: 'R2', PLACE_PROVIDER: 'PR1' })] },
    hits: ['Episodes:1'],
  },
  '528': {
    given: { Episodes: [ep('1', '01/05/2023', { PLACE: 'U1', PLACE_PROVIDER: 'PR2' }), ep('2', '01/05/2023', { PLACE: 'P1', PLACE_PROVIDER: 'PR2' })] },
    hits: ['Episodes:1'],
  },
  '529': {
    given: { Episodes: [ep('1', '01/05/2023', { PLACE: 'R1', PLACE_PROVIDER: 'PR3' }), ep('2', '01/05/2023', { PLACE: 'U3', PLACE_PROVIDER: 'PR3' })] },
    hits: ['Episodes:1'],
  },
  '530': {
    given: { Episodes: [ep('1', '01/05/2023', { PLACE: 'R1', PLACE_PROVIDER: 'PR4' }), ep('2', '01/05/2023', { PLACE: 'P1', PLACE_PROVIDER: 'PR4' })] },
    hits: ['Episodes:1'],
  },
  '531': {
    given: { Episodes: [ep('1', '01/05/2023', { PLACE: 'R1', PLACE_PROVIDER: 'PR5' }), ep('2', '01/05/2023', { PLACE: 'P1', PLACE_PROVIDER: 'PR5' })] },
    hits: ['Episodes:1'],
  },
  '550': {
    given: { Episodes: [ep('1', '01/05/2023', { PLACE: 'P1', PLACE_PROVIDER: 'PR0' }), ep('2', '01/05/2023', { PLACE: 'U1', PLACE_PROVIDER: 'PR0' })] },
    hits: ['Episodes:1'],
  },
  // 2023/24: a P2 episode open, or ending after 28 October 2023.
  '217t': {
    given: {
      Episodes: [
        ep('1', d, { PLACE: 'P2' }),
        ep('2', d, { PLACE: 'P2', DEC: '28/10/2023', REC: 'E8' }),
        ep('3', d, { PLACE: 'P2', DEC: '29/10/2023', REC: 'E8' }),
        ep('4', d, { PLACE: 'U1' }),
      ],
    },
    hits: ['Episodes:0', 'Episodes:2'],
  },
  // 2023/24: an English H5 placement running on 29 October 2023 without a URN (child 5 is in Wales, child 2's ended the day before).
  '230': {
    given: {
      Episodes: [
        ep('1', d, { PLACE: 'H5', URN: '', PL_LA: 'E09000001' }),
        ep('2', d, { PLACE: 'H5', URN: '', PL_LA: 'E09000001', DEC: '28/10/2023', REC: 'E8' }),
        ep('3', d, { PLACE: 'H5', URN: 'XXXXXXX', PL_LA: 'E09000001', DEC: '29/10/2023', REC: 'E8' }),
        ep('4', d, { PLACE: 'H5', URN: 'SC123456', PL_LA: 'E09000001' }),
        ep('5', d, { PLACE: 'H5', URN: '', PL_LA: 'W06000015' }),
      ],
    },
    hits: ['Episodes:0', 'Episodes:2'],
  },
  '222': {
    given: {
      Episodes: [
        ep('1', '01/05/2023', { PLACE: 'H5', URN: 'XXXXXXX' }),
        ep('2', '01/05/2023', { PLACE: 'U1', URN: 'SC1' }),
        ep('3', '01/05/2023', { PLACE: 'R1', URN: 'SC1' }),
      ],
    },
    hits: ['Episodes:2'],
  },
  '214': {
    given: { Episodes: [ep('1', '01/05/2023', { LS: 'V3', PL_POST: '', URN: '' }), ep('2', '01/05/2023', { LS: 'V4', PL_POST: 'AB1 2CD', URN: '' })] },
    hits: ['Episodes:1'],
  },
  '217': { given: { Episodes: [ep('1', '01/05/2023', { PLACE: 'A3', RNE: 'T' }), ep('2', '01/05/2023', { PLACE: 'A5', RNE: 'P' })] }, hits: ['Episodes:1'] },
  // Episodes: temporary placements and respite
  '380': { given: { Episodes: [ep('1', '01/05/2023', { PLACE: 'T1', RNE: 'P' }), ep('2', '01/05/2023', { PLACE: 'T1', RNE: 'S' })] }, hits: ['Episodes:1'] },
  '381': { given: { Episodes: [ep('1', '01/05/2023', { PLACE: 'T1', REC: 'X1' }), ep('2', '01/05/2023', { PLACE: 'T1', REC: 'E8' })] }, hits: ['Episodes:1'] },
  '382': { given: { Episodes: [ep('1', '01/05/2023', { PLACE: 'U1', LS: 'V3' }), ep('2', '01/05/2023', { PLACE: 'T3', LS: 'V3' })] }, hits: ['Episodes:1'] },
  '384': { given: { Episodes: [ep('1', '01/05/2023', { PLACE: 'U2', LS: 'V3' }), ep('2', '01/05/2023', { PLACE: 'U1', LS: 'V4' })] }, hits: ['Episodes:1'] },
  '378': { given: { Episodes: [ep('1', '01/05/2023', { PLACE: 'P1', LS: 'C2' }), ep('2', '01/05/2023', { PLACE: 'P1', LS: 'V2' })] }, hits: ['Episodes:1'] },
  '361': {
    given: { Episodes: [ep('1', '01/05/2023', { LS: 'L1', DEC: '04/05/2023' }), ep('2', '01/05/2023', { LS: 'L1', DEC: '05/05/2023' })] },
    hits: ['Episodes:1'],
  },
  // An order runs on across episodes that continue it (X1, next starting the same day): child 3's 12 + 10 days make 22.
  '362': {
    given: {
      Episodes: [
        ep('1', '01/05/2023', { LS: 'L2', DEC: '22/05/2023' }),
        ep('2', '01/05/2023', { LS: 'L2', DEC: '23/05/2023' }),
        ep('3', '01/05/2023', { LS: 'L2', DEC: '13/05/2023', REC: 'X1' }),
        ep('3', '13/05/2023', { RNE: 'P', LS: 'L2', DEC: '23/05/2023', REC: 'E8' }),
      ],
    },
    hits: ['Episodes:1', 'Episodes:3'],
  },
  '363': {
    given: { Episodes: [ep('1', '01/05/2023', { LS: 'L3', DEC: '08/05/2023' }), ep('2', '01/05/2023', { LS: 'L3', DEC: '09/05/2023' })] },
    hits: ['Episodes:1'],
  },
  '365': {
    given: { Episodes: [ep('1', '01/05/2023', { LS: 'V3', DEC: '18/05/2023' }), ep('2', '01/05/2023', { LS: 'V3', DEC: '19/05/2023' })] },
    hits: ['Episodes:1'],
  },
  '375': {
    given: { Episodes: [ep('1', '01/05/2023', { PLACE: 'T1', DEC: '12/06/2023' }), ep('2', '01/05/2023', { PLACE: 'T1', DEC: '13/06/2023' })] },
    hits: ['Episodes:1'],
  },
  // T3 is the foster carers' holiday (T2 the child's own holiday, which has no limit): 21 days allowed, 22 not.
  '376': {
    given: {
      Episodes: [
        ep('1', '01/05/2023', { PLACE: 'T3', DEC: '22/05/2023' }),
        ep('2', '01/05/2023', { PLACE: 'T3', DEC: '23/05/2023' }),
        ep('3', '01/05/2023', { PLACE: 'T2', DEC: '23/05/2023' }),
      ],
    },
    hits: ['Episodes:1'],
  },
  '379': { given: { Episodes: [ep('1', '01/05/2023', { PLACE: 'T4', DEC: '08/05/2023' }), ep('2', '01/05/2023', { PLACE: 'T4' })] }, hits: ['Episodes:1'] },
  '367': {
    given: {
      Episodes: [
        ep('1', '01/05/2023', { LS: 'V3', DEC: '15/05/2023' }),
        ep('2', '01/05/2023', { LS: 'V3', DEC: '17/05/2023' }),
        ep('2', '01/06/2023', { LS: 'V3', DEC: '17/06/2023' }),
        ep('2', '01/07/2023', { LS: 'V3', DEC: '17/07/2023' }),
        ep('2', '01/08/2023', { LS: 'V3', DEC: '17/08/2023' }),
        ep('2', '01/09/2023', { LS: 'V3', DEC: '17/09/2023' }),
      ],
    },
    hits: ['Episodes:5'],
  },
  // Child 1: a third T3 (carers' holiday) within 12 months of the first; child 2: three T2 (the child's holiday); child 3: two T3.
  '377': {
    given: {
      Episodes: [
        ep('1', '01/05/2023', { PLACE: 'T3' }),
        ep('1', '01/06/2023', { PLACE: 'T3' }),
        ep('1', '01/07/2023', { PLACE: 'T3' }),
        ep('2', '01/05/2023', { PLACE: 'T2' }),
        ep('2', '01/06/2023', { PLACE: 'T2' }),
        ep('2', '01/07/2023', { PLACE: 'T2' }),
        ep('3', '01/05/2023', { PLACE: 'T3' }),
        ep('3', '01/07/2023', { PLACE: 'T3' }),
      ],
    },
    hits: ['Episodes:2'],
  },
  '383': {
    given: {
      Episodes: [
        ep('1', '01/05/2023', { URN: 'A' }),
        ep('1', '02/05/2023', { PLACE: 'T2' }),
        ep('1', '03/05/2023', { URN: 'B' }),
        ep('2', '01/05/2023', { URN: 'A' }),
        ep('2', '02/05/2023', { PLACE: 'T2' }),
        ep('2', '03/05/2023', { URN: 'A' }),
      ],
    },
    hits: ['Episodes:1'],
  },
  // Episodes with Header ages
  '352': {
    given: {
      Header: [
        { CHILD: '1', DOB: '01/06/2005' },
        { CHILD: '2', DOB: '01/01/2005' },
      ],
      Episodes: [ep('1', '01/05/2023'), ep('2', '01/05/2023')],
    },
    hits: ['Episodes:1'],
  },
  '358': {
    given: {
      Header: [
        { CHILD: '1', DOB: '01/01/2010' },
        { CHILD: '2', DOB: '01/01/2015' },
      ],
      Episodes: [ep('1', '01/05/2023', { LS: 'J1' }), ep('2', '01/05/2023', { LS: 'J2' })],
    },
    hits: ['Episodes:1'],
  },
  // 2023/24: independent living (P2) at 16 or over.
  '370': {
    given: {
      Header: [
        { CHILD: '1', DOB: '02/05/2007' },
        { CHILD: '2', DOB: '01/05/2007' },
      ],
      Episodes: [ep('1', '01/05/2023', { PLACE: 'P2' }), ep('2', '01/05/2023', { PLACE: 'P2' })],
    },
    hits: ['Episodes:0'],
  },
  '371': {
    given: {
      Header: [
        { CHILD: '1', DOB: '01/01/2007' },
        { CHILD: '2', DOB: '01/01/2008' },
      ],
      Episodes: [ep('1', '01/05/2023', { PLACE: 'H5' }), ep('2', '01/05/2023', { PLACE: 'H5' })],
    },
    hits: ['Episodes:1'],
  },
  '372': {
    given: {
      Header: [
        { CHILD: '1', DOB: '01/01/2010' },
        { CHILD: '2', DOB: '01/01/2015' },
      ],
      Episodes: [ep('1', '01/05/2023', { PLACE: 'R5' }), ep('2', '01/05/2023', { PLACE: 'R5' })],
    },
    hits: ['Episodes:1'],
  },
  '373': {
    given: {
      Header: [
        { CHILD: '1', DOB: '01/01/2019' },
        { CHILD: '2', DOB: '01/01/2020' },
      ],
      Episodes: [ep('1', '01/05/2023', { PLACE: 'S1' }), ep('2', '01/05/2023', { PLACE: 'S1' })],
    },
    hits: ['Episodes:1'],
  },
  '374': {
    given: {
      Header: [
        { CHILD: '1', DOB: '01/01/2009' },
        { CHILD: '2', DOB: '01/01/2010' },
      ],
      Episodes: [ep('1', '01/05/2023', { PLACE: 'P3' }), ep('2', '01/05/2023', { PLACE: 'P3' })],
    },
    hits: ['Episodes:1'],
  },
  '386': {
    given: {
      Header: [
        { CHILD: '1', DOB: '01/01/2010' },
        { CHILD: '2', DOB: '01/01/2005' },
      ],
      Episodes: [ep('1', '01/05/2023', { DEC: '01/06/2023', REC: 'E11' }), ep('2', '01/05/2023', { DEC: '01/06/2023', REC: 'E12' })],
    },
    hits: ['Episodes:1'],
  },
  '387': {
    given: {
      Header: [
        { CHILD: '1', DOB: '01/01/2008' },
        { CHILD: '2', DOB: '01/01/2012' },
      ],
      Episodes: [ep('1', '01/05/2023', { DEC: '01/06/2023', REC: 'E5' }), ep('2', '01/05/2023', { DEC: '01/06/2023', REC: 'E6' })],
    },
    hits: ['Episodes:1'],
  },
  '389': {
    given: {
      Header: [
        { CHILD: '1', DOB: '01/01/2006' },
        { CHILD: '2', DOB: '01/01/2010' },
      ],
      Episodes: [ep('1', '01/05/2023', { DEC: '01/06/2023', REC: 'E7' }), ep('2', '01/05/2023', { DEC: '01/06/2023', REC: 'E7' })],
    },
    hits: ['Episodes:1'],
  },
  '407': {
    given: {
      Header: [
        { CHILD: '1', DOB: '01/01/2010' },
        { CHILD: '2', DOB: '01/01/2005' },
      ],
      Episodes: [ep('1', '01/05/2023', { DEC: '01/06/2023', REC: 'E45' }), ep('2', '01/05/2023', { DEC: '01/06/2023', REC: 'E46' })],
    },
    hits: ['Episodes:1'],
  },
  '460': {
    given: {
      Header: [
        { CHILD: '1', DOB: '01/01/2005' },
        { CHILD: '2', DOB: '01/01/2010' },
      ],
      Episodes: [ep('1', '01/05/2023', { DEC: '01/06/2023', REC: 'E17' }), ep('2', '01/05/2023', { DEC: '01/06/2023', REC: 'E17' })],
    },
    hits: ['Episodes:1'],
  },
  '390': {
    given: {
      Episodes: [ep('1', '01/05/2023', { PLACE: 'A4', DEC: '01/06/2023', REC: 'E11' }), ep('2', '01/05/2023', { PLACE: 'U1', DEC: '01/06/2023', REC: 'E12' })],
    },
    hits: ['Episodes:1'],
  },
  '516': {
    given: {
      Episodes: [ep('1', '01/05/2023', { PLACE: 'U1', DEC: '01/06/2023', REC: 'E45' }), ep('2', '01/05/2023', { PLACE: 'R1', DEC: '01/06/2023', REC: 'E46' })],
    },
    hits: ['Episodes:1'],
  },
  // A5/A6 are placements for adoption with a placement order: legal status E1; a freeing order (D1) is not one.
  '408': {
    given: {
      Episodes: [
        ep('1', '01/05/2023', { PLACE: 'A5', LS: 'E1' }),
        ep('2', '01/05/2023', { PLACE: 'A6', LS: 'C2' }),
        ep('3', '01/05/2023', { PLACE: 'A5', LS: 'D1' }),
      ],
    },
    hits: ['Episodes:1', 'Episodes:2'],
  },
  '434': {
    given: {
      Episodes: [
        ep('1', '01/05/2023', { DEC: '02/05/2023', REC: 'X1' }),
        ep('1', '02/05/2023', { RNE: 'L', LS: 'C1' }),
        ep('2', '01/05/2023', { DEC: '02/05/2023', REC: 'X1' }),
        ep('2', '02/05/2023', { RNE: 'L', PLACE: 'U2' }),
      ],
    },
    hits: ['Episodes:3'],
  },
  '435': {
    given: {
      Episodes: [
        ep('1', '01/05/2023', { DEC: '02/05/2023', REC: 'X1' }),
        ep('1', '02/05/2023', { RNE: 'P', PLACE: 'U2' }),
        ep('2', '01/05/2023', { DEC: '02/05/2023', REC: 'X1' }),
        ep('2', '02/05/2023', { RNE: 'P' }),
      ],
    },
    hits: ['Episodes:3'],
  },
  '436': {
    given: {
      Episodes: [
        ep('1', '01/05/2023', { DEC: '02/05/2023', REC: 'X1' }),
        ep('1', '02/05/2023', { RNE: 'B', PLACE: 'U2', LS: 'C1' }),
        ep('2', '01/05/2023', { DEC: '02/05/2023', REC: 'X1' }),
        ep('2', '02/05/2023', { RNE: 'B', PLACE: 'U2' }),
      ],
    },
    hits: ['Episodes:3'],
  },
  // Reviews
  '166': code('Reviews', 'REVIEW', ['01/05/2023'], ['', '2023-05-01']),
  '167': code('Reviews', 'REVIEW_CODE', ['PN0', 'PN7'], ['PN8', '']),
  '440': {
    given: {
      Reviews: [
        { CHILD: '1', DOB: '01/01/2021', REVIEW: '01/05/2023', REVIEW_CODE: 'PN0' },
        { CHILD: '2', DOB: '01/01/2015', REVIEW: '01/05/2023', REVIEW_CODE: 'PN0' },
      ],
    },
    hits: ['Reviews:1'],
  },
  '441': {
    given: {
      Reviews: [
        { CHILD: '1', DOB: '01/01/2015', REVIEW: '01/05/2023', REVIEW_CODE: 'PN1' },
        { CHILD: '2', DOB: '01/01/2021', REVIEW: '01/05/2023', REVIEW_CODE: 'PN1' },
      ],
    },
    hits: ['Reviews:1'],
  },
  INT08: notInHeader('Reviews'),
  INT17: dobDiffers('Reviews'),
  // Missing
  '1004': code('Missing', 'MIS_START', ['01/05/2023', ''], ['1/5/2023']),
  '1005': code('Missing', 'MIS_END', ['01/05/2023', ''], ['tomorrow']),
  '1006': code('Missing', 'MISSING', ['M', 'A', ''], ['X']),
  '564': {
    given: {
      Missing: [
        { CHILD: '1', MISSING: 'M', MIS_START: '01/05/2023' },
        { CHILD: '2', MISSING: 'M', MIS_START: '' },
      ],
    },
    hits: ['Missing:1'],
  },
  '565': {
    given: {
      Missing: [
        { CHILD: '1', MISSING: 'M', MIS_START: '01/05/2023' },
        { CHILD: '2', MISSING: '', MIS_START: '01/05/2023' },
      ],
    },
    hits: ['Missing:1'],
  },
  '566': {
    given: {
      Missing: [
        { CHILD: '1', MISSING: 'A', MIS_END: '01/05/2023' },
        { CHILD: '2', MISSING: '', MIS_END: '01/05/2023' },
      ],
    },
    hits: ['Missing:1'],
  },
  '567': {
    given: {
      Missing: [
        { CHILD: '1', MIS_START: '01/05/2023', MIS_END: '01/05/2023' },
        { CHILD: '2', MIS_START: '02/05/2023', MIS_END: '01/05/2023' },
      ],
    },
    hits: ['Missing:1'],
  },
  '570': code('Missing', 'MIS_START', ['31/03/2024'], ['01/04/2024']),
  '571': code('Missing', 'MIS_END', ['01/04/2023', '31/03/2024', ''], ['31/03/2023', '01/04/2024']),
  '586': {
    given: {
      Missing: [
        { CHILD: '1', DOB: '01/01/2010', MIS_START: '01/05/2023' },
        { CHILD: '2', DOB: '01/01/2010', MIS_START: '01/05/2009' },
      ],
    },
    hits: ['Missing:1'],
  },
  '574': {
    given: {
      Missing: [
        { CHILD: '1', MIS_START: '01/05/2023', MIS_END: '03/05/2023' },
        { CHILD: '1', MIS_START: '03/05/2023', MIS_END: '' },
        { CHILD: '2', MIS_START: '01/05/2023', MIS_END: '05/05/2023' },
        { CHILD: '2', MIS_START: '04/05/2023', MIS_END: '' },
      ],
    },
    hits: ['Missing:3'],
  },
  '577': {
    given: {
      Episodes: [ep('1', '01/05/2023', { DEC: '01/06/2023', REC: 'E13' }), ep('2', '01/05/2023')],
      Missing: [
        { CHILD: '1', MIS_START: '20/05/2023', MIS_END: '' },
        { CHILD: '2', MIS_START: '20/05/2023', MIS_END: '' },
      ],
    },
    hits: ['Missing:0'],
  },
  '578': {
    given: {
      Episodes: [ep('1', '01/05/2023', { DEC: '01/06/2023', REC: 'E13' })],
      Missing: [
        { CHILD: '1', MIS_START: '20/05/2023' },
        { CHILD: '1', MIS_START: '02/06/2023' },
      ],
    },
    hits: ['Missing:1'],
  },
  '581': {
    given: {
      Episodes: [ep('1', '01/05/2023')],
      Missing: [
        { CHILD: '1', MIS_START: '20/05/2023' },
        { CHILD: '1', MIS_START: '20/04/2023' },
      ],
    },
    hits: ['Missing:1'],
  },
  INT04: notInHeader('Missing'),
  INT13: dobDiffers('Missing'),
  // OC3
  '131': code('OC3', 'IN_TOUCH', ['YES', 'RHOM'], ['Y', '']),
  '132': code('OC3', 'ACTIV', ['F1', '0', ''], ['f1', '1']),
  '133': code('OC3', 'ACCOM', ['B1', '0', ''], ['X', '1']),
  '153': {
    given: {
      OC3: [
        { CHILD: '1', IN_TOUCH: 'YES', ACTIV: 'F1', ACCOM: 'B1' },
        { CHILD: '2', IN_TOUCH: 'DIED', ACTIV: '', ACCOM: '' },
        { CHILD: '3', IN_TOUCH: 'YES', ACTIV: '', ACCOM: 'B1' },
      ],
    },
    hits: ['OC3:2'],
  },
  '344': {
    given: {
      OC3: [
        { CHILD: '1', IN_TOUCH: 'DIED', ACTIV: '', ACCOM: '' },
        { CHILD: '2', IN_TOUCH: 'RHOM', ACTIV: 'F1', ACCOM: '' },
      ],
    },
    hits: ['OC3:1'],
  },
  '345': {
    given: {
      OC3: [
        { CHILD: '1', IN_TOUCH: 'YES', ACTIV: 'F1', ACCOM: 'B1' },
        { CHILD: '2', IN_TOUCH: 'YES', ACTIV: '0', ACCOM: 'B1' },
      ],
    },
    hits: ['OC3:1'],
  },
  '391': {
    given: {
      OC3: [
        { CHILD: '1', DOB: '01/01/2005', IN_TOUCH: 'YES' },
        { CHILD: '2', DOB: '01/06/2007', IN_TOUCH: 'YES' },
        { CHILD: '3', DOB: '01/06/2007' },
        { CHILD: '4', DOB: '01/01/2000', ACTIV: 'F2' },
      ],
    },
    hits: ['OC3:1'],
  },
  INT06: notInHeader('OC3'),
  INT15: dobDiffers('OC3'),
  INT34: once('OC3'),
  // OC2
  '180': code('OC2', 'SDQ_SCORE', ['0', '40', ''], ['41', '-1', 'x']),
  '196': code('OC2', 'SDQ_REASON', ['SDQ1', ''], ['SDQ6']),
  '197a': { given: { OC2: [oc2('1', '01/01/2012', { SDQ_SCORE: '10' }), oc2('2', '01/01/2012', { SDQ_SCORE: '10', SDQ_REASON: 'SDQ1' })] }, hits: ['OC2:1'] },
  '181': { given: { OC2: [oc2('1', '01/01/2012', { CONVICTED: '0', ...health }), oc2('2', '01/01/2012', { CONVICTED: '2', ...health })] }, hits: ['OC2:1'] },
  '182': {
    given: { OC2: [oc2('1', '01/01/2012', { CONVICTED: '0', ...health }), oc2('2', '01/01/2012', { CONVICTED: '0' }), oc2('3', '01/01/2012')] },
    hits: ['OC2:1'],
  },
  '158': {
    given: { OC2: [oc2('1', '01/01/2012', { INTERVENTION_RECEIVED: '1' }), oc2('2', '01/01/2012', { INTERVENTION_RECEIVED: '1', INTERVENTION_OFFERED: '1' })] },
    hits: ['OC2:1'],
  },
  '159': {
    given: {
      OC2: [
        oc2('1', '01/01/2012', { SUBSTANCE_MISUSE: '1', INTERVENTION_RECEIVED: '0', INTERVENTION_OFFERED: '1' }),
        oc2('2', '01/01/2012', { SUBSTANCE_MISUSE: '1', INTERVENTION_RECEIVED: '0' }),
      ],
    },
    hits: ['OC2:1'],
  },
  '192': {
    given: { OC2: [oc2('1', '01/01/2012', { SUBSTANCE_MISUSE: '1', INTERVENTION_RECEIVED: '1' }), oc2('2', '01/01/2012', { SUBSTANCE_MISUSE: '1' })] },
    hits: ['OC2:1'],
  },
  '193': {
    given: { OC2: [oc2('1', '01/01/2012', { SUBSTANCE_MISUSE: '0' }), oc2('2', '01/01/2012', { SUBSTANCE_MISUSE: '0', INTERVENTION_OFFERED: '1' })] },
    hits: ['OC2:1'],
  },
  '544': {
    given: { OC2: [oc2('1', '01/01/2012', { CONVICTED: '0', ...health }), oc2('2', '01/01/2012', { CONVICTED: '0', IMMUNISATIONS: '1' })] },
    hits: ['OC2:1'],
  },
  '547': { given: { OC2: [oc2('1', '01/01/2021', { HEALTH_CHECK: '1', ...health }), oc2('2', '01/01/2021', { HEALTH_CHECK: '1' })] }, hits: ['OC2:1'] },
  '188': { given: { OC2: [oc2('1', '01/01/2020', { SDQ_SCORE: '10' }), oc2('2', '01/06/2020', { SDQ_REASON: 'SDQ1' })] }, hits: ['OC2:1'] },
  '189': { given: { OC2: [oc2('1', '01/06/2006', { SDQ_SCORE: '10' }), oc2('2', '01/01/2006', { SDQ_SCORE: '10' })] }, hits: ['OC2:1'] },
  '542': { given: { OC2: [oc2('1', '01/01/2012', { CONVICTED: '0' }), oc2('2', '01/06/2014', { CONVICTED: '0' })] }, hits: ['OC2:1'] },
  '185': { given: { ...cohort, OC2: [oc2('1', '01/01/2012', { SDQ_SCORE: '10' }), oc2('2', '01/01/2012', { SDQ_SCORE: '10' })] }, hits: ['OC2:1'] },
  '198': { given: { ...cohort, OC2: [oc2('1', '01/01/2012', { SDQ_REASON: 'SDQ1' }), oc2('2', '01/01/2012', { SDQ_REASON: 'SDQ1' })] }, hits: ['OC2:1'] },
  '190': { given: { ...cohort, OC2: [oc2('1', '01/01/2012', health), oc2('2', '01/01/2012', health)] }, hits: ['OC2:1'] },
  '191': { given: { ...cohort, OC2: [oc2('1', '01/01/2012'), oc2('2', '01/01/2012')] }, hits: ['OC2:0'] },
  '186': { given: { ...cohort, OC2: [oc2('1', '01/01/2012'), oc2('2', '01/01/2012')] }, hits: ['OC2:0'] },
  '543': { given: { ...cohort, OC2: [oc2('1', '01/01/2012'), oc2('2', '01/01/2012')] }, hits: ['OC2:0'] },
  '545': { given: { ...cohort, OC2: [oc2('1', '01/01/2021'), oc2('2', '01/01/2021')] }, hits: ['OC2:0'] },
  '546': { given: { ...cohort, OC2: [oc2('1', '01/01/2012', { HEALTH_CHECK: '1' }), oc2('2', '01/01/2012', { HEALTH_CHECK: '1' })] }, hits: ['OC2:0'] },
  INT05: notInHeader('OC2'),
  INT14: dobDiffers('OC2'),
  INT33: once('OC2'),
  '187': {
    given: {
      ...cohort,
      AD1: [
        { CHILD: '1', DATE_INT: '01/01/2024' },
        { CHILD: '2', DATE_INT: '01/01/2024' },
      ],
      OC3: [{ CHILD: '1', IN_TOUCH: 'YES' }],
    },
    hits: ['AD1:0', 'OC3:0'],
  },
  '134': {
    given: {
      OC3: [{ CHILD: '1', IN_TOUCH: 'YES' }],
      AD1: [
        { CHILD: '1', DATE_INT: '01/01/2024' },
        { CHILD: '2', DATE_INT: '01/01/2024' },
      ],
    },
    hits: ['AD1:0'],
  },
  '215': { given: { OC3: [{ CHILD: '1', IN_TOUCH: 'YES' }], OC2: [oc2('1', '01/01/2005', health), oc2('2', '01/01/2005', health)] }, hits: ['OC2:0'] },
  // AD1
  '112': code('AD1', 'DATE_INT', ['01/01/2024', ''], ['01/13/2024']),
  '113': code('AD1', 'DATE_MATCH', ['01/01/2024', ''], ['01/13/2024']),
  '114': code('AD1', 'FOSTER_CARE', ['0', '1', ''], ['2']),
  '175': code('AD1', 'NB_ADOPTR', ['1', '2', ''], ['3']),
  '176': code('AD1', 'SEX_ADOPTR', ['MF', ''], ['FM']),
  '177': code('AD1', 'LS_ADOPTR', ['L0', 'L11', 'L12', 'L2', 'L3', 'L4', ''], ['L1']),
  '151': {
    given: {
      AD1: [
        { CHILD: '1', DATE_INT: '01/01/2024', DATE_MATCH: '01/02/2024', FOSTER_CARE: '0', NB_ADOPTR: '1', SEX_ADOPTR: 'F1', LS_ADOPTR: 'L0' },
        { CHILD: '2', DATE_INT: '01/01/2024' },
      ],
    },
    hits: ['AD1:1'],
  },
  '333': {
    given: {
      AD1: [
        { CHILD: '1', DATE_INT: '01/01/2024', DATE_MATCH: '01/01/2024' },
        { CHILD: '2', DATE_INT: '02/01/2024', DATE_MATCH: '01/01/2024' },
      ],
    },
    hits: ['AD1:1'],
  },
  '511': {
    given: {
      AD1: [
        { CHILD: '1', NB_ADOPTR: '2', SEX_ADOPTR: 'MF' },
        { CHILD: '2', NB_ADOPTR: '2', SEX_ADOPTR: 'M1' },
      ],
    },
    hits: ['AD1:1'],
  },
  '514': {
    given: {
      AD1: [
        { CHILD: '1', LS_ADOPTR: 'L0', SEX_ADOPTR: 'F1' },
        { CHILD: '2', LS_ADOPTR: 'L0', SEX_ADOPTR: 'MF' },
      ],
    },
    hits: ['AD1:1'],
  },
  '517': {
    given: {
      AD1: [
        { CHILD: '1', LS_ADOPTR: 'L3', SEX_ADOPTR: 'MF' },
        { CHILD: '2', LS_ADOPTR: 'L3', SEX_ADOPTR: 'MM' },
      ],
    },
    hits: ['AD1:1'],
  },
  '518': {
    given: {
      AD1: [
        { CHILD: '1', LS_ADOPTR: 'L4', SEX_ADOPTR: 'FF' },
        { CHILD: '2', LS_ADOPTR: 'L4', SEX_ADOPTR: 'MF' },
      ],
    },
    hits: ['AD1:1'],
  },
  '524': {
    given: {
      AD1: [
        { CHILD: '1', LS_ADOPTR: 'L12', SEX_ADOPTR: 'MM' },
        { CHILD: '2', LS_ADOPTR: 'L12', SEX_ADOPTR: 'MF' },
      ],
    },
    hits: ['AD1:1'],
  },
  INT01: notInHeader('AD1'),
  INT11: dobDiffers('AD1'),
  INT31: once('AD1'),
  // PlacedAdoption
  '115': code('PlacedAdoption', 'DATE_PLACED', ['01/01/2024', ''], ['1 Jan 2024']),
  '116': code('PlacedAdoption', 'DATE_PLACED_CEASED', ['01/01/2024', ''], ['00/01/2024']),
  '120': code('PlacedAdoption', 'REASON_PLACED_CEASED', ['RD1', ''], ['RD5']),
  '119': {
    given: {
      PlacedAdoption: [
        { CHILD: '1', DATE_PLACED_CEASED: '01/01/2024', REASON_PLACED_CEASED: 'RD1' },
        { CHILD: '2', DATE_PLACED_CEASED: '01/01/2024', REASON_PLACED_CEASED: '' },
      ],
    },
    hits: ['PlacedAdoption:1'],
  },
  '522': {
    given: {
      PlacedAdoption: [
        { CHILD: '1', DATE_PLACED: '01/01/2024', DATE_PLACED_CEASED: '01/01/2024' },
        { CHILD: '2', DATE_PLACED: '02/01/2024', DATE_PLACED_CEASED: '01/01/2024' },
      ],
    },
    hits: ['PlacedAdoption:1'],
  },
  '563': {
    given: {
      PlacedAdoption: [
        { CHILD: '1', DATE_PLACED: '01/01/2024', REASON_PLACED_CEASED: 'RD1' },
        { CHILD: '2', DATE_PLACED: '', REASON_PLACED_CEASED: 'RD1' },
      ],
    },
    hits: ['PlacedAdoption:1'],
  },
  '184': {
    given: {
      Header: [
        { CHILD: '1', DOB: '01/01/2020' },
        { CHILD: '2', DOB: '01/01/2020' },
      ],
      PlacedAdoption: [
        { CHILD: '1', DATE_PLACED: '01/01/2021' },
        { CHILD: '2', DATE_PLACED: '01/01/2019' },
      ],
    },
    hits: ['PlacedAdoption:1'],
  },
  '579': {
    given: {
      PlacedAdoption: [
        { CHILD: '1', DATE_PLACED: '01/01/2023', DATE_PLACED_CEASED: '01/02/2023' },
        { CHILD: '1', DATE_PLACED: '01/03/2023' },
        { CHILD: '2', DATE_PLACED: '01/01/2023' },
        { CHILD: '2', DATE_PLACED: '01/03/2023' },
      ],
    },
    hits: ['PlacedAdoption:3'],
  },
  INT02: notInHeader('PlacedAdoption'),
  INT12: dobDiffers('PlacedAdoption'),
  // PrevPerm
  '631': code('PrevPerm', 'PREV_PERM', ['P1', 'Z1', ''], ['P5']),
  '635': {
    given: {
      PrevPerm: [
        { CHILD: '1', PREV_PERM: 'Z1', DATE_PERM: '', LA_PERM: '' },
        { CHILD: '2', PREV_PERM: 'Z1', DATE_PERM: '01/01/2020', LA_PERM: '' },
      ],
    },
    hits: ['PrevPerm:1'],
  },
  INT07: notInHeader('PrevPerm'),
  INT16: dobDiffers('PrevPerm'),
  INT35: once('PrevPerm'),
  // UASC
  '104': code('UASC', 'DUC', ['01/01/2024', ''], ['2024']),
  '304': {
    given: {
      UASC: [
        { CHILD: '1', DOB: '01/01/2010', DUC: '01/01/2028' },
        { CHILD: '2', DOB: '01/01/2010', DUC: '02/01/2028' },
      ],
    },
    hits: ['UASC:1'],
  },
  INT09: notInHeader('UASC'),
  INT18: dobDiffers('UASC'),
  INT21: {
    given: {
      Header: [
        { CHILD: '1', SEX: '1' },
        { CHILD: '2', SEX: '2' },
      ],
      UASC: [
        { CHILD: '1', SEX: '1' },
        { CHILD: '2', SEX: '1' },
      ],
    },
    hits: ['UASC:1'],
  },
  INT36: once('UASC'),
  // SWEpisodes
  SW02STG1: code('SWEpisodes', 'SW_ID', ['SW1', 'XX9', ''], ['AB1']),
  SW03STG1: {
    given: {
      SWEpisodes: [
        { CHILD: '1', SW_ID: 'SW1', SW_DECOM: '01/01/2024', SW_REASON: 'R' },
        { CHILD: '2', SW_ID: 'SW1', SW_DECOM: '01/01/2024', SW_REASON: '' },
      ],
    },
    hits: ['SWEpisodes:1'],
  },
  SW04STG1: code('SWEpisodes', 'SW_DECOM', ['01/01/2024', ''], ['2024-01-01']),
  SW05STG1: code('SWEpisodes', 'SW_DEC', ['01/01/2024', ''], ['2024-01-01']),
  SW09STG2: {
    given: {
      SWEpisodes: [
        { CHILD: '1', SW_DECOM: '01/01/2024', SW_DEC: '02/01/2024' },
        { CHILD: '2', SW_DECOM: '01/01/2024', SW_DEC: '01/01/2024' },
      ],
    },
    hits: ['SWEpisodes:1'],
  },
  // 2023/24: the next episode starts within seven days of the previous end, either way (child 1 the same day,
  // child 2 seven days early, child 3 eight days early, child 4 eight days late).
  SW10STG2: {
    given: {
      SWEpisodes: [
        { CHILD: '1', SW_DECOM: '01/01/2024', SW_DEC: '20/01/2024' },
        { CHILD: '1', SW_DECOM: '20/01/2024', SW_DEC: '' },
        { CHILD: '2', SW_DECOM: '01/01/2024', SW_DEC: '20/01/2024' },
        { CHILD: '2', SW_DECOM: '13/01/2024', SW_DEC: '' },
        { CHILD: '3', SW_DECOM: '01/01/2024', SW_DEC: '20/01/2024' },
        { CHILD: '3', SW_DECOM: '12/01/2024', SW_DEC: '' },
        { CHILD: '4', SW_DECOM: '01/01/2024', SW_DEC: '20/01/2024' },
        { CHILD: '4', SW_DECOM: '28/01/2024', SW_DEC: '' },
      ],
    },
    hits: ['SWEpisodes:5', 'SWEpisodes:7'],
  },
  SW08STG2: {
    given: {
      SWEpisodes: [
        { CHILD: '1', SW_DECOM: '01/01/2024', SW_DEC: '' },
        { CHILD: '1', SW_DECOM: '05/01/2024', SW_DEC: '' },
      ],
    },
    hits: ['SWEpisodes:0'],
  },
  // Against last year's return (<Table>_last)
  '202': headerChanged('SEX', '1', '2'),
  '203': {
    given: {
      Header: [
        { CHILD: '1', DOB: '01/01/2010' },
        { CHILD: '2', DOB: '02/01/2010' },
        { CHILD: '3', DOB: '01/01/2010 ' },
      ],
      Header_last: [
        { CHILD: '1', DOB: ' 01/01/2010' },
        { CHILD: '2', DOB: '01/01/2010' },
        { CHILD: '3', DOB: '01/01/2010' },
      ],
    },
    hits: ['Header:1'],
  },
  '204': headerChanged('ETHNIC', 'WBRI', 'WIRI'),
  '207': {
    given: {
      Header: [
        { CHILD: '1', MOTHER: '0' },
        { CHILD: '2', MOTHER: '1' },
        { CHILD: '3', MOTHER: '0' },
      ],
      Header_last: [
        { CHILD: '1', MOTHER: '1' },
        { CHILD: '2', MOTHER: '1' },
        { CHILD: '3', MOTHER: '1' },
      ],
      Episodes: [ep('1', '01/05/2023'), ep('2', '01/05/2023')],
    },
    hits: ['Header:0'],
  },
  '208': {
    given: {
      Header: [
        { CHILD: '1', UPN: 'A123456789012' },
        { CHILD: '2', UPN: 'UN3' },
        { CHILD: '3', UPN: 'UN2' },
        { CHILD: '4', UPN: 'UN3' },
        { CHILD: '5', UPN: 'a123456789012' },
        { CHILD: '6', UPN: '' },
      ],
      Header_last: [
        { CHILD: '1', UPN: 'UN1' },
        { CHILD: '2', UPN: 'B123456789012' },
        { CHILD: '3', UPN: '' },
        { CHILD: '4', UPN: 'UN4' },
        { CHILD: '5', UPN: 'A123456789012' },
        { CHILD: '6', UPN: 'UN1' },
      ],
    },
    hits: ['Header:1', 'Header:3', 'Header:5'],
  },
  '205A': {
    given: {
      Header: [
        { CHILD: '1', UASC: '0' },
        { CHILD: '2', UASC: '0' },
        { CHILD: '3', UASC: '0' },
      ],
      Header_last: [
        { CHILD: '1', UASC: '1' },
        { CHILD: '2', UASC: '1' },
        { CHILD: '3', UASC: '1' },
      ],
      UASC: [uasc('1', ''), uasc('2', ''), uasc('3', '01/10/2022')],
      UASC_last: [uasc('1', '01/10/2022'), uasc('2', '01/10/2021'), uasc('3', '01/10/2022')],
    },
    hits: ['UASC:1', 'Header:1', 'UASC:2', 'Header:2'],
  },
  '205B': {
    given: {
      Header: [
        { CHILD: '1', UASC: '1' },
        { CHILD: '2', UASC: '1' },
        { CHILD: '3', UASC: '1' },
      ],
      Header_last: [
        { CHILD: '1', UASC: '1' },
        { CHILD: '2', UASC: '1' },
        { CHILD: '3', UASC: '1' },
      ],
      UASC: [uasc('1', '01/06/2023'), uasc('2', '01/06/2023'), uasc('3', '01/06/2025')],
      UASC_last: [uasc('1', '01/06/2023'), uasc('2', '01/07/2023'), uasc('3', '01/06/2023')],
    },
    hits: ['UASC:1', 'Header:1', 'UASC:2', 'Header:2'],
  },
  '205C': {
    given: {
      Header: [
        { CHILD: '1', UASC: '0' },
        { CHILD: '2', UASC: '0' },
        { CHILD: '3', UASC: '1' },
      ],
      Header_last: [
        { CHILD: '1', UASC: '0' },
        { CHILD: '2', UASC: '0' },
        { CHILD: '3', UASC: '0' },
      ],
      UASC: [uasc('1', ''), uasc('2', ''), uasc('3', '01/06/2023')],
      UASC_last: [uasc('1', '01/01/2023'), uasc('2', '')],
    },
    hits: ['UASC:0', 'Header:0'],
  },
  '205D': {
    given: {
      Header: [
        { CHILD: '1', UASC: '1' },
        { CHILD: '2', UASC: '1' },
        { CHILD: '3', UASC: '1' },
      ],
      Header_last: [
        { CHILD: '1', UASC: '0' },
        { CHILD: '2', UASC: '1' },
      ],
    },
    hits: ['Header:0'],
  },
  '624': {
    given: {
      Header: [
        { CHILD: '1', MC_DOB: '01/01/2022' },
        { CHILD: '2', MC_DOB: '' },
        { CHILD: '3', MC_DOB: '01/01/2022' },
      ],
      Header_last: [
        { CHILD: '1', MC_DOB: '01/01/2022' },
        { CHILD: '2', MC_DOB: '01/01/2021' },
        { CHILD: '3', MC_DOB: '' },
      ],
    },
    hits: ['Header:1'],
  },
  '626': {
    given: {
      Header: [
        { CHILD: '1', MOTHER: '1', MC_DOB: '01/01/2023' },
        { CHILD: '2', MOTHER: '1', MC_DOB: '01/05/2023' },
        { CHILD: '3', MOTHER: '1', MC_DOB: '01/01/2023' },
      ],
      Header_last: [
        { CHILD: '1', MOTHER: '0' },
        { CHILD: '2', MOTHER: '0' },
        { CHILD: '3', MOTHER: '1' },
      ],
    },
    hits: ['Header:0'],
  },
  '502': {
    given: {
      Episodes: [ep('1', '01/01/2023'), ep('2', '01/02/2023'), ep('3', '01/05/2023')],
      Episodes_last: [ep('1', '01/01/2023'), ep('2', '01/01/2023'), ep('3', '01/01/2023', { DEC: '01/03/2023', REC: 'E8' })],
    },
    hits: ['Episodes:1'],
  },
  '503A': continues('RNE', 'S', 'P'),
  '503B': continues('LS', 'C2', 'C1'),
  '503C': continues('CIN', 'N1', 'N2'),
  '503D': continues('PLACE', 'U1', 'U3'),
  '503E': continues('PLACE_PROVIDER', 'PR1', 'PR2'),
  '503F': continues('URN', 'SC123456', 'SC654321'),
  '503H': continues('PL_LA', 'E06000001', 'E06000002'),
  '503J': continues('PL_LOCATION', 'IN', 'OUT'),
  '503G': {
    given: {
      Episodes: [ep('1', '01/01/2023', { PL_DISTANCE: '10.3' }), ep('2', '01/01/2023', { PL_DISTANCE: '10.1' })],
      Episodes_last: [ep('1', '01/01/2023', { PL_DISTANCE: '10.0' }), ep('2', '01/01/2023', { PL_DISTANCE: '10.0' })],
    },
    hits: ['Episodes:0'],
  },
  '452': {
    given: {
      Episodes: [
        ep('1', '01/01/2023', { PL_LA: 'E06000001' }),
        ep('2', '01/01/2023', { PL_LA: 'E06000001', RNE: 'P' }),
        ep('3', '01/01/2023', { PL_LA: 'E06000002' }),
      ],
      Episodes_last: [
        ep('1', '01/01/2023', { PL_LA: 'E06000002' }),
        ep('2', '01/01/2023', { PL_LA: 'E06000002' }),
        ep('3', '01/01/2023', { PL_LA: 'E06000002' }),
      ],
    },
    hits: ['Episodes:0'],
  },
  '453': {
    given: {
      Episodes: [
        ep('1', '01/01/2023', { PL_DISTANCE: '12.5' }),
        ep('2', '01/01/2023', { PL_DISTANCE: '12.5', RNE: 'P' }),
        ep('3', '01/01/2023', { PL_DISTANCE: '3.0' }),
      ],
      Episodes_last: [
        ep('1', '01/01/2023', { PL_DISTANCE: '3.0' }),
        ep('2', '01/01/2023', { PL_DISTANCE: '3.0' }),
        ep('3', '01/01/2023', { PL_DISTANCE: '3.0' }),
      ],
    },
    hits: ['Episodes:0'],
  },
  '562': {
    given: {
      Episodes: [ep('1', '01/01/2023'), ep('1', '01/05/2023', { RNE: 'P' }), ep('2', '01/02/2023'), ep('3', '01/03/2023'), ep('4', '01/05/2023')],
      Episodes_last: [ep('1', '01/06/2022', { DEC: '01/01/2023', REC: 'X1' }), ep('1', '01/01/2023', { RNE: 'P' }), ep('2', '01/01/2023')],
    },
    hits: ['Episodes:2', 'Episodes:3'],
  },
  NoE: {
    given: { Episodes: [ep('1', '01/01/2023'), ep('1', '01/05/2023'), ep('2', '01/02/2023'), ep('3', '01/05/2023')], Episodes_last: [ep('1', '01/01/2023')] },
    hits: ['Episodes:2'],
  },
  '1002': {
    given: { OC3: [{ CHILD: '1' }, { CHILD: '2' }, { CHILD: '3' }], Episodes: [ep('1', '01/05/2023')], Episodes_last: [ep('2', '01/05/2022')] },
    hits: ['OC3:2'],
  },
  '1010': {
    given: {
      OC3: [{ CHILD: '1' }, { CHILD: '2' }, { CHILD: '3' }],
      Episodes: [ep('1', '01/05/2023')],
      Episodes_last: [ep('1', '01/05/2022'), ep('2', '01/05/2022'), ep('3', '01/05/2022', { DEC: '01/06/2022', REC: 'E8' })],
    },
    hits: ['OC3:1'],
  },
  // 1001: all born 1 January 2006 (16 on 1 January 2022) but child 5 (21 at the year end: left alone).
  '1001': {
    given: {
      Header: ['1', '2', '3', '4', '5', '6', '7'].map((child) => ({ CHILD: child, DOB: child === '5' ? '01/01/2003' : '01/01/2006' })),
      OC3: ['1', '2', '3', '4', '5', '6', '7'].map((child) => ({ CHILD: child })),
      Episodes: [ep('6', '01/03/2024'), ep('7', '01/05/2022', { DEC: '01/06/2022', REC: 'E8' })],
      Episodes_last: [
        ep('1', '01/05/2022', { DEC: '01/10/2022', REC: 'E8' }), // 153 days after 16: a former relevant child
        ep('2', '01/05/2022', { DEC: '01/06/2022', REC: 'E8' }), // 31 days
        ep('3', '01/05/2022', { DEC: '01/10/2022', REC: 'E8', LS: 'V3' }), // short breaks do not count
        ep('4', '01/05/2022', { DEC: '01/10/2022', REC: 'E11' }), // adopted
        ep('6', '01/05/2022', { DEC: '01/07/2022', REC: 'E8' }), // 61 days, and 30 open to 31 March 2024: 91
        ep('7', '01/05/2022'), // the same episode as this year's, which ended after 31 days
      ],
    },
    hits: ['OC3:1', 'OC3:2', 'OC3:3', 'OC3:6'],
  },
  '559': {
    given: {
      PlacedAdoption: [
        { CHILD: '1', DATE_PLACED: '01/01/2023' },
        { CHILD: '2', DATE_PLACED: '01/01/2023' },
        { CHILD: '3', DATE_PLACED: '01/05/2023' },
        { CHILD: '4', DATE_PLACED: '01/01/2023' },
      ],
      PlacedAdoption_last: [
        { CHILD: '1', DATE_PLACED: '01/01/2023' },
        { CHILD: '2', DATE_PLACED: '' },
      ],
    },
    hits: ['PlacedAdoption:1', 'PlacedAdoption:3'],
  },
  '560': {
    given: {
      PlacedAdoption: [
        { CHILD: '1', DATE_PLACED: '01/02/2023' },
        { CHILD: '2', DATE_PLACED: '01/02/2023' },
        { CHILD: '3', DATE_PLACED: '01/03/2023' },
      ],
      PlacedAdoption_last: [
        { CHILD: '1', DATE_PLACED: '01/01/2023', DATE_PLACED_CEASED: '' },
        { CHILD: '2', DATE_PLACED: '01/02/2023', DATE_PLACED_CEASED: '' },
        { CHILD: '3', DATE_PLACED: '01/01/2023', DATE_PLACED_CEASED: '01/02/2023' },
      ],
    },
    hits: ['PlacedAdoption:0'],
  },
  '561': {
    given: {
      PlacedAdoption: [
        { CHILD: '1', DATE_PLACED: '01/01/2023' },
        { CHILD: '2', DATE_PLACED: '01/01/2023' },
        { CHILD: '3', DATE_PLACED: '01/06/2023' },
      ],
      PlacedAdoption_last: [
        { CHILD: '1', DATE_PLACED: '01/01/2023', DATE_PLACED_CEASED: '01/02/2023', REASON_PLACED_CEASED: 'RD1' },
        { CHILD: '2', DATE_PLACED: '01/01/2023', DATE_PLACED_CEASED: '', REASON_PLACED_CEASED: '' },
        { CHILD: '3', DATE_PLACED: '01/01/2023', DATE_PLACED_CEASED: '01/02/2023', REASON_PLACED_CEASED: 'RD1' },
      ],
    },
    hits: ['PlacedAdoption:0'],
  },
  '584': {
    given: {
      PlacedAdoption: [
        { CHILD: '1', DATE_PLACED: '01/01/2023' },
        { CHILD: '2', DATE_PLACED: '01/06/2023' },
        { CHILD: '3', DATE_PLACED: '' },
        { CHILD: '4', DATE_PLACED: '01/01/2023' },
      ],
      PlacedAdoption_last: [
        { CHILD: '1', DATE_PLACED: '01/01/2023', DATE_PLACED_CEASED: '01/02/2023' },
        { CHILD: '2', DATE_PLACED: '01/01/2023', DATE_PLACED_CEASED: '01/02/2023' },
        { CHILD: '3', DATE_PLACED: '01/01/2023', REASON_PLACED_CEASED: 'RD1' },
        { CHILD: '4', DATE_PLACED: '01/01/2023' },
      ],
    },
    hits: ['PlacedAdoption:0', 'PlacedAdoption:2'],
  },
  '576': {
    given: {
      Missing: [
        { CHILD: '1', MIS_START: '01/05/2023' },
        { CHILD: '1', MIS_START: '01/03/2023' },
        { CHILD: '2', MIS_START: '01/05/2023' },
        { CHILD: '3', MIS_START: '01/05/2023' },
      ],
      Missing_last: [
        { CHILD: '1', MIS_START: '01/03/2023', MIS_END: '' },
        { CHILD: '2', MIS_START: '01/03/2023', MIS_END: '' },
        { CHILD: '3', MIS_START: '01/03/2023', MIS_END: '05/03/2023' },
      ],
    },
    hits: ['Missing:2'],
  },
  SW16aSTG2: swContinues('SW_ID'),
  SW16bSTG2: swContinues('SW_DECOM'),
  SW16cSTG2: swContinues('SW_REASON'),
  // Care leavers (OC3) against the episodes
  '1000': {
    given: {
      OC3: [
        { CHILD: '1', IN_TOUCH: 'YES' },
        { CHILD: '2', IN_TOUCH: 'YES' },
        { CHILD: '3', IN_TOUCH: 'YES' },
      ],
      Episodes: [ep('1', '01/05/2023', { DEC: '01/06/2023', REC: 'E2' }), ep('2', '01/05/2023', { DEC: '01/06/2023', REC: 'E8' })],
      Episodes_last: [ep('3', '01/05/2022', { DEC: '01/06/2022', REC: 'E2' })],
    },
    hits: ['OC3:0', 'OC3:2'],
  },
  '1007': {
    given: {
      OC3: [
        { CHILD: '1', DOB: '01/01/2007', IN_TOUCH: 'YES' },
        { CHILD: '2', DOB: '01/01/2007', IN_TOUCH: 'YES' },
        { CHILD: '3', DOB: '01/01/2010', IN_TOUCH: 'YES' },
        { CHILD: '4', DOB: '01/01/2007', IN_TOUCH: '' },
      ],
      Episodes: [ep('1', '01/05/2023'), ep('2', '01/05/2023', { DEC: '01/12/2023', REC: 'E8' }), ep('3', '01/05/2023'), ep('4', '01/05/2023')],
    },
    hits: ['OC3:0'],
  },
  '1011': {
    given: {
      OC3: [
        { CHILD: '1', IN_TOUCH: 'YES' },
        { CHILD: '2', IN_TOUCH: 'YES' },
      ],
      Episodes: [
        ep('1', '01/05/2023', { DEC: '01/06/2023', REC: 'E3' }),
        ep('2', '01/05/2023', { DEC: '01/06/2023', REC: 'E3' }),
        ep('2', '01/06/2023', { DEC: '01/07/2023', REC: 'E8' }),
      ],
    },
    hits: ['OC3:0'],
  },
  '1012': {
    given: { Episodes: [ep('1', '01/05/2023')], Reviews: [{ CHILD: '1' }, { CHILD: '2' }], OC2: [{ CHILD: '2' }], Missing: [{ CHILD: '1' }] },
    hits: ['Reviews:1', 'OC2:0'],
  },
  '1014': {
    given: {
      OC3: [
        { CHILD: '1', IN_TOUCH: 'YES' },
        { CHILD: '2', IN_TOUCH: 'YES' },
        { CHILD: '3', IN_TOUCH: 'YES' },
      ],
      UASC: [{ CHILD: '1' }, { CHILD: '2' }, { CHILD: '4' }],
      Episodes: [ep('2', '01/05/2023'), ep('1', '01/05/2021', { DEC: '01/06/2022', REC: 'E8' })],
    },
    hits: ['UASC:0', 'OC3:0'],
  },
  '1016': {
    given: {
      OC3: [
        { CHILD: '1', DOB: '01/01/2007', IN_TOUCH: 'YES' },
        { CHILD: '2', DOB: '01/01/2007', IN_TOUCH: 'YES' },
        { CHILD: '3', DOB: '01/01/2010', IN_TOUCH: 'YES' },
      ],
      Episodes: [
        ep('1', '01/05/2023', { DEC: '01/02/2024', REC: 'E8' }),
        ep('2', '01/05/2023', { DEC: '01/12/2023', REC: 'E8' }),
        ep('3', '01/05/2023', { DEC: '01/02/2024', REC: 'E8' }),
      ],
    },
    hits: ['OC3:0'],
  },
  '3001': {
    given: {
      Header: [
        { CHILD: '1', DOB: '01/01/2007' },
        { CHILD: '2', DOB: '01/01/2006' },
        { CHILD: '3', DOB: '01/01/2007' },
        { CHILD: '4', DOB: '01/01/2007' },
      ],
      OC3: [
        { CHILD: '1', ACCOM: 'Z1' },
        { CHILD: '2', ACCOM: 'Z2' },
        { CHILD: '3', ACCOM: 'U1' },
        { CHILD: '4', ACCOM: 'Z' },
      ],
    },
    hits: ['OC3:0', 'OC3:3'],
  },
  // 18 on 1 April 2023 (the year's first day) is old enough; a day younger is not
  '347': {
    given: {
      OC3: [
        { CHILD: '1', DOB: '02/04/2005', ACCOM: 'T1' },
        { CHILD: '2', DOB: '01/04/2005', ACCOM: 'T2' },
        { CHILD: '3', DOB: '01/01/2007', ACCOM: 'U1' },
        { CHILD: '4', DOB: '01/01/2007', ACCOM: 'T' },
      ],
    },
    hits: ['OC3:0', 'OC3:3'],
  },
  '628': {
    given: {
      Header: [
        { CHILD: '1', MOTHER: '0' },
        { CHILD: '2', MOTHER: '0' },
        { CHILD: '3', MOTHER: '' },
      ],
      OC3: [
        { CHILD: '1', IN_TOUCH: 'YES' },
        { CHILD: '2', IN_TOUCH: 'YES' },
        { CHILD: '3', IN_TOUCH: 'YES' },
      ],
      Episodes: [ep('2', '01/05/2023')],
    },
    hits: ['Header:0'],
  },
  '165': {
    given: {
      Header: [
        { CHILD: '1', SEX: '2', MOTHER: '' }, // a girl looked after this year: required
        { CHILD: '2', SEX: '2', MOTHER: '0' },
        { CHILD: '3', SEX: '1', MOTHER: '1' }, // a boy
        { CHILD: '4', SEX: '2', MOTHER: '2' }, // not a code
        { CHILD: '5', SEX: '2', MOTHER: '1' }, // a care leaver not looked after this year
        { CHILD: '6', SEX: '2', MOTHER: '' }, // short breaks only
        { CHILD: '7', SEX: '1', MOTHER: '' },
      ],
      Episodes: [
        ep('1', '01/05/2023'),
        ep('2', '01/05/2023'),
        ep('3', '01/05/2023'),
        ep('4', '01/05/2023'),
        ep('5', '01/05/2021', { DEC: '01/06/2022', REC: 'E8' }),
        ep('6', '01/05/2023', { LS: 'V3', DEC: '03/05/2023', REC: 'E8' }),
        ep('7', '01/05/2023'),
      ],
      OC3: [{ CHILD: '5', IN_TOUCH: 'YES' }, { CHILD: '1' }],
    },
    hits: ['Header:0', 'Header:2', 'Header:3', 'Header:4', 'OC3:0', 'OC3:1'],
  },
  '157': {
    given: {
      Episodes: [...cohort.Episodes, ep('3', '01/01/2020')],
      OC2: [oc2('1', '01/01/2012', { SDQ_REASON: 'SDQ1' }), oc2('2', '01/01/2012', { SDQ_REASON: 'SDQ1' }), oc2('3', '01/01/2005', { SDQ_REASON: 'SDQ1' })],
    },
    hits: ['OC2:0'],
  },
  '197B': {
    given: {
      Episodes: [...cohort.Episodes, ep('3', '01/01/2020'), ep('4', '01/01/2020')],
      OC2: [oc2('1', '01/06/2019'), oc2('2', '01/06/2019'), oc2('3', '01/06/2006'), oc2('4', '01/06/2019', { SDQ_SCORE: '10' })],
    },
    hits: ['OC2:0', 'OC2:2'],
  },
  // Placements: location, distance, postcodes (d = a start date in the year)
  '164': {
    given: {
      Episodes: [
        ep('1', d, { PL_DISTANCE: '12.50' }),
        ep('2', d, { PL_DISTANCE: '1000' }),
        ep('3', d, { PL_DISTANCE: '-2' }),
        ep('4', d, { PL_DISTANCE: 'abc', LS: 'V3' }),
        ep('5', d, { PL_DISTANCE: '1000' }),
      ],
      Header: [{ CHILD: '5', UASC: '1' }],
    },
    hits: ['Episodes:1', 'Episodes:2'],
  },
  '169': { given: { Episodes: [ep('1', d, { PL_LA: 'E06000001' }), ep('2', d, { PL_LA: '' }), ep('3', d, { PL_LA: '', LS: 'V3' })] }, hits: ['Episodes:1'] },
  '179': {
    given: {
      Episodes: [
        ep('1', d, { PL_LOCATION: 'IN' }),
        ep('2', d, { PL_LOCATION: 'OUT' }),
        ep('3', d, { PL_LOCATION: '' }),
        ep('4', d, { PL_LOCATION: 'ELSEWHERE' }),
        ep('5', d, { PL_LOCATION: '', LS: 'V4' }),
      ],
    },
    hits: ['Episodes:2', 'Episodes:3'],
  },
  '392a': {
    given: {
      Episodes: [
        ep('1', d, { PL_DISTANCE: '3.0' }),
        ep('2', d, { PL_DISTANCE: '' }),
        ep('3', d, { PL_DISTANCE: '', LS: 'V3' }),
        ep('4', d, { PL_DISTANCE: '' }),
      ],
      Header: [{ CHILD: '4', UASC: '1' }],
    },
    hits: ['Episodes:1'],
  },
  '392b': {
    given: {
      Episodes: [
        ep('1', d, { HOME_POST: 'AB1 2CD', PL_POST: 'AB1 3CD' }),
        ep('2', d, { HOME_POST: '', PL_POST: 'AB1 3CD' }),
        ep('3', d, { LS: 'V4' }),
        ep('4', d),
      ],
      UASC: [{ CHILD: '4' }],
    },
    hits: ['Episodes:1'],
  },
  '392c': {
    given: {
      Episodes: [
        ep('1', d, { HOME_POST: 'AB1 2CD', PL_POST: 'SW1A 1AA' }),
        ep('2', d, { HOME_POST: 'AB12CD' }),
        ep('3', d, { HOME_POST: 'invalid' }),
        ep('4', d, { PL_POST: '12345' }),
        ep('5', d),
      ],
    },
    hits: ['Episodes:2', 'Episodes:3'],
  },
  '392d': {
    given: {
      Episodes: [
        ep('1', d, { HOME_POST: 'AB1 2CD', PL_POST: 'ab12cd' }),
        ep('2', d, { HOME_POST: 'AB1 2CD', PL_POST: 'AB1 2CD', PLACE: 'P1' }),
        ep('3', d, { HOME_POST: 'AB1 2CD', PL_POST: 'AB1 3CD' }),
        ep('4', d),
      ],
    },
    hits: ['Episodes:0'],
  },
  '398': {
    given: { Episodes: [ep('1', d, { LS: 'V3', HOME_POST: 'AB1 2CD' }), ep('2', d, { LS: 'V4' }), ep('3', d, { HOME_POST: 'AB1 2CD' })] },
    hits: ['Episodes:0'],
  },
  '406': {
    given: {
      Episodes: [ep('1', d, { PL_DISTANCE: '3.0' }), ep('2', d, { PL_DISTANCE: '3.0' }), ep('3', d, { PL_DISTANCE: '' })],
      Header: [
        { CHILD: '1', UASC: '1' },
        { CHILD: '2', UASC: '0' },
        { CHILD: '3', UASC: '1' },
      ],
    },
    hits: ['Episodes:0'],
  },
  // Warwickshire (DfE 937) writes its own area as E10000031 in PL_LA.
  '1015': {
    council: { laCode: '937', onsCode: 'E10000031' },
    given: {
      Episodes: [
        ep('1', d, { PLACE: 'K2', PLACE_PROVIDER: 'PR1', PL_LA: 'E10000031' }),
        ep('2', d, { PLACE: 'K2', PLACE_PROVIDER: 'PR1', PL_LA: 'E06000001' }),
        ep('3', d, { PLACE: 'U1', PLACE_PROVIDER: 'PR1', PL_LA: 'E06000001' }),
        ep('4', d, { PLACE: 'K2', PLACE_PROVIDER: 'PR1', PL_LA: 'E06000001', LS: 'V3' }),
        ep('5', d, { PLACE: 'K2', PLACE_PROVIDER: 'PR2', PL_LA: 'E06000001' }),
        ep('6', d, { PLACE: 'K2', PLACE_PROVIDER: 'PR1', PL_LA: '' }),
        ep('7', d, { PLACE: '', PLACE_PROVIDER: 'PR1', PL_LA: 'E06000001' }),
      ],
    },
    hits: ['Episodes:1', 'Episodes:5'],
  },
  '411': {
    council: { laCode: '937', onsCode: 'E10000031' },
    given: {
      Episodes: [
        ep('1', d, { PL_LOCATION: 'IN', PL_LA: 'E10000031' }),
        ep('2', d, { PL_LOCATION: 'IN', PL_LA: 'E06000001' }),
        ep('3', d, { PL_LOCATION: 'OUT', PL_LA: 'E10000031' }),
        ep('4', d, { PL_LOCATION: '', PL_LA: 'E06000001' }),
      ],
    },
    hits: ['Episodes:1'],
  },
  '420': {
    given: { Episodes: [ep('1', d, { PL_LA: 'E06000001', LS: 'V3' }), ep('2', d, { PL_LA: 'E06000001' }), ep('3', d, { PL_LA: '', LS: 'V4' })] },
    hits: ['Episodes:0'],
  },
  // Placements: URN, reason for change, legal status
  '218': {
    given: {
      Episodes: [
        ep('1', d, { URN: 'SC123456' }),
        ep('2', d, { URN: '' }),
        ep('3', '01/01/2023', { URN: '', DEC: '01/03/2023', REC: 'E8' }), // ended before the year
        ep('4', d, { URN: '', PLACE: 'R1' }),
        ep('5', d, { URN: '', PL_LA: 'W06000008' }),
        ep('6', d, { URN: '', LS: 'V3' }), // a short break: 214 asks for no URN
      ],
    },
    hits: ['Episodes:1'],
  },
  '225': {
    given: {
      Episodes: [
        ep('1', '01/05/2023', { DEC: '01/06/2023', REC: 'X1' }),
        ep('1', '01/06/2023', { RNE: 'P', PLACE: 'U2' }),
        ep('2', '01/05/2023', { DEC: '01/06/2023', REC: 'X1', REASON_PLACE_CHANGE: 'CARPL' }),
        ep('2', '01/06/2023', { RNE: 'P', PLACE: 'U2' }),
        ep('3', '01/05/2023', { DEC: '01/06/2023', REC: 'X1' }),
        ep('3', '01/06/2023', { RNE: 'P', PLACE: 'T1' }),
      ],
    },
    hits: ['Episodes:0'],
  },
  '226': {
    given: {
      Episodes: [
        ep('1', '01/05/2023', { DEC: '01/06/2023', REC: 'X1', REASON_PLACE_CHANGE: 'CARPL' }),
        ep('1', '01/06/2023', { RNE: 'P', PLACE: 'T1' }),
        ep('2', '01/05/2023', { PLACE: 'T2', REASON_PLACE_CHANGE: 'CHILD' }),
        ep('3', '01/05/2023', { DEC: '01/06/2023', REC: 'X1' }),
        ep('3', '01/06/2023', { RNE: 'P', PLACE: 'T1' }),
      ],
    },
    hits: ['Episodes:1', 'Episodes:2'],
  },
  '336': {
    given: {
      Episodes: [
        ep('1', '01/05/2023', { DEC: '01/06/2023', REC: 'X1' }),
        ep('1', '01/06/2023', { RNE: 'P', PLACE: 'A3' }),
        ep('2', '01/05/2023', { PLACE: 'T1', DEC: '01/06/2023', REC: 'X1' }),
        ep('2', '01/06/2023', { RNE: 'P', PLACE: 'A4' }),
        ep('3', '01/05/2023', { PLACE: 'A3' }),
      ],
    },
    hits: ['Episodes:3'],
  },
  '364': {
    given: {
      Episodes: [
        ep('1', '01/05/2023', { LS: 'J2', DEC: '15/05/2023', REC: 'X1' }),
        ep('1', '15/05/2023', { LS: 'J2', RNE: 'P', DEC: '30/05/2023', REC: 'E8' }), // 14 + 15 days
        ep('2', '01/05/2023', { LS: 'J2', DEC: '20/05/2023', REC: 'E8' }), // 19 days
        ep('3', '01/03/2024', { LS: 'J2' }), // open: 30 days to 31 March
        ep('4', '01/05/2023', { LS: 'J2', DEC: '10/05/2023', REC: 'X1' }),
        ep('4', '10/05/2023', { RNE: 'L', DEC: '01/06/2023', REC: 'X1' }),
        ep('4', '01/06/2023', { LS: 'J2', RNE: 'L', DEC: '10/06/2023', REC: 'E8' }),
      ],
    },
    hits: ['Episodes:0', 'Episodes:1', 'Episodes:3'],
  },
  '366': { given: { Episodes: [ep('1', d, { LS: 'V3' }), ep('2', d, { LS: 'V3', RNE: 'P' }), ep('3', d, { RNE: 'P' })] }, hits: ['Episodes:1'] },
  '426': {
    given: {
      Episodes: [
        ep('1', '01/05/2023', { LS: 'V3', DEC: '02/05/2023', REC: 'E8' }),
        ep('1', '01/06/2023', { LS: 'V4', DEC: '02/06/2023', REC: 'E8' }),
        ep('1', '01/07/2023'),
        ep('2', '01/05/2023', { LS: 'V3' }),
        ep('2', '01/06/2023', { LS: 'V3' }),
      ],
    },
    hits: ['Episodes:0', 'Episodes:1'],
  },
  '451': {
    given: { Episodes: [ep('1', d, { LS: 'D1' }), ep('2', d, { LS: 'D1', DEC: '01/06/2023', REC: 'E11' }), ep('3', d, { LS: 'E1' })] },
    hits: ['Episodes:0'],
  },
  '359': {
    given: {
      Header: [
        { CHILD: '1', DOB: '01/01/2005' },
        { CHILD: '2', DOB: '01/01/2005' },
        { CHILD: '3', DOB: '01/01/2010' },
      ],
      Episodes: [ep('1', d), ep('2', d, { LS: 'V2', PLACE: 'K2' }), ep('3', d)],
    },
    hits: ['Episodes:0'],
  },
  '199': {
    given: {
      Episodes: [
        ep('1', '01/05/2023', { DEC: '01/06/2023', REC: 'E11' }),
        ep('1', '01/07/2023'),
        ep('2', '01/05/2023', { DEC: '01/06/2023', REC: 'E12' }),
        ep('3', '01/05/2023'),
      ],
      Episodes_last: [ep('3', '01/05/2022', { DEC: '01/06/2022', REC: 'E11' })],
    },
    hits: ['Episodes:1', 'Episodes:3'],
  },
  // Header: UPN, UASC, mother
  '209': {
    given: {
      Header: [
        { CHILD: '1', UPN: 'UN1', DOB: '31/08/2018' },
        { CHILD: '2', UPN: 'UN1', DOB: '01/09/2018' },
        { CHILD: '3', UPN: 'UN2', DOB: '01/01/2010' },
      ],
    },
    hits: ['Header:0'],
  },
  '210': {
    given: {
      Header: [
        { CHILD: '1', UPN: 'UN4' },
        { CHILD: '2', UPN: 'UN4' },
        { CHILD: '3', UPN: 'UN3' },
      ],
      Episodes: [ep('1', '25/03/2024'), ep('2', '01/03/2024'), ep('3', '25/03/2024')],
    },
    hits: ['Episodes:0', 'Header:0'],
  },
  '303': {
    given: {
      Header: [
        { CHILD: '1', UASC: '1' },
        { CHILD: '2', UASC: '0' },
      ],
      UASC: [
        { CHILD: '1', DUC: '01/01/2024' },
        { CHILD: '2', DUC: '01/01/2024' },
      ],
    },
    hits: ['UASC:1', 'Header:1'],
  },
  '607': {
    given: {
      Header: [
        { CHILD: '1', SEX: '2', MOTHER: '' },
        { CHILD: '2', SEX: '2', MOTHER: '0' },
        { CHILD: '3', SEX: '2', MOTHER: '' },
        { CHILD: '4', SEX: '1', MOTHER: '' },
      ],
      Episodes: [
        ep('1', d, { DEC: '01/06/2023', REC: 'E8' }),
        ep('2', d, { DEC: '01/06/2023', REC: 'E8' }),
        ep('3', d, { DEC: '01/06/2023', REC: 'X1' }),
        ep('4', d, { DEC: '01/06/2023', REC: 'E8' }),
      ],
    },
    hits: ['Episodes:0', 'Header:0'],
  },
  '625': {
    given: {
      Header: [
        { CHILD: '1', MC_DOB: '01/04/2024' },
        { CHILD: '2', MC_DOB: '01/07/2023' },
        { CHILD: '3', MC_DOB: '01/05/2023' },
        { CHILD: '4', MC_DOB: '' },
      ],
      Episodes: [ep('2', d, { DEC: '01/06/2023', REC: 'E8' }), ep('3', '01/01/2023', { DEC: '01/06/2023', REC: 'E8' })],
    },
    hits: ['Header:0', 'Header:1'],
  },
  // Missing against the episodes
  '575': {
    given: {
      Episodes: [ep('1', d, { DEC: '01/06/2023', REC: 'E8' }), ep('2', d)],
      Missing: [
        { CHILD: '1', MIS_START: '10/05/2023', MIS_END: '' },
        { CHILD: '1', MIS_START: '10/05/2023', MIS_END: '12/05/2023' },
        { CHILD: '2', MIS_START: '10/05/2023', MIS_END: '' },
      ],
    },
    hits: ['Missing:0'],
  },
  '580': {
    given: {
      Missing: [
        { CHILD: '1', DOB: '01/06/2005', MIS_END: '01/06/2023' },
        { CHILD: '2', DOB: '01/06/2005', MIS_END: '01/06/2023' },
      ],
      Episodes: [ep('1', d, { DEC: '01/06/2023', REC: 'E4A' }), ep('2', d, { DEC: '01/06/2023', REC: 'E8' })],
    },
    hits: ['Episodes:0'],
  },
  // Adoption against the episodes (ended = an episode ending 1 June 2023 with the given reason)
  '1003': {
    given: {
      Episodes: [ep('1', d), ep('2', d)],
      PlacedAdoption: [
        { CHILD: '1', DATE_PLACED: '01/04/2023' },
        { CHILD: '2', DATE_PLACED: '01/06/2023' },
      ],
    },
    hits: ['Episodes:0', 'PlacedAdoption:0'],
  },
  '117': {
    given: {
      Episodes: [ep('1', d, ended('E8')), ep('2', d), ep('3', d)],
      PlacedAdoption: [
        { CHILD: '1', DATE_PLACED: '01/07/2023' },
        { CHILD: '2', DATE_PLACED: '01/04/2024' },
        { CHILD: '3', DATE_PLACED: '01/06/2023', DATE_PLACED_CEASED: '01/07/2023' },
      ],
    },
    hits: ['Episodes:0', 'PlacedAdoption:0', 'Episodes:1', 'PlacedAdoption:1'],
  },
  '118': {
    given: {
      Episodes: [ep('1', d), ep('2', d), ep('3', d, { LS: 'V3' }), ep('3', '01/07/2023')],
      PlacedAdoption: [
        { CHILD: '1', DATE_PLACED_CEASED: '01/03/2023' },
        { CHILD: '2', DATE_PLACED_CEASED: '01/06/2023' },
        { CHILD: '3', DATE_PLACED_CEASED: '01/06/2023' },
      ],
    },
    hits: ['Episodes:0', 'PlacedAdoption:0', 'Episodes:3', 'PlacedAdoption:2'],
  },
  '551': {
    given: {
      Episodes: [ep('1', d, { PLACE: 'A4' }), ep('2', d, { PLACE: 'A4' }), ep('3', d)],
      PlacedAdoption: [
        { CHILD: '1', DATE_PLACED: '01/04/2023' },
        { CHILD: '2', DATE_PLACED: '' },
      ],
    },
    hits: ['Episodes:1'],
  },
  '552': {
    given: {
      Episodes: [ep('1', d, { PLACE: 'A4' }), ep('2', d, { PLACE: 'A4' })],
      PlacedAdoption: [
        { CHILD: '1', DATE_PLACED: '01/04/2023' },
        { CHILD: '2', DATE_PLACED: '01/06/2023' },
      ],
    },
    hits: ['Episodes:1', 'PlacedAdoption:1'],
  },
  '553': orderCase('E1'),
  '555': orderCase('D1'),
  '554': {
    given: {
      Episodes: [ep('1', d, { LS: 'E1' }), ep('2', d, { LS: 'E1' })],
      PlacedAdoption: [
        { CHILD: '1', DATE_PLACED: '01/06/2023' },
        { CHILD: '2', DATE_PLACED: d },
      ],
    },
    hits: ['Episodes:0', 'PlacedAdoption:0'],
  },
  '556': {
    given: {
      Episodes: [ep('1', d, { LS: 'D1' }), ep('2', d, { LS: 'D1' })],
      PlacedAdoption: [
        { CHILD: '1', DATE_PLACED: '01/06/2023' },
        { CHILD: '2', DATE_PLACED: d },
      ],
    },
    hits: ['Episodes:0', 'PlacedAdoption:0'],
  },
  '557': {
    given: {
      Episodes: [
        ep('1', d, { PLACE: 'A4', ...ended('E8') }),
        ep('2', d, { LS: 'E1', ...ended('E4A') }),
        ep('3', d, { PLACE: 'A4', ...ended('E11') }),
        ep('4', d, { PLACE: 'A4', ...ended('E8') }),
      ],
      PlacedAdoption: [
        { CHILD: '1', DATE_PLACED_CEASED: '', REASON_PLACED_CEASED: '' },
        { CHILD: '2', DATE_PLACED_CEASED: '01/06/2023', REASON_PLACED_CEASED: 'RD1' },
        { CHILD: '3' },
      ],
    },
    hits: ['Episodes:0', 'PlacedAdoption:0', 'Episodes:3'],
  },
  // DfE: adopted (latest episode E11/E12) with more than one decision in the year: the latest decision must not have ceased.
  // Child 1 breaks it; child 2 has one decision only; child 3's latest decision stands; child 4 was not adopted at the end.
  '558': {
    given: {
      Episodes: [ep('1', d, ended('E11')), ep('2', d, ended('E12')), ep('3', d, ended('E11')), ep('4', d, ended('E11')), ep('4', '01/07/2023')],
      PlacedAdoption: [
        { CHILD: '1', DATE_PLACED: '01/04/2023', DATE_PLACED_CEASED: '01/05/2023' },
        { CHILD: '1', DATE_PLACED: '10/05/2023', DATE_PLACED_CEASED: '20/05/2023' },
        { CHILD: '2', DATE_PLACED: '01/04/2023', DATE_PLACED_CEASED: '01/05/2023' },
        { CHILD: '3', DATE_PLACED: '01/04/2023', DATE_PLACED_CEASED: '01/05/2023' },
        { CHILD: '3', DATE_PLACED: '10/05/2023', DATE_PLACED_CEASED: '' },
        { CHILD: '4', DATE_PLACED: '01/04/2023', DATE_PLACED_CEASED: '01/05/2023' },
        { CHILD: '4', DATE_PLACED: '10/05/2023', DATE_PLACED_CEASED: '20/05/2023' },
      ],
    },
    hits: ['Episodes:0'],
  },
  '583': {
    given: {
      PlacedAdoption: [
        { CHILD: '1', DATE_PLACED: '01/01/2023', DATE_PLACED_CEASED: '' },
        { CHILD: '1', DATE_PLACED: '01/03/2023' },
        { CHILD: '2', DATE_PLACED: '01/01/2023', DATE_PLACED_CEASED: '01/02/2023' },
        { CHILD: '2', DATE_PLACED: '01/03/2023' },
      ],
    },
    hits: ['PlacedAdoption:0'],
  },
  '331': {
    given: {
      Episodes: [ep('1', d, { PLACE: 'A4', ...ended('E11') }), ep('2', d, { PLACE: 'A4', ...ended('E11') })],
      AD1: [
        { CHILD: '1', DATE_MATCH: '02/05/2023' },
        { CHILD: '2', DATE_MATCH: d },
      ],
    },
    hits: ['Episodes:0', 'AD1:0'],
  },
  '334': {
    given: {
      Episodes: [ep('1', d), ep('2', d)],
      AD1: [
        { CHILD: '1', DATE_INT: '01/04/2023' },
        { CHILD: '2', DATE_INT: d },
      ],
    },
    hits: ['Episodes:0', 'AD1:0'],
  },
  '335': {
    given: {
      Episodes: [ep('1', d, { PLACE: 'A3', ...ended('E11') }), ep('2', d, { PLACE: 'A4', ...ended('E11') }), ep('3', d, { PLACE: 'A4', ...ended('E12') })],
      AD1: [
        { CHILD: '1', FOSTER_CARE: '0' },
        { CHILD: '2', FOSTER_CARE: '1' },
        { CHILD: '3', FOSTER_CARE: '0' },
      ],
    },
    hits: ['Episodes:0', 'AD1:0', 'Episodes:1', 'AD1:1'],
  },
  '521': {
    given: {
      Episodes: [ep('1', d, { PLACE: 'A4' }), ep('2', d, { PLACE: 'A4' }), ep('3', d)],
      AD1: [
        { CHILD: '1', DATE_INT: '02/05/2023' },
        { CHILD: '2', DATE_INT: d },
        { CHILD: '3', DATE_INT: '01/06/2023' },
      ],
    },
    hits: ['Episodes:0', 'AD1:0'],
  },
  '523': {
    given: {
      PlacedAdoption: [
        { CHILD: '1', DATE_PLACED: d },
        { CHILD: '2', DATE_PLACED: d },
        { CHILD: '3', DATE_PLACED: '' },
      ],
      AD1: [
        { CHILD: '1', DATE_INT: d },
        { CHILD: '2', DATE_INT: '02/05/2023' },
        { CHILD: '3', DATE_INT: d },
      ],
    },
    hits: ['PlacedAdoption:1', 'AD1:1'],
  },
  '525': {
    given: {
      PlacedAdoption: [
        { CHILD: '1', DATE_PLACED_CEASED: '01/06/2023' },
        { CHILD: '2', DATE_PLACED_CEASED: '01/06/2023' },
        { CHILD: '3', DATE_PLACED_CEASED: '' },
      ],
      AD1: [{ CHILD: '1', DATE_INT: d }, { CHILD: '2' }, { CHILD: '3', DATE_INT: d }],
    },
    hits: ['PlacedAdoption:0', 'AD1:0'],
  },
  '582': {
    given: {
      Episodes: [ep('1', d, ended('E11')), ep('2', d, ended('E11'))],
      AD1: [
        { CHILD: '1', DATE_MATCH: '01/06/2023' },
        { CHILD: '2', DATE_MATCH: '20/05/2023' },
      ],
    },
    hits: ['Episodes:0', 'AD1:0'],
  },
  '601': {
    given: {
      Episodes: [ep('1', d, ended('E11')), ep('2', d, ended('E12')), ep('3', '01/01/2022', { DEC: '01/06/2022', REC: 'E11' })],
      AD1: [
        { CHILD: '1', ...adopters, LS_ADOPTR: '' },
        { CHILD: '2', ...adopters },
        { CHILD: '3', DATE_INT: d },
      ],
    },
    hits: ['Episodes:0', 'AD1:0'],
  },
  '602': {
    given: {
      Episodes: [ep('1', d, ended('E11')), ep('2', d, ended('E8')), ep('3', '01/01/2022', { DEC: '01/06/2022', REC: 'E11' })],
      AD1: [{ CHILD: '1', ...adopters }, { CHILD: '2', ...adopters }, { CHILD: '3', ...adopters }, { CHILD: '4' }],
    },
    hits: ['AD1:1', 'AD1:2'],
  },
  '519': {
    given: {
      AD1: [
        { CHILD: '1', LS_ADOPTR: 'L2', SEX_ADOPTR: 'M1' },
        { CHILD: '2', LS_ADOPTR: 'L2', SEX_ADOPTR: 'MF' },
        { CHILD: '3', LS_ADOPTR: 'L2', SEX_ADOPTR: 'FF' },
        { CHILD: '4', LS_ADOPTR: 'L2', SEX_ADOPTR: '' },
        { CHILD: '5', LS_ADOPTR: 'L4', SEX_ADOPTR: 'M1' },
      ],
    },
    hits: ['AD1:0', 'AD1:3'],
  },
  '520': {
    given: {
      AD1: [
        { CHILD: '1', LS_ADOPTR: 'L11', SEX_ADOPTR: 'MM' },
        { CHILD: '2', LS_ADOPTR: 'L11', SEX_ADOPTR: 'MF' },
        { CHILD: '3', LS_ADOPTR: 'L11', SEX_ADOPTR: 'F1' },
        { CHILD: '4', LS_ADOPTR: 'L12', SEX_ADOPTR: 'FF' },
      ],
    },
    hits: ['AD1:0', 'AD1:2'],
  },
  // Previous permanence
  '630': {
    given: {
      Episodes: [ep('1', d), ep('2', d), ep('3', '01/05/2022'), ep('4', d, { RNE: 'P' }), ep('5', d), ep('6', d)],
      PrevPerm: [
        { CHILD: '1', PREV_PERM: 'Z1' },
        { CHILD: '5', PREV_PERM: 'P1', LA_PERM: '840', DATE_PERM: '01/01/2020' },
        { CHILD: '6', PREV_PERM: 'P1', LA_PERM: '840', DATE_PERM: '' },
      ],
    },
    hits: ['Episodes:1', 'Episodes:5'],
  },
  '632': {
    given: {
      Episodes: ['1', '2', '3', '4', '5', '6', '7'].map((child) => ep(child, '01/06/2023')),
      PrevPerm: ['ZZ/05/2020', '01/06/2023', '31/02/2020', 'ZZ/ZZ/ZZ', '', '01/13/2020', 'ZZ/ZZ/2024'].map((value, index) => ({
        CHILD: String(index + 1),
        DATE_PERM: value,
      })),
    },
    hits: ['PrevPerm:1', 'Episodes:1', 'PrevPerm:2', 'Episodes:2', 'PrevPerm:3', 'Episodes:3', 'PrevPerm:5', 'Episodes:5', 'PrevPerm:6', 'Episodes:6'],
  },
  '633': code('PrevPerm', 'LA_PERM', ['840', 'SCO', '835', '943', ''], ['458', 'ABC']),
  '634': {
    given: {
      Episodes: [ep('1', '01/05/2015'), ep('2', '01/05/2015'), ep('2', d), ep('3', '01/05/2015')],
      PrevPerm: [
        { CHILD: '1', PREV_PERM: 'Z1' },
        { CHILD: '2', PREV_PERM: 'Z1' },
        { CHILD: '3', PREV_PERM: '', LA_PERM: '', DATE_PERM: '' },
      ],
    },
    hits: ['PrevPerm:0'],
  },
  '399': {
    given: {
      Episodes: [ep('1', d, { LS: 'V3' }), ep('2', d, { LS: 'V3' }), ep('2', '01/06/2023'), ep('3', d, { LS: 'V4' })],
      Header: [
        { CHILD: '1', MOTHER: '0' },
        { CHILD: '2', MOTHER: '0' },
        { CHILD: '3', MOTHER: '' },
      ],
      Reviews: [
        { CHILD: '3', REVIEW: '01/06/2023', REVIEW_CODE: 'PN1' },
        { CHILD: '2', REVIEW: '01/06/2023', REVIEW_CODE: 'PN1' },
      ],
    },
    hits: ['Header:0', 'Reviews:0', 'Episodes:0', 'Episodes:3'],
  },
  // Social worker episodes (2023/24: the reporting period is the collection year)
  SW01STG1: {
    given: {
      Episodes: [ep('1', d), ep('2', d), ep('3', d, { LS: 'V3' }), ep('4', d, ended('E8'))],
      SWEpisodes: [sw('1', 'SW1', d, 'MANAGE'), sw('2', '', d, 'MANAGE')],
    },
    hits: ['Episodes:1'],
  },
  // 2024/25: an episode's start date always; before 1 April 2023 the worker's ID (SW01a), from then the ID and the reason (SW01b).
  SW01aSTG1: {
    year: 2025,
    given: { SWEpisodes: [sw('1', '', '01/01/2023', ''), sw('2', 'SW1', '', 'MANAGE'), sw('3', 'SW1', '01/01/2023', ''), sw('4', '', '01/04/2023', '')] },
    hits: ['SWEpisodes:0', 'SWEpisodes:1'],
  },
  SW01bSTG1: {
    year: 2025,
    given: {
      SWEpisodes: [
        sw('1', '', '01/01/2023', ''),
        sw('2', 'SW1', '', 'MANAGE'),
        sw('3', 'SW1', '01/04/2023', ''),
        sw('4', '', '01/06/2024', 'MANAGE'),
        sw('5', 'SW1', '01/06/2024', 'MANAGE'),
      ],
    },
    hits: ['SWEpisodes:1', 'SWEpisodes:2', 'SWEpisodes:3'],
  },
  SW06STG2: { given: { SWEpisodes: [sw('1', 'SW1', '31/03/2024', 'MANAGE'), sw('2', 'SW1', '01/04/2024', 'MANAGE')] }, hits: ['SWEpisodes:1'] },
  SW07STG2: {
    given: {
      SWEpisodes: [
        sw('1', 'SW1', d, 'MANAGE', '31/03/2024'),
        sw('2', 'SW1', '01/01/2022', 'MANAGE', '31/03/2022'),
        sw('3', 'SW1', d, 'MANAGE', '01/04/2024'),
        sw('4', 'SW1', d, 'MANAGE'),
      ],
    },
    hits: ['SWEpisodes:1', 'SWEpisodes:2'],
  },
  SW11STG2: {
    given: {
      SWEpisodes: [
        sw('1', 'SW1', d, 'MANAGE', '01/08/2023'),
        sw('1', 'SW2', '01/08/2023', 'LEFTRL'),
        sw('2', 'SW1', d, 'MANAGE', '01/08/2023'),
        sw('3', 'SW1', d, 'MANAGE', '01/08/2023'),
        sw('3', 'SW2', '05/08/2023', 'LEFTRL'),
        sw('4', 'SW1', d, 'MANAGE', '31/03/2024'),
      ],
    },
    // Child 2's episode ended on 1 August with none after it; child 3's successor started four days later (SW10STG2's tolerance).
    hits: ['SWEpisodes:2'],
  },
  SW12STG2: {
    given: {
      Episodes: [ep('1', '01/01/2020'), ep('2', '01/01/2020'), ep('3', '01/06/2023'), ep('4', '01/06/2023')],
      SWEpisodes: [
        sw('1', 'SW1', '01/04/2023', 'MANAGE'),
        sw('2', 'SW1', d, 'MANAGE'),
        sw('3', 'SW1', '01/06/2023', 'MANAGE'),
        sw('4', 'SW1', '01/07/2023', 'MANAGE'),
      ],
    },
    hits: ['SWEpisodes:1', 'SWEpisodes:3'],
  },
  SW13STG1: {
    given: {
      SWEpisodes: [
        sw('1', 'SW1', '01/01/2023', ''),
        sw('1', 'SW2', '01/06/2023', ''),
        sw('2', 'SW1', d, 'BAD'),
        sw('3', 'SW1', '01/05/2022', '', '01/03/2023'),
        sw('3', 'SW2', '01/03/2023', 'LEFTRL'),
      ],
    },
    // 2023/24: every episode needs a valid reason, the one the child already had included.
    hits: ['SWEpisodes:0', 'SWEpisodes:1', 'SWEpisodes:2', 'SWEpisodes:3'],
  },
  SW14STG2: {
    given: { SWEpisodes: [sw('1', 'SW1', d, 'MANAGE'), sw('1', 'SW2', '01/06/2023', 'LEFTRL'), sw('2', 'SW1', d, 'MANAGE')] },
    hits: ['SWEpisodes:0'],
  },
  SW15STG2: { given: { SWEpisodes: [sw('1', 'SW1', d, ''), sw('2', 'SW1', '01/01/2022', ''), sw('3', 'SW1', d, 'MANAGE')] }, hits: ['SWEpisodes:0'] },
  // Added by DfE for 2025/26 (a 2025-26 return: 1 April 2025 to 31 March 2026).
  '233': {
    year: 2026,
    given: {
      Episodes: [
        ep('1', '01/05/2025', { REASON_PLACE_CHANGE: 'CARPL' }), // open, with a reason
        ep('2', '01/05/2025', { DEC: '01/06/2025', REC: 'X1', REASON_PLACE_CHANGE: 'CARPL' }),
        ep('3', '01/05/2025'),
      ],
    },
    hits: ['Episodes:0'],
  },
  '234': {
    year: 2026,
    given: {
      Header: [
        { CHILD: '1', DOB: '01/06/2016' },
        { CHILD: '2', DOB: '01/05/2015' },
        { CHILD: '3', DOB: '01/06/2016' },
        { CHILD: '4', DOB: '01/06/2016' },
      ],
      Episodes: [
        ep('1', '01/05/2025', { DEC: '01/07/2025', REC: 'X1', REASON_PLACE_CHANGE: 'CUSTOD' }),
        ep('1', '01/07/2025', { RNE: 'P' }), // 0: the next placement begins at 9: CUSTOD is reported
        ep('2', '01/04/2025', { DEC: '01/05/2025', REC: 'X1', REASON_PLACE_CHANGE: 'CUSTOD' }),
        ep('2', '01/05/2025', { RNE: 'P' }), // the next begins on the 10th birthday
        ep('3', '01/05/2025', { DEC: '01/07/2025', REC: 'X1', REASON_PLACE_CHANGE: 'CARPL' }),
        ep('3', '01/07/2025', { RNE: 'P' }),
        ep('4', '01/05/2025', { DEC: '01/07/2025', REC: 'E8', REASON_PLACE_CHANGE: 'CUSTOD' }), // no later episode to compare
      ],
    },
    hits: ['Episodes:0'],
  },
  '348': {
    year: 2026,
    given: {
      OC3: [
        { CHILD: '1', IN_TOUCH: 'NO' },
        { CHILD: '2', IN_TOUCH: 'DIED' },
        { CHILD: '3', IN_TOUCH: 'NO' },
        { CHILD: '4', IN_TOUCH: 'YES' },
      ],
      OC3_last: [
        { CHILD: '1', IN_TOUCH: 'DIED' },
        { CHILD: '2', IN_TOUCH: 'DIED' },
        { CHILD: '3', IN_TOUCH: 'YES' },
      ],
    },
    hits: ['OC3:0'],
  },
  '444': {
    year: 2026,
    given: {
      Header: [
        { CHILD: '1', UPN: 'A12345678901B' },
        { CHILD: '2', UPN: 'A12345678901B' },
        { CHILD: '3', UPN: 'UN1' },
        { CHILD: '4', UPN: 'UN1' },
        { CHILD: '5', UPN: '' },
        { CHILD: '6', UPN: '' },
        { CHILD: '7', UPN: 'B12345678901C' },
      ],
    },
    hits: ['Header:0', 'Header:1'],
  },
  '454': {
    year: 2026,
    given: {
      Episodes: ['350.0', '350.1', '999.9', '', '1000'].map((miles, index) => ep(String(index), '01/05/2025', { PL_DISTANCE: miles })),
    },
    hits: ['Episodes:1', 'Episodes:4'],
  },
  SW17STG2: {
    year: 2026,
    given: {
      SWEpisodes: [
        sw('1', 'SW1', '01/01/2025', 'MANAGE', '01/06/2025'),
        sw('1', 'SW2', '01/06/2025', 'LEFTRL'),
        sw('2', 'SW1', '01/01/2025', 'MANAGE', '31/03/2026'), // 2: the only episode ends on 31 March
        sw('3', 'SW2', '01/06/2025', 'LEFTRL', '01/07/2025'), // 3: the latest start, though earlier in the file
        sw('3', 'SW1', '01/01/2025', 'MANAGE'),
      ],
    },
    hits: ['SWEpisodes:2', 'SWEpisodes:3'],
  },
  // 2026/27: deprivation of liberty orders (DoLO), in the 2026-27 return (1 April 2026 to 31 March 2027).
  '700': {
    year: 2027,
    given: { DoLO: [dolo('1', '01/05/2026'), dolo('2', ''), dolo('3', '2026-05-01'), dolo('4', '31/02/2026')] },
    hits: ['DoLO:1', 'DoLO:2', 'DoLO:3'],
  },
  '701': {
    year: 2027,
    given: {
      DoLO: [dolo('1', '01/05/2026', ''), dolo('2', '01/05/2026', '01/06/2026'), dolo('3', '01/05/2026', '2026-06-01'), dolo('4', '01/05/2026', '32/01/2027')],
    },
    hits: ['DoLO:2', 'DoLO:3'],
  },
  '702': {
    year: 2027,
    given: {
      DoLO: [
        dolo('1', '01/05/2026', '01/06/2026'),
        dolo('2', '01/05/2026', '01/05/2026'), // the same day is not before
        dolo('3', '01/05/2026', '30/04/2026'),
        dolo('4', '01/05/2026', ''),
        dolo('5', 'soon', '01/01/2026'), // no start to compare with (700's)
      ],
    },
    hits: ['DoLO:2'],
  },
  '703': { year: 2027, given: { DoLO: [dolo('1', '31/03/2027'), dolo('2', '01/04/2027'), dolo('3', '01/01/2020'), dolo('4', '')] }, hits: ['DoLO:1'] },
  '704': {
    year: 2027,
    given: {
      DoLO: ['', '01/04/2026', '31/03/2027', '31/03/2026', '01/04/2027'].map((end, index) => dolo(String(index), '01/01/2026', end)),
    },
    hits: ['DoLO:3', 'DoLO:4'],
  },
  '705': {
    year: 2027,
    given: {
      DoLO: [
        dolo('1', '01/05/2026', '01/06/2026'),
        dolo('1', '01/06/2026'), // starts the day the one before ended
        dolo('2', '01/05/2026'),
        dolo('2', '01/08/2026', '01/09/2026'), // 3: the one before is open
        dolo('3', '10/05/2026', '20/05/2026'), // 4: after the next row in start order, which ends on 15 May
        dolo('3', '01/05/2026', '15/05/2026'),
        dolo('4', '01/05/2026'),
        dolo('5', '01/05/2026', '30/05/2026'),
        dolo('5', '10/05/2026', '20/05/2026'), // 8: inside the one before (the later start is reported)
      ],
    },
    hits: ['DoLO:3', 'DoLO:4', 'DoLO:8'],
  },
  '706': {
    year: 2027,
    given: {
      Header: [{ CHILD: '1' }, { CHILD: '2' }, { CHILD: '4' }, { CHILD: '6' }],
      DoLO: [dolo('1', '01/01/2026', '01/06/2026'), dolo('2', '01/05/2026')],
      DoLO_last: [
        dolo('1', '01/01/2026'), // continues with the same start: good
        dolo('2', '01/02/2026'), // this year's first starts on another day
        dolo('3', '01/01/2025', '01/02/2025'), // ended
        dolo('4', '01/02/2026'), // open, and no DoLO this year: reported on Header
        dolo('5', '01/02/2026'), // open, but the child is not in this year's return
        dolo('6', '01/01/2025'),
        dolo('6', '01/03/2025', '01/04/2025'), // the last one ended
      ],
    },
    hits: ['DoLO:1', 'Header:2'],
  },
  '707': {
    year: 2027,
    given: {
      Episodes: [
        ep('1', '01/04/2026', { DEC: '01/09/2026', REC: 'E11' }),
        ep('2', '01/04/2026', { DEC: '01/09/2026', REC: 'E11' }),
        ep('3', '01/04/2026'),
        ep('4', '01/04/2026', { DEC: '01/09/2026', REC: 'X1' }),
        ep('5', '01/04/2026', { DEC: '01/09/2026', REC: 'E11' }),
      ],
      DoLO: [
        dolo('1', '01/05/2026'), // care ended, the order left open
        dolo('2', '01/05/2026', '01/08/2026'),
        dolo('3', '01/05/2026'), // still looked after
        dolo('4', '01/05/2026'), // X1: a new episode follows
        dolo('5', '01/10/2026'), // begun after care ended (not this rule's)
      ],
    },
    hits: ['DoLO:0'],
  },
  '708': {
    year: 2027,
    given: {
      DoLO: [
        dolo('1', '01/01/2010'), // on the day of birth: DfE's "must be > <DOB>"
        dolo('2', '02/01/2010'),
        dolo('3', '01/01/2009'),
        dolo('4', ''),
        { ...dolo('5', '01/05/2026'), DOB: '' },
      ],
    },
    hits: ['DoLO:0', 'DoLO:2'],
  },
  '709': {
    year: 2027,
    given: {
      Episodes: [
        ep('1', '01/04/2026', { PLACE: 'U1', DEC: '01/06/2026', REC: 'X1' }), // ended the day the order began
        ep('1', '01/06/2026', { RNE: 'P', PLACE: 'K2' }),
        ep('2', '01/04/2026', { PLACE: 'U1' }), // 2
        ep('3', '01/04/2026', { PLACE: 'Z13' }),
        ep('4', '01/04/2026', { PLACE: 'U1' }), // the order has no end: not checked
        ep('5', '01/04/2026', { PLACE: 'U1', DEC: '01/05/2026', REC: 'X1' }),
        ep('5', '01/05/2026', { RNE: 'P', PLACE: 'K2' }),
        ep('6', '01/04/2026', { PLACE: 'U1', DEC: '01/10/2026', REC: 'E11' }), // 7: two orders, reported once
      ],
      DoLO: [
        dolo('1', '01/06/2026', '01/09/2026'),
        dolo('2', '01/05/2026', '01/06/2026'),
        dolo('3', '01/05/2026', '01/06/2026'),
        dolo('4', '01/05/2026'),
        dolo('5', '01/06/2026', '01/07/2026'),
        dolo('6', '01/05/2026', '01/06/2026'),
        dolo('6', '01/07/2026', '01/08/2026'),
      ],
    },
    hits: ['Episodes:2', 'Episodes:7'],
  },
  '710': {
    year: 2027,
    given: {
      Episodes: [
        ep('1', '01/04/2026', { PLACE: 'P1', DEC: '01/06/2026', REC: 'X1' }), // ended the day the order began
        ep('1', '01/06/2026', { RNE: 'P', PLACE: 'K2' }),
        ep('2', '01/04/2026', { PLACE: 'K1' }), // 2
        ep('3', '01/04/2026', { PLACE: 'U1' }), // not one of the four (709's concern)
        ep('4', '01/04/2026', { PLACE: 'R5' }), // the order has no end: not checked
        ep('5', '01/04/2026', { PLACE: 'K3', DEC: '01/05/2026', REC: 'E11' }), // 5: the order's whole span
      ],
      DoLO: [
        dolo('1', '01/06/2026', '01/09/2026'),
        dolo('2', '01/05/2026', '01/06/2026'),
        dolo('3', '01/05/2026', '01/06/2026'),
        dolo('4', '01/05/2026'),
        dolo('5', '01/04/2026', '01/05/2026'),
      ],
    },
    hits: ['Episodes:2', 'Episodes:5'],
  },
};

/**
 * Children in and out of the 12-month (OC2) cohort at 31 March 2024, by DfE's definition
 * (LOOKED_AFTER_CONTINUOUSLY): looked after in the year, no period of care begun (RNE S) after
 * 1 April 2023, none ended (REC other than X1) from 1 April 2023 to 31 March 2024, no short break (V3/V4).
 */
const twelveMonths = {
  Episodes: [
    ep('1', '01/01/2020'), // 1: in care all along: in
    ep('2', '01/01/2020', { LS: 'V3' }), // 2: short breaks since 2020: out
    ep('3', '01/01/2020', { DEC: '01/09/2023', REC: 'E13' }),
    ep('3', '01/08/2023'), // 3: a new period of care inside an overlapping episode: out
    ep('4', '01/01/2020', { DEC: '01/06/2023', REC: 'E4A' }),
    ep('4', '01/06/2023'), // 4: left care and came back the same day: out
    ep('5', '01/04/2023'), // 5: began on 1 April 2023, so 12 months at 31 March 2024: in
    ep('6', '01/01/2020', { DEC: '01/06/2023', REC: 'X1' }),
    ep('6', '01/06/2023', { RNE: 'L', LS: 'V4' }), // 6: moved on to short breaks: out
    ep('7', '01/01/2020', { DEC: '01/06/2023', REC: 'X1' }),
    ep('7', '01/06/2023', { RNE: 'P' }), // 7: a placement change: in
    ep('8', '01/01/2024'), // 8: began in January: out
    ep('9', '01/01/2020', { DEC: '31/03/2024', REC: 'E8' }), // 9: ceased on 31 March: not looked after at 31 March: out
  ],
};
const everyChild = (extra: Record<string, string>, dob = '01/01/2012') => ['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((child) => oc2(child, dob, extra));

/** Further cases of rules whose reading changed: the cohort, the 2024-25 code lists (year 2025), by collection year. */
const MORE_CASES: Array<[string, string, Case]> = [
  [
    '503D',
    "from 2024/25 last year's open H5 may continue as K3 (and only that change)",
    {
      year: 2025,
      given: {
        Episodes: [ep('1', '01/01/2024', { PLACE: 'K3' }), ep('2', '01/01/2024', { PLACE: 'K3' })],
        Episodes_last: [ep('1', '01/01/2024', { PLACE: 'H5' }), ep('2', '01/01/2024', { PLACE: 'U1' })],
      },
      hits: ['Episodes:1'],
    },
  ],
  [
    '503D',
    'before 2024/25 H5 to K3 is a change',
    { given: { Episodes: [ep('1', '01/01/2023', { PLACE: 'K3' })], Episodes_last: [ep('1', '01/01/2023', { PLACE: 'H5' })] }, hits: ['Episodes:0'] },
  ],
  [
    'SW13STG1',
    'from 2024/25 a reason may be blank on an episode begun before 1 April 2023',
    {
      year: 2025,
      given: { SWEpisodes: [sw('1', 'SW1', '31/03/2023', ''), sw('1', 'SW2', '01/04/2023', ''), sw('2', 'SW1', '01/01/2022', 'BAD')] },
      hits: ['SWEpisodes:1', 'SWEpisodes:2'],
    },
  ],
  [
    'SW10STG2',
    'from 2024/25 only a start over seven days early, and not for reason FCONTA',
    {
      year: 2025,
      given: {
        SWEpisodes: [
          sw('1', 'SW1', '01/01/2024', 'MANAGE', '20/01/2024'),
          sw('1', 'SW2', '12/01/2024', 'MANAGE'),
          sw('2', 'SW1', '01/01/2024', 'MANAGE', '20/01/2024'),
          sw('2', 'SW2', '12/01/2024', 'FCONTA'),
          sw('3', 'SW1', '01/01/2024', 'MANAGE', '20/01/2024'),
          sw('3', 'SW2', '28/02/2024', 'MANAGE'),
        ],
      },
      hits: ['SWEpisodes:1'],
    },
  ],
  [
    '231',
    "without Header's UASC column, a row in the UASC table is the status",
    {
      year: 2025,
      given: {
        Header: [
          { CHILD: '1', DOB: '01/04/2014' },
          { CHILD: '2', DOB: '01/04/2014' },
        ],
        UASC: [{ CHILD: '1', DUC: '' }],
      },
      hits: ['Header:0'],
    },
  ],
  [
    'SW07STG2',
    'in 2023/24 the reporting period is the collection year',
    {
      given: { SWEpisodes: [sw('1', 'SW1', '01/01/2022', 'MANAGE', '01/06/2022'), sw('2', 'SW1', '01/01/2022', 'MANAGE', '01/06/2023')] },
      hits: ['SWEpisodes:0'],
    },
  ],
  [
    'SW07STG2',
    'from 2024/25 it begins a year before the collection year',
    {
      year: 2025,
      given: { SWEpisodes: [sw('1', 'SW1', '01/01/2022', 'MANAGE', '31/03/2023'), sw('2', 'SW1', '01/01/2022', 'MANAGE', '01/06/2023')] },
      hits: ['SWEpisodes:0'],
    },
  ],
  [
    '218',
    'from 2024/25 H5 and P2 need a URN too',
    {
      year: 2025,
      given: {
        Episodes: [
          ep('1', '01/05/2024', { PLACE: 'H5', URN: '' }),
          ep('2', '01/05/2024', { PLACE: 'P2', URN: '' }),
          ep('3', '01/05/2024', { PLACE: 'R1', URN: '' }),
        ],
      },
      hits: ['Episodes:0', 'Episodes:1'],
    },
  ],
  ['218', 'until 2023/24 H5 and P2 need none', { given: { Episodes: [ep('1', d, { PLACE: 'H5', URN: '' }), ep('2', d, { PLACE: 'P2', URN: '' })] }, hits: [] }],
  [
    '557',
    'until 2023/24 a freeing order (D1) counts as an order to place for adoption',
    { given: { Episodes: [ep('1', d, { LS: 'D1', ...ended('E8') })] }, hits: ['Episodes:0'] },
  ],
  [
    '557',
    'from 2024/25 only the placement order (E1) does',
    {
      year: 2025,
      given: { Episodes: [ep('1', '01/05/2024', { LS: 'D1', ...ended('E8') }), ep('2', '01/05/2024', { LS: 'E1', ...ended('E8') })] },
      hits: ['Episodes:1'],
    },
  ],
  [
    '370',
    'at 15 or over in 2022/23',
    {
      year: 2023,
      given: {
        Header: [
          { CHILD: '1', DOB: '01/05/2007' },
          { CHILD: '2', DOB: '02/05/2008' },
        ],
        Episodes: [ep('1', '01/05/2022', { PLACE: 'P2' }), ep('2', '01/05/2022', { PLACE: 'P2' })],
      },
      hits: ['Episodes:1'],
    },
  ],
  [
    '190',
    'OC2 data for children out of the 12-month cohort (short breaks, new periods of care)',
    { given: { ...twelveMonths, OC2: everyChild(health) }, hits: ['OC2:1', 'OC2:2', 'OC2:3', 'OC2:5', 'OC2:7', 'OC2:8'] },
  ],
  [
    '185',
    'SDQ scores of children out of the 12-month cohort',
    { given: { ...twelveMonths, OC2: everyChild({ SDQ_SCORE: '10' }) }, hits: ['OC2:1', 'OC2:2', 'OC2:3', 'OC2:5', 'OC2:7', 'OC2:8'] },
  ],
  [
    '198',
    'SDQ reasons of children out of the 12-month cohort',
    { given: { ...twelveMonths, OC2: everyChild({ SDQ_REASON: 'SDQ1' }) }, hits: ['OC2:1', 'OC2:2', 'OC2:3', 'OC2:5', 'OC2:7', 'OC2:8'] },
  ],
  [
    '546',
    'health checks of children aged 5 or over in the 12-month cohort only',
    { given: { ...twelveMonths, OC2: everyChild({ HEALTH_CHECK: '1' }) }, hits: ['OC2:0', 'OC2:4', 'OC2:6'] },
  ],
  [
    '101',
    '2024-25 returns code sex M, F or U',
    {
      year: 2025,
      given: { Header: ['M', 'F', 'U', '1', '2', ''].map((SEX, index) => ({ CHILD: String(index), SEX })) },
      hits: ['Header:3', 'Header:4', 'Header:5'],
    },
  ],
  [
    '101',
    'returns before 2024-25 code sex 1 or 2',
    { year: 2024, given: { Header: ['1', '2', 'M'].map((SEX, index) => ({ CHILD: String(index), SEX })) }, hits: ['Header:2'] },
  ],
  [
    '202',
    'sex coded 1 last year and M this year has not changed; 1 then F has',
    {
      year: 2025,
      given: {
        Header: [
          { CHILD: '1', SEX: 'M' },
          { CHILD: '2', SEX: 'F' },
        ],
        Header_last: [
          { CHILD: '1', SEX: '1' },
          { CHILD: '2', SEX: '1' },
        ],
      },
      hits: ['Header:1'],
    },
  ],
  [
    '174',
    "a 2024-25 boy (M) with a mother's child date of birth",
    {
      year: 2025,
      given: {
        Header: [
          { CHILD: '1', SEX: 'M', MC_DOB: '01/01/2024' },
          { CHILD: '2', SEX: 'F', MC_DOB: '01/01/2024' },
        ],
      },
      hits: ['Header:0'],
    },
  ],
  [
    '146',
    'K3 (supported accommodation) is a placement type from 2024-25',
    {
      year: 2025,
      given: { Episodes: [ep('1', '01/05/2024', { PLACE: 'K3' }), ep('2', '01/05/2024', { PLACE: 'H5' }), ep('3', '01/05/2024', { PLACE: 'K4' })] },
      hits: ['Episodes:2'],
    },
  ],
  [
    '146',
    'K3 is not a placement type before 2024-25',
    { year: 2024, given: { Episodes: [ep('1', d, { PLACE: 'K3' }), ep('2', d, { PLACE: 'H5' })] }, hits: ['Episodes:0'] },
  ],
  [
    '222',
    '2024-25: H5 and P2 may carry a URN',
    {
      year: 2025,
      given: {
        Episodes: [
          ep('1', '01/05/2024', { PLACE: 'H5', URN: 'SC1' }),
          ep('2', '01/05/2024', { PLACE: 'P2', URN: 'SC1' }),
          ep('3', '01/05/2024', { PLACE: 'R1', URN: 'SC1' }),
          ep('4', '01/05/2024', { PLACE: 'P3', URN: 'SC1' }),
        ],
      },
      hits: ['Episodes:2', 'Episodes:3'],
    },
  ],
  [
    '371',
    '2024-25: supported accommodation is K3, at 16 or over',
    {
      year: 2025,
      given: {
        Header: [
          { CHILD: '1', DOB: '01/01/2009' },
          { CHILD: '2', DOB: '01/01/2009' },
          { CHILD: '3', DOB: '01/01/2008' },
        ],
        Episodes: [ep('1', '01/05/2024', { PLACE: 'K3' }), ep('2', '01/05/2024', { PLACE: 'H5' }), ep('3', '01/05/2024', { PLACE: 'K3' })],
      },
      hits: ['Episodes:0'],
    },
  ],
  // 2025/26: Z1 split into Z11–Z14, H5 and P2 withdrawn, 383 and 503D changed.
  [
    '146',
    '2025-26: Z11–Z14 in place of Z1, and H5 and P2 withdrawn',
    {
      year: 2026,
      given: { Episodes: ['Z11', 'Z14', 'K3', 'U1', 'Z1', 'H5', 'P2', 'Z15'].map((place, index) => ep(String(index), '01/05/2025', { PLACE: place })) },
      hits: ['Episodes:4', 'Episodes:5', 'Episodes:6', 'Episodes:7'],
    },
  ],
  [
    '178',
    '2025-26: no provider for T0–T3 and Z11–Z14 (T4 may have one)',
    {
      year: 2026,
      given: {
        Episodes: [
          ep('1', '01/05/2025', { PLACE: 'T4', PLACE_PROVIDER: 'PR1' }),
          ep('2', '01/05/2025', { PLACE: 'Z12', PLACE_PROVIDER: 'PR1' }),
          ep('3', '01/05/2025', { PLACE: 'Z1', PLACE_PROVIDER: 'PR1' }),
          ep('4', '01/05/2025', { PLACE: 'T1', PLACE_PROVIDER: 'PR2' }),
          ep('5', '01/05/2025', { PLACE: 'U1', PLACE_PROVIDER: 'PR6' }),
        ],
      },
      hits: ['Episodes:1', 'Episodes:3', 'Episodes:4'],
    },
  ],
  [
    '213',
    '2025-26: no provider for T0–T4 and Z11–Z14',
    {
      year: 2026,
      given: { Episodes: ['T4', 'Z13', 'Z1', 'U1'].map((place, index) => ep(String(index), '01/05/2025', { PLACE: place, PLACE_PROVIDER: 'PR1' })) },
      hits: ['Episodes:0', 'Episodes:1'],
    },
  ],
  [
    '526',
    '2025-26: a provider for every placement but T0–T4 and Z11–Z14',
    {
      year: 2026,
      given: { Episodes: ['Z11', 'Z1', 'T4', 'U1'].map((place, index) => ep(String(index), '01/05/2025', { PLACE: place, PLACE_PROVIDER: '' })) },
      hits: ['Episodes:1', 'Episodes:3'],
    },
  ],
  [
    '218',
    '2025-26: Z11–Z14 need no URN; Z1, H5 and P2 are not exempt',
    {
      year: 2026,
      given: {
        Episodes: [
          ep('1', '01/05/2025', { PLACE: 'Z12', URN: '' }),
          ep('2', '01/05/2025', { PLACE: 'Z1', URN: '' }),
          ep('3', '01/05/2025', { PLACE: 'H5', URN: '' }),
          ep('4', '01/05/2025', { PLACE: 'R1', URN: '' }),
          ep('5', '01/05/2025', { PLACE: 'U1', URN: '', PL_LA: 'WAL' }),
          ep('6', '01/05/2025', { PLACE: 'U1', URN: '' }),
        ],
      },
      hits: ['Episodes:1', 'Episodes:2', 'Episodes:5'],
    },
  ],
  [
    '222',
    '2025-26: Z11–Z14 carry no URN',
    {
      year: 2026,
      given: {
        Episodes: [
          ep('1', '01/05/2025', { PLACE: 'Z11', URN: 'SC1' }),
          ep('2', '01/05/2025', { PLACE: 'Z1', URN: 'SC1' }),
          ep('3', '01/05/2025', { PLACE: 'P2', URN: 'SC1' }),
          ep('4', '01/05/2025', { PLACE: 'R1', URN: 'XXXXXXX' }),
          ep('5', '01/05/2025', { PLACE: 'T2', URN: 'SC1' }),
        ],
      },
      hits: ['Episodes:0', 'Episodes:4'],
    },
  ],
  [
    '383',
    '2025-26: the episode after a temporary placement has RNE P and the type and postcode of the one before',
    {
      year: 2026,
      given: {
        Episodes: [
          ...[
            ['1', 'P', 'U1', 'AB1 2CD', 'SC1'], // returns
            ['2', 'L', 'U1', 'AB1 2CD', 'SC1'], // row 5: RNE L
            ['3', 'P', 'U2', 'AB1 2CD', 'SC1'], // row 8: another type
            ['4', 'P', 'U1', 'EF3 4GH', 'SC1'], // row 11: another postcode
            ['5', 'P', 'U1', 'AB1 2CD', 'SC2'], // another URN: not compared from 2025/26
          ].flatMap(([child, rne, place, postcode, urn]) => [
            ep(child!, '01/05/2025', { PLACE: 'U1', PL_POST: 'AB1 2CD', URN: 'SC1', DEC: '01/06/2025', REC: 'X1' }),
            ep(child!, '01/06/2025', { RNE: 'P', PLACE: 'T1', PL_POST: '', URN: '', DEC: '08/06/2025', REC: 'X1' }),
            ep(child!, '08/06/2025', { RNE: rne!, PLACE: place!, PL_POST: postcode!, URN: urn! }),
          ]),
          ep('6', '01/05/2025', { PLACE: 'T1', DEC: '08/05/2025', REC: 'X1' }), // row 15: temporary first: nothing before it to return to
          ep('6', '08/05/2025', { RNE: 'P', PLACE: 'U3' }),
        ],
      },
      hits: ['Episodes:5', 'Episodes:8', 'Episodes:11'],
    },
  ],
  [
    '503D',
    '2025-26: last year\'s open H5 may no longer continue as K3 ("For 2025 only"), nor Z1 as Z11–Z14',
    {
      year: 2026,
      given: {
        Episodes: [ep('1', '01/01/2025', { PLACE: 'K3' }), ep('2', '01/01/2025', { PLACE: 'Z11' }), ep('3', '01/01/2025', { PLACE: 'U1' })],
        Episodes_last: [ep('1', '01/01/2025', { PLACE: 'H5' }), ep('2', '01/01/2025', { PLACE: 'Z1' }), ep('3', '01/01/2025', { PLACE: 'U1' })],
      },
      hits: ['Episodes:0', 'Episodes:1'],
    },
  ],
];

describe('SSDA903 rules', () => {
  it("each implemented rule has its own test case (those reading Ofsted's lists in providers.test.ts)", () => {
    expect(RULES.filter((entry) => !entry.needsProviders && !CASES[entry.code]).map((entry) => entry.code)).toEqual([]);
  });

  it.each(Object.entries(CASES))('rule %s reports exactly the rows that break it', (code, testCase) => expectHits(code, testCase));
  it.each(MORE_CASES)('rule %s: %s', (code, _title, testCase) => expectHits(code, testCase));

  function expectHits(code: string, testCase: Case) {
    const entry = RULES_BY_CODE.get(code);
    expect(entry, `rule ${code} is implemented`).toBeDefined();
    const data = { ...build(testCase.given, testCase.year), council: testCase.council };
    const { findings } = runRules(data, [entry!]);
    const found = findings.map((finding) => {
      const table = finding.table as Table903;
      return `${table}:${data.tables[table].findIndex((row) => row.line === finding.row)}`;
    });
    expect(found.sort()).toEqual([...testCase.hits].sort());
    for (const finding of findings) {
      expect(finding.message).toBe(entry!.message);
      expect(finding.field).toBeTruthy();
    }
  }

  it('skips a rule whose table was not supplied, and one whose optional column is absent', () => {
    const data = build({ Header: [{ CHILD: '1', SEX: '9' }] });
    const present = new Set<Table903>(['Header']);
    const result = runRules({ ...data, present }, [RULES_BY_CODE.get('101')!, RULES_BY_CODE.get('105')!, RULES_BY_CODE.get('INT03')!]);
    expect(result.findings.map((finding) => finding.rule)).toEqual(['101']);
    expect(result.skipped.sort()).toEqual(['105', 'INT03']);
  });

  it("reports coverage honestly: every rule is implemented, and those needing Ofsted's lists (not shipped) say so", () => {
    const report = coverage();
    // 319 rules to 2024/25, the six DfE added for 2025/26 (233, 234, 348 comparing with last year, 444, 454, SW17STG2)
    // and the eleven for 2026/27 on deprivation of liberty orders (700–710; 706 compares with last year).
    expect(report.total).toBe(336);
    expect(report.implemented).toBe(RULES.length);
    expect(report.implemented + report.missing.length).toBe(report.total);
    expect(report.previousYear).toEqual({ implemented: 37, total: 37 });
    expect(report.currentYearOnly).toEqual({ implemented: 299, total: 299 });
    expect(report.missing).toEqual([]);
    // Run only when the council gives Ofsted's provider lists beside the return.
    expect(report.needsReferenceData.map((entry) => entry.code).sort()).toEqual(['1008', '219', '221', '224', '227', '228', '229']);
    for (const entry of report.needsReferenceData) expect(entry.reason).toMatch(/Ofsted's lists .* beside the return/);
  });

  it("runs 1015 and 411 only with the council's LA code, and otherwise lists them as not run, saying why", () => {
    const given = { Episodes: [ep('1', '01/01/2024', { PLACE: 'K2', PL_LA: 'E06000001', PL_LOCATION: 'IN' })] };
    const rules = [RULES_BY_CODE.get('1015')!, RULES_BY_CODE.get('411')!];
    const without = build(given);
    const unknown = runRules(without, rules);
    expect(unknown).toEqual({ findings: [], skipped: ['1015', '411'] });
    const notRun = rulesNotRun(without, unknown.skipped).filter((entry) => ['1015', '411'].includes(entry.code));
    expect(notRun.map((entry) => entry.code)).toEqual(['411', '1015']);
    for (const entry of notRun) expect(entry.reason).toBe(COUNCIL_UNKNOWN);
    const known = { ...without, council: { laCode: '937', onsCode: 'E10000031' } };
    const checked = runRules(known, rules);
    expect(checked.skipped).toEqual([]);
    expect(checked.findings.map((finding) => finding.rule)).toEqual(['1015', '411']);
    expect(rulesNotRun(known, checked.skipped).some((entry) => ['1015', '411'].includes(entry.code))).toBe(false);
    // Without the PL_LA column (DfE derives it from the postcode), the column is what is missing.
    const noColumn = build({ Episodes: [ep('1', '01/01/2024', { PLACE: 'K2' })] });
    expect(rulesNotRun(noColumn, runRules(noColumn, rules).skipped).find((entry) => entry.code === '1015')?.reason).not.toBe(COUNCIL_UNKNOWN);
  });

  it("runs a rule comparing the years only when last year's tables were supplied", () => {
    const rule202 = RULES_BY_CODE.get('202')!;
    const withoutLastYear = build({ Header: [{ CHILD: '1', SEX: '1' }] });
    expect(runRules(withoutLastYear, [rule202])).toEqual({ findings: [], skipped: ['202'] });
    const withLastYear = build({ Header: [{ CHILD: '1', SEX: '1' }], Header_last: [{ CHILD: '1', SEX: '2' }] });
    expect(runRules(withLastYear, [rule202]).findings.map((finding) => [finding.table, finding.row, finding.field])).toEqual([['Header', 2, 'SEX']]);
  });
});

describe('SSDA903 rulesets: chosen by the collection year, each year as DfE published it', () => {
  const codes = (ruleset: Ruleset903) => new Set(rulesOf(ruleset).map((entry) => entry.code));

  it('names the ruleset of the year ending 31 March, the nearest Keystone has outside 2022/23–2026/27, and reads --ruleset', () => {
    expect([2018, 2023, 2024, 2025, 2026, 2027, 2028].map(ruleset903For)).toEqual([
      '2022/23',
      '2022/23',
      '2023/24',
      '2024/25',
      '2025/26',
      '2026/27',
      '2026/27',
    ]);
    expect(
      ['2024/25', '2024-25', '2025', '2025/26', '2025-26', '2026', '2026/27', '2026-27', '2027', '2024/26', '2027/28', 'next'].map(parseRuleset903),
    ).toEqual(['2024/25', '2024/25', '2024/25', '2025/26', '2025/26', '2025/26', '2026/27', '2026/27', '2026/27', null, null, null]);
  });

  it('2022/23 has no social worker rules; 2023/24 adds them with 217t, 230, 347 and 1016; 2024/25 deletes 445, 451, 555, 556 and more and adds 231, 232, SW01a and SW01b', () => {
    const [y22, y23, y24] = [codes('2022/23'), codes('2023/24'), codes('2024/25')];
    expect([...y22].filter((code) => code.startsWith('SW') || ['217t', '230', '231', '232'].includes(code))).toEqual([]);
    expect(['445', '451', '555', '556', '370'].every((code) => y22.has(code) && y23.has(code) && !y24.has(code))).toBe(true);
    expect(['217t', '230', 'SW01STG1', 'SW03STG1', 'SW14STG2'].every((code) => !y22.has(code) && y23.has(code) && !y24.has(code))).toBe(true);
    expect(['231', '232', 'SW01aSTG1', 'SW01bSTG1'].every((code) => !y22.has(code) && !y23.has(code) && y24.has(code))).toBe(true);
    expect(['347', '1016'].every((code) => !y22.has(code) && y23.has(code) && y24.has(code))).toBe(true);
    // Every rule Keystone has is in some ruleset but those drafted for 2024/25 and withdrawn; every code named in the yearly changes is a rule Keystone has.
    expect(RULES.filter((entry) => ![y22, y23, y24, codes('2025/26'), codes('2026/27')].some((set) => set.has(entry.code))).map((entry) => entry.code)).toEqual(
      ['SW15STG2', 'SW16aSTG2', 'SW16bSTG2', 'SW16cSTG2'],
    );
    expect([...INTRODUCED_903.keys(), ...DELETED_903.keys()].filter((code) => !RULES_BY_CODE.has(code))).toEqual([]);
    expect(rulesOf('2022/23').find((entry) => entry.code === '370')!.message).toBe('Child in independent living should be at least 15.');
    expect(rulesOf('2023/24').find((entry) => entry.code === '370')!.message).toBe('Child in independent living should be at least 16.');
    expect(rulesOf('2023/24').find((entry) => entry.code === '101')!.message).toBe('Gender code is not valid.');
    expect(rulesOf('2024/25').find((entry) => entry.code === '101')!.message).toBe('The child or young person’s reported sex is not valid.');
    expect(rulesOf('2022/23').find((entry) => entry.code === '371')!.message).toMatch(/semi-independent living .* at least 14\.$/);
  });

  it("runs the collection year's rules unless another ruleset is asked for, with that year's code lists, and says which", () => {
    const given: Rows = { Header: [{ CHILD: '1', SEX: 'U', DOB: '01/01/2010' }], Episodes: [ep('1', '01/05/2024', { LS: 'D1' })] };
    const rulesFired = (data: Return903) =>
      [...new Set(runRules(data).findings.map((finding) => finding.rule))].filter((rule) => ['101', '232', '445', '451'].includes(rule)).sort();
    const year2025 = build(given, 2025);
    // 2024/25: U is a valid sex (232 queries it); 445 and 451 (D1 freeing orders) were deleted.
    expect(rulesFired(year2025)).toEqual(['232']);
    expect(rulesetName(year2025)).toBe("DfE SSDA903 validation rules 2024/25 (the return's collection year, 2024-25)");
    // The same return checked with 2023/24's rules: U is not a sex code then, and D1 is still checked.
    const asked = { ...year2025, ruleset: '2023/24' as const };
    expect(rulesFired(asked)).toEqual(['101', '445', '451']);
    expect(rulesetName(asked)).toBe("DfE SSDA903 validation rules 2023/24 (asked for; the return's collection year is 2024-25)");
    expect(rulesetName(build(given, 2018))).toBe("DfE SSDA903 validation rules 2022/23 (the nearest Keystone has to the return's collection year, 2017-18)");
  });

  it('2025/26 adds 233, 234, 348, 444, 454 and SW17STG2, deletes none, and rewords 226', () => {
    const [y24, y25] = [codes('2024/25'), codes('2025/26')];
    const added = ['233', '234', '348', '444', '454', 'SW17STG2'];
    expect([...y25].filter((code) => !y24.has(code)).sort()).toEqual(added.sort());
    expect([...y24].filter((code) => !y25.has(code))).toEqual([]);
    expect(rulesOf('2025/26').find((entry) => entry.code === '226')!.message).toBe('Reason for placement change is not required for temporary placements.');
    expect(rulesOf('2024/25').find((entry) => entry.code === '226')!.message).toBe('Reason for placement change is not required.');
    expect(rulesOf('2025/26').find((entry) => entry.code === '101')!.message).toBe('The child or young person’s reported sex is not valid.');
  });

  it('2026/27 adds the DoLO rules 700–710, deletes none, and keeps 2025/26 wording and code lists', () => {
    const [y25, y26] = [codes('2025/26'), codes('2026/27')];
    expect([...y26].filter((code) => !y25.has(code)).sort()).toEqual(['700', '701', '702', '703', '704', '705', '706', '707', '708', '709', '710']);
    expect([...y25].filter((code) => !y26.has(code))).toEqual([]);
    for (const code of ['101', '226', 'SW13STG1'])
      expect(rulesOf('2026/27').find((entry) => entry.code === code)!.message).toBe(rulesOf('2025/26').find((entry) => entry.code === code)!.message);
    const year2027 = build({ Episodes: [ep('1', '01/05/2026', { PLACE: 'Z1', PLACE_PROVIDER: 'PR1' })] }, 2027);
    expect(rulesetName(year2027)).toBe("DfE SSDA903 validation rules 2026/27 (the return's collection year, 2026-27)");
    expect(runRules(year2027).findings.filter((finding) => finding.rule === '146')).toHaveLength(1);
  });

  it("checks a 2025-26 return with 2025/26's code lists, and with 2024/25's when asked", () => {
    const given: Rows = {
      Episodes: [ep('1', '01/05/2025', { PLACE: 'Z11', PLACE_PROVIDER: 'PR1' }), ep('2', '01/05/2025', { PLACE: 'Z1', PLACE_PROVIDER: 'PR1' })],
    };
    const hits = (data: Return903) =>
      runRules(data)
        .findings.filter((finding) => ['146', '178', '213'].includes(finding.rule))
        .map((finding) => `${finding.rule}:${finding.child!}`)
        .sort();
    const year2026 = build(given, 2026);
    expect(rulesetName(year2026)).toBe("DfE SSDA903 validation rules 2025/26 (the return's collection year, 2025-26)");
    // Z11 is a placement type that takes no provider; Z1 is no longer a placement type.
    expect(hits(year2026)).toEqual(['146:2', '178:1', '213:1']);
    // 2024/25: Z1 is the placement without a provider, Z11 no placement type.
    expect(hits({ ...year2026, ruleset: '2024/25' })).toEqual(['146:1', '178:2', '213:2']);
  });

  it("lists DfE's rules newer than the ruleset a return was checked with: a later year's, or its own year's when an older one was asked for", () => {
    const notRun = (endYear: number, ruleset?: Ruleset903) => rulesNotRun({ ...build({ Header: [{ CHILD: '1', SEX: 'M' }] }, endYear), ruleset }, []);
    expect(notRun(2026).filter((entry) => ['233', '146', '700'].includes(entry.code) || entry.reason.includes('DfE changed'))).toEqual([]);
    // A 2026-27 return is checked with 2026/27's rules, DoLO's included: nothing newer is listed, nor is a later year's return.
    expect(notRun(2027).filter((entry) => /DfE (added|changed)/.test(entry.reason))).toEqual([]);
    expect(notRun(2028).filter((entry) => /DfE (added|changed)/.test(entry.reason))).toEqual([]);
    // Checked with 2025/26's rules, as asked: the DoLO rules are listed as not run.
    expect(notRun(2027, '2025/26').find((entry) => entry.code === '700')).toEqual({
      code: '700',
      reason: "a rule DfE added for 2026/27, in the 2026/27 rules of the return's collection year; checked with 2025/26, as asked",
    });
    // A 2025-26 return checked with 2024/25's rules, as asked: 2025/26's new rules are not run, those it changed run as in 2024/25.
    const asked = notRun(2026, '2024/25');
    expect(asked.find((entry) => entry.code === '233')).toEqual({
      code: '233',
      reason: "a rule DfE added for 2025/26, in the 2025/26 rules of the return's collection year; checked with 2024/25, as asked",
    });
    expect(asked.filter((entry) => entry.partly && entry.reason.includes('as asked')).map((entry) => entry.code)).toEqual([
      '146',
      '178',
      '213',
      '218',
      '222',
      '226',
      '383',
      '503D',
      '526',
    ]);
    expect(asked.find((entry) => entry.code === '146')!.reason).toMatch(
      /^checked as in 2024\/25, as asked; DfE changed it for 2025\/26 \(the placement types: placement codes Z11–Z14/,
    );
    // An older year's return checked with a later ruleset lists nothing of the kind.
    expect(notRun(2018, '2024/25').filter((entry) => entry.reason.includes('as asked'))).toEqual([]);
  });

  it("runs 2025/26's 454 only on a return carrying PL_DISTANCE, and 348 only with last year's OC3, saying why otherwise", () => {
    const data = build({ Episodes: [ep('1', '01/05/2025', { PL_POST: 'AB1 2CD' })], OC3: [{ CHILD: '1', IN_TOUCH: 'NO' }] }, 2026);
    const result = runRules(data);
    expect(result.skipped).toEqual(expect.arrayContaining(['348', '454']));
    const notRun = rulesNotRun(data, result.skipped);
    expect(notRun.find((entry) => entry.code === '454')!.reason).toMatch(/^DfE measures the distance between home and placement \(PL_DISTANCE\)/);
    expect(notRun.find((entry) => entry.code === '348')!.reason).toBe("compares with last year's OC3: supply oc3_last.csv");
    const withBoth = build(
      { Episodes: [ep('1', '01/05/2025', { PL_DISTANCE: '400' })], OC3: [{ CHILD: '1', IN_TOUCH: 'NO' }], OC3_last: [{ CHILD: '1', IN_TOUCH: 'DIED' }] },
      2026,
    );
    expect([...new Set(runRules(withBoth).findings.map((finding) => finding.rule))].filter((rule) => ['348', '454'].includes(rule))).toEqual(['348', '454']);
  });
});

describe('SSDA903 rule helpers: indexes and groupings built once per return', () => {
  const data = () =>
    build({
      Episodes: [ep('1', '01/01/2024', { PLACE: 'T1' }), ep('2', '01/02/2024', { PLACE: 'P1' }), ep('1', '01/03/2024', { PLACE: '' }), ep('3', '01/03/2024')],
      Header: [{ CHILD: '1' }, { CHILD: '2' }],
    });
  const lines = (rows: readonly SourceRow[]) => rows.map((row) => row.line);

  it('rowsWith finds the rows holding any of the values, in file order, a blank or absent value as blank', () => {
    const given = data();
    expect(lines(rowsWith(given, 'Episodes', 'PLACE', ['U1', 'T1']))).toEqual([2, 5]);
    expect(lines(rowsWith(given, 'Episodes', 'PLACE', ['T1', 'U1', 'P1', 'T1']))).toEqual([2, 3, 5]);
    expect(lines(rowsWith(given, 'Episodes', 'PLACE', ['']))).toEqual([4]);
    expect(lines(rowsWith(given, 'Episodes', 'URN', ['']))).toEqual([2, 3, 4, 5]);
    expect(rowsWith(given, 'Episodes', 'PLACE', ['Z9'])).toEqual([]);
  });

  it('rowsWhere tests only the rows it is given, and reports them in the order given', () => {
    const given = data();
    const hits = rowsWhere(given, 'Episodes', (row) => v(row, 'CHILD') !== '2', 'PLACE', rowsWith(given, 'Episodes', 'PLACE', ['T1', 'P1', 'U1']));
    expect(hits.map((hit) => [hit.table, hit.row.line, hit.field])).toEqual([
      ['Episodes', 2, 'PLACE'],
      ['Episodes', 5, 'PLACE'],
    ]);
  });

  it('shares one grouping among the rules of a return, and lets it go when the rules have run', () => {
    const given = data();
    const children = childrenIn(given, 'Episodes');
    expect([...children]).toEqual(['1', '2', '3']);
    expect(childrenIn(given, 'Episodes')).toBe(children);
    expect(lines(rowsByChild(given, 'Episodes').get('1')!)).toEqual([2, 4]);
    expect(lines([firstRows(given, 'Episodes').get('1')!])).toEqual([2]);
    forgetGroupings(given);
    expect(childrenIn(given, 'Episodes')).not.toBe(children);
    // Another return (here the same tables with one row more) gets its own.
    const other = { ...given, tables: { ...given.tables, Episodes: [...given.tables.Episodes, { ...given.tables.Episodes[0]!, values: { CHILD: '4' } }] } };
    expect([...childrenIn(other, 'Episodes')]).toEqual(['1', '2', '3', '4']);
  });
});
