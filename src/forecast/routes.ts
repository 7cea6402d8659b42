/**
 * Demand forecast pages: the forecast with scenarios beside the baseline, the backtest, sufficiency,
 * unit costs and places, and saving scenarios. Aggregates only: no child is named or listed, so no
 * child read is audited; changes to costs and scenarios are.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../core/http/app.ts';
import { allows } from '../core/auth/access.ts';
import { actorFrom, recordAudit } from '../core/audit/trail.ts';
import { longDate, parseIsoDate, todayInEngland } from '../core/dates.ts';
import { dateItems, Errors, readDate, text, type Body } from '../core/http/form.ts';
import { AGE_BANDS, PLACEMENT_TYPES } from './states.ts';
import { BASELINE, INTERVAL, type Forecast, type Scenario } from './model.ts';
import { forecastChartSvg } from '../core/charts.ts';
import { deleteScenario, financialYearOf, listScenarios, listUnitCosts, saveScenario, saveUnitCost } from './data.ts';
import { DEFAULT_WINDOW_MONTHS, FAR_MILES, runBacktest, runForecast, stockNow, sufficiency, type ForecastRun } from './service.ts';
import { backtestVerdict, describeScenario, money, range, whole, yearIndexes } from './present.ts';

const VIEW = { access: { permission: 'forecast.view' as const } };
const MANAGE = { access: { permission: 'forecast.manage' as const } };
const HORIZONS = [12, 24, 36, 48, 60];
const DEFAULT_HORIZON = 36;

/** from (YYYY-MM-DD) or from-day, from-month and from-year; months; window. */
type ForecastQuery = Body;

const WINDOWS = [12, 24, 36, 48, 60, 72];
const FROM = 'the date to forecast from';

/**
 * Reads the start from the form's date input (from-day, from-month, from-year) or a link's
 * ?from=YYYY-MM-DD (as the CLI's --from), blank for the last month end with data; ?months=12…60.
 */
function readQuery(query: ForecastQuery) {
  const errors = new Errors();
  const fromText = typeof query.from === 'string' ? query.from.trim() : '';
  const linked = fromText ? parseIsoDate(fromText) : undefined;
  if (fromText && !linked) errors.add('from', `Enter ${FROM} as a real date, for example 31 3 2024`, 'from-day');
  const from = fromText ? linked : (readDate(query, 'from', FROM, errors, { required: false }) ?? undefined);
  const monthsText = typeof query.months === 'string' ? query.months : String(DEFAULT_HORIZON);
  const months = Number(monthsText);
  if (!HORIZONS.includes(months)) errors.add('months', 'Choose how far ahead to forecast: 1 to 5 years');
  const window = typeof query.window === 'string' && query.window ? Number(query.window) : DEFAULT_WINDOW_MONTHS;
  if (!WINDOWS.includes(window)) errors.add('window', 'Choose how many months of history to fit the model on');
  return {
    from,
    /** The date inputs as typed, or the date a link gave. */
    fromItems: dateItems('from', fromText ? (linked ?? null) : query, errors),
    months: HORIZONS.includes(months) ? months : DEFAULT_HORIZON,
    window: WINDOWS.includes(window) ? window : DEFAULT_WINDOW_MONTHS,
    errors,
  };
}

/**
 * The forecast a person chose (start, horizon, history), as the fields to carry through the scenario
 * forms and the query to return to: only what differs from the page's defaults, and only if valid.
 */
function chosenForecast(source: Body) {
  const from = typeof source.from === 'string' ? parseIsoDate(source.from.trim()) : undefined;
  const months = Number(source.months);
  const window = Number(source.window);
  const fields = [
    ...(from ? [{ name: 'from', value: from }] : []),
    ...(HORIZONS.includes(months) && months !== DEFAULT_HORIZON ? [{ name: 'months', value: String(months) }] : []),
    ...(WINDOWS.includes(window) && window !== DEFAULT_WINDOW_MONTHS ? [{ name: 'window', value: String(window) }] : []),
  ];
  const query = new URLSearchParams(fields.map((field): [string, string] => [field.name, field.value])).toString();
  return { fields, query: query ? `?${query}` : '' };
}

const cell = (forecast: Forecast, pick: (forecast: Forecast) => { expected: number[]; low: number[]; high: number[] }, index: number) => {
  const series = pick(forecast);
  return { expected: whole(series.expected[index]!), range: range(series.low[index]!, series.high[index]!) };
};

