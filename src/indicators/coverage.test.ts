/**
 * No data is not zero, hand-worked: an SSDA903-only load (episodes, placements, missing episodes;
 * no visits, no return home interviews, no social workers, no CIN census) gives no value, no SPC
 * and no target verdict for the figures it cannot support, and the reason; the figures it does
 * support are computed. Coverage by month: a source held for part of a 12-month window is partial.
 */
import type { FastifyInstance } from 'fastify';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInAs, testConfig } from '../../test/support/http.ts';
import { buildApp } from '../core/http/app.ts';
import { indicatorRoutes } from './routes/index.ts';
import { engines } from '../../test/support/engines.ts';
import { CATALOGUE, findIndicator } from './catalogue/index.ts';
import { coverageOn, REQUIRES, SOURCES, sourceRanges, type SourceRanges } from './coverage.ts';
import { indicatorReport } from './report.ts';
import { indicatorDatabase, insert, insertPeople } from '../../test/support/indicators.ts';

const empty = Object.fromEntries(Object.keys(SOURCES).map((id) => [id, { rows: 0, first: null, last: null }])) as SourceRanges;

describe('coverage of a figure', () => {
  it('every catalogue entry declares what it requires, from known sources', () => {
    for (const indicator of CATALOGUE) {
      expect(REQUIRES[indicator.id], indicator.id).toBeDefined();
      for (const source of REQUIRES[indicator.id]!) expect(Object.keys(SOURCES)).toContain(source);
    }
  });

  it('is none when a source is empty or outside the window, partial when it covers part of it', () => {
    const visits = findIndicator('timeliness.cla_visits_pct')!; // on the date
    const moves = findIndicator('stability.three_placements_pct')!; // 12 months
    const held = { ...empty, cla_episodes: { rows: 9, first: '2017-04-01', last: '2018-03-01' } };
    expect(coverageOn(visits, '2018-03-31', held)).toEqual({
      status: 'none',
      reason: expect.stringContaining('Keystone holds no visits to looked-after children (ssd_cla_visits): an SSDA903 return does not carry them'),
    });
    const withVisits = { ...held, cla_visits: { rows: 3, first: '2017-04-01', last: '2018-03-01' } };
    expect(coverageOn(visits, '2018-03-31', withVisits)).toBeUndefined();
    // April 2018 is after the data: not available, whatever the SQL would count.
    expect(coverageOn(visits, '2018-04-30', withVisits)?.status).toBe('none');
    // Placements held from January 2018: the 12 months to March 2018 are partly covered.
    const partly = { ...held, cla_placements: { rows: 4, first: '2018-01-01', last: '2018-03-01' } };
    expect(coverageOn(moves, '2018-03-31', partly)).toEqual({
      status: 'partial',
      reason: expect.stringContaining('January 2018 to March 2018, part of the 12 months counted'),
    });
    expect(coverageOn(moves, '2018-03-31', { ...held, cla_placements: { rows: 4, first: '2017-04-01', last: '2018-03-01' } })).toBeUndefined();
  });

  it('counts a return’s periods only from the month the first of them ends: earlier months would miss the children who had left', () => {
    const lookedAfter = findIndicator('demand.looked_after')!;
    const moves = findIndicator('stability.three_placements_pct')!;
    // A 2017-18 SSDA903 return: episodes open on 1 April 2017 began in 2015; none held ended before April 2017.
    const held = {
      ...empty,
      cla_episodes: { rows: 9, first: '2015-01-01', last: '2018-03-01', completeFrom: '2017-04-01' },
      cla_placements: { rows: 9, first: '2015-01-01', last: '2018-03-01', completeFrom: '2017-04-01' },
    };
    expect(coverageOn(lookedAfter, '2016-09-30', held)).toEqual({
      status: 'none',
      reason:
        'looked-after episodes (ssd_cla_episodes) are held for April 2017 to March 2018 only (none held ended before April 2017, so earlier months would miss every child whose period had ended).',
    });
    expect(coverageOn(lookedAfter, '2017-04-30', held)).toBeUndefined();
    expect(coverageOn(moves, '2018-03-31', held)).toBeUndefined();
    expect(coverageOn(moves, '2018-02-28', held)?.status).toBe('partial');
  });

  it('is partial for a figure that looks back before its own month further than the data go', () => {
    const longTerm = findIndicator('stability.long_term_pct')!; // in care 2½ years, same carers 2 years
    const reReferrals = findIndicator('demand.re_referrals_pct')!; // a previous referral within 12 months
    const held = {
      ...empty,
      cla_episodes: { rows: 9, first: '2017-04-01', last: '2018-03-01' },
      cla_placements: { rows: 9, first: '2017-04-01', last: '2018-03-01' },
      referrals: { rows: 9, first: '2023-04-01', last: '2024-03-01' },
    };
    expect(coverageOn(longTerm, '2018-03-31', held)).toEqual({
      status: 'partial',
      reason:
        'looked-after episodes (ssd_cla_episodes) are held for April 2017 to March 2018, part of the 30 months it looks back over; placements (ssd_cla_placement) are held for April 2017 to March 2018, part of the 30 months it looks back over.',
    });
    expect(coverageOn(reReferrals, '2024-03-31', held)?.status).toBe('partial');
    const longer = { ...held, cla_episodes: { ...held.cla_episodes, first: '2015-09-01' }, cla_placements: { ...held.cla_placements, first: '2015-09-01' } };
    expect(coverageOn(longTerm, '2018-03-31', longer)).toBeUndefined();
  });
});

