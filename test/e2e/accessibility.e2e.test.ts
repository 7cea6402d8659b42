import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import type { FastifyInstance } from 'fastify';
import { freshDatabase } from '../support/engines.ts';
import { testConfig } from '../support/http.ts';
import { buildApp } from '../../src/core/http/app.ts';
import { CAPABILITIES } from '../../src/server/capabilities.ts';
import { seedDemo } from '../../src/server/start.ts';
import { DEMO_PASSWORD } from '../../src/server/demo-accounts.ts';
import { fillCalendar } from '../../src/indicators/calendar.ts';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`Accessibility browser tests skipped: ${CHROMIUM} is absent (apt-get install chromium).`);

/**
 * Every main page, as the role that uses it, in a real browser: it renders, and axe finds no
 * accessibility violations (WCAG 2.1 AA rules as axe runs them).
 */
describe.skipIf(!hasChromium)('accessibility of the main pages', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    database = await freshDatabase(undefined);
    await fillCalendar(database);
    await seedDemo(database, { children: 1_500, seed: 5 }, () => undefined);
    app = await buildApp({ database, config: testConfig() }, CAPABILITIES);
    await app.listen({ host: '127.0.0.1', port: 0 });
    baseUrl = `http://localhost:${(app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.drop();
  });

  async function signedIn(username: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${baseUrl}/`);
    return page;
  }

  async function check(page: Page, path: string) {
    const response = await page.goto(`${baseUrl}${path}`);
    expect(response?.status(), path).toBe(200);
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.map((violation) => `${path}: ${violation.id} (${violation.nodes.length})`)).toEqual([]);
  }

  it('for a senior leader', async () => {
    const page = await signedIn('director');
    for (const path of ['/', '/caseloads', '/indicators', '/account']) await check(page, path);
    // An indicator page and a team page, reached the way a user would.
    await page.goto(`${baseUrl}/indicators`);
    const indicatorHref = await page.locator('a[href^="/indicators/"]:not([href*="teams"])').first().getAttribute('href');
    await check(page, indicatorHref!);
    await page.goto(`${baseUrl}/caseloads`);
    const workerList = await page.locator('#workers a').first().getAttribute('href');
    await check(page, workerList!);
    await page.locator('table a[href^="/children/record"]').first().click();
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.map((violation) => violation.id)).toEqual([]);
  });

  it('for a social worker, an analyst, an administrator and the IG officer', async () => {
    const worker = await signedIn('socialworker');
    for (const path of ['/my-work', '/my-children']) await check(worker, path);
    const analyst = await signedIn('analyst');
    await check(analyst, '/imports');
    const admin = await signedIn('admin');
    for (const path of ['/admin/users', '/admin/users/new']) await check(admin, path);
    const ig = await signedIn('igofficer');
    for (const path of ['/audit', '/audit/child', '/audit/break-glass', '/audit/restrictions', '/audit/retention']) await check(ig, path);
  });
});
