import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { demoInChromium, fillSignIn, hasChromium, warnIfNoChromium } from '../support/browser.ts';

const REPORT = fileURLToPath(new URL('../../../shared/fixtures/ofsted/reports/durham-2016-05-16.pdf', import.meta.url));
const hasReport = existsSync(REPORT);
warnIfNoChromium('Browser tests');
if (!hasReport) console.warn('Improvement plan browser test skipped: ../shared/fixtures/ofsted/reports is absent.');

const noViolations = async (page: Page) => expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

describe.skipIf(!hasChromium || !hasReport)('from an Ofsted report to a rated plan line in the progress report, in Chromium', () => {
  const demo = demoInChromium({ children: 800, seed: 5 });

  it('uploads a report, confirms it, starts the plan, rates a line and finds it in the progress report', async () => {
    const page = await (await demo.browser.newContext()).newPage();
    await page.goto(`${demo.baseUrl}/inspections/upload`);
    await fillSignIn(page, 'director');
    await page.waitForURL(`${demo.baseUrl}/inspections/upload`);
    await noViolations(page);

    await page.getByLabel('Ofsted report').setInputFiles(REPORT);
    await page.getByRole('button', { name: 'Read the report' }).click();
    await expect(page.getByRole('heading', { name: 'Check the inspection read from the report' }).isVisible()).resolves.toBe(true);
    expect(await page.getByLabel('Framework').inputValue()).toBe('sif');
    const firstFinding = await page.locator('#finding-1').inputValue();
    expect(firstFinding.length).toBeGreaterThan(20);
    await noViolations(page);

    const published = page.getByRole('group', { name: 'Date the report was published' });
    await published.getByRole('textbox', { name: 'Day' }).fill('16');
    await published.getByRole('textbox', { name: 'Month' }).fill('5');
    await published.getByRole('textbox', { name: 'Year' }).fill('2016');
    await page.getByRole('button', { name: 'Save the inspection' }).click();
    await page.waitForURL(/\/inspections\/\d+$/);
    expect(await page.locator('#deadline').innerText()).toContain('23 August 2016');
    await noViolations(page);

    await page.getByRole('button', { name: 'Start the plan from these findings' }).click();
    await page.waitForURL(/\/improvement\/plans\/\d+$/);
    await noViolations(page);
    await page
      .getByRole('link', { name: firstFinding.slice(0, 40), exact: false })
      .first()
      .click();
    await page.waitForURL(/\/improvement\/lines\/\d+$/);
    await page.getByRole('radio', { name: 'Green' }).check();
    await page.getByLabel('Why').fill('Caseloads reduced: one year on report to cabinet.');
    await page.getByRole('button', { name: 'Save the rating' }).click();
    await page.waitForURL(/\/improvement\/lines\/\d+$/);
    expect(await page.locator('main').innerText()).toContain('Caseloads reduced: one year on report to cabinet.');
    await noViolations(page);

    await page.locator('.govuk-back-link').click();
    await page.waitForURL(/\/improvement\/plans\/\d+$/);
    await page.getByRole('link', { name: 'Progress report', exact: true }).click();
    await page.waitForURL(/\/progress$/);
    expect(await page.locator('#count-green').innerText()).toBe('1');
    expect(await page.locator('main').innerText()).toContain(firstFinding.slice(0, 40));
    await noViolations(page);
  });

  it('shows the seeded history, plans, national picture and audit results without accessibility violations', async () => {
    const page = await (await demo.browser.newContext()).newPage();
    await page.goto(`${demo.baseUrl}/inspections`);
    await fillSignIn(page, 'member');
    await page.waitForURL(`${demo.baseUrl}/inspections`);
    const timeline = await page.locator('#timeline').innerText();
    expect(timeline).toContain('Good, with outstanding impact of leaders');
    await noViolations(page);
    for (const path of ['/inspections/national', '/improvement', '/improvement/plans/1/progress', '/improvement/plans/2', '/casework-audits']) {
      const response = await page.goto(`${demo.baseUrl}${path}`);
      expect(response!.status(), path).toBe(200);
      await noViolations(page);
    }
    expect(await page.locator('#overall').innerText()).toMatch(/Since the first audit: .* graded good or better/);
    expect(await page.locator('#latest').innerText()).toMatch(/^[A-Z][a-z]+ \d{4}: .* completed audits graded good or better/);
    // The 2016 SIF plan, seen through: the 4 green at "one year on" embedded (blue), the other 10
    // completed by March 2019; the 2019 inspection's plan then superseded it.
    await page.goto(`${demo.baseUrl}/improvement/plans/1/progress`);
    expect([
      await page.locator('#count-blue').innerText(),
      await page.locator('#count-green').innerText(),
      await page.locator('#count-amber').innerText(),
    ]).toEqual(['4', '10', '0']);
    await page.goto(`${demo.baseUrl}/improvement/plans/1`);
    expect(await page.locator('#plan-status').innerText()).toMatch(/^Superseded on 24 January 2020 by Improvement plan 2019 \(ILACS\)/);
  });
});
