import { describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { demoInChromium, fillSignIn, hasChromium, warnIfNoChromium } from '../support/browser.ts';

warnIfNoChromium('Disabled children browser test');

/**
 * A director opens the disabled children's page from the navigation, reads the figures, follows the
 * link to who is waiting, and each page passes axe (WCAG 2.1 AA rules as axe runs them).
 */
describe.skipIf(!hasChromium)('the disabled children’s pages in a browser', () => {
  const demo = demoInChromium({ children: 1_500, seed: 5 });

  async function noViolations(page: Page) {
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.map((violation) => `${page.url()}: ${violation.id} (${violation.nodes.length})`)).toEqual([]);
  }

  it('shows a director the figures and who is waiting, accessibly', async () => {
    const page = await (await demo.browser.newContext()).newPage();
    await page.goto(`${demo.baseUrl}/sign-in`);
    await fillSignIn(page, 'director');
    await page.waitForURL(`${demo.baseUrl}/`);
    await page.getByRole('link', { name: 'Disabled children' }).first().click();
    await page.waitForSelector('h1:has-text("Disabled children")');
    expect(await page.locator('#table-short-breaks').count()).toBe(1);
    expect(await page.locator('#waits-by-month').count()).toBe(1);
    await noViolations(page);
    await page.locator('#waiting-list').click();
    await page.waitForSelector('#waiting-assessment');
    await noViolations(page);
  });
});
