import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Database } from '../core/db/database.ts';
import { buildApp } from '../core/http/app.ts';
import { addDays, addMonths, longDate, monthEnd, monthEndOnOrBefore, todayInEngland } from '../core/dates.ts';
import { dataPeriod } from '../indicators/analysis.ts';
import { listScenarios, loadCareData, saveScenario } from './data.ts';
import { engines, freshDatabase } from '../../test/support/engines.ts';
import { requestsTo, signedInAs, testConfig } from '../../test/support/http.ts';
import { generateCounty, loadCounty } from '../demo/index.ts';
import { forecastRoutes } from './routes.ts';
import { careData, runForecast, stockNow } from './service.ts';
import { BASELINE } from './model.ts';
import { demandSection } from './report.ts';

const textOf = (html: string, id: string) => new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html)?.[1]?.trim();

describe.each(engines)('demand forecast pages on $name', ({ url }) => {
  let database: Database;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  type Who = { cookie: string; csrfToken: string };
  let leader: Who;
  let analyst: Who;
  let member: Who;
  let teamManager: Who;

  beforeAll(async () => {
    const fresh = await freshDatabase(url);
    database = fresh;
    drop = fresh.drop;
    await loadCounty(database, generateCounty({ children: 800, seed: 7 }));
    app = await buildApp({ database, config: testConfig() }, [forecastRoutes]);
    leader = await signedInAs(database, { username: 'leader', roles: ['senior_leader'] });
    analyst = await signedInAs(database, { username: 'analyst', roles: ['performance_analyst'] });
    member = await signedInAs(database, { username: 'member', roles: ['elected_member'] });
    teamManager = await signedInAs(database, { username: 'teammanager', roles: ['team_manager'] });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });
  const { get, post } = requestsTo(() => app);

  it('lets leaders, service managers and analysts in, and no one else: members get aggregates through reports only', async () => {
    for (const path of ['/forecast', '/forecast/backtest', '/forecast/sufficiency', '/forecast/costs']) {
      expect((await get(leader, path)).statusCode, path).toBe(200);
      expect((await get(member, path)).statusCode, path).toBe(403);
      expect((await get(teamManager, path)).statusCode, path).toBe(403);
      expect([302, 303, 401]).toContain((await get(null, path)).statusCode);
    }
    expect((await get(member, '/forecast/scenarios/new')).statusCode).toBe(403);
    expect((await post(member, '/forecast/scenarios', { name: 'x', entry_0: '10' })).statusCode).toBe(403);
    expect((await post(member, '/forecast/costs', { year: '2026', cost_residential: '5000' })).statusCode).toBe(403);
  });

  it('shows the forecast with its interval, chart and the figures the service computes', async () => {
    const page = await get(leader, '/forecast?months=24');
    expect(page.statusCode).toBe(200);
    const run = await runForecast(database, { today: todayInEngland(), months: 24 });
    if (!run.available) throw new Error(run.reason);
    expect(textOf(page.body, 'figure-now')).toBe(String(stockNow(run).total));
    expect(textOf(page.body, 'figure-12')).toBe(String(Math.round(run.baseline.total.expected[11]!)));
    expect(page.body).toContain('id="chart-forecast"');
    expect(page.body).toContain('90% prediction interval');
    expect(page.body).toContain('id="backtest-headline"');
    expect(page.body).toMatch(/id="backtest-runs"[\s\S]*From .+, 12 months ahead: forecast/);
    expect(textOf(page.body, 'figure-spend')).toContain('Not available');
    expect((await get(leader, '/forecast?months=7')).statusCode).toBe(400);
    expect((await get(leader, '/forecast?window=7')).statusCode).toBe(400);
    expect((await get(leader, '/forecast?window=72&months=60')).statusCode).toBe(200);
    expect((await get(leader, '/forecast?from=31-03-2024')).statusCode).toBe(400);
    const future = await get(leader, '/forecast?from=2099-03-31');
    const { dataEnd } = await careData(database, todayInEngland());
    expect(textOf(future.body, 'not-available')).toBe(`The data held end on ${longDate(dataEnd!)}: forecast from that month end or earlier.`);
  });

  it('writes the dates it shows in words, the chart’s title and description too', async () => {
    const run = await runForecast(database, { today: todayInEngland(), months: 24 });
    if (!run.available) throw new Error(run.reason);
    const page = await get(leader, '/forecast?months=24');
    expect(page.body).toContain(`Children looked after: what happened and the forecast from ${longDate(run.from)}`);
    expect(page.body).toContain(`for the two years to ${longDate(run.from)}, then`);
    // No ISO date reaches the person outside links, inputs and datetime attributes.
    const shown = page.body.replace(/<[^>]*>/g, ' ');
    expect(shown).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
  });

  it('asks when to forecast from as a GOV.UK date input (day, month, year); a link or bookmark may still give from=YYYY-MM-DD', async () => {
    const latest = await runForecast(database, { today: todayInEngland(), months: 12 });
    if (!latest.available) throw new Error(latest.reason);
    const chosen = addMonths(`${latest.from.slice(0, 8)}15`, -12);
    const [year, month, day] = chosen.split('-').map(Number);
    const starts = `Looked after on ${longDate(monthEndOnOrBefore(chosen))}`;

    const blank = await get(leader, '/forecast?months=12');
    expect(blank.body).toMatch(/name="from-day"[\s\S]*name="from-month"[\s\S]*name="from-year"/);
    expect(blank.body).not.toContain('YYYY-MM-DD');
    const byForm = await get(leader, `/forecast?from-day=${day}&from-month=${month}&from-year=${year}&months=12`);
    expect(byForm.statusCode).toBe(200);
    expect(byForm.body).toContain(starts);
    // A link's YYYY-MM-DD: the same forecast, its date shown in the inputs.
    const byLink = await get(leader, `/forecast?from=${chosen}&months=12`);
    expect(byLink.body).toContain(starts);
    expect(textOf(byLink.body, 'figure-now')).toBe(textOf(byForm.body, 'figure-now'));
    expect(byLink.body).toMatch(
      new RegExp(
        `name="from-day" type="text" value="${day}"[\\s\\S]*name="from-month" type="text" value="${month}"[\\s\\S]*name="from-year" type="text" value="${year}"`,
      ),
    );

    // Wrong dates: GOV.UK's words, the parts kept as typed.
    const unreal = await get(leader, '/forecast?from-day=31&from-month=2&from-year=2024');
    expect(unreal.statusCode).toBe(400);
    expect(unreal.body).toContain('The date to forecast from must be a real date');
    expect(unreal.body).toContain('href="#from-day"');
    expect(unreal.body).toMatch(/name="from-day" type="text" value="31"/);
    const errorParts = (html: string) =>
      ['day', 'month', 'year'].filter((part) => new RegExp(`class="[^"]*govuk-input--error[^"]*" id="from-${part}"`).test(html));
    expect(errorParts(unreal.body)).toEqual(['day', 'month', 'year']);
    const noDay = await get(leader, '/forecast?from-day=&from-month=3&from-year=2024');
    expect(noDay.body).toContain('The date to forecast from must include a day');
    expect(errorParts(noDay.body)).toEqual(['day']);
    expect(errorParts((await get(leader, '/forecast?from-day=1&from-month=13&from-year=2024')).body)).toEqual(['month']);
    expect((await get(leader, '/forecast?from=31-03-2024')).body).toContain('Enter the date to forecast from as a real date, for example 31 3 2024');
  });

  it('sets unit costs (audited) and turns the forecast into spend', async () => {
    const bad = await post(analyst, '/forecast/costs', { year: '2026', cost_residential: 'lots' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter the weekly cost of residential');
    const year = String(Number(todayInEngland().slice(0, 4)) - 3);
    const saved = await post(analyst, '/forecast/costs', {
      year,
      cost_fostering_in_house: '450',
      cost_fostering_agency: '£950.50',
      cost_kinship: '300',
      cost_residential: '5,200',
      places_fostering_in_house: '3',
      cost_semi_independent: '1200',
      cost_other: '0',
    });
    expect(saved.statusCode).toBe(303);
    const audit = await sql<{ subject_id: string; details: { to: { weekly_cost_pounds: number } } }>`
      SELECT subject_id, details FROM ks_audit_event WHERE subject_type = 'forecast_unit_cost' ORDER BY event_id`.execute(database.db);
    expect(audit.rows.map((row) => row.subject_id)).toContain(`residential/${year}`);
    expect(audit.rows.find((row) => row.subject_id === `fostering_agency/${year}`)!.details.to.weekly_cost_pounds).toBe(950.5);
    const page = await get(leader, '/forecast?months=24');
    expect(textOf(page.body, 'figure-spend')).toMatch(/^£[\d,]+$/);
    expect(page.body).toContain('id="table-spend"');
    await sql`UPDATE ks_forecast_unit_cost SET updated_at = '2026-07-14 23:30:00+00' WHERE placement_type = 'residential' AND financial_year = ${Number(year)}`.execute(
      database.db,
    );
    expect((await get(leader, '/forecast/costs')).body).toContain('analyst, 15 July 2026');
    const sufficiency = await get(leader, '/forecast/sufficiency');
    expect(sufficiency.body).toContain('id="table-placements"');
    expect(sufficiency.body).toContain('In or out of the council’s area');
  });

  it('refuses a field sent twice (a tampered or doubled form) with the error summary, not a server error, and stores nothing', async () => {
    const year = await post(analyst, '/forecast/costs', { year: ['2026', '2027'], cost_residential: '5000' });
    expect(year.statusCode).toBe(400);
    expect(year.body).toContain('Enter the financial year the costs apply to');
    const cost = await post(analyst, '/forecast/costs', { year: '2026', cost_residential: ['5000', '6000'] });
    expect(cost.statusCode).toBe(400);
    expect(cost.body).toContain('Enter the weekly cost of at least one placement type');
    const scenario = await post(leader, '/forecast/scenarios', { name: ['Twice', 'Twice'], entry_0: ['10', '20'] });
    expect(scenario.statusCode).toBe(400);
    expect(scenario.body).toContain('Enter a name for the scenario');
    const stored = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM ks_audit_event WHERE subject_type IN ('forecast_scenario', 'forecast_unit_cost') AND details::text LIKE '%5000%'`.execute(
      database.db,
    );
    expect(stored.rows[0]!.n).toBe(0);
  });

  it('saves a named scenario with its assumptions and shows it beside the baseline; refuses bad input', async () => {
    const empty = await post(leader, '/forecast/scenarios', { name: 'Nothing' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('the same as the baseline');
    const wrong = await post(leader, '/forecast/scenarios', { name: 'Wrong', duration: '95' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('from 0 to 90');
    const saved = await post(leader, '/forecast/scenarios', {
      name: 'Edge of care',
      description: 'Family support for teenagers',
      entry_3: '-20',
      entry_4: '-20',
      residential: '25',
    });
    expect(saved.statusCode).toBe(303);
    expect((await post(leader, '/forecast/scenarios', { name: 'edge of care', entry_0: '5' })).statusCode).toBe(400);
    // Saved, say, at 23:30 UTC on 14 July 2026: 00:30 BST on 15 July in England.
    await sql`UPDATE ks_forecast_scenario SET created_at = '2026-07-14 23:30:00+00' WHERE name = 'Edge of care'`.execute(database.db);
    const page = await get(leader, '/forecast?months=24');
    expect(page.body).toContain('Edge of care');
    expect(page.body).toContain('Fewer children aged 10 to 15 entering care: −20%');
    expect(page.body).toContain('25% of residential placements made as fostering instead');
    expect(page.body).toContain('Saved by leader on 15 July 2026');
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ks_audit_event WHERE subject_type = 'forecast_scenario'`.execute(database.db);
    expect(audit.rows[0]!.n).toBe(1);
    const run = await runForecast(database, { today: todayInEngland(), months: 24 });
    if (!run.available) throw new Error(run.reason);
    const scenario = run.scenarios.find((one) => one.saved.name === 'Edge of care')!;
    expect(scenario.forecast.total.expected[23]!).toBeLessThan(run.baseline.total.expected[23]!);
    const id = scenario.saved.scenarioId;
    expect((await post(leader, `/forecast/scenarios/${id}/delete`, {})).statusCode).toBe(303);
    expect((await get(leader, '/forecast')).body).not.toContain('Edge of care');
  });

  it('returns to the forecast the person chose after saving or deleting a scenario', async () => {
    const latest = await runForecast(database, { today: todayInEngland(), months: 12 });
    if (!latest.available) throw new Error(latest.reason);
    const chosen = addMonths(`${latest.from.slice(0, 8)}15`, -12);
    const [year, month, day] = chosen.split('-').map(Number);
    const page = await get(leader, `/forecast?from-day=${day}&from-month=${month}&from-year=${year}&months=24`);
    expect(page.body).toContain(`href="/forecast/scenarios/new?from=${chosen}&amp;months=24"`);
    const form = await get(leader, `/forecast/scenarios/new?from=${chosen}&months=24`);
    expect(form.body).toContain(`<input type="hidden" name="from" value="${chosen}">`);
    expect(form.body).toContain('<input type="hidden" name="months" value="24">');
    // A refused form keeps the start; the saved one returns to it.
    const refused = await post(leader, '/forecast/scenarios', { name: '', entry_0: '5', from: chosen, months: '24' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain(`<input type="hidden" name="from" value="${chosen}">`);
    const saved = await post(leader, '/forecast/scenarios', { name: 'Kept start', entry_0: '5', from: chosen, months: '24' });
    expect(saved.headers.location).toBe(`/forecast?from=${chosen}&months=24#scenarios`);
    const shown = await get(leader, `/forecast?from=${chosen}&months=24`);
    expect(shown.body).toContain(`Looked after on ${longDate(monthEndOnOrBefore(chosen))}`);
    expect(shown.body).toContain('Kept start');
    const id = /action="\/forecast\/scenarios\/(\d+)\/delete"/.exec(shown.body)![1];
    const deleted = await post(leader, `/forecast/scenarios/${id}/delete`, { from: chosen, months: '24' });
    expect(deleted.headers.location).toBe(`/forecast?from=${chosen}&months=24#scenarios`);
    // With no start chosen, and anything that is not one, back to the plain page.
    expect((await post(leader, '/forecast/scenarios', { name: 'Plain', entry_0: '5', from: '31-03-2024' })).headers.location).toBe('/forecast#scenarios');
  });

  it('saves a scenario sent twice at once (a double click) once, and never answers with a server error', async () => {
    const form = { name: 'Sent twice', entry_0: '10' };
    const answers = await Promise.all([post(leader, '/forecast/scenarios', form), post(leader, '/forecast/scenarios', form)]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([303, 400]);
    expect((await listScenarios(database)).filter((one) => one.name === 'Sent twice')).toHaveLength(1);
    // The database's rule on names, which decides between two requests at once, is not a failure either.
    expect(await saveScenario(database, { name: 'Sent twice', description: '', scenario: BASELINE, createdBy: 'leader' })).toBeNull();
    const saved = (await listScenarios(database)).find((one) => one.name === 'Sent twice')!;
    expect((await post(leader, `/forecast/scenarios/${saved.scenarioId}/delete`, {})).statusCode).toBe(303);
  });

  it('gives reports a member-safe "Demand and sufficiency" section: small counts suppressed, with the total', async () => {
    const section = await demandSection(database, todayInEngland());
    expect(section?.title).toBe('Demand and sufficiency');
    const now = section!.table!.rows.map((row) => row[1]);
    for (const value of now)
      expect(value === 'c (fewer than 6)' || (/^\d+$/.test(String(value)) && (Number(value) === 0 || Number(value) >= 6)), String(value)).toBe(true);
    // A lone suppressed cell could be worked out from the total in the first paragraph: never exactly one.
    const total = /On .+? (\d+|c \(fewer than 6\)) children were looked after/.exec(section!.paragraphs[0]!)![1];
    const hidden = now.filter((value) => value === 'c (fewer than 6)').length + (total === 'c (fewer than 6)' ? 1 : 0);
    expect(hidden).not.toBe(1);
    expect(section!.paragraphs.join(' ')).toContain('In or out of the council’s area: not available');
    expect(section!.paragraphs.join(' ')).toMatch(/Tested on the past|could not be tested/);
  });

  it('opens on the data period the dashboards use, not the month of the last care event', async () => {
    const today = todayInEngland();
    const care = await loadCareData(database, today);
    // Allocations recorded into the month after the last month with a care event: no one entered or left care then.
    const later = addDays(monthEnd(addMonths(`${care.dataEnd!.slice(0, 8)}01`, 2)), -1);
    await sql`INSERT INTO ssd_involvements (invo_involvements_id, invo_professional_id, invo_professional_role_id, invo_involvement_start_date, invo_person_id)
      SELECT 'I-LATER', invo_professional_id, invo_professional_role_id, ${later}, invo_person_id FROM ssd_involvements LIMIT 1`.execute(database.db);
    const period = (await dataPeriod(database, today))!;
    expect(period.defaultAsOf).toBe(monthEnd(addMonths(`${care.dataEnd!.slice(0, 8)}01`, 1)));
    const run = await runForecast(database, { today, months: 12 });
    if (!run.available) throw new Error(run.reason);
    expect(run.from).toBe(period.defaultAsOf);
    expect((await get(leader, '/forecast?months=12')).body).toContain(`Looked after on ${longDate(period.defaultAsOf)}`);
  });

  it('runs the backtest from the page', async () => {
    const page = await get(analyst, '/forecast/backtest');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="table-backtest"');
    expect(page.body).toMatch(/id="error-model-\d{4}-\d{2}-\d{2}-12">\d+(\.\d)?%/);
  });
});
