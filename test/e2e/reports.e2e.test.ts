import { describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { demoInChromium, downloadedBytes, signedInPage, hasChromium, warnIfNoChromium } from '../support/browser.ts';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

warnIfNoChromium('Report browser test');

/**
 * An analyst produces a committee report, edits a commentary, publishes it and downloads the PDF
 * (its text read back) and the Word document; an elected member then opens the published report.
 */
describe.skipIf(!hasChromium)('committee reports in Chromium', () => {
  const demo = demoInChromium({ children: 1_500, seed: 9 });

  const axe = async (page: Page) =>
    expect((await new AxeBuilder({ page }).analyze()).violations.map((violation) => `${page.url()}: ${violation.id}`)).toEqual([]);

  it('produces, publishes and downloads a report; a member reads it', async () => {
    const page = await signedInPage(demo, 'analyst', { acceptDownloads: true });
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Reports' }).click();
    await axe(page);
    await page.getByRole('button', { name: 'Create a report' }).click();
    await axe(page);
    await page.getByLabel('Corporate parenting board').check();
    const month = await page.getByLabel('Month', { exact: true }).inputValue();
    await page.getByRole('button', { name: 'Create the draft' }).click();
    await page.waitForURL(/\/reports\/\d+$/);
    await axe(page);

    const edited = 'The board asked for a review of placements made out of county.';
    await page.getByLabel('Commentary to publish for Children looked after placed more than 20 miles from home').fill(edited);
    await page.getByRole('button', { name: 'Save commentary' }).click();
    await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain('Commentary saved');
    await page.getByRole('link', { name: 'Preview the report as readers will see it' }).click();
    await axe(page);
    await page.goBack();
    await page.getByRole('button', { name: 'Publish this report' }).click();
    await page.waitForURL(/\/reports\/\d+\/versions\/1$/);
    const versionUrl = page.url();
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Corporate parenting board');
    await expect(page.locator('#summary').isVisible()).resolves.toBe(true);
    // The published version is checked with axe once, as the member reads it below: axe on a whole report takes
    // 15–25 s on a loaded 2-core machine, three times over had brought the test near its time limit.

    const pdfDownload = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'PDF' }).click()]).then(([download]) => download);
    const pdfBytes = new Uint8Array(await downloadedBytes(pdfDownload));
    const pdf = await getDocument({ data: pdfBytes }).promise;
    let text = '';
    for (let number = 1; number <= pdf.numPages; number++)
      text += `${(await (await pdf.getPage(number)).getTextContent()).items.map((item) => ('str' in item ? item.str : '')).join(' ')}\n`;
    expect(pdf.numPages).toBeGreaterThan(2);
    expect(text).toContain('Corporate parenting board');
    expect(text).toContain('Contents');
    expect(text).toContain('Executive summary');
    expect(text).toContain(edited);
    expect(text).toContain(`Page 1 of ${pdf.numPages}`);
    // A tagged PDF: the structure tree is marked (pdf.js gives the MarkInfo dictionary as a Map).
    const marks: unknown = await pdf.getMarkInfo();
    expect(marks instanceof Map ? marks.get('Marked') : (marks as { Marked?: boolean } | null)?.Marked).toBe(true);

    const wordDownload = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Word document' }).click()]).then(
      ([download]) => download,
    );
    expect(wordDownload.suggestedFilename()).toBe(`corporate-parenting-board-${month}-v1.docx`);
    const word = await downloadedBytes(wordDownload);
    expect(word.subarray(0, 2).toString()).toBe('PK');

    const member = await signedInPage(demo, 'member', { acceptDownloads: true });
    await member.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Reports' }).click();
    await axe(member);
    await member.getByRole('link', { name: /Corporate parenting board/ }).click();
    expect(member.url()).toBe(versionUrl);
    await expect(member.locator('main').innerText()).resolves.toContain(edited);
    await axe(member);
    const draft = await member.goto(versionUrl.replace(/\/versions\/1$/, ''));
    expect(draft?.status()).toBe(403);
  }, 480_000);
});
