import { describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import { demoInChromium, fillSignIn, hasChromium, warnIfNoChromium } from '../support/browser.ts';
import { indicatorReport } from '../../src/indicators/report.ts';
import { caseloadsOn } from '../../src/caseloads/rules.ts';
import { teamScope } from '../../src/core/auth/scope.ts';
import { readSession } from '../../src/core/auth/sessions.ts';

const AS_OF = '2025-09-30';
warnIfNoChromium('Browser tests');

describe.skipIf(!hasChromium)('a team manager reads the caseload page in Chromium', () => {
  const demo = demoInChromium({ children: 1_500, seed: 7 });

  it('signs in, picks a date, sees the same figures as the CLI, and axe finds no violations', async () => {
    const page = await (await demo.browser.newContext()).newPage();
    await page.goto(`${demo.baseUrl}/caseloads`);
    await expect(page.getByRole('heading', { name: 'Sign in to Keystone' }).isVisible()).resolves.toBe(true);
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

    await fillSignIn(page, 'teammanager');
    await page.waitForURL(`${demo.baseUrl}/caseloads`);

    await page.getByRole('textbox', { name: 'Day', exact: true }).fill('30');
    await page.getByRole('textbox', { name: 'Month', exact: true }).fill('9');
    await page.getByRole('textbox', { name: 'Year', exact: true }).fill('2025');
    await page.getByRole('button', { name: 'Show caseloads' }).click();
    await page.waitForURL(/\/caseloads\?/);

    // The page shows the team manager's own team, computed by the same function as the CLI.
    const cookie = (await page.context().cookies()).find((c) => c.name === 'ks_session')!;
    const user = (await readSession(demo.site.database, cookie.value, { idleMinutes: 30, absoluteMinutes: 720 }))!;
    const expected = await caseloadsOn(demo.site.database, AS_OF, { threshold: 20, scope: await teamScope(demo.site.database, user, AS_OF, 'casework') });
    expect(expected.workers.length).toBeGreaterThan(0);
    expect(await page.locator('#figure-average').innerText()).toBe(expected.county.average!.toFixed(1));
    expect(await page.locator('#figure-workers').innerText()).toBe(String(expected.county.workers));
    const workerRows = await page.locator('#workers tbody tr').allInnerTexts();
    expect(workerRows).toHaveLength(expected.workers.length);
    for (const [index, worker] of expected.workers.entries()) {
      expect(workerRows[index]).toContain(worker.name);
      expect(workerRows[index]).toMatch(new RegExp(`\\b${worker.caseload}\\b`));
    }
    expect(await page.locator('svg#chart-average').count()).toBe(1);
    expect(await page.locator('#trend tbody tr').count()).toBeGreaterThan(12);
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

    // The county figures agree with `keystone indicators --as-of … --json` (which prints indicatorReport).
    const report = await indicatorReport(demo.site.database, AS_OF, { threshold: 20 });
    const county = await caseloadsOn(demo.site.database, AS_OF, { threshold: 20, scope: { kind: 'all' } });
    expect(report.indicators.find((i) => i.id === 'caseload.average')!.value).toBe(county.county.average);

    // A date that is not real is refused in the GOV.UK pattern.
    await page.getByRole('textbox', { name: 'Day', exact: true }).fill('31');
    await page.getByRole('textbox', { name: 'Month', exact: true }).fill('2');
    await page.getByRole('button', { name: 'Show caseloads' }).click();
    await expect(page.locator('.govuk-error-summary').innerText()).resolves.toContain('real date');
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  });
});
