/**
 * How the 903's social worker episodes are stored: SW_REASON says why an episode began (DfE's
 * SW10STG2 reads it on the current episode); ssd_involvements.invo_worker_change_reason why an
 * allocation ended. Hand-worked on one child's episodes.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { SourceRow } from '../types.ts';
import { ssda903Importer } from './importer.ts';
import { map903, type MappingResult } from './mapping.ts';
import { collectionYear } from './values.ts';

let line = 1;
const row = (table: string, values: Record<string, string>): SourceRow => ({ file: `${table}.csv`, table, line: ++line, values });
const header = row('Header', { CHILD: 'K1', SEX: 'F', DOB: '01/02/2010', ETHNIC: 'WBRI', UPN: '', MOTHER: '0', MC_DOB: '' });
const sw = (id: string, start: string, end: string, reason: string) =>
  row('SWEpisodes', { CHILD: 'K1', DOB: '01/02/2010', SW_ID: id, SW_DECOM: start, SW_DEC: end, SW_REASON: reason });

function storedReasons(episodes: SourceRow[]): Array<[string, string | null]> {
  const { writes } = map903({ Header: [header], SWEpisodes: episodes }, collectionYear(2025), new Set());
  const involvements = writes.find((write) => write.table === 'ssd_involvements')!;
  const at = (column: string) => involvements.columns.indexOf(column);
  return involvements.rows.map((cells) => [cells[at('invo_professional_id')] as string, cells[at('invo_worker_change_reason')] as string | null]);
}

describe('903 social worker episodes → allocations', () => {
  it("stores each SW_REASON as the end reason of the episode it took over from, in date order whatever the file's order", () => {
    expect(
      storedReasons([
        sw('SW3', '01/10/2024', '', 'LEFTRL'),
        sw('SW1', '01/04/2023', '01/06/2024', 'TSPROC'),
        // Starts six days before SW1 ended (DfE's ± 7 days): it took over from SW1.
        sw('SW2', '26/05/2024', '28/09/2024', 'MANAGE'),
      ]).sort(),
    ).toEqual([
      // SW1's own reason (why it began) follows no episode in the return: not stored.
      ['SW1', 'MANAGE'],
      ['SW2', 'LEFTRL'],
      ['SW3', null],
    ]);
  });

  it('keeps no end reason across a gap of more than seven days (a new start, not a change of worker)', () => {
    expect(storedReasons([sw('SW1', '01/04/2023', '01/06/2024', ''), sw('SW2', '09/06/2024', '', 'CHCHAN')]).sort()).toEqual([
      ['SW1', null],
      ['SW2', null],
    ]);
    expect(storedReasons([sw('SW1', '01/04/2023', '01/06/2024', ''), sw('SW2', '08/06/2024', '', 'CHCHAN')]).sort()).toEqual([
      ['SW1', 'CHCHAN'],
      ['SW2', null],
    ]);
  });
});

describe('903 home postcodes → addresses', () => {
  const episode = (decom: string, dec: string, home: string, rne = 'P') =>
    row('Episodes', {
      CHILD: 'K1',
      DECOM: decom,
      RNE: rne,
      LS: 'C2',
      CIN: 'N1',
      PLACE: 'U1',
      PLACE_PROVIDER: 'PR1',
      DEC: dec,
      REC: dec ? 'X1' : '',
      REASON_PLACE_CHANGE: '',
      HOME_POST: home,
      PL_POST: 'KS1 1AA',
      URN: '',
    });

  it('stores one home address per run of episodes with the same HOME_POST, from its first start to the next one with another', () => {
    const { writes } = map903(
      {
        Header: [header],
        Episodes: [
          episode('01/05/2024', '01/07/2024', 'KS2 2BB', 'S'),
          episode('01/07/2024', '01/09/2024', 'ks2 2bb'),
          episode('01/09/2024', '01/11/2024', ''),
          episode('01/11/2024', '', 'KS3 3CC'),
        ],
      },
      collectionYear(2025),
      new Set(),
    );
    const addresses = writes.find((write) => write.table === 'ssd_address')!;
    expect(addresses.rows).toEqual([
      ['903/K1/2024-05-01/HOME', 'K1', 'Home', '2024-05-01', '2024-11-01', 'KS2 2BB'],
      ['903/K1/2024-11-01/HOME', 'K1', 'Home', '2024-11-01', null, 'KS3 3CC'],
    ]);
  });
});

describe('903 rows counted, not built (a validation)', () => {
  /** What a validation reads of a mapping: each table's row count, the insertOnly rows (counted by key), and the rows refused with why. */
  const counted = ({ writes, rejected }: MappingResult) => ({
    tables: writes.map((write) => [write.table, write.rows.length, write.insertOnly ? write.rows : null]),
    rejected: rejected.map(({ row, findings }) => [row.file, row.line, findings]),
  });
  const same = (accepted: Record<string, SourceRow[]>, existing: ReadonlySet<string>) => {
    const built = map903(accepted, collectionYear(2025), existing);
    expect(counted(map903(accepted, collectionYear(2025), existing, { countOnly: true }))).toEqual(counted(built));
    return built;
  };

  it('counts what an import would store and refuses the same rows, faults included', () => {
    const episode = (child: string, decom: string, dec: string, values: Record<string, string> = {}) =>
      row('Episodes', {
        CHILD: child,
        DECOM: decom,
        RNE: 'P',
        LS: 'C2',
        CIN: 'N1',
        PLACE: 'U1',
        DEC: dec,
        REC: dec ? 'X1' : '',
        HOME_POST: 'KS1 1AA',
        ...values,
      });
    const built = same(
      {
        Header: [header, row('Header', { CHILD: 'K1', SEX: '1', DOB: '01/02/2010' })],
        Episodes: [
          episode('K1', '01/05/2024', '01/07/2024', { RNE: 'S' }),
          episode('K1', '01/07/2024', '', { RNE: 'L', LS: 'E1', HOME_POST: 'KS2 2BB' }),
          episode('K1', '01/07/2024', ''),
          episode('K1', '31/02/2024', ''),
          episode('K9', '01/06/2024', ''),
        ],
        Reviews: [row('Reviews', { CHILD: 'K1', REVIEW: '01/08/2024', REVIEW_CODE: 'PN1' }), row('Reviews', { CHILD: 'K1', REVIEW: '', REVIEW_CODE: '' })],
        Missing: [row('Missing', { CHILD: 'K1', MIS_START: '02/08/2024', MIS_END: '03/08/2024', MISSING: 'M' })],
        OC2: [row('OC2', { CHILD: 'K1', SDQ_SCORE: '10' }), row('OC2', { CHILD: 'K1', SDQ_SCORE: '11' })],
        OC3: [row('OC3', { CHILD: 'K1', ACCOM: 'B1' }), row('OC3', { CHILD: 'K1', ACCOM: 'B2' })],
        DoLO: [row('DoLO', { CHILD: 'K1', DOLO_START: '01/09/2024', DOLO_END: '01/08/2024' })],
        SWEpisodes: [
          sw('SW1', '01/04/2024', '01/06/2024', ''),
          sw('SW1', '02/06/2024', '', 'MANAGE'),
          sw('', '01/07/2024', '', ''),
          sw('SW2', '01/09/2024', '01/08/2024', ''),
        ],
      },
      new Set(),
    );
    // Every kind of refusal the mapping makes is among them.
    expect(new Set(built.rejected.flatMap(({ findings }) => findings.map((finding) => finding.rule)))).toEqual(
      new Set(['KS-DUPLICATE', 'KS-REQUIRED', 'KS-PERSON', 'KS-DATES']),
    );
  });

  const FIXTURES = path.join(fileURLToPath(new URL('../../../', import.meta.url)), '..', 'shared', 'fixtures', 'ssda903');
  it.skipIf(!existsSync(FIXTURES))('gives the same counts and refusals on the shared fixture (2,675 children)', () => {
    const files = readdirSync(FIXTURES)
      .filter((name) => name.endsWith('.csv'))
      .map((name) => ({ name, bytes: new Uint8Array(readFileSync(path.join(FIXTURES, name))) }));
    const prepared = ssda903Importer.prepare(files, {});
    if (prepared instanceof Promise) throw new Error('the 903 importer prepares synchronously');
    const lines = (planned: ReturnType<typeof prepared.writes>) => ({
      tables: planned.writes.map((write) => [write.table, write.rows.length, write.insertOnly ? write.rows : null]),
      refused: planned.lateRejections,
      rows: planned.lateRejectedRows,
    });
    const built = lines(prepared.writes(prepared.childIds, []));
    expect(built.tables.find(([table]) => table === 'ssd_cla_reviews')![1]).toBe(12_568);
    expect(lines(prepared.writes(prepared.childIds, [], { countOnly: true }))).toEqual(built);
  });
});