function pageModel(run: ForecastRun) {
  const now = stockNow(run);
  const indexes = yearIndexes(run.horizonMonths);
  const columns = indexes.map((index) => run.baseline.months[index]!);
  const rowsOf = (labels: readonly { label: string }[], pick: (forecast: Forecast, i: number) => Forecast['total'], nowOf: (i: number) => number) =>
    labels.map((label, i) => ({
      label: label.label,
      now: nowOf(i),
      cells: indexes.map((index) => cell(run.baseline, (forecast) => pick(forecast, i), index)),
    }));
  const chart = forecastChartSvg({
    id: 'chart-forecast',
    title: `Children looked after: what happened and the forecast from ${longDate(run.from)}`,
    description: `Line chart of children looked after at each month end for the two years to ${longDate(run.from)}, then the forecast for ${run.horizonMonths} months with its ${INTERVAL.label} shaded${run.scenarios.length ? ', and each saved scenario' : ''}. The figures are in the tables below.`,
    yAxisLabel: 'Children looked after',
    history: run.history.map((point) => ({ monthEnd: point.monthEnd, value: point.total })),
    forecast: run.baseline.months.map((monthEnd, index) => ({
      monthEnd,
      expected: run.baseline.total.expected[index]!,
      low: run.baseline.total.low[index]!,
      high: run.baseline.total.high[index]!,
    })),
    scenarios: run.scenarios.map((one) => ({ name: one.saved.name, values: one.forecast.total.expected })),
  });
  const spendRows = [
    { name: 'Baseline', years: run.baseline.spendByYear ?? [] },
    ...run.scenarios.map((one) => ({ name: one.saved.name, years: one.forecast.spendByYear ?? [] })),
  ].map((row) => ({
    name: row.name,
    years: row.years.map((year) => ({ expected: money(year.expected), range: `${money(year.low)} to ${money(year.high)}` })),
  }));
  return {
    run,
    now,
    columns,
    chart,
    at12: cell(run.baseline, (forecast) => forecast.total, Math.min(12, run.horizonMonths) - 1),
    at12Date: run.baseline.months[Math.min(12, run.horizonMonths) - 1],
    spendYear1: run.baseline.spendByYear?.[0],
    totalRows: [
      { label: 'Baseline', cells: indexes.map((index) => cell(run.baseline, (forecast) => forecast.total, index)) },
      ...run.scenarios.map((one) => ({ label: one.saved.name, cells: indexes.map((index) => cell(one.forecast, (forecast) => forecast.total, index)) })),
    ],
    bandRows: rowsOf(
      AGE_BANDS,
      (forecast, i) => forecast.byBand[i]!,
      (i) => now.byBand[i]!,
    ),
    typeRows: rowsOf(
      PLACEMENT_TYPES,
      (forecast, i) => forecast.byType[i]!,
      (i) => now.byType[i]!,
    ),
    spendRows,
    spendYears: (run.baseline.spendByYear ?? []).map((_, index) => index + 1),
    scenarios: run.scenarios.map((one) => ({ ...one.saved, assumptions: describeScenario(one.saved.scenario) })),
    interval: INTERVAL.label,
  };
}

