/**
 * The URN rules read with Ofsted's provider lists (1008, 219, 221, 224, 227, 228, 229): each rule's
 * own cases, worked by hand from DfE's text, on synthetic providers; and what is reported when the
 * lists were not given.
 */
import { describe, expect, it } from 'vitest';
import type { SourceRow } from '../../types.ts';
import { NEEDS_REFERENCE_DATA } from '../catalogue.ts';
import type { OfstedProvider } from '../ofsted.ts';
import { TABLES_903, type Table903 } from '../tables.ts';
import { collectionYear } from '../values.ts';
import { RULES, RULES_BY_CODE, rulesNotRun, runRules } from './index.ts';
import type { Return903 } from './rule.ts';

const provider = (fields: Partial<OfstedProvider>): OfstedProvider => ({
  placeCodes: new Set(),
  providerCodes: new Set(),
  postcodes: new Set(),
  councils: new Set(),
  closed: null,
  ...fields,
});

/** Synthetic providers: a children's home of East Sussex (845), one of Durham (840) closed 30 September 2023, a fostering agency, one whose closure could not be read, one closed on 31 March 2024. */
const PROVIDERS: ReadonlyMap<string, OfstedProvider> = new Map([
  [
    'SC100001',
    provider({ placeCodes: new Set(['K2', 'H5', 'K3']), providerCodes: new Set(['PR4']), postcodes: new Set(['AB12CD']), councils: new Set(['845']) }),
  ],
  [
    'SC100002',
    provider({
      placeCodes: new Set(['K2']),
      providerCodes: new Set(['PR1']),
      postcodes: new Set(['EF34GH']),
      councils: new Set(['840']),
      closed: '2023-09-30',
    }),
  ],
  ['2500003', provider({ placeCodes: new Set(['U1', 'U2', 'U3', 'U4', 'U5', 'U6']), providerCodes: new Set(['PR4']) })],
  ['SC100004', provider({ closed: undefined })],
  ['SC100005', provider({ placeCodes: new Set(['K2']), closed: '2024-03-31' })],
]);

const ep = (child: string, values: Record<string, string>) => ({
  CHILD: child,
  DECOM: '01/05/2023',
  RNE: 'S',
  LS: 'C2',
  CIN: 'N1',
  PLACE: 'K2',
  PLACE_PROVIDER: 'PR4',
  DEC: '',
  REC: '',
  PL_POST: '',
  URN: 'SC100001',
  ...values,
});

/** A return of the year ending 31 March `endYear` with these episodes. */
function build(episodes: Array<Record<string, string>>, endYear = 2024): Return903 {
  const tables = Object.fromEntries(TABLES_903.map((table) => [table, [] as SourceRow[]])) as Record<Table903, SourceRow[]>;
  const columns = Object.fromEntries(TABLES_903.map((table) => [table, new Set<string>()])) as Record<Table903, Set<string>>;
  episodes.forEach((values, index) => {
    tables.Episodes.push({ file: 'episodes.csv', table: 'Episodes', line: index + 2, values });
    for (const column of Object.keys(values)) columns.Episodes.add(column);
  });
  return { tables, columns, present: new Set(TABLES_903), year: collectionYear(endYear) };
}

interface Case {
  episodes: Array<Record<string, string>>;
  /** Positions of the episodes the rule must report. */
  hits: number[];
  year?: number;
}

