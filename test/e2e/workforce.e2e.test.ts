import { describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import { demoInChromium, fillSignIn, hasChromium, warnIfNoChromium } from '../support/browser.ts';
import { workforceMeasuresOn } from '../../src/workforce/measures.ts';

const AS_OF = '2025-09-30';
warnIfNoChromium('Browser tests');

const percent = (value: number | null) => (value === null ? '–' : `${value.toFixed(1)}%`);

describe.skipIf(!hasChromium)('a senior leader reads the workforce page in Chromium', () => {
  const demo = demoInChromium({ children: 1_500, seed: 7 });

  it('signs in, picks a date, sees the same figures as the rules, and axe finds no violations', async () => {
    const page = await (await demo.browser.newContext()).newPage();
    await page.goto(`${demo.baseUrl}/workforce`);
    await fillSignIn(page, 'director');
    await page.waitForURL(`${demo.baseUrl}/workforce`);

    const fillDate = async (iso: string) => {
      const [year, month, day] = iso.split('-');
      await page.locator('#date-day').fill(day!);
      await page.locator('#date-month').fill(month!);
      await page.locator('#date-year').fill(year!);
    };
    await fillDate(AS_OF);
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/\/workforce\?/);

    const expected = await workforceMeasuresOn(demo.site.database, AS_OF, { threshold: 20, scope: { kind: 'all' }, asyeCaseloadPct: 80 });
    expect(expected.total.fundedFte).toBeGreaterThan(0);
    expect(await page.locator('#figure-vacancy').innerText()).toBe(percent(expected.total.vacancyRatePct));
    expect(await page.locator('#figure-agency').innerText()).toBe(percent(expected.total.agencyRatePct));
    expect(await page.locator('#figure-turnover').innerText()).toBe(percent(expected.total.turnoverRatePct));
    expect(await page.locator('#teams tbody tr').count()).toBe(expected.teams.length);
    expect(await page.locator('svg#chart-vacancy').count()).toBe(1);
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

    // A date that is not real is refused in the GOV.UK pattern.
    await fillDate('2025-02-31');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page.locator('.govuk-error-summary').innerText()).resolves.toContain('Date must be a real date');
    // What was typed stays in the inputs.
    await expect(page.locator('#date-day').inputValue()).resolves.toBe('31');
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

    // The capacity page states its model and passes axe.
    await page.goto(`${demo.baseUrl}/workforce/capacity?date=${AS_OF}`);
    await expect(page.getByRole('heading', { name: 'The model and its assumptions' }).isVisible()).resolves.toBe(true);
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  }, 240_000);
});
