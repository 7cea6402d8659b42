import { describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import { demoInChromium, fillSignIn, hasChromium, warnIfNoChromium } from '../support/browser.ts';
import { runForecast, stockNow } from '../../src/forecast/service.ts';
import { todayInEngland } from '../../src/core/dates.ts';

warnIfNoChromium('Browser tests');

describe.skipIf(!hasChromium)('a director forecasts demand, tries a change of practice and reads the backtest in Chromium', () => {
  const demo = demoInChromium({ children: 1_500, seed: 7 });

  it('sees the forecast with its interval, saves a scenario, and axe finds no violations on any page', async () => {
    const page = await (await demo.browser.newContext()).newPage();
    await page.goto(`${demo.baseUrl}/forecast`);
    await fillSignIn(page, 'director');
    await page.waitForURL(`${demo.baseUrl}/forecast`);
    const run = await runForecast(demo.site.database, { today: todayInEngland(), months: 36 });
    if (!run.available) throw new Error(run.reason);
    expect(await page.locator('#figure-now').innerText()).toBe(String(stockNow(run).total));
    expect(await page.locator('svg#chart-forecast').count()).toBe(1);
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

    await page.getByLabel('How far ahead').selectOption('12');
    await page.getByRole('button', { name: 'Forecast' }).click();
    await page.waitForURL(/\/forecast\?/);
    expect(await page.locator('#table-total thead th').count()).toBe(3);

    await page.goto(`${demo.baseUrl}/forecast/scenarios/new`);
    await page.getByRole('button', { name: 'Save scenario' }).click();
    await expect(page.locator('.govuk-error-summary').innerText()).resolves.toContain('Enter a name');
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
    await page.getByLabel('Name').fill('More foster carers');
    await page.getByLabel('More in-house foster places').fill('10');
    await page.getByRole('button', { name: 'Save scenario' }).click();
    await page.waitForURL(/\/forecast/);
    await expect(page.locator('#scenarios').isVisible()).resolves.toBe(true);
    expect(await page.locator('#table-total').innerText()).toContain('More foster carers');
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

    for (const path of ['/forecast/backtest', '/forecast/sufficiency', '/forecast/costs']) {
      await page.goto(`${demo.baseUrl}${path}`);
      expect((await new AxeBuilder({ page }).analyze()).violations, path).toEqual([]);
    }
  }, 240_000);
});
