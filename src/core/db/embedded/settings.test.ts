import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { embeddedTestUrl } from '../../../../test/support/engines.ts';
import { availableMemory, sharedBuffersMb } from './settings.ts';

const GB = 1024 ** 3;

describe('the embedded PostgreSQL settings', () => {
  it('shared_buffers: a quarter of the memory, between 128 MB and 1 GB', () => {
    expect(sharedBuffersMb(0.25 * GB)).toBe(128);
    expect(sharedBuffersMb(1 * GB)).toBe(256);
    expect(sharedBuffersMb(2 * GB)).toBe(512);
    expect(sharedBuffersMb(24 * GB)).toBe(1024);
  });

  it('the supervisor starts PostgreSQL with them', async () => {
    const client = new pg.Client({ connectionString: embeddedTestUrl('postgres') });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string; megabytes: number }>(
        `SELECT name, (setting::bigint * (CASE unit WHEN '8kB' THEN 8 ELSE 1 END) / 1024)::int AS megabytes
         FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem') ORDER BY name`,
      );
      expect(rows).toEqual([
        { name: 'shared_buffers', megabytes: sharedBuffersMb(availableMemory()) },
        { name: 'work_mem', megabytes: 64 },
      ]);
    } finally {
      await client.end();
    }
  });
});
