/** An import run from the Imports page (a worker thread) writes its audit event into the same keyed chain as the server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { engines, freshDatabase } from '../../test/support/engines.ts';
import { openAuditSeal, recordAudit, storedEvents, verifyAuditChain } from '../core/audit/trail.ts';
import { fileSeal } from '../core/audit/seal.ts';
import { runImportInWorker } from './worker.ts';

const actor = { userId: null, username: 'analyst', ip: '127.0.0.1', requestId: 'req-worker' };
const csv = 'pers_person_id,pers_sex,pers_dob\nW1,F,2015-01-01\nW2,M,2015-13-45\n';

describe.each(engines)('imports in a worker thread on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let folder: string;
  beforeAll(async () => {
    database = await freshDatabase(url);
    folder = mkdtempSync(path.join(tmpdir(), 'keystone-worker-audit-'));
    await openAuditSeal(database, fileSeal(folder));
  });
  afterAll(async () => {
    await database.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('hashes the import’s audit event with the server’s audit key, so the chain check stays intact', async () => {
    await recordAudit(database, actor, { action: 'sign_in' });
    const files = [{ name: 'ssd_person.csv', bytes: new TextEncoder().encode(csv) }];
    for (const dryRun of [true, false]) {
      const result = await runImportInWorker(database, { format: 'ssd', files, mode: 'lenient', dryRun, actor });
      expect(result.status).toBe(dryRun ? 'checked' : 'committed');
    }
    await recordAudit(database, actor, { action: 'sign_out' });
    expect((await storedEvents(database)).map((event) => event.action)).toEqual(['sign_in', 'import', 'import', 'sign_out']);
    await expect(verifyAuditChain(database)).resolves.toMatchObject({ events: 4, intact: true, checkpoint: { position: 4 } });
  });
});
