import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import type { FastifyInstance } from 'fastify';
import { freshDatabase } from '../support/engines.ts';
import { testConfig } from '../support/http.ts';
import { buildApp } from '../../src/core/http/app.ts';
import { CAPABILITIES } from '../../src/server/capabilities.ts';
import { seedDemo } from '../../src/server/start.ts';
import { DEMO_PASSWORD } from '../../src/server/demo-accounts.ts';
import { seedDemoEstablishment } from '../../src/workforce/demo-establishment.ts';
import { workforceMeasuresOn } from '../../src/workforce/measures.ts';

const CHROMIUM = '/usr/bin/chromium';
const AS_OF = '2025-09-30';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`Browser tests skipped: ${CHROMIUM} is absent (apt-get install chromium).`);

const percent = (value: number | null) => (value === null ? '–' : `${value.toFixed(1)}%`);

describe.skipIf(!hasChromium)('a senior leader reads the workforce page in Chromium', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    database = await freshDatabase(undefined);
    await seedDemo(database, { children: 1_500, seed: 7 }, () => undefined);
    await seedDemoEstablishment(database);
    app = await buildApp({ database, config: testConfig() }, CAPABILITIES);
    await app.listen({ host: '127.0.0.1', port: 0 });
    baseUrl = `http://localhost:${(app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.drop();
  });

  it('signs in, picks a date, sees the same figures as the rules, and axe finds no violations', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${baseUrl}/workforce`);
    await page.getByLabel('Username').fill('director');
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${baseUrl}/workforce`);

    await page.getByLabel('Date').fill(AS_OF);
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/\/workforce\?/);

    const expected = await workforceMeasuresOn(database, AS_OF, { threshold: 20, scope: { kind: 'all' }, asyeCaseloadPct: 80 });
    expect(expected.total.fundedFte).toBeGreaterThan(0);
    expect(await page.locator('#figure-vacancy').innerText()).toBe(percent(expected.total.vacancyRatePct));
    expect(await page.locator('#figure-agency').innerText()).toBe(percent(expected.total.agencyRatePct));
    expect(await page.locator('#figure-turnover').innerText()).toBe(percent(expected.total.turnoverRatePct));
    expect(await page.locator('#teams tbody tr').count()).toBe(expected.teams.length);
    expect(await page.locator('svg#chart-vacancy').count()).toBe(1);
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

    // A date that is not real is refused in the GOV.UK pattern.
    await page.getByLabel('Date').fill('2025-02-31');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page.locator('.govuk-error-summary').innerText()).resolves.toContain('real date');
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

    // The capacity page states its model and passes axe.
    await page.goto(`${baseUrl}/workforce/capacity?date=${AS_OF}`);
    await expect(page.getByRole('heading', { name: 'The model and its assumptions' }).isVisible()).resolves.toBe(true);
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  }, 240_000);
});
