import { it } from 'vitest';
import { freshDatabase } from '../../test/support/engines.ts';
import { generateCounty, loadCounty } from '../demo/index.ts';
import { runBacktest, runForecast, sufficiency } from './service.ts';

it('scratch', async () => {
  const database = await freshDatabase(undefined);
  let t = Date.now();
  await loadCounty(database, generateCounty({ children: 3000, seed: 1 }));
  console.log('load', Date.now() - t);
  t = Date.now();
  const run = await runForecast(database, { today: '2026-12-06', months: 24 });
  console.log('forecast', Date.now() - t);
  if (!run.available) { console.log(run); return; }
  console.log(run.from, run.historyStart, run.windowMonths, run.model.stock.reduce((a, b) => a + b, 0), run.baseline.total.expected.filter((_, i) => i % 6 === 5).map(Math.round), run.baseline.total.low.filter((_, i) => i % 6 === 5), run.baseline.total.high.filter((_, i) => i % 6 === 5));
  t = Date.now();
  const bt = await runBacktest(database, '2026-12-06');
  console.log('backtest', Date.now() - t);
  console.log(JSON.stringify(bt, (k, v) => (typeof v === 'number' ? Math.round(v * 10) / 10 : v)));
  console.log(JSON.stringify(await sufficiency(database, '2026-12-06', run)));
  await database.drop();
}, 300000);
