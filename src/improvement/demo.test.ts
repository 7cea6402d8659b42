/** The demo county's improvement plans: each success measure measures what its description says. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { engines, freshDatabase } from '../../test/support/engines.ts';
import { signedInAs } from '../../test/support/http.ts';
import { seedImprovementDemo } from './demo.ts';

describe.each(engines)('improvement demo on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    database = await freshDatabase(url);
    for (const [username, roles] of [
      ['auditor', ['qa_auditor']],
      ['servicemanager', ['service_manager']],
      ['director', ['senior_leader']],
    ] as const)
      await signedInAs(database, { username, roles: [...roles] });
    await seedImprovementDemo(database, { from: '2020-11-01', to: '2026-10-31' });
  });
  afterAll(() => database.drop());

  it('measures return home interviews offered within 72 hours by the 72-hour indicator, not offers at any time', async () => {
    const measures = await sql<{ indicator_id: string }>`
      SELECT indicator_id FROM ks_plan_measure WHERE description LIKE 'Return home interviews offered within 72 hours%'`.execute(database.db);
    expect(measures.rows.map((row) => row.indicator_id)).toEqual(['timeliness.rhi_offered_72h_pct']);
  });
});
