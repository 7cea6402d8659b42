import { describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { demoInChromium, signedInPage, hasChromium, warnIfNoChromium } from '../support/browser.ts';

warnIfNoChromium('Accessibility browser tests');

/**
 * Every main page, as the role that uses it, in a real browser: it renders, and axe finds no
 * accessibility violations (WCAG 2.1 AA rules as axe runs them).
 */
describe.skipIf(!hasChromium)('accessibility of the main pages', () => {
  const demo = demoInChromium({ children: 1_500, seed: 5 });

  async function check(page: Page, path: string) {
    const response = await page.goto(`${demo.baseUrl}${path}`);
    expect(response?.status(), path).toBe(200);
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.map((violation) => `${path}: ${violation.id} (${violation.nodes.length})`)).toEqual([]);
  }

  it('for a senior leader', async () => {
    const page = await signedInPage(demo, 'director');
    for (const path of ['/', '/caseloads', '/indicators', '/account']) await check(page, path);
    // An indicator page and a team page, reached the way a user would.
    await page.goto(`${demo.baseUrl}/indicators`);
    const indicatorHref = await page.locator('a[href^="/indicators/"]:not([href*="teams"])').first().getAttribute('href');
    await check(page, indicatorHref!);
    await page.goto(`${demo.baseUrl}/caseloads`);
    const workerList = await page.locator('#workers a').first().getAttribute('href');
    await check(page, workerList!);
    await page.locator('table a[href^="/children/record"]').first().click();
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.map((violation) => violation.id)).toEqual([]);
  });

  it('for a social worker, an analyst, an administrator and the IG officer', async () => {
    const worker = await signedInPage(demo, 'socialworker');
    for (const path of ['/my-work', '/my-children']) await check(worker, path);
    const analyst = await signedInPage(demo, 'analyst');
    for (const path of ['/imports', '/indicators/events']) await check(analyst, path);
    const admin = await signedInPage(demo, 'admin');
    for (const path of ['/admin/users', '/admin/users/new']) await check(admin, path);
    const ig = await signedInPage(demo, 'igofficer');
    for (const path of ['/audit', '/audit/child', '/audit/break-glass', '/audit/restrictions', '/audit/retention']) await check(ig, path);
  });

  it('for the workforce forms, the forecast, audit results and a QA auditor’s figures', async () => {
    const admin = await signedInPage(demo, 'admin');
    for (const path of ['/workforce/establishment', '/workforce/establishment/new', '/workforce/closures/new']) await check(admin, path);
    const leader = await signedInPage(demo, 'director');
    for (const path of ['/workforce', '/workforce/capacity', '/casework-audits', '/forecast']) await check(leader, path);
    // A QA auditor: the council's figures, a team's page without its workers.
    const auditor = await signedInPage(demo, 'auditor');
    await check(auditor, '/indicators');
    await auditor.goto(`${demo.baseUrl}/indicators`);
    const teamHref = await auditor.locator('a[href^="/indicators/teams/"]').first().getAttribute('href');
    expect(teamHref).toMatch(/^\/indicators\/teams\//);
    await check(auditor, teamHref!);
  }, 300_000);
});
