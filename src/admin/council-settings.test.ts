import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { engines, freshDatabase } from '../../test/support/engines.ts';
import { requestsTo, signedInAs, testConfig } from '../../test/support/http.ts';
import { buildApp } from '../core/http/app.ts';
import { caseloadThreshold, readIndicatorSettings } from '../indicators/settings.ts';
import { adminRoutes } from './routes.ts';

describe.each(engines)('council settings on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let app: FastifyInstance;
  let admin: Awaited<ReturnType<typeof signedInAs>>;
  beforeAll(async () => {
    database = await freshDatabase(url);
    app = await buildApp({ database, config: testConfig() }, [adminRoutes]);
    admin = await signedInAs(database, { username: 'adi.admin', roles: ['administrator'] });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const { post } = requestsTo(() => app);
  const valid = {
    la_code: '840',
    la_name: 'Durham',
    region_code: '',
    neighbour_codes: '',
    caseload_threshold: '18',
    cp_visit_working_days: '10',
    cin_visit_working_days: '15',
    disabled_assessment_wait_working_days: '',
    disabled_service_wait_working_days: '30',
  };

  it('shows the form to administrators and says when nothing is compared yet', async () => {
    const page = await app.inject({ url: '/admin/settings', headers: { cookie: admin.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('No council code: no regional or neighbour comparison');
    const leader = await signedInAs(database, { username: 'dana', roles: ['senior_leader'] });
    expect((await app.inject({ url: '/admin/settings', headers: { cookie: leader.cookie } })).statusCode).toBe(403);
  });

  it('refuses what is not a council, a region or a sensible standard, naming each field', async () => {
    const bad = await post(admin, '/admin/settings', {
      la_code: '84',
      region_code: 'E99',
      neighbour_codes: '841, 999, 841',
      caseload_threshold: '0',
      cp_visit_working_days: 'ten',
      cin_visit_working_days: '61',
    });
    expect(bad.statusCode).toBe(400);
    for (const text of [
      'Enter the council’s code as 3 digits, like 840',
      'Select a region from the list',
      'Not an English council’s DfE code: 999',
      'The caseload threshold must be a whole number from 1 to 100',
      'The child protection visit standard must be a whole number from 1 to 60',
      'The child in need visit standard must be a whole number from 1 to 60',
    ])
      expect(bad.body).toContain(text);
    expect(bad.body).toContain('href="#la_code"');
    expect((await post(admin, '/admin/settings', { ...valid, la_code: '999' })).body).toContain('999 is not an English council’s DfE code');
    expect((await post(admin, '/admin/settings', { ...valid, neighbour_codes: '840, 841' })).body).toContain('cannot include the council itself');
    expect((await post(admin, '/admin/settings', { ...valid, neighbour_codes: '841 841' })).body).toContain('Enter each comparator council once');
    expect(await database.db.selectFrom('ks_setting').selectAll().execute()).toEqual([]);
  });

  it('saves valid settings, which the indicators then use, and records before and after in the audit trail', async () => {
    const saved = await post(admin, '/admin/settings', valid);
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/admin/settings?saved=1');
    const settings = await readIndicatorSettings(database);
    expect(settings.comparison).toEqual({ laCode: '840', regionCode: null, neighbours: null });
    expect(settings.parameters).toEqual({
      cpVisitWorkingDays: 10,
      cinVisitWorkingDays: 15,
      disabledAssessmentWaitWorkingDays: 45,
      disabledServiceWaitWorkingDays: 30,
    });
    expect(await caseloadThreshold(database, { caseloadThreshold: 20 })).toBe(18);
    const page = await app.inject({ url: '/admin/settings?saved=1', headers: { cookie: admin.cookie } });
    expect(page.body).toContain('Council settings saved');
    expect(page.body).toContain('Durham (840)');
    expect(page.body).toContain('North East (the council’s own)');
    expect(page.body).toMatch(/DfE statistical neighbours: [^<]*\(\d{3}\)/);

    expect((await post(admin, '/admin/settings', { ...valid, region_code: 'E12000007', neighbour_codes: '841,805', caseload_threshold: '' })).statusCode).toBe(
      303,
    );
    expect((await readIndicatorSettings(database)).comparison).toEqual({ laCode: '840', regionCode: 'E12000007', neighbours: ['841', '805'] });
    expect(await caseloadThreshold(database, { caseloadThreshold: 20 })).toBe(20);
    const events = await database.db
      .selectFrom('ks_audit_event')
      .select(['username', 'action', 'subject_type', 'details'])
      .where('subject_type', '=', 'council_settings')
      .orderBy('event_id')
      .execute();
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      username: 'adi.admin',
      action: 'data.change',
      details: { changed: { la_code: { before: null, after: '840' }, caseload_threshold: { before: null, after: '18' } } },
    });
    expect(events[1]!.details).toEqual({
      changed: {
        region_code: { before: null, after: 'E12000007' },
        neighbour_codes: { before: null, after: '841, 805' },
        caseload_threshold: { before: '18', after: null },
      },
    });
    // Saving the same values again changes nothing and records nothing.
    await post(admin, '/admin/settings', { ...valid, region_code: 'E12000007', neighbour_codes: '841, 805', caseload_threshold: '' });
    expect(await database.db.selectFrom('ks_audit_event').select('event_id').where('subject_type', '=', 'council_settings').execute()).toHaveLength(2);
  });
});
