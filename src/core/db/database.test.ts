import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { engines, embeddedTestUrl } from '../../../test/support/engines.ts';
import { openDatabase } from './database.ts';

describe.each(engines)('openDatabase on $name', ({ url }) => {
  it('turns JIT compilation off on every connection of its pool', async () => {
    const database = await openDatabase({ databaseUrl: url ?? embeddedTestUrl('postgres') });
    try {
      // Two at once, so two of the pool's connections answer.
      const answers = await Promise.all(
        [1, 2].map(() => sql<{ jit: string; pid: number }>`SELECT current_setting('jit') AS jit, pg_backend_pid() AS pid, pg_sleep(0.05)`.execute(database.db)),
      );
      expect(answers.map((answer) => answer.rows[0]!.jit)).toEqual(['off', 'off']);
      expect(new Set(answers.map((answer) => answer.rows[0]!.pid)).size).toBe(2);
    } finally {
      await database.close();
    }
  });
});
