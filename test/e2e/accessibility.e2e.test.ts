import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { startDemoSite, launchChromium, fillSignIn, hasChromium, warnIfNoChromium, type DemoSite } from '../support/browser.ts';

warnIfNoChromium('Accessibility browser tests');

/**
 * Every main page, as the role that uses it, in a real browser: it renders, and axe finds no
 * accessibility violations (WCAG 2.1 AA rules as axe runs them).
 */
describe.skipIf(!hasChromium)('accessibility of the main pages', () => {
  let site: DemoSite;
  let database: DemoSite['database'];
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    site = await startDemoSite({ children: 1_500, seed: 5 });
    ({ database, baseUrl } = site);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  async function signedIn(username: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${baseUrl}/sign-in`);
    await fillSignIn(page, username);
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
