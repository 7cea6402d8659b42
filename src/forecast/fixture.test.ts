/**
 * The forecast on the shared SSDA903 fixture (data-to-insight's 2,675 fake children, one return),
 * read in place: the children looked after on the forecast date checked against a count written
 * from DfE's text in plain SQL, and the backtest run or refused with its reason.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { freshDatabase } from '../../test/support/engines.ts';
import { runImport } from '../ingest/pipeline.ts';
import { todayInEngland } from '../core/dates.ts';
import { careData, runBacktest, runForecast, stockNow } from './service.ts';

const FIXTURES = path.join(fileURLToPath(new URL('../../', import.meta.url)), '..', 'shared', 'fixtures', 'ssda903');
const present = existsSync(FIXTURES);
if (!present)
  console.warn(`SKIPPED: the forecast's SSDA903 fixture test needs ${FIXTURES} (the shared fixtures folder beside the repository), which is absent.`);

describe.skipIf(!present)('forecast on the shared SSDA903 fixture', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    database = await freshDatabase(undefined);
    const files = readdirSync(FIXTURES)
      .filter((name) => name.endsWith('.csv'))
      .sort()
      .map((name) => ({ name, bytes: new Uint8Array(readFileSync(path.join(FIXTURES, name))) }));
    const result = await runImport(database, {
      format: '903',
      files,
      mode: 'lenient',
      dryRun: false,
      actor: { userId: null, username: 'forecast-test', ip: null, requestId: null },
    });
    expect(result.status).toBe('committed');
  }, 300_000);
  afterAll(() => database?.drop());

  it('counts the children looked after as DfE does (open episode, not V3/V4, under 18), and forecasts or says why not', async () => {
    const today = todayInEngland();
    const data = await careData(database, today);
    expect(data.dataEnd).not.toBeNull();
    const run = await runForecast(database, { today, months: 12 });
    const on = run.available ? run.from : data.dataEnd!;
    const independent = await sql<{ n: number }>`
      SELECT count(DISTINCT e.clae_person_id)::int AS n
      FROM ssd_cla_episodes e JOIN ssd_person p ON p.pers_person_id = e.clae_person_id
      WHERE e.clae_cla_episode_start_date <= ${on}::date
        AND (e.clae_cla_episode_ceased_date IS NULL OR e.clae_cla_episode_ceased_date > ${on}::date)
        AND coalesce(e.clae_legal_status, '') NOT IN ('V3', 'V4')
        AND p.pers_dob > (${on}::date - interval '18 years')`.execute(database.db);
    if (run.available) {
      expect(stockNow(run).total).toBe(independent.rows[0]!.n);
      expect(run.baseline.total.expected).toHaveLength(12);
    } else {
      throw new Error(run.reason);
    }
    const tested = await runBacktest(database, today);
    if (tested.available) {
      for (const one of tested.runs) expect(Number.isFinite(one.model.wapePct)).toBe(true);
      console.info(
        `903 fixture backtest: ${tested.runs.map((one) => `${one.origin} +${one.horizon}: model ${one.model.wapePct.toFixed(1)}%, last value ${one.lastValue.wapePct.toFixed(1)}%, trend ${one.trend.wapePct.toFixed(1)}%`).join('; ')}`,
      );
    } else {
      console.info(`903 fixture backtest not available: ${tested.reason}`);
      expect(tested.reason).toMatch(/fewer than 12 months/);
    }
  });
});