export function forecastRoutes(app: FastifyInstance, deps: AppDeps) {
  const { database } = deps;

  app.get<{ Querystring: ForecastQuery }>('/forecast', { config: VIEW }, async (request, reply) => {
    const query = readQuery(request.query);
    const page = {
      title: 'Demand forecast',
      form: {
        fromItems: query.fromItems,
        months: query.months,
        monthItems: HORIZONS.map((months) => ({
          value: String(months),
          text: `${months / 12} year${months > 12 ? 's' : ''}`,
          selected: months === query.months,
        })),
        windowItems: WINDOWS.map((window) => ({ value: String(window), text: `${window} months`, selected: window === query.window })),
      },
      errorSummary: query.errors.summary,
      errorFields: query.errors.fields,
      canManage: allows('forecast.manage', request.user!.roles),
      chosen: chosenForecast({ from: query.from, months: String(query.months), window: String(query.window) }),
    };
    if (query.errors.any) return reply.code(400).render('forecast/views/forecast.njk', page);
    const today = todayInEngland();
    const run = await runForecast(database, { today, ...(query.from ? { from: query.from } : {}), months: query.months, windowMonths: query.window });
    if (!run.available) return reply.render('forecast/views/forecast.njk', { ...page, notAvailable: run.reason });
    const tested = await runBacktest(database, today, query.window);
    return reply.render('forecast/views/forecast.njk', {
      ...page,
      ...pageModel(run),
      backtest: tested.available ? { runs: tested.runs.map((one) => ({ ...one, verdict: backtestVerdict(one) })) } : { reason: tested.reason },
    });
  });

  app.get('/forecast/backtest', { config: VIEW }, async (_request, reply) => {
    const tested = await runBacktest(database, todayInEngland());
    if (!tested.available) return reply.render('forecast/views/backtest.njk', { title: 'How well the forecast would have done', notAvailable: tested.reason });
    const runs = tested.runs.map((run) => ({
      ...run,
      verdict: backtestVerdict(run),
      bands: AGE_BANDS.map((band, index) => ({
        label: band.label,
        actual: run.actualByBand[index]!,
        model: run.model.byBand[index]!,
        lastValue: run.lastValue.byBand[index]!,
        trend: run.trend.byBand[index]!,
      })),
      types: PLACEMENT_TYPES.map((type, index) => ({
        label: type.label,
        actual: run.actualByType[index]!,
        model: run.model.byType[index]!,
        lastValue: run.lastValue.byType[index]!,
        trend: run.trend.byType[index]!,
      })),
    }));
    return reply.render('forecast/views/backtest.njk', {
      title: 'How well the forecast would have done',
      runs,
      skipped: tested.skipped,
      dataEnd: tested.dataEnd,
      interval: INTERVAL.label,
    });
  });

  app.get('/forecast/sufficiency', { config: VIEW }, async (_request, reply) => {
    const today = todayInEngland();
    const run = await runForecast(database, { today, months: 12 });
    if (!run.available) return reply.render('forecast/views/sufficiency.njk', { title: 'Sufficiency', notAvailable: run.reason });
    return reply.render('forecast/views/sufficiency.njk', {
      title: 'Sufficiency',
      sufficiency: await sufficiency(database, today, run),
      farMiles: FAR_MILES,
      at12: run.baseline.months[11],
    });
  });

  // ----- Unit costs and places -------------------------------------------------------------------

  const costsPage = async (reply: FastifyReply, extra: Record<string, unknown> = {}) => {
    const costs = await listUnitCosts(database);
    return reply.render('forecast/views/costs.njk', {
      title: 'Unit costs and places',
      costs: costs.map((cost) => ({ ...cost, label: PLACEMENT_TYPES.find((type) => type.id === cost.placementType)?.label ?? cost.placementType })),
      types: PLACEMENT_TYPES,
      year: financialYearOf(todayInEngland()),
      values: {},
      ...extra,
    });
  };
  app.get('/forecast/costs', { config: VIEW }, async (request, reply) => costsPage(reply, { canManage: allows('forecast.manage', request.user!.roles) }));

  app.post<{ Body: Record<string, string | undefined> }>('/forecast/costs', { config: MANAGE }, async (request, reply) => {
    const body = request.body ?? {};
    const errors: { text: string; href: string }[] = [];
    const yearText = text(body, 'year');
    const year = /^\d{4}$/.test(yearText) ? Number(yearText) : NaN;
    if (!(year >= 2000 && year <= 2100))
      errors.push({ text: 'Enter the financial year the costs apply to, as its first year (2026 for April 2026 to March 2027)', href: '#year' });
    const entries: { type: (typeof PLACEMENT_TYPES)[number]; cost: number; places: number | null }[] = [];
    for (const type of PLACEMENT_TYPES) {
      const costText = text(body, `cost_${type.id}`).replace(/[£,\s]/g, '');
      const placesText = text(body, `places_${type.id}`);
      if (!costText && !placesText) continue;
      if (!/^\d{1,7}(\.\d{1,2})?$/.test(costText)) {
        errors.push({ text: `Enter the weekly cost of ${type.label.toLowerCase()} in pounds, for example 950 or 950.50`, href: `#cost_${type.id}` });
        continue;
      }
      if (placesText && !/^\d{1,6}$/.test(placesText)) {
        errors.push({ text: `Enter the places for ${type.label.toLowerCase()} as a whole number, or leave it blank`, href: `#places_${type.id}` });
        continue;
      }
      entries.push({ type, cost: Number(costText), places: placesText ? Number(placesText) : null });
    }
    if (!errors.length && !entries.length)
      errors.push({ text: 'Enter the weekly cost of at least one placement type', href: `#cost_${PLACEMENT_TYPES[0].id}` });
    if (errors.length)
      return costsPage(reply.code(400), {
        errorSummary: errors,
        values: body,
        errorFields: Object.fromEntries(errors.map((error) => [error.href.slice(1), { text: error.text }])),
        canManage: true,
      });
    for (const entry of entries) {
      const before = await saveUnitCost(database, {
        placementType: entry.type.id,
        financialYear: year,
        weeklyCostPounds: entry.cost,
        places: entry.places,
        updatedBy: request.user!.username,
      });
      await recordAudit(database, actorFrom(request), {
        action: 'data.change',
        subjectType: 'forecast_unit_cost',
        subjectId: `${entry.type.id}/${year}`,
        details: {
          change: before ? 'unit cost changed' : 'unit cost set',
          from: before ? { weekly_cost_pounds: before.weeklyCostPounds, places: before.places } : null,
          to: { weekly_cost_pounds: entry.cost, places: entry.places },
        },
      });
    }
    return reply.redirect('/forecast/costs', 303);
  });

  // ----- Scenarios ------------------------------------------------------------------------------

  const NAME_TAKEN = 'There is already a scenario with that name';
  const scenarioForm = (reply: FastifyReply, values: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    reply.render('forecast/views/scenario.njk', { title: 'Add a scenario', values, bands: AGE_BANDS, chosen: chosenForecast(values), ...extra });

  app.get<{ Querystring: Body }>('/forecast/scenarios/new', { config: MANAGE }, (request, reply) =>
    scenarioForm(reply, Object.fromEntries(chosenForecast(request.query).fields.map((field) => [field.name, field.value]))),
  );

  app.post<{ Body: Record<string, string | undefined> }>('/forecast/scenarios', { config: MANAGE }, async (request, reply) => {
    const body = request.body ?? {};
    const errors: { text: string; href: string }[] = [];
    const name = text(body, 'name');
    if (!name) errors.push({ text: 'Enter a name for the scenario', href: '#name' });
    else if (name.length > 80) errors.push({ text: 'The name must be 80 characters or fewer', href: '#name' });
    else if ((await listScenarios(database)).some((one) => one.name.toLowerCase() === name.toLowerCase())) errors.push({ text: NAME_TAKEN, href: '#name' });
    const description = text(body, 'description').slice(0, 1000);
    const percent = (field: string, min: number, max: number, what: string): number => {
      const typed = text(body, field).replace(/%$/, '');
      if (!typed) return 0;
      if (!/^[-+]?\d{1,3}(\.\d)?$/.test(typed) || Number(typed) < min || Number(typed) > max) {
        errors.push({ text: `${what} must be a percentage from ${min} to ${max}`, href: `#${field}` });
        return 0;
      }
      return Number(typed) / 100;
    };
    const entryMultiplier = AGE_BANDS.map(
      (band, index) => 1 + percent(`entry_${index}`, -100, 200, `The change in children aged ${band.label.toLowerCase()} entering care`),
    );
    const residentialToFostering = percent('residential', 0, 100, 'The share of residential placements made as fostering');
    const durationReduction = percent('duration', 0, 90, 'How much shorter time in care is');
    const placesText = text(body, 'places');
    let extraInHousePlaces = 0;
    if (placesText) {
      if (!/^\d{1,4}$/.test(placesText)) errors.push({ text: 'Extra in-house foster places must be a whole number from 0 to 9999', href: '#places' });
      else extraInHousePlaces = Number(placesText);
    }
    const scenario: Scenario = { entryMultiplier, residentialToFostering, durationReduction, extraInHousePlaces };
    if (!errors.length && JSON.stringify(scenario) === JSON.stringify(BASELINE))
      errors.push({ text: 'Change at least one assumption: this scenario is the same as the baseline', href: '#entry_0' });
    if (errors.length)
      return scenarioForm(reply.code(400), body, {
        errorSummary: errors,
        errorFields: Object.fromEntries(errors.map((error) => [error.href.slice(1), { text: error.text }])),
      });
    const scenarioId = await saveScenario(database, { name, description, scenario, createdBy: request.user!.username });
    if (scenarioId === null)
      return scenarioForm(reply.code(400), body, {
        errorSummary: [{ text: NAME_TAKEN, href: '#name' }],
        errorFields: { name: { text: NAME_TAKEN } },
      });
    await recordAudit(database, actorFrom(request), {
      action: 'data.change',
      subjectType: 'forecast_scenario',
      subjectId: String(scenarioId),
      details: { change: 'scenario saved', name, assumptions: scenario },
    });
    return reply.redirect(`/forecast${chosenForecast(body).query}#scenarios`, 303);
  });

  app.post<{ Params: { scenarioId: string }; Body: Body | undefined }>(
    '/forecast/scenarios/:scenarioId/delete',
    { config: MANAGE },
    async (request: FastifyRequest<{ Params: { scenarioId: string }; Body: Body | undefined }>, reply) => {
      const id = /^\d{1,12}$/.test(request.params.scenarioId) ? Number(request.params.scenarioId) : NaN;
      const removed = Number.isFinite(id) ? await deleteScenario(database, id) : null;
      if (!removed) return reply.code(404).render('core/views/error.njk', { title: 'Scenario not found', message: 'There is no scenario with that number.' });
      await recordAudit(database, actorFrom(request), {
        action: 'data.change',
        subjectType: 'forecast_scenario',
        subjectId: String(id),
        details: { change: 'scenario deleted', name: removed.name, assumptions: removed.scenario },
      });
      return reply.redirect(`/forecast${chosenForecast(request.body ?? {}).query}#scenarios`, 303);
    },
  );
}