const CASES: Array<[string, string, Case]> = [
  [
    '1008',
    'a URN given must be on the lists (case and spaces aside); XXXXXXX and a blank are not compared',
    {
      episodes: [
        ep('1', {}),
        ep('2', { URN: ' sc100001 ' }),
        ep('3', { URN: 'XXXXXXX' }),
        ep('4', { URN: '' }),
        ep('5', { URN: 'SC999999' }),
        ep('6', { URN: '2500003' }),
      ],
      hits: [4],
    },
  ],
  [
    '219',
    "the placement type must be one the provider is registered for; an unknown URN is 1008's, a provider listed without placement codes is not compared",
    {
      episodes: [
        ep('1', { PLACE: 'K2' }),
        ep('2', { PLACE: 'U1' }), // a children's home placement recorded as foster care
        ep('3', { URN: '2500003', PLACE: 'U3' }),
        ep('4', { URN: '2500003', PLACE: 'K2' }), // a fostering agency recorded as a children's home
        ep('5', { URN: 'SC999999', PLACE: 'K2' }),
        ep('6', { URN: 'XXXXXXX', PLACE: 'U1' }),
        ep('7', { URN: 'SC100004', PLACE: 'U1' }),
        ep('8', { PLACE: '' }), // no placement type: not one the provider is registered for
      ],
      hits: [1, 3, 7],
    },
  ],
  [
    '221',
    '2023-24: the postcode of a K1, K2, R3, S1 or H5 placement (not a short break) must be the provider’s',
    {
      episodes: [
        ep('1', { PL_POST: 'AB1 2CD' }),
        ep('2', { PL_POST: 'ab12cd' }),
        ep('3', { PL_POST: 'ZZ9 9ZZ' }), // another postcode
        ep('4', { PL_POST: 'ZZ9 9ZZ', LS: 'V3' }), // a short break
        ep('5', { PL_POST: 'ZZ9 9ZZ', PLACE: 'U1' }), // not a placement compared
        ep('6', { PL_POST: '' }), // no postcode given
        ep('7', { PL_POST: 'ZZ9 9ZZ', URN: '2500003' }), // the list gives no postcode
        ep('8', { PL_POST: 'ZZ9 9ZZ', PLACE: 'H5' }), // H5 is compared in 2023-24
        ep('9', { PL_POST: 'ZZ9 9ZZ', URN: 'XXXXXXX' }),
      ],
      hits: [2, 7],
    },
  ],
  [
    '221',
    '2024-25 on: K3 compared in place of H5',
    { year: 2025, episodes: [ep('1', { PL_POST: 'ZZ9 9ZZ', PLACE: 'H5' }), ep('2', { PL_POST: 'ZZ9 9ZZ', PLACE: 'K3' })], hits: [1] },
  ],
  [
    '221',
    '2022-23: neither H5 nor K3',
    {
      year: 2023,
      episodes: [ep('1', { PL_POST: 'ZZ9 9ZZ', PLACE: 'H5' }), ep('2', { PL_POST: 'ZZ9 9ZZ', PLACE: 'K3' }), ep('3', { PL_POST: 'ZZ9 9ZZ' })],
      hits: [2],
    },
  ],
  [
    '224',
    'the placement provider must be one the list gives for the URN',
    {
      episodes: [
        ep('1', { PLACE_PROVIDER: 'PR4' }),
        ep('2', { PLACE_PROVIDER: 'PR1' }), // a private home recorded as the council's own
        ep('3', { PLACE_PROVIDER: '' }),
        ep('4', { URN: '2500003', PLACE_PROVIDER: 'PR4' }),
        ep('5', { URN: 'SC999999', PLACE_PROVIDER: 'PR1' }),
        ep('6', { URN: 'SC100004', PLACE_PROVIDER: 'PR1' }), // no provider codes listed
        ep('7', { URN: 'XXXXXXX', PLACE_PROVIDER: 'PR1' }),
      ],
      hits: [1, 2],
    },
  ],
  [
    '227',
    'an episode must start before the provider’s registration ended (30 September 2023)',
    {
      episodes: [
        ep('1', { URN: 'SC100002', DECOM: '29/09/2023' }),
        ep('2', { URN: 'SC100002', DECOM: '30/09/2023' }), // the day it closed
        ep('3', { URN: 'SC100002', DECOM: '01/10/2023' }),
        ep('4', { URN: 'SC100001', DECOM: '01/10/2023' }), // open provider
        ep('5', { URN: 'SC100004', DECOM: '01/10/2023' }), // closure unreadable: not compared
        ep('6', { URN: 'SC100002', DECOM: '31/31/2023' }), // not a date: another rule's
      ],
      hits: [1, 2],
    },
  ],
  [
    '228',
    'an episode must end by the provider’s closure; an open one means the provider was open at 31 March',
    {
      episodes: [
        ep('1', { URN: 'SC100002', DEC: '30/09/2023', REC: 'E8' }), // ends the day it closed
        ep('2', { URN: 'SC100002', DEC: '01/10/2023', REC: 'E8' }),
        ep('3', { URN: 'SC100002' }), // open at 31 March 2024, provider closed in September
        ep('4', { URN: 'SC100001' }),
        ep('5', { URN: 'SC100004' }),
        ep('6', { URN: 'SC100005' }), // open; provider closed on 31 March 2024 itself
        ep('7', { URN: 'SC100002', DEC: 'soon', REC: 'E8' }), // not a date: another rule's
      ],
      hits: [1, 2],
    },
  ],
  [
    '228',
    'in 2024-25 the provider closed on 31 March 2024 was closed at the year’s end',
    { year: 2025, episodes: [ep('1', { URN: 'SC100005', DECOM: '01/05/2024' })], hits: [0] },
  ],
  [
    '229',
    "PR1 needs a provider in the council's own area (East Sussex, 845), PR2 one in another's; a provider without a known council is not compared",
    {
      episodes: [
        ep('1', { PLACE_PROVIDER: 'PR1' }),
        ep('2', { PLACE_PROVIDER: 'PR2' }), // "another council's" home in our own area
        ep('3', { URN: 'SC100002', PLACE_PROVIDER: 'PR1' }), // "our own" home in Durham
        ep('4', { URN: 'SC100002', PLACE_PROVIDER: 'PR2' }),
        ep('5', { URN: 'SC100002', PLACE_PROVIDER: 'PR4' }),
        ep('6', { URN: '2500003', PLACE_PROVIDER: 'PR1' }),
        ep('7', { URN: 'XXXXXXX', PLACE_PROVIDER: 'PR2' }),
      ],
      hits: [1, 2],
    },
  ],
];

