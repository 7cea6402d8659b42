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

  it('labels the return home interview measure as what it measures: offers at any time, not within 72 hours', async () => {
    const measures = await sql<{ indicator_id: string; description: string }>`
      SELECT indicator_id, description FROM ks_plan_measure WHERE indicator_id IN ('missing.rhi_offered_pct', 'timeliness.rhi_offered_72h_pct')`.execute(
      database.db,
    );
    expect(measures.rows).toEqual([{ indicator_id: 'missing.rhi_offered_pct', description: 'Return home interviews offered: 95%' }]);
  });
});
