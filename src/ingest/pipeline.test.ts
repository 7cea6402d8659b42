import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { engines, freshDatabase } from '../../test/support/engines.ts';
import { runImport, type ImportProgress, type ImportRequest } from './pipeline.ts';
import type { InputFile } from './types.ts';

const file = (name: string, text: string): InputFile => ({ name, bytes: new TextEncoder().encode(text) });
const actor = { userId: null, username: 'test', ip: null, requestId: null };

const HEADER = 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n';
const EPISODES = 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n';
/** A small 2023-24 return: two children, three episodes (one placement change), a review, a missing period. */
function smallReturn(overrides: { header?: string; episodes?: string } = {}): InputFile[] {
  return [
    file('header.csv', HEADER + (overrides.header ?? 'C1,1,01/01/2012,WBRI,UN3,,\nC2,2,01/01/2010,WIRI,UN3,0,\n')),
    file(
      'episodes.csv',
      EPISODES +
        (overrides.episodes ??
          'C1,01/05/2023,S,C2,N1,U1,PR1,01/08/2023,X1,,,,\nC1,01/08/2023,P,C2,N1,U3,PR1,,,CARPL,,,\nC2,01/06/2023,S,V2,N2,R1,PR4,,,,,,SC123\n'),
    ),
    file('reviews.csv', 'CHILD,DOB,REVIEW,REVIEW_CODE\nC1,01/01/2012,01/06/2023,PN1\n'),
    file('missing.csv', 'CHILD,DOB,MISSING,MIS_START,MIS_END\nC2,01/01/2010,M,02/07/2023,04/07/2023\n'),
  ];
}

