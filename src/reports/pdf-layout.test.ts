/** The committee PDF's layout, printed by Chromium and read back: contents numbers, one page per indicator, the detail in an annex. */
import { describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { hasChromium, warnIfNoChromium } from '../../test/support/browser.ts';
import { generatedContent } from './document.ts';
import { indicatorFigures } from './figures.ts';
import { reportPdf } from './render.ts';
import { CUSTOM_TEMPLATE } from './templates.ts';
import { AS_OF, handMade, teams } from '../../test/support/reports.ts';

warnIfNoChromium('Committee PDF layout test');

const IDS = [
  'demand.re_referrals_pct',
  'timeliness.assessments_45wd_pct',
  'timeliness.icpc_15wd_pct',
  'timeliness.cp_reviews_on_time_pct',
  'timeliness.cp_visits_pct',
  'timeliness.cla_reviews_on_time_pct',
  'timeliness.cla_visits_pct',
  'timeliness.health_assessments_pct',
  'stability.three_placements_pct',
  'stability.long_term_pct',
  'stability.three_social_workers_pct',
  'missing.rhi_offered_pct',
  'plans.cp_repeat_pct',
  'care_leavers.in_touch_pct',
  'care_leavers.eet_pct',
  'plans.cin_visits_pct',
];
const TEAMS = [
  'Northmoor Family Safeguarding Team',
  'Southvale Family Safeguarding Team',
  'Children in Care North',
  'Children in Care South',
  'Eastfield Assessment Team',
  'Westbrook Assessment Team',
  'Disabled Children’s Team',
  '16+ and Care Leavers',
];

async function pagesOf(bytes: Uint8Array): Promise<string[]> {
  const pdf = await getDocument({ data: bytes }).promise;
  const pages: string[] = [];
  for (let number = 1; number <= pdf.numPages; number++) {
    pages.push(
      (await (await pdf.getPage(number)).getTextContent()).items
        .map((item) => ('str' in item ? item.str : ''))
        .join(' ')
        .replace(/\s+/g, ' '),
    );
  }
  return pages;
}

describe.skipIf(!hasChromium)('the committee PDF', () => {
  it('numbers every contents item, gives each indicator one page and puts the team detail in an annex', async () => {
    const indicators = IDS.map((id, index) => {
      const months = Array.from({ length: 36 }, (_, month): [number, number] => [40 + ((month * 7 + index * 3) % 23), 80 + (month % 5)]);
      return indicatorFigures(handMade(id, months, { england: 50 }), teams(TEAMS.map((team, position) => [team, 10 + position, 20 + position])));
    });
    const figures = { asOf: AS_OF, councilName: 'Kestrelshire County Council', computedAt: '2025-10-05T09:00:00.000Z', indicators };
    const document = {
      ...generatedContent({ templateId: CUSTOM_TEMPLATE, title: 'Corporate parenting board', period: AS_OF.slice(0, 7), figures }),
      status: { kind: 'generated' as const },
    };
    const pages = await pagesOf(new Uint8Array(await reportPdf(document)));

    // Contents: items 10 and beyond keep their full numbers.
    const contents = pages.slice(0, 2).join(' ');
    for (const number of [9, 10, 11, 19, 20]) expect(contents).toMatch(new RegExp(`(^|\\s)${number}\\.\\s`));

    // The summary a member reads first: every indicator in one table, before any indicator's page.
    const glance = pages.findIndex((page) => page.includes('Every indicator at a glance One line per indicator'));
    expect(glance).toBeGreaterThan(-1);
    for (const figure of indicators) expect(pages[glance]).toContain(figure.title);

    // Each indicator's page: its heading, then the next page is the next indicator's (or the annex).
    const firstPage = (title: string, from: number) => pages.findIndex((page, index) => index > from && page.includes(`${title} Latest`));
    let previous = glance;
    const annex = pages.findIndex((page) => page.includes('Annex: figures by month and by team The detail'));
    for (const figure of indicators) {
      const page = firstPage(figure.title, previous);
      expect(page, figure.title).toBe(previous + 1);
      expect(pages[page]).toContain('Commentary');
      expect(pages[page]).not.toContain('By team,');
      previous = page;
    }
    expect(annex).toBe(previous + 1);
    expect(pages.slice(annex).join(' ')).toContain('Northmoor Family Safeguarding Team');
    // How each figure is counted is in the annex, however long the definition.
    expect(pages.slice(annex).join(' ')).toContain('Source: DfE Children in need census (CIN)');
    // The annex: at most about a page per indicator (definition, monthly figures, teams).
    expect(pages.length).toBeLessThanOrEqual(annex + IDS.length + 1);
  }, 120_000);
});
