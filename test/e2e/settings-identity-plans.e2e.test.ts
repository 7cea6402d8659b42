import { beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { sql } from 'kysely';
import { demoInChromium, signedInPage, hasChromium, warnIfNoChromium } from '../support/browser.ts';

warnIfNoChromium('Council settings browser tests');

/**
 * Issue 15: an administrator sets whom the council is compared with and pages then compare; one
 * name per person; improvement plans closed or superseded, and no stale deadline warning.
 */
describe.skipIf(!hasChromium)('council settings, identity and plan status in a browser', () => {
  const demo = demoInChromium({ children: 600, seed: 9 });

  beforeAll(async () => {
    // The demo county comes with a code; start from a council that has not set one.
    await sql`DELETE FROM ks_setting WHERE setting_key = 'la_code'`.execute(demo.site.database.db);
  });

  async function axe(page: Page) {
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.map((violation) => `${page.url()}: ${violation.id}`)).toEqual([]);
  }

  it('lets an administrator set the council’s code, with errors named, and the pages then compare', async () => {
    const director = await signedInPage(demo, 'director');
    await director.goto(`${demo.baseUrl}/indicators/demand.re_referrals_pct`);
    await expect(director.getByText('Not compared: an administrator sets the council’s code in Council settings').first().isVisible()).resolves.toBe(true);

    const admin = await signedInPage(demo, 'admin');
    await admin.goto(`${demo.baseUrl}/admin/settings`);
    await axe(admin);
    await admin.getByLabel('Council’s DfE code').fill('93');
    await admin.getByLabel('Caseload threshold').fill('500');
    await admin.getByRole('button', { name: 'Save settings' }).click();
    await expect(admin.locator('.govuk-error-summary').innerText()).resolves.toMatch(
      /Enter the council’s code as 3 digits[^]*caseload threshold must be a whole number from 1 to 100/,
    );
    await axe(admin);
    await admin.getByRole('link', { name: 'Enter the council’s code as 3 digits, like 840' }).click();
    await admin.getByLabel('Council’s DfE code').fill('937');
    await admin.getByLabel('Caseload threshold').fill('18');
    await admin.getByRole('button', { name: 'Save settings' }).click();
    await expect(admin.getByText('Council settings saved').isVisible()).resolves.toBe(true);
    await expect(admin.locator('#comparison').innerText()).resolves.toMatch(
      /Warwickshire \(937\)[^]*West Midlands[^]*DfE statistical neighbours: Gloucestershire \(916\)/,
    );
    await axe(admin);

    await director.goto(`${demo.baseUrl}/indicators/demand.re_referrals_pct`);
    await expect(director.locator('main').innerText()).resolves.toMatch(
      /Region\s+[\d.]+%: West Midlands, DfE published regional figure, \d{4}\s+Statistical neighbours\s+[\d.]+%: mean of 10 of 10 councils’ published values, \d{4}/,
    );
    await director.goto(`${demo.baseUrl}/caseloads`);
    await expect(director.locator('main').innerText()).resolves.toContain('more than 18');
  });

  it('names the signed-in worker as the pages about their work do', async () => {
    const account = await demo.site.database.db
      .selectFrom('ks_user')
      .select(['display_name', 'professional_id'])
      .where('username', '=', 'socialworker')
      .executeTakeFirstOrThrow();
    const professional = await sql<{
      name: string;
    }>`SELECT prof_professional_name AS name FROM ssd_professionals WHERE prof_professional_id = ${account.professional_id}`.execute(demo.site.database.db);
    expect(account.display_name).toBe(professional.rows[0]!.name);
    const worker = await signedInPage(demo, 'socialworker');
    await expect(worker.locator('.ks-header__user').innerText()).resolves.toContain(account.display_name);
    await expect(worker.locator('h1').innerText()).resolves.toBe(`Welcome, ${account.display_name}`);
    const manager = await signedInPage(demo, 'teammanager');
    await manager.goto(`${demo.baseUrl}/caseloads`);
    await expect(manager.locator('main').innerText()).resolves.toContain(account.display_name);
  });

  it('shows the kept-up plan history and lets a leader close the live plan, naming what is missing', async () => {
    const leader = await signedInPage(demo, 'director');
    await leader.goto(`${demo.baseUrl}/improvement`);
    await expect(leader.locator('#plans').innerText()).resolves.toMatch(
      /Improvement plan 2016 \(SIF recommendations\)\s+Superseded 24 January 2020 by Improvement plan 2019 \(ILACS\)/,
    );
    await axe(leader);
    await leader.getByRole('link', { name: 'Improvement plan 2022 (ILACS)', exact: true }).click();
    await leader.waitForURL(/\/improvement\/plans\/\d+$/);
    await expect(leader.locator('main strong', { hasText: 'overdue' }).count()).resolves.toBe(0);
    await axe(leader);
    await leader.getByRole('radio', { name: 'A later plan carries it on' }).check();
    await leader.getByRole('button', { name: 'Close the plan' }).click();
    await expect(leader.locator('.govuk-error-summary').innerText()).resolves.toMatch(
      /Select the open plan that carries the work on[^]*Say why the plan is closed/,
    );
    await axe(leader);
    await leader.getByRole('radio', { name: 'Its work is complete' }).check();
    await leader.getByLabel('Reason').fill('All recommendations met; the improvement board closed the plan.');
    await leader.getByRole('button', { name: 'Close the plan' }).click();
    await expect(leader.locator('#plan-status').innerText()).resolves.toMatch(/^Closed on \d+ \w+ \d{4}: All recommendations met/);
    await axe(leader);

    // The outstanding 2011 inspection made no recommendations: no plan was due and nothing warns.
    await leader.goto(`${demo.baseUrl}/inspections`);
    await leader.locator('a[href^="/inspections/"]', { hasText: '2011' }).first().click();
    await expect(leader.locator('#deadline').innerText()).resolves.toBe('No action plan is required: the inspection made no recommendations.');
    await expect(leader.locator('.govuk-warning-text').count()).resolves.toBe(0);
  });
});
