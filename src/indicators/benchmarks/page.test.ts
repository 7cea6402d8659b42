/** The benchmarks as the indicator page shows them, for a council whose la_code is Durham's (840). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../core/http/app.ts';
import { signedInAs, testConfig } from '../../../test/support/http.ts';
import { engines } from '../../../test/support/engines.ts';
import { AS_OF, loadCaseloadFixture } from '../../../test/support/caseload-fixture.ts';
import { indicatorRoutes } from '../routes/index.ts';
import { indicatorDatabase } from '../../../test/support/indicators.ts';

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
    expect(await page('demand.re_referrals_pct')).toContain('Not compared: an administrator sets the council’s code in Council settings');

    await sql`INSERT INTO ks_setting (setting_key, setting_value) VALUES ('la_code', '840')`.execute(database.db);
    const body = await page('demand.re_referrals_pct');
    expect(body).toContain('England, 2025');
    // Each value reads beside its row's name without repeating it.
    const row = (html: string, key: string) =>
      new RegExp(`<dt class="govuk-summary-list__key">\\s*${key}\\s*</dt>\\s*<dd class="govuk-summary-list__value">\\s*([^<]*?)\\s*</dd>`).exec(html)?.[1];
    expect(row(body, 'Region')).toBe('20.7%: North East, DfE published regional figure, 2025');
    expect(row(body, 'Statistical neighbours')).toBe('19.2%: mean of 10 of 10 councils’ published values, 2025');
    const none = await page('timeliness.assessments_45wd_pct');
    expect(row(none, 'Statistical neighbours')).toBe('Not available: Keystone holds no published figure for this measure');
    expect(row(none, 'Region')).toBe('Not available for North East: Keystone holds no published figure for this measure');
  });

  it('compares with the region and comparator councils chosen in the settings instead of the code’s own', async () => {
    await sql`INSERT INTO ks_setting (setting_key, setting_value) VALUES ('region_code', 'E12000007'), ('neighbour_codes', '841, 805')
      ON CONFLICT (setting_key) DO UPDATE SET setting_value = EXCLUDED.setting_value`.execute(database.db);
    const body = await page('demand.re_referrals_pct');
    expect(body).toMatch(/Region\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*19.4%: London, DfE published regional figure, 2025\s*</);
    expect(body).toMatch(
      /Comparator councils chosen in the settings\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*19.8%: mean of 2 of 2 councils’ published values, 2025\s*</,
    );
    await sql`DELETE FROM ks_setting WHERE setting_key IN ('region_code', 'neighbour_codes')`.execute(database.db);
  });
});