describe.each(engines)('figures on an SSDA903-only load on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof indicatorDatabase>>;
  let report: Awaited<ReturnType<typeof indicatorReport>>;
  const figure = (id: string) => report.indicators.find((indicator) => indicator.id === id)!;
  beforeAll(async () => {
    database = await indicatorDatabase(url);
    await insertPeople(database, [
      ['C1', '2010-05-01'],
      ['C2', '2012-07-01'],
      ['C3', '2006-01-01'],
    ]);
    await insert(
      database,
      'ssd_cla_episodes',
      ['clae_cla_episode_id', 'clae_person_id', 'clae_cla_episode_start_date', 'clae_cla_episode_ceased_date', 'clae_legal_status'],
      [
        ['E1', 'C1', '2016-06-01', null, 'C2'],
        ['E2', 'C2', '2017-04-03', '2018-02-01', 'V2'],
        ['E3', 'C3', '2017-09-01', null, 'C2'],
      ],
    );
    await insert(
      database,
      'ssd_cla_placement',
      ['clap_cla_placement_id', 'clap_person_id', 'clap_cla_placement_start_date', 'clap_cla_placement_end_date', 'clap_cla_placement_type'],
      [
        ['PL1', 'C1', '2016-06-01', null, 'U4'],
        ['PL2', 'C2', '2017-04-03', '2018-02-01', 'U6'],
        ['PL3', 'C3', '2017-09-01', '2018-03-02', 'K2'],
      ],
    );
    await insert(
      database,
      'ssd_missing',
      ['miss_table_id', 'miss_person_id', 'miss_missing_episode_start_date', 'miss_missing_episode_end_date', 'miss_missing_episode_type'],
      [['M1', 'C3', '2018-03-05 10:00', '2018-03-06 09:00', 'M']],
    );
    report = await indicatorReport(database, '2018-03-31', { threshold: 20 });
  });
  afterAll(async () => database?.drop());

  it('says not available, with the reason and no SPC verdict, for what a 903 does not carry', () => {
    for (const id of [
      'timeliness.cla_visits_pct',
      'missing.rhi_offered_pct',
      'stability.three_social_workers_pct',
      'timeliness.icpc_15wd_pct',
      'timeliness.referral_decision_1wd_pct',
    ]) {
      const result = figure(id);
      expect(result.value, id).toBeNull();
      expect(result.coverage?.status, id).toBe('none');
      expect(result.spc, id).toBeNull();
    }
    expect(figure('timeliness.cla_visits_pct').coverage!.reason).toContain('visits to looked-after children (ssd_cla_visits)');
    expect(figure('missing.rhi_offered_pct').coverage!.reason).toContain('return home interview offers');
    expect(figure('stability.three_social_workers_pct').coverage!.reason).toContain('Local codes page');
    expect(figure('timeliness.icpc_15wd_pct').coverage!.reason).toContain('section 47 enquiries (ssd_s47_enquiry)');
    expect(figure('caseload.average').value).toBeNull();
  });

  it('reads the sources’ ranges in one query without parallel workers (each would be a process of its own to start)', async () => {
    const sent: string[] = [];
    const recorder: KyselyPlugin = {
      transformQuery: ({ node }) => {
        sent.push(JSON.stringify(node));
        return node;
      },
      transformResult: async ({ result }) => result,
    };
    const ranges = await sourceRanges({ ...database, db: database.db.withPlugin(recorder) });
    // Rows no return wrote (an extract, which holds every period): counted from the first start.
    expect(ranges.cla_episodes).toEqual({ rows: 3, first: '2016-06-01', last: '2018-03-01' });
    expect(ranges.cla_visits).toEqual({ rows: 0, first: null, last: null });
    expect(sent).toHaveLength(2);
    expect(sent[0]).toContain('SET LOCAL max_parallel_workers_per_gather = 0');
    expect(sent[1]).toContain('ssd_cla_episodes');
  });

  it('says a rate per 10,000 is not available, and why, when the council’s child population is not held', () => {
    const rate = figure('demand.looked_after_per_10k');
    expect(rate).toMatchObject({ value: null, spc: null, coverage: { status: 'none' } });
    expect(rate.coverage!.reason).toBe(
      'Keystone holds no child population for the council (children aged 0 to 17 in the area: the setting child_population), so no rate per 10,000 children can be worked out.',
    );
  });

  it('computes what the return does support', () => {
    // C1 and C3 looked after on 31 March 2018 (C2 left on 1 February).
    expect(figure('demand.looked_after')).toMatchObject({ value: 2, coverage: null });
    expect(figure('missing.episodes').value).toBe(1);
  });
});

