import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { embeddedTestUrl, engines } from '../../../test/support/engines.ts';
import { openDatabase } from './database.ts';

describe.each(engines)('the pool’s connections ($name)', ({ url }) => {
  it('run without JIT compilation, whatever the server’s setting', async () => {
    const database = await openDatabase({ databaseUrl: url ?? embeddedTestUrl('postgres') });
    try {
      const { rows } = await sql<{ jit: string }>`SELECT current_setting('jit') AS jit`.execute(database.db);
      expect(rows).toEqual([{ jit: 'off' }]);
    } finally {
      await database.close();
    }
  });
});
