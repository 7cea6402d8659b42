/**
 * The CIN census export against the DfE's own XSDs with a real validator (libxml2 through
 * xmllint-wasm), not Keystone's model of them: a demo county exported for each collection year
 * 2022–2026 validates against that year's published schema with no error.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshDatabase } from '../../test/support/engines.ts';
import { CIN_XSD_DIR, cinXsd, cinXsdPresent, validateAgainstXsd } from '../../test/support/xsd.ts';
import { generateCounty, loadCounty } from '../demo/index.ts';
import { exportCin } from './cin.ts';

if (!cinXsdPresent)
  console.warn(`SKIPPED: the CIN export XSD test needs the DfE schemas in ${CIN_XSD_DIR} (the shared folder beside the repository), which is absent.`);

describe.runIf(cinXsdPresent).each(engines)('the CIN census export against the published XSDs on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let preProceedingsChild: string;

  beforeAll(async () => {
    database = await freshDatabase(url);
    await loadCounty(database, generateCounty({ children: 160, seed: 4 }));
    // The demo county records no UPNs and few disabilities: every child in need gets a UPN (and, every
    // third, a former UPN) and every other a disability, so the files fill those parts of the schema too.
    await sql`INSERT INTO ssd_linked_identifiers (link_table_id, link_person_id, link_identifier_type, link_identifier_value)
              SELECT 'XSD-UPN-' || n, child, 'Unique Pupil Number', 'A' || lpad(n::text, 11, '0') || 'B' FROM
              (SELECT child, row_number() OVER (ORDER BY child) AS n FROM (SELECT DISTINCT cine_person_id AS child FROM ssd_cin_episodes) c) numbered`.execute(
      database.db,
    );
    await sql`INSERT INTO ssd_linked_identifiers (link_table_id, link_person_id, link_identifier_type, link_identifier_value)
              SELECT 'XSD-FUPN-' || link_person_id, link_person_id, 'Former Unique Pupil Number', 'Z' || substr(link_identifier_value, 2)
              FROM ssd_linked_identifiers WHERE link_table_id LIKE 'XSD-UPN-%' AND substr(link_table_id, 9)::int % 3 = 0`.execute(database.db);
    await sql`INSERT INTO ssd_disability (disa_table_id, disa_person_id, disa_disability_code)
              SELECT 'XSD-D-' || link_person_id, link_person_id, 'HEAR' FROM ssd_linked_identifiers
              WHERE link_table_id LIKE 'XSD-UPN-%' AND substr(link_table_id, 9)::int % 2 = 0`.execute(database.db);
    // The demo county holds no pre-proceedings: one is added to an episode open in 2025-26, since the
    // published XSDs have no place for them and the 2026 file must still validate.
    const episode = (
      await sql<{ id: string; child: string; referral: string }>`
        SELECT cine_referral_id AS id, cine_person_id AS child, cine_referral_date::text AS referral FROM ssd_cin_episodes
        WHERE cine_referral_date <= '2026-03-31' AND (cine_close_date IS NULL OR cine_close_date >= '2025-04-01') ORDER BY cine_referral_id LIMIT 1`.execute(
        database.db,
      )
    ).rows[0]!;
    preProceedingsChild = episode.child;
    const start = episode.referral > '2025-04-01' ? episode.referral : '2025-04-01';
    await sql`INSERT INTO ssd_pre_proceedings (prep_table_id, prep_person_id, prep_referral_id, prep_pre_pro_decision_date, prep_pre_pro_outcome)
              VALUES ('PP-XSD-1', ${episode.child}, ${episode.id}, ${start}::date, 'A')`.execute(database.db);
  }, 120_000);
  afterAll(async () => {
    await database?.drop();
  });

  it.each([2022, 2023, 2024, 2025, 2026])('collection year %i: valid against that year’s published XSD', async (year) => {
    const exported = await exportCin(database, { from: `${year - 1}-04-01`, to: `${year}-03-31` }, { laCode: '840', madeAt: `${year}-05-01T09:30:00` });
    expect(exported.schemaYear).toBe(year);
    expect(exported.childIds.length).toBeGreaterThan(10);
    // Every part of the schema the county fills is in the file, so the check is not of an empty shell.
    for (const element of [
      'Header',
      'Source',
      'UPN',
      'FormerUPN',
      'Disabilities',
      'CINclosureDate',
      'ReasonForClosure',
      'Assessments',
      'FactorsIdentifiedAtAssessment',
      'CINPlanDates',
      'Section47',
      'ChildProtectionPlans',
      'Reviews',
    ])
      expect(exported.xml, `<${element}> in ${year}`).toContain(`<${element}>`);
    expect(exported.xml).toContain(year >= 2025 ? '<Sex>' : '<GenderCurrent>');
    // The census holds the year's activity: every end date and conference in it falls in the year (DfE 8696, 4013, 8930, 8715).
    const ends = [...exported.xml.matchAll(/<(AssessmentAuthorisationDate|CINPlanEndDate|CPPendDate|DateOfInitialCPC)>([^<]+)</g)].map((match) => match[2]!);
    expect(ends.length).toBeGreaterThan(0);
    expect(ends.filter((date) => date < `${year - 1}-04-01` || date > `${year}-03-31`)).toEqual([]);

    const errors = (await validateAgainstXsd(cinXsd(year), [{ name: `cin_${year}.xml`, xml: exported.xml }])).get(`cin_${year}.xml`);
    expect(errors).toEqual([]);
    // The validator is live: one flag out of its code list and the file fails, at that element and line.
    const broken = exported.xml.replace('<ReferralNFA>0</ReferralNFA>', '<ReferralNFA>2</ReferralNFA>');
    const line = broken.slice(0, broken.indexOf('<ReferralNFA>2')).split('\n').length;
    const brokenErrors = (await validateAgainstXsd(cinXsd(year), [{ name: 'broken.xml', xml: broken }])).get('broken.xml');
    expect(brokenErrors).toEqual([{ line, element: 'ReferralNFA', message: expect.stringContaining("The value '2' is not an element of the set {'0', '1'}") }]);

    const preProceedings = exported.omitted.filter((line) => line.includes('pre-proceedings'));
    expect(exported.xml).not.toContain('PreProceedingsandFGDM');
    expect(preProceedings).toEqual(
      year === 2026 ? [expect.stringMatching(new RegExp(`^Child ${preProceedingsChild}: pre-proceedings starting 20\\d\\d-\\d\\d-\\d\\d`))] : [],
    );
  });
});