describe.each(engines)('the import pipeline on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  const run = (files: InputFile[], extra: Partial<ImportRequest> = {}) =>
    runImport(database, { format: '903', files, mode: 'lenient', dryRun: false, actor, ...extra });
  const count = async (table: string) => Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(database.db)).rows[0]!.n);
  const snapshot = async () => ({
    person: await count('ssd_person'),
    episodes: await count('ssd_cla_episodes'),
    placements: await count('ssd_cla_placement'),
    sources: await count('ks_row_source'),
  });

  beforeAll(async () => {
    database = await freshDatabase(url);
  });
  afterAll(() => database.drop());

  it('a dry run counts everything and writes nothing', async () => {
    const result = await run(smallReturn(), { dryRun: true });
    expect(result.status).toBe('checked');
    expect(result.counts.new).toBeGreaterThan(0);
    expect(await snapshot()).toEqual({ person: 0, episodes: 0, placements: 0, sources: 0 });
  });

  it('reports its progress: checking the files, then writing each table', async () => {
    const seen: ImportProgress[] = [];
    const result = await run(smallReturn(), { dryRun: true, onProgress: (progress) => seen.push(progress) });
    expect(result.status).toBe('checked');
    expect(seen.slice(0, 2).map(({ stage, done, total }) => [stage, done, total])).toEqual([
      ['checking', 0, 4],
      ['checking', 4, 4],
    ]);
    const writes = seen.filter((progress) => progress.stage === 'writing');
    expect(writes.length).toBeGreaterThan(1);
    expect(writes.map((progress) => progress.done)).toEqual(writes.map((_, index) => index));
    expect(writes[0]!.detail).toBe('ssd_person');
  });

  it('a crash part-way leaves the database as it was, and the failure is recorded', async () => {
    const result = await run(smallReturn(), { failAfterTable: 'ssd_cla_episodes' });
    expect(result.status).toBe('failed');
    expect(result.message).toMatch(/Injected failure/);
    expect(await snapshot()).toEqual({ person: 0, episodes: 0, placements: 0, sources: 0 });
    const recorded = await sql<{ status: string }>`SELECT status FROM ks_import WHERE import_id = ${result.importId}`.execute(database.db);
    expect(recorded.rows[0]!.status).toBe('failed');
  });

  it('imports a return into the SSD tables, with 903 codes, derived placements and provenance', async () => {
    const result = await run(smallReturn());
    expect(result.status).toBe('committed');
    expect(result.summary.collectionYear).toBe('2023-24');
    const byTable = Object.fromEntries(result.tables.map((table) => [table.table, table.new]));
    expect(byTable).toMatchObject({ ssd_person: 2, ssd_cla_episodes: 3, ssd_cla_placement: 3, ssd_legal_status: 2, ssd_cla_reviews: 1, ssd_missing: 1 });
    const episode = await sql<Record<string, unknown>>`SELECT * FROM ssd_cla_episodes WHERE clae_cla_episode_id = '903/C1/2023-08-01'`.execute(database.db);
    expect(episode.rows[0]).toMatchObject({
      clae_person_id: 'C1',
      clae_cla_episode_start_reason: 'P',
      clae_cla_id: '903/C1/2023-05-01',
      clae_entered_care_date: '2023-05-01',
      clae_legal_status: 'C2',
    });
    const placement = await sql<
      Record<string, unknown>
    >`SELECT * FROM ssd_cla_placement WHERE clap_person_id = 'C1' ORDER BY clap_cla_placement_start_date`.execute(database.db);
    expect(placement.rows.map((row) => [row.clap_cla_placement_type, row.clap_cla_placement_end_date])).toEqual([
      ['U1', '2023-08-01'],
      ['U3', null],
    ]);
    const sources = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ks_row_source WHERE import_id = ${result.importId}`.execute(database.db);
    expect(sources.rows[0]!.n).toBe(result.counts.new);
    const audit = await sql<{
      action: string;
      details: unknown;
    }>`SELECT action, details FROM ks_audit_event WHERE subject_id = ${String(result.importId)}`.execute(database.db);
    expect(audit.rows[0]!.action).toBe('import');
  });

  it('leaves fresh planner statistics on the tables it wrote (the background recompute plans on them)', async () => {
    const estimated = async (table: string) =>
      Number((await sql<{ n: number }>`SELECT reltuples::int AS n FROM pg_class WHERE oid = to_regclass(${table})`.execute(database.db)).rows[0]!.n);
    for (const table of ['ssd_person', 'ssd_cla_episodes']) expect([table, await estimated(table)]).toEqual([table, await count(table)]);
  });

  it('re-importing the same files changes nothing and says so', async () => {
    const before = await snapshot();
    const result = await run(smallReturn());
    expect(result.counts).toMatchObject({ new: 0, updated: 0 });
    expect(result.counts.unchanged).toBeGreaterThan(0);
    expect(result.previousImportId).not.toBeNull();
    expect(result.message).toMatch(/Nothing changed/);
    expect(await snapshot()).toEqual(before);
  });

  it('a changed row is updated, keeps what other sources knew, and records the new import', async () => {
    await sql`UPDATE ssd_person SET pers_forename = 'Kept' WHERE pers_person_id = 'C1'`.execute(database.db);
    const result = await run(smallReturn({ header: 'C1,1,01/01/2012,WOTH,UN3,,\nC2,2,01/01/2010,WIRI,UN3,0,\n' }));
    expect(result.tables.find((table) => table.table === 'ssd_person')).toMatchObject({ new: 0, updated: 1, unchanged: 1 });
    const person = await sql<Record<string, unknown>>`SELECT pers_forename, pers_ethnicity FROM ssd_person WHERE pers_person_id = 'C1'`.execute(database.db);
    expect(person.rows[0]).toEqual({ pers_forename: 'Kept', pers_ethnicity: 'WOTH' });
    const source = await sql<{ import_id: number }>`SELECT import_id FROM ks_row_source WHERE table_name = 'ssd_person' AND row_pk = 'C1'`.execute(database.db);
    expect(Number(source.rows[0]!.import_id)).toBe(result.importId);
  });

  it('quarantines rows that cannot be stored, with file, row, rule and the raw row; the rest commit', async () => {
    const result = await run(
      smallReturn({
        episodes:
          'C1,01/05/2023,S,C2,N1,U1,PR1,01/08/2023,X1,,,,\nC1,31/02/2023,P,C2,N1,U3,PR1,,,,,,\nC9,01/06/2023,S,C2,N1,U1,PR1,,,,,,\nC2,=SUM(A1:B2),S,C2,N1,U1,PR1,,,,,,\nC2,"01/06/2023,S,C2,N1,U1,PR1,,,,,,\n',
      }),
    );
    expect(result.status).toBe('committed');
    expect(result.counts.rejected).toBe(4);
    const rows = await sql<{ row_number: number; rule_codes: string[]; raw_row: unknown }>`
      SELECT row_number, rule_codes, raw_row FROM ks_import_quarantine WHERE import_id = ${result.importId} ORDER BY row_number`.execute(database.db);
    expect(rows.rows.map((row) => [row.row_number, row.rule_codes])).toEqual([
      [3, ['141']],
      [4, ['KS-PERSON']],
      [5, ['KS-FORMULA']],
      [6, ['KS-CSV']],
    ]);
    const raw = typeof rows.rows[0]!.raw_row === 'string' ? JSON.parse(rows.rows[0]!.raw_row) : rows.rows[0]!.raw_row;
    expect(raw).toMatchObject({ CHILD: 'C1', DECOM: '31/02/2023' });
  });

  it('strict mode writes nothing when there is any error', async () => {
    const before = await snapshot();
    const result = await run(smallReturn({ header: 'C1,1,01/01/2012,WBRI,UN3,,\nC2,7,01/01/2010,WIRI,UN3,0,\nC3,1,01/01/2011,WBRI,UN3,,\n' }), {
      mode: 'strict',
    });
    expect(result.status).toBe('rejected');
    expect(result.findings.some((finding) => finding.rule === '101')).toBe(true);
    expect(await snapshot()).toEqual(before);
  });
});