const EAST_SUSSEX = { laCode: '845', onsCode: 'E10000011' };

describe("SSDA903 rules read with Ofsted's provider lists", () => {
  it('every rule reading the lists has cases here, and those are the rules needing reference data', () => {
    const reading = RULES.filter((entry) => entry.needsProviders).map((entry) => entry.code);
    expect(reading.sort()).toEqual([...new Set(CASES.map(([code]) => code))].sort());
    expect(reading.sort()).toEqual([...NEEDS_REFERENCE_DATA.keys()].sort());
  });

  it.each(CASES)('rule %s: %s', (code, _title, testCase) => {
    const entry = RULES_BY_CODE.get(code)!;
    const data = { ...build(testCase.episodes, testCase.year), providers: PROVIDERS, council: EAST_SUSSEX };
    const { findings, skipped } = runRules(data, [entry]);
    expect(skipped).toEqual([]);
    expect(findings.map((finding) => finding.row! - 2)).toEqual(testCase.hits);
    for (const finding of findings) {
      expect(finding).toMatchObject({ rule: code, file: 'episodes.csv', table: 'Episodes', message: entry.message });
      expect(finding.field).toBeTruthy();
    }
  });

  it('the fields named: URN, PLACE, PL_POST, PLACE_PROVIDER, DECOM, DEC, PLACE_PROVIDER', () => {
    const data = {
      ...build([
        ep('1', { URN: 'SC999999' }),
        ep('2', { URN: 'SC100002', PLACE: 'K1', PLACE_PROVIDER: 'PR2', PL_POST: 'ZZ9 9ZZ', DECOM: '01/10/2023' }),
        ep('3', { URN: 'SC100002', DECOM: '01/05/2023', DEC: '01/12/2023', REC: 'E8', PLACE_PROVIDER: 'PR1' }),
      ]),
      providers: PROVIDERS,
      council: EAST_SUSSEX,
    };
    const fields = runRules(
      data,
      ['1008', '219', '221', '224', '227', '228', '229'].map((code) => RULES_BY_CODE.get(code)!),
    ).findings.map((finding) => `${finding.rule}:${finding.row}:${finding.field}`);
    expect(fields).toEqual([
      '1008:2:URN',
      '219:3:PLACE',
      '221:3:PL_POST',
      '224:3:PLACE_PROVIDER',
      '227:3:DECOM',
      '228:3:DEC',
      '228:4:DEC',
      '229:4:PLACE_PROVIDER',
    ]);
  });

  it('without the lists the rules are not run, nor counted as skipped, and are listed as not run with why', () => {
    const data = build([ep('1', { URN: 'SC999999' })]);
    const rules = [...NEEDS_REFERENCE_DATA.keys()].map((code) => RULES_BY_CODE.get(code)!);
    const result = runRules({ ...data, council: EAST_SUSSEX }, rules);
    expect(result).toEqual({ findings: [], skipped: [] });
    const notRun = rulesNotRun(data, result.skipped).filter((entry) => NEEDS_REFERENCE_DATA.has(entry.code));
    expect(notRun.map((entry) => entry.code).sort()).toEqual([...NEEDS_REFERENCE_DATA.keys()].sort());
    for (const entry of notRun) expect(entry.reason).toBe(`not checked: needs ${NEEDS_REFERENCE_DATA.get(entry.code)}`);
    // One list without the other: not run, saying which list is missing.
    const incomplete = { ...data, providersIncomplete: "needs Ofsted's Social Care Providers list as well" };
    for (const entry of rulesNotRun(incomplete, []).filter((entry) => NEEDS_REFERENCE_DATA.has(entry.code)))
      expect(entry.reason).toBe("not checked: needs Ofsted's Social Care Providers list as well");
    // With the lists, none is listed, except 229 without the council's code, which says so.
    const given = { ...data, providers: PROVIDERS };
    const run = runRules(given, rules);
    expect(run.skipped).toEqual(['229']);
    expect(
      rulesNotRun(given, run.skipped)
        .filter((entry) => NEEDS_REFERENCE_DATA.has(entry.code))
        .map((entry) => entry.code),
    ).toEqual(['229']);
  });
});
