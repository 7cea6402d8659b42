/** The benchmarks as the indicator page shows them, for a council whose la_code is Durham's (840). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../core/http/app.ts';
import { signedInAs, testConfig } from '../../../test/support/http.ts';
import { engines } from '../../../test/support/engines.ts';
import { AS_OF, loadCaseloadFixture } from '../../caseloads/test-fixture.ts';
import { indicatorRoutes } from '../routes.ts';
import { indicatorDatabase } from '../test-support.ts';

describe.each(engines)('benchmarks on the indicator page on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof indicatorDatabase>>;
  let app: FastifyInstance;
  let cookie: string;
  const page = async (id: string) => (await app.inject({ method: 'GET', url: `/indicators/${id}?as_of=${AS_OF}`, headers: { cookie } })).body;

  beforeAll(async () => {
    database = await indicatorDatabase(url);
    await loadCaseloadFixture(database);
    app = await buildApp({ database, config: testConfig() }, [indicatorRoutes]);
    cookie = (await signedInAs(database, { username: 'leader', roles: ['senior_leader'], professionalId: null })).cookie;
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('asks for the council’s code until it is set, then shows each comparator’s value with its year', async () => {
    expect(await page('demand.re_referrals_pct')).toContain('Set the council’s code (setting la_code) to compare');

    await sql`INSERT INTO ks_setting (setting_key, setting_value) VALUES ('la_code', '840')`.execute(database.db);
    const body = await page('demand.re_referrals_pct');
    expect(body).toContain('England, 2025');
    expect(body).toContain('20.7% — North East (DfE published regional figure), 2025');
    expect(body).toContain('19.2% — Statistical neighbours (mean of 10 of 10 councils’ published values), 2025');
    expect(await page('timeliness.assessments_45wd_pct')).toContain('Statistical neighbours: not available (no published values shipped)');
  });
});
