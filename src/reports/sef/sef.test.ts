/**
 * The self-evaluation: the evidence rules on hand-made inputs, then the pages on the demo county —
 * a leader creates a SEF for a date, writes under the headings (kept apart from the generated
 * evidence, which can be regenerated without touching it) and downloads the Word document; a
 * member cannot reach any of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { engines, freshDatabase } from '../../../test/support/engines.ts';
import { requestsTo, signedInAs, testConfig } from '../../../test/support/http.ts';
import { buildApp } from '../../core/http/app.ts';
import { CAPABILITIES } from '../../server/capabilities.ts';
import { seedDemo } from '../../server/start.ts';
import { fillCalendar } from '../../indicators/calendar.ts';
import { todayInEngland, longDate } from '../../core/dates.ts';
import type { Inspection } from '../../inspections/register.ts';
import { indicatorFigures } from '../figures.ts';
import { handMade } from '../../../test/support/reports.ts';
import { CATALOGUE } from '../../indicators/catalogue/index.ts';
import { findSefArea, SEF_AREAS } from './areas.ts';
import { areaSummary, lastJudged } from './evidence.ts';
import { textInZip } from '../../core/zip.ts';

const inspection = (startDate: string, grades: Inspection['grades'], inspectionType: Inspection['inspectionType'] = 'standard'): Inspection => ({
  inspectionId: 1,
  framework: 'ilacs',
  inspectionType,
  startDate,
  endDate: startDate,
  publishedDate: null,
  reportUrl: null,
  summary: null,
  grades,
  findings: [],
});

describe('SEF evidence rules', () => {
  it('groups catalogue indicators by area, each indicator in one area only', () => {
    const ids = SEF_AREAS.flatMap((area) => area.indicatorIds);
    expect(new Set(ids).size).toBe(ids.length);
    const catalogue = new Set(CATALOGUE.map((indicator) => indicator.id));
    expect(ids.filter((id) => !catalogue.has(id))).toEqual([]);
  });

  it('takes the last grade from the newest inspection that graded the area, under its older names too', () => {
    const history = [
      inspection('2016-02-22', { help_and_protection: 'requires_improvement', looked_after_permanence: 'requires_improvement', care_leavers: 'good' }),
      inspection('2019-09-09', { help_and_protection: 'requires_improvement', children_in_care: 'good', impact_of_leaders: 'requires_improvement' }),
      inspection('2021-01-11', {}, 'focused_visit'),
    ];
    // Care leavers: the 2019 ILACS judged them with children in care (good), later than the 2016 SIF grade.
    expect(lastJudged(findSefArea('care_leavers')!, history)).toEqual({
      grade: 'Good',
      judgement: 'Experiences and progress of children in care',
      inspection: 'Standard inspection',
      startDate: '2019-09-09',
    });
    expect(lastJudged(findSefArea('impact_of_leaders')!, history.slice(0, 1))).toBeNull();
    expect(lastJudged(findSefArea('children_in_care')!, history.slice(0, 1))?.judgement).toBe('Children looked after and achieving permanence');
  });

  it('summarises an area: published figures, targets met, real changes', () => {
    // Assessments: 95.0% after a run of 70 and 72 — special cause improving, meets 80. Placements: 12.0%
    // against a target of 10 (lower is better) — missed, common cause. Overdue reviews: 3, suppressed.
    const improving: [number, number][] = [];
    for (let index = 0; index < 11; index++) improving.push(index % 2 === 0 ? [14, 20] : [18, 25]);
    improving.push([19, 20]);
    const noise: [number, number][] = [];
    for (let index = 0; index < 10; index++) noise.push([index % 2 === 0 ? 9 : 11, 100]);
    noise.push([11, 100], [12, 100]);
    const figures = [
      indicatorFigures(handMade('timeliness.assessments_45wd_pct', improving, { target: 80 }), null),
      indicatorFigures(handMade('stability.three_placements_pct', noise, { target: 10 }), null),
      indicatorFigures(
        handMade(
          'timeliness.cla_reviews_overdue',
          [
            [12, null],
            [10, null],
            [8, null],
            [3, null],
          ],
          { target: null },
        ),
        null,
      ),
    ];
    expect(areaSummary(figures)).toBe(
      'Of 3 indicators, 2 have a published figure for September 2025. 1 of the 2 with a target meets it. Statistical process control shows a real improvement in Assessments completed within 45 working days.',
    );
    expect(areaSummary([])).toBe('There are no case data for this date, so no indicator can be given.');
  });
});

describe.each(engines)('self-evaluation pages on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let app: FastifyInstance;
  let leader: { cookie: string; csrfToken: string };
  let member: { cookie: string; csrfToken: string };
  const today = todayInEngland();

  beforeAll(async () => {
    database = await freshDatabase(url);
    await fillCalendar(database);
    await seedDemo(database, { children: 500, seed: 3 }, () => undefined);
    app = await buildApp({ database, config: testConfig() }, CAPABILITIES);
    leader = await signedInAs(database, { username: 'sef.leader', displayName: 'Lee Leader', roles: ['senior_leader'] });
    member = await signedInAs(database, { username: 'sef.member', roles: ['elected_member'] });
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const { get, post } = requestsTo(() => app);
  const dateFields = (date: string) => ({
    'date-day': String(Number(date.slice(8))),
    'date-month': String(Number(date.slice(5, 7))),
    'date-year': date.slice(0, 4),
  });

  it('refuses a missing or future date in the GOV.UK error pattern', async () => {
    const empty = await post(leader, '/reports/sef');
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('govuk-error-summary');
    expect(empty.body).toContain('Enter the date of the self-evaluation');
    const future = await post(leader, '/reports/sef', dateFields(`${Number(today.slice(0, 4)) + 1}-01-01`));
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('Date must be today or in the past');
    expect(future.body).toContain('govuk-input--error');
  });

  it('creates a SEF with the evidence, keeps leaders’ writing apart from it, and downloads it as Word', async () => {
    const created = await post(leader, '/reports/sef', dateFields(today));
    expect(created.statusCode).toBe(303);
    const sefPath = created.headers.location as string;
    const sefId = Number(sefPath.split('/').pop());
    const page = await get(leader, sefPath);
    expect(page.statusCode).toBe(200);
    for (const area of SEF_AREAS) expect(page.body).toContain(area.title);
    for (const heading of ['What we know', 'What we are doing', 'What difference it makes', 'What we will do next']) expect(page.body).toContain(heading);
    // The demo register: ILACS May 2022 judged help and protection good and leaders outstanding.
    expect(page.body).toContain('Good: experiences and progress of children who need help and protection, standard inspection starting 9 May 2022.');
    expect(page.body).toContain('Outstanding: impact of leaders on social work practice with children and families');
    expect(page.body).toContain('Inspection history');
    // Indicators with their commentary; the improvement plan's measure names its action (commentary rule 6).
    expect(page.body).toContain('Return home interviews offered');
    expect(page.body).toContain(
      'action “Commission a return home interview service offering every interview within 72 hours”, owned by Service Manager, Adolescents',
    );
    // Leaders' area: casework audits, improvement plan and workforce, from the report's sections.
    expect(page.body).toContain('Casework audits');
    expect(page.body).toContain('Improvement plan 2022 (ILACS), position on');
    expect(page.body).not.toMatch(/href="\/(children|my-children|indicators\/[^"]*\/children)/);

    const evidenceBefore = (await sql<{ evidence: unknown }>`SELECT evidence FROM ks_sef WHERE sef_id = ${sefId}`.execute(database.db)).rows[0]!.evidence;
    const areaPath = `/reports/sef/${sefId}/areas/children_in_care`;
    expect((await get(leader, areaPath)).body).toContain('Save this area');
    const known = 'Children in care are visited on time in most months.\nPlacement stability is our weakest area.';
    const saved = await post(leader, areaPath, {
      'writing-what_we_know': known,
      'writing-what_next': 'Open two in-house children’s homes by March.',
      'writing-what_we_are_doing': '',
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/reports/sef/${sefId}?saved=children_in_care#area-children-in-care`);
    const rows = await sql<{
      heading_id: string;
      body: string;
    }>`SELECT heading_id, body FROM ks_sef_writing WHERE sef_id = ${sefId} ORDER BY heading_id`.execute(database.db);
    expect(rows.rows).toEqual([
      { heading_id: 'what_next', body: 'Open two in-house children’s homes by March.' },
      { heading_id: 'what_we_know', body: known },
    ]);
    const after = await get(leader, `/reports/sef/${sefId}?saved=children_in_care`);
    expect(after.body).toContain('Saved: The experiences and progress of children in care.');
    expect(after.body).toContain('Placement stability is our weakest area.');
    expect(after.body).toContain(`Written by Lee Leader on ${longDate(today)}.`);
    expect(after.body).toContain('Leaders have written 2 of the 16 headings.');
    // Written and regenerated at 23:30 UTC on 14 July 2026: 00:30 BST on 15 July in England.
    await sql`UPDATE ks_sef_writing SET written_at = '2026-07-14 23:30:00+00' WHERE sef_id = ${sefId}`.execute(database.db);
    await sql`UPDATE ks_sef SET refreshed_at = '2026-07-14 23:30:00+00' WHERE sef_id = ${sefId}`.execute(database.db);
    expect((await get(leader, sefPath)).body).toContain('Written by Lee Leader on 15 July 2026.');
    expect((await get(leader, '/reports/sef')).body).toMatch(/Self-evaluation, [^<]+<\/a>\s*<\/td>\s*<td[^>]*>\s*15 July 2026\s*</);
    expect((await sql<{ evidence: unknown }>`SELECT evidence FROM ks_sef WHERE sef_id = ${sefId}`.execute(database.db)).rows[0]!.evidence).toEqual(
      evidenceBefore,
    );

    const tooLong = await post(leader, areaPath, { 'writing-what_we_know': 'x'.repeat(10_001) });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain('What we know must be 10,000 characters or fewer');

    // Regenerating the evidence keeps the writing.
    expect((await post(leader, `/reports/sef/${sefId}/refresh`)).statusCode).toBe(303);
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM ks_sef_writing WHERE sef_id = ${sefId}`.execute(database.db)).rows[0]!.n).toBe(2);

    const word = await get(leader, `/reports/sef/${sefId}/sef.docx`);
    expect(word.statusCode).toBe(200);
    expect(word.headers['content-disposition']).toBe(`attachment; filename="self-evaluation-${today}.docx"`);
    const xml = textInZip(new Uint8Array(word.rawPayload), 'word/document.xml');
    const text = xml.replace(/<[^>]+>/g, ' ');
    expect(text).toContain('Placement stability is our weakest area.');
    expect(text).toContain('The impact of leaders on social work practice with children and families');
    expect(text).toContain('Not yet written.');
    const exports = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM ks_audit_event WHERE action = 'export' AND subject_type = 'sef' AND subject_id = ${String(sefId)}`.execute(database.db);
    expect(exports.rows[0]!.n).toBe(1);

    const list = await get(leader, '/reports/sef');
    expect(list.body).toContain(`Self-evaluation, ${longDate(today)}`);
    expect(list.body).toContain('2 of 16');

    // Members read published reports only: no SEF page, form or download.
    for (const path of ['/reports/sef', sefPath, areaPath, `${sefPath}/sef.docx`]) expect((await get(member, path)).statusCode, path).toBe(403);
    for (const path of ['/reports/sef', areaPath, `${sefPath}/refresh`]) expect((await post(member, path)).statusCode, path).toBe(403);
    expect((await get(leader, '/reports/sef/999999')).statusCode).toBe(404);
    expect((await get(leader, `/reports/sef/${sefId}/areas/adoption`)).statusCode).toBe(404);
  });
});
