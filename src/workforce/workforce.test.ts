import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../core/db/database.ts';
import { engines, freshDatabase } from '../../test/support/engines.ts';
import { AS_OF, loadWorkforceFixture } from '../../test/support/workforce-fixture.ts';
import { asyePipeline, workforceMeasuresOn, workforceTrend } from './measures.ts';
import { workerChangesOn } from './changes.ts';
import { allocationWaits, childrenAwaitingAllocation, daysClosed, listClosures, validateClosure, whereWorkWent } from './closures.ts';
import { importHrCsv, listPosts } from './establishment.ts';
import { insertRows } from '../core/db/bulk.ts';

const options = { threshold: 10, scope: { kind: 'all' } as const, asyeCaseloadPct: 80 };
const csv = (text: string) => new TextEncoder().encode(text);

describe.each(engines)('workforce rules on $name (fixture worked by hand in test/support/workforce-fixture.ts)', ({ url }) => {
  let database: Database;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const fresh = await freshDatabase(url);
    database = fresh;
    drop = fresh.drop;
    await loadWorkforceFixture(database);
  });
  afterAll(async () => drop?.());

  it('measures team T1 by the DfE workforce-census definitions', async () => {
    const measures = await workforceMeasuresOn(database, AS_OF, options);
    const t1 = measures.teams.find((team) => team.teamId === 'T1')!;
    // In post A 1 + B 0.5 + E 1 + F 1 = 3.5 employed; C 1 agency. Funded 5 (the 0.5 post ended 1 Jan).
    expect(t1).toMatchObject({ fundedFte: 5, posts: 5, fteInPost: 3.5, agencyFte: 1, headcount: 5, vacancyFte: 1.5 });
    expect(t1.vacancyRatePct).toBe(30); // 1.5 / (1.5 + 3.5)
    expect(t1.agencyRatePct).toBe(22.2); // 1 / (1 + 3.5)
    // D left on 1 Feb 2024 (no continuing membership); F moved from T2 and is not a leaver.
    expect(t1).toMatchObject({ leavers: 1, leaverFte: 1, starters: 2 }); // starters C (1 Jan 2024), E (1 Sep 2023)
    expect(t1.turnoverRatePct).toBe(28.6); // 1 / 3.5
    // Cases 10 + 6 + 12 + 8 + 1 = 37 over caseload FTE 1 + 0.5 + 1 + 0.8 (ASYE at 80%) + 1 = 4.3.
    expect(t1).toMatchObject({ cases: 37, caseloadFte: 4.3, caseloadPerFte: 8.6, overThreshold: 1, overThresholdPct: 20 });
    const t2 = measures.teams.find((team) => team.teamId === 'T2')!;
    expect(t2).toMatchObject({ fundedFte: 2, fteInPost: 0, vacancyFte: 2, vacancyRatePct: 100, agencyRatePct: null, leavers: 0 });
    expect(measures.total).toMatchObject({ fundedFte: 7, fteInPost: 3.5, vacancyFte: 3.5, vacancyRatePct: 50, agencyRatePct: 22.2, turnoverRatePct: 28.6 });
  });

  it('keeps a team manager to their scope, and the monthly trend matches the single date', async () => {
    const scoped = await workforceMeasuresOn(database, AS_OF, { ...options, scope: { kind: 'teams', teamIds: ['T2'] } });
    expect(scoped.teams.map((team) => team.teamId)).toEqual(['T2']);
    expect(scoped.total.vacancyFte).toBe(2);
    const trend = await workforceTrend(database, AS_OF, 3, options);
    expect(trend.map((point) => point.asOf)).toEqual(['2024-01-31', '2024-02-29', '2024-03-31']);
    expect(trend[2]!.total).toEqual((await workforceMeasuresOn(database, AS_OF, options)).total);
    // 31 Jan: D still in post (A, B, D, E employed = 3.5; F in T2), funded T1 5 + T2 2.
    expect(trend[0]!.teams.find((team) => team.teamId === 'T1')).toMatchObject({ fteInPost: 3.5, leavers: 0 });
  });

  it('counts the ASYE pipeline by September year', async () => {
    const pipeline = await asyePipeline(database, AS_OF, { kind: 'all' });
    expect(pipeline).toEqual([{ cohort: '2023/24', starters: 1, stayedAYear: null, stayedPct: null, fundedPosts: 1 }]);
    const later = await asyePipeline(database, '2024-09-30', { kind: 'all' });
    expect(later[0]).toMatchObject({ stayedAYear: 1, stayedPct: 100 });
  });

  it('counts changes of social worker per child and their reasons', async () => {
    const changes = await workerChangesOn(database, AS_OF, { kind: 'all' });
    expect(changes.children).toBe(37);
    expect(changes.lastYear.map((bucket) => bucket.children)).toEqual([36, 0, 1, 0, 0]);
    expect(changes.sinceOpened.map((bucket) => bucket.children)).toEqual([36, 0, 1, 0, 0]);
    expect(changes).toMatchObject({
      threeOrMoreLastYear: 1,
      threeOrMoreLastYearPct: 2.7,
      changes: 2,
      allocatedChildrenChanges: 2,
      averageChangesLastYear: 0.05,
    });
    expect(changes.reasons.map((reason) => [reason.code, reason.changes])).toEqual([
      ['LEFTRL', 1],
      ['MANAGE', 1],
    ]);
    // Team T2 has no worker on the date, so no children; the changes are counted in the team left.
    expect((await workerChangesOn(database, AS_OF, { kind: 'teams', teamIds: ['T2'] })).children).toBe(0);
  });

  it('finds children awaiting allocation, the waits, and where work went during a closure', async () => {
    expect(await childrenAwaitingAllocation(database, AS_OF)).toEqual([
      { personId: 'X', referralDate: '2024-03-01', referralTeam: 'Team One', waitingDays: 30 },
    ]);
    const waits = await allocationWaits(database, AS_OF);
    expect(waits).toMatchObject({ referrals: 2, allocated: 1, stillWaiting: 1, medianDays: 5 });
    expect(waits.bands.find((band) => band.label === '1 to 5 days')!.referrals).toBe(1);
    const [closure] = await listClosures(database);
    expect(daysClosed(closure!, AS_OF)).toBe(43);
    const went = await whereWorkWent(database, closure!, AS_OF);
    expect(went.days).toBe(43);
    expect(went.teams).toEqual([{ teamId: 'T1', teamName: 'Team One', before: 36, during: 0, change: -36 }]);
  });

  it('refuses an overlapping or back-to-front closure', async () => {
    const teamIds = new Set(['T1', 'T2']);
    const overlapping = (await validateClosure(database, { team: 'T1', start: '2024-03-01', end: '', reason: 'Sickness' }, { teamIds })).errors[0]!;
    expect(overlapping.field).toBe('start');
    expect(overlapping.message).toMatch(/^This overlaps the closure from \d{1,2} [A-Z][a-z]+ \d{4}( to \d{1,2} [A-Z][a-z]+ \d{4}| \(still closed\))$/);
    expect(
      (await validateClosure(database, { team: 'T2', start: '2024-03-01', end: '2024-02-01', reason: 'x' }, { teamIds })).errors.map((error) => error.field),
    ).toEqual(['end']);
    expect((await validateClosure(database, { team: 'T2', start: '2024-03-01', end: '', reason: 'Vacancies' }, { teamIds })).closure).toEqual({
      teamId: 'T2',
      start: '2024-03-01',
      end: null,
      reason: 'Vacancies',
    });
  });

  it('imports the HR CSV all or nothing, reports bad rows by row and field, and is idempotent', async () => {
    const bad = await importHrCsv(
      database,
      csv(
        'post_id,team_id,role,fte,funded_from,funding_source\nN-1,T2,social_worker,1,2024-04-01,Investment\nN-2,T9,wizard,2,2024-13-01,\n=cmd,T2,social_worker,1,2024-04-01,x\n',
      ),
    );
    expect(bad.committed).toBe(false);
    expect(bad.problems.map((problem) => [problem.row, problem.field])).toEqual([
      [3, 'team_id'],
      [3, 'role'],
      [3, 'fte'],
      [3, 'funded_from'],
      [3, 'funding_source'],
      [4, 'post_id'],
    ]);
    expect(await listPosts(database, { postId: 'N-1' })).toEqual([]);
    expect((await importHrCsv(database, csv('post_id,team_id\nN-1,T2\n'))).problems.map((problem) => problem.message)).toContain(
      'The header has no role column',
    );

    const good =
      'Post ID,team_id,role,fte,funded_from,funded_to,funding_source,investment\nN-1,T2,social_worker,1,01/04/2024,,Investment,Cabinet March 2024\nT2-1,T2,senior_social_worker,1,2020-01-01,,Base budget,\n';
    expect(await importHrCsv(database, csv(good), { dryRun: true })).toMatchObject({ rows: 2, inserted: 1, updated: 1, committed: false });
    expect(await importHrCsv(database, csv(good))).toMatchObject({ rows: 2, inserted: 1, updated: 1, unchanged: 0, committed: true, problems: [] });
    expect(await importHrCsv(database, csv(good))).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
    expect((await listPosts(database, { postId: 'N-1' }))[0]).toMatchObject({ teamId: 'T2', fundedFrom: '2024-04-01', investment: 'Cabinet March 2024' });
  });

  it('keeps the changes per allocated child apart from every change recorded, which includes children no longer allocated', async () => {
    // Child Q: A (2023-05-01 → 2023-09-01, LEFTRL) while B held Q (2023-08-01 → 2023-12-01, closed): one change recorded in
    // T1 in the 12 months, for a child nobody holds on 31 March 2024.
    await insertRows(database.db, 'ssd_person', ['pers_person_id'], [['Q']]);
    await insertRows(
      database.db,
      'ssd_involvements',
      [
        'invo_involvements_id',
        'invo_professional_id',
        'invo_professional_role_id',
        'invo_involvement_start_date',
        'invo_involvement_end_date',
        'invo_worker_change_reason',
        'invo_person_id',
      ],
      [
        ['IQ1', 'A', 'ALLOCATED_CASE_WORKER', '2023-05-01', '2023-09-01', 'LEFTRL', 'Q'],
        ['IQ2', 'B', 'ALLOCATED_CASE_WORKER', '2023-08-01', '2023-12-01', null, 'Q'],
      ],
    );
    const changes = await workerChangesOn(database, AS_OF, { kind: 'all' });
    // Recorded: W's two and Q's one. Allocated children: still 37, W's 3 workers − 1 = 2 changes; 2 / 37 = 0.05.
    expect(changes).toMatchObject({ children: 37, changes: 3, allocatedChildrenChanges: 2, averageChangesLastYear: 0.05 });
  });
});
