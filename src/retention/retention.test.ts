import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { engines, freshDatabase } from '../../test/support/engines.ts';
import { signedInAs, testConfig } from '../../test/support/http.ts';
import { insertRows } from '../core/db/bulk.ts';
import { buildApp } from '../core/http/app.ts';
import { recordsDueForReview } from './rules.ts';
import { retentionRoutes } from './routes.ts';

/**
 * On 2026-11-23:
 * A looked after once, born 1950-01-01 → due on the 75th birthday, 2025-01-01.
 * B child protection plan ended 1980-06-30 (last contact), never looked after → due 2015-06-30.
 * C child in need only, born 2000-03-01 → due 3 years after the 18th birthday: 2021-03-01.
 * D child in need only, born 2010-01-01 → due 2031: not yet.
 * E born 2000-03-01 but with an open referral → never due while open.
 * F looked after, born 2000-01-01 → due 2075: not yet.
 */
describe.each(engines)('retention on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let app: FastifyInstance;
  beforeAll(async () => {
    database = await freshDatabase(url);
    const { db } = database;
    await insertRows(
      db,
      'ssd_person',
      ['pers_person_id', 'pers_dob'],
      [
        ['A', '1950-01-01'],
        ['B', '1970-01-01'],
        ['C', '2000-03-01'],
        ['D', '2010-01-01'],
        ['E', '2000-03-01'],
        ['F', '2000-01-01'],
      ],
    );
    await insertRows(
      db,
      'ssd_cin_episodes',
      ['cine_referral_id', 'cine_person_id', 'cine_referral_date', 'cine_close_date'],
      [
        ['R-A', 'A', '1960-01-01', '1968-01-01'],
        ['R-B', 'B', '1979-01-01', '1980-06-30'],
        ['R-C', 'C', '2010-01-01', '2011-01-01'],
        ['R-D', 'D', '2015-01-01', '2015-06-01'],
        ['R-E', 'E', '2020-01-01', null],
        ['R-F', 'F', '2010-01-01', '2012-01-01'],
      ],
    );
    await insertRows(
      db,
      'ssd_cla_episodes',
      ['clae_cla_episode_id', 'clae_person_id', 'clae_cla_episode_start_date', 'clae_cla_episode_ceased_date'],
      [
        ['E-A', 'A', '1961-01-01', '1967-01-01'],
        ['E-F', 'F', '2010-06-01', '2011-06-01'],
      ],
    );
    await insertRows(
      db,
      'ssd_cp_plans',
      ['cppl_cp_plan_id', 'cppl_person_id', 'cppl_cp_plan_start_date', 'cppl_cp_plan_end_date'],
      [['P-B', 'B', '1979-02-01', '1980-06-30']],
    );
    await insertRows(db, 'ssd_cin_assessments', ['cina_assessment_id', 'cina_person_id', 'cina_assessment_start_date'], [['AS-B', 'B', '1979-01-02']]);
    await insertRows(db, 'ssd_assessment_factors', ['cinf_table_id', 'cinf_assessment_id'], [['F-B', 'AS-B']]);
    // A deprivation of liberty order from an SSDA903 return (ks_903_dolo): the record's too.
    await insertRows(db, 'ks_903_dolo', ['dolo_id', 'dolo_person_id', 'dolo_start_date'], [['903/B/1979-03-01/DOLO', 'B', '1979-03-01']]);
    app = await buildApp({ database, config: testConfig() }, [retentionRoutes]);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('lists the records past their retention period by the right rule', async () => {
    expect(await recordsDueForReview(database, '2026-11-23')).toEqual([
      { personId: 'B', rule: 'child_protection', dueDate: '2015-06-30' },
      { personId: 'C', rule: 'child_in_need', dueDate: '2021-03-01' },
      { personId: 'A', rule: 'looked_after', dueDate: '2025-01-01' },
    ]);
  });

  it('deletes a due record only after a recorded review, from every table, and audits it', async () => {
    const ig = await signedInAs(database, { username: 'ig.retention', roles: ['information_governance'] });
    const unconfirmed = await app.inject({
      method: 'POST',
      url: '/audit/retention/delete',
      headers: { cookie: ig.cookie },
      payload: { _csrf: ig.csrfToken, child_id: 'B', reason: 'RR-2026-11' },
    });
    expect(unconfirmed.statusCode).toBe(400);
    const notDue = await app.inject({
      method: 'POST',
      url: '/audit/retention/delete',
      headers: { cookie: ig.cookie },
      payload: { _csrf: ig.csrfToken, child_id: 'D', reason: 'RR-2026-11', confirm: 'yes' },
    });
    expect(notDue.statusCode).toBe(400);
    const done = await app.inject({
      method: 'POST',
      url: '/audit/retention/delete',
      headers: { cookie: ig.cookie },
      payload: { _csrf: ig.csrfToken, child_id: 'B', reason: 'RR-2026-11', confirm: 'yes' },
    });
    expect(done.statusCode).toBe(303);
    const left = await sql<{
      n: number;
    }>`SELECT (SELECT count(*) FROM ssd_person WHERE pers_person_id = 'B') + (SELECT count(*) FROM ssd_cp_plans WHERE cppl_person_id = 'B')
      + (SELECT count(*) FROM ssd_cin_episodes WHERE cine_person_id = 'B') + (SELECT count(*) FROM ssd_assessment_factors)
      + (SELECT count(*) FROM ks_903_dolo) AS n`.execute(database.db);
    expect(Number(left.rows[0]!.n)).toBe(0);
    expect(Number((await sql<{ n: number }>`SELECT count(*) AS n FROM ssd_person`.execute(database.db)).rows[0]!.n)).toBe(5);
    const event = await database.db.selectFrom('ks_audit_event').select(['child_ids', 'details']).where('action', '=', 'data.change').executeTakeFirstOrThrow();
    expect(event.child_ids).toEqual(['B']);
    expect(event.details).toMatchObject({ retention_deletion: true, rule: 'child_protection', reason: 'RR-2026-11' });
  });
});
