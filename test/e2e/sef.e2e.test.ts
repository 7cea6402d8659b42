import { describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { demoInChromium, downloadedBytes, signedInPage, hasChromium, warnIfNoChromium } from '../support/browser.ts';
import { textInZip } from '../../src/core/zip.ts';

warnIfNoChromium('Self-evaluation browser test');

/**
 * A director creates a self-evaluation for a date, meets the date error on the way, writes about
 * children in care, and downloads the Word document with that writing in it; every page passes axe.
 */
describe.skipIf(!hasChromium)('self-evaluation in Chromium', () => {
  const demo = demoInChromium({ children: 1_000, seed: 11 });

  const axe = async (page: Page) =>
    expect((await new AxeBuilder({ page }).analyze()).violations.map((violation) => `${page.url()}: ${violation.id}`)).toEqual([]);

  it('creates, writes and downloads a SEF', async () => {
    const page = await signedInPage(demo, 'director', { acceptDownloads: true });
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('link', { name: 'Self-evaluation for the Ofsted engagement meeting' }).click();
    await axe(page);

    await page.getByLabel('Day').fill('31');
    await page.getByLabel('Month').fill('2');
    await page.getByLabel('Year').fill('2025');
    await page.getByRole('button', { name: 'Create the self-evaluation' }).click();
    await expect(page.locator('.govuk-error-summary').innerText()).resolves.toContain('Date must be a real date');
    await axe(page);

    await page.getByLabel('Day').fill('30');
    await page.getByLabel('Month').fill('9');
    await page.getByRole('button', { name: 'Create the self-evaluation' }).click();
    await page.waitForURL(/\/reports\/sef\/\d+$/);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Self-evaluation of children’s social care');
    await expect(page.getByRole('heading', { level: 2, name: 'The experiences and progress of care leavers' }).isVisible()).resolves.toBe(true);
    await axe(page);

    await page.getByRole('link', { name: /^Write about this area.*progress of children in care$/ }).click();
    await axe(page);
    const written = 'Most children in care live close to home; too many moved placement three times this year.';
    await page.getByLabel('What we know', { exact: true }).fill(written);
    await page.getByRole('button', { name: 'Save this area' }).click();
    await page.waitForURL(/\/reports\/sef\/\d+\?saved=children_in_care#area-children-in-care$/);
    await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain('Saved: The experiences and progress of children in care.');
    await expect(page.locator('main').innerText()).resolves.toContain(written);
    await axe(page);

    const download = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download as a Word document' }).click()]).then(
      ([file]) => file,
    );
    expect(download.suggestedFilename()).toBe('self-evaluation-2025-09-30.docx');
    const xml = textInZip(new Uint8Array(await downloadedBytes(download)), 'word/document.xml');
    expect(xml).toContain(written);
    expect(xml).toContain('What we will do next');
  });
});