describe.each(engines)('the dashboards on an SSDA903-only load on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof indicatorDatabase>>;
  let app: FastifyInstance;
  beforeAll(async () => {
    database = await indicatorDatabase(url);
    await insertPeople(database, [['C1', '2010-05-01']]);
    await insert(
      database,
      'ssd_cla_episodes',
      ['clae_cla_episode_id', 'clae_person_id', 'clae_cla_episode_start_date', 'clae_cla_episode_ceased_date', 'clae_legal_status'],
      [['E1', 'C1', '2017-04-03', null, 'C2']],
    );
    await insert(
      database,
      'ssd_cla_placement',
      ['clap_cla_placement_id', 'clap_person_id', 'clap_cla_placement_start_date', 'clap_cla_placement_end_date', 'clap_cla_placement_type'],
      [['PL1', 'C1', '2017-04-03', '2018-03-30', 'U4']],
    );
    app = await buildApp({ database, config: testConfig() }, [indicatorRoutes]);
  });
  afterAll(async () => {
    await app.close();
    await database?.drop();
  });

  it('open at the return’s last month and say “No data” with the reason, and no verdict', async () => {
    const leader = await signedInAs(database, { username: 'sl.one', roles: ['senior_leader'] });
    const page = await app.inject({ url: '/indicators', headers: { cookie: leader.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('31 March 2018');
    const row = page.body.slice(page.body.indexOf('Children looked after visited on time'));
    expect(row.slice(0, row.indexOf('</tr>'))).toContain(
      'No data: Keystone holds no visits to looked-after children (ssd_cla_visits): an SSDA903 return does not carry them.',
    );
    expect(row.slice(0, row.indexOf('</tr>'))).toContain('No verdict: no data');
  });
});

describe.each(engines)('coverage of periods written by returns on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof indicatorDatabase>>;
  beforeAll(async () => {
    database = await indicatorDatabase(url);
    await insertPeople(database, [
      ['A1', '2010-05-01'],
      ['A2', '2012-07-01'],
      ['A3', '2014-01-01'],
    ]);
    // An Ofsted Annex A workbook (List 6): the children in need open at the inspection, none closed; one open since 2010.
    await insert(
      database,
      'ssd_cin_episodes',
      ['cine_referral_id', 'cine_person_id', 'cine_referral_date', 'cine_close_date'],
      [
        ['R1', 'A1', '2010-06-01', null],
        ['R2', 'A2', '2019-06-25', null],
        ['R3', 'A3', '2020-09-16', null],
      ],
    );
    await insert(
      database,
      'ks_import',
      ['import_id', 'format', 'file_names', 'sha256', 'started_at', 'mode', 'status'],
      [['1', 'annex-a', '{Annex_A.xlsx}', 'x', '2020-11-01T10:00:00Z', 'lenient', 'committed']],
    );
    await insert(
      database,
      'ks_row_source',
      ['table_name', 'row_pk', 'import_id'],
      ['R1', 'R2', 'R3'].map((id) => ['ssd_cin_episodes', id, '1']),
    );
  });
  afterAll(async () => database?.drop());

  it('holds a return’s open periods, none of them ended, only from the latest start: the snapshot it is', async () => {
    const ranges = await sourceRanges(database);
    expect(ranges.referrals).toMatchObject({ first: '2010-06-01', completeFrom: '2020-09-01' });
    const cin = findIndicator('demand.children_in_need')!;
    expect(coverageOn(cin, '2015-03-31', ranges)?.status).toBe('none');
    expect(coverageOn(cin, '2020-09-30', ranges)).toBeUndefined();
  });
});
