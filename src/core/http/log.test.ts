import { describe, expect, it } from 'vitest';
import { buildApp, type Capability } from './app.ts';
import { logFormatFrom, prettyLine, type LogFormat } from './log.ts';
import { testConfig } from '../../../test/support/http.ts';
import type { Database } from '../db/database.ts';

const open: Capability = (app) => {
  app.get('/hello', { config: { access: { public: true } } }, (_request, reply) => reply.send('hi'));
};

async function linesFor(format: LogFormat): Promise<string[]> {
  const lines: string[] = [];
  // No route here touches the database.
  const app = await buildApp({ database: {} as Database, config: testConfig() }, [open], {
    log: { format, stream: { write: (line: string) => lines.push(line) } },
  });
  await app.inject({ url: '/hello?secret=1' });
  await app.close();
  return lines
    .join('')
    .split('\n')
    .filter((line) => line !== '');
}

describe('request logs', () => {
  it('chooses readable lines on a terminal, JSON otherwise, and honours KEYSTONE_LOG_FORMAT', () => {
    expect(logFormatFrom(undefined, true)).toBe('pretty');
    expect(logFormatFrom(undefined, false)).toBe('json');
    expect(logFormatFrom('json', true)).toBe('json');
    expect(logFormatFrom('pretty', false)).toBe('pretty');
    expect(() => logFormatFrom('yaml', true)).toThrow(/KEYSTONE_LOG_FORMAT/);
  });

  it('writes one readable line per request on a terminal, without the query string', async () => {
    const lines = await linesFor('pretty');
    const requests = lines.filter((line) => line.includes('/hello'));
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatch(/^\d\d:\d\d:\d\d GET \/hello 200 \d+ ms$/);
    expect(lines.join('\n')).not.toMatch(/secret|[{}]/);
  });

  it('writes JSON lines when not on a terminal', async () => {
    const lines = await linesFor('json');
    const records = lines.map((line) => JSON.parse(line) as { req?: { path: string }; res?: { statusCode: number } });
    expect(records.some((record) => record.req?.path === '/hello')).toBe(true);
    expect(records.some((record) => record.res?.statusCode === 200)).toBe(true);
    expect(lines.join('\n')).not.toContain('secret');
  });

  it('formats server messages and errors on one line each', () => {
    expect(prettyLine(JSON.stringify({ level: 30, time: Date.UTC(2026, 0, 1, 9, 5, 7), msg: 'Server listening at http://localhost:3000' }))).toMatch(
      /^\d\d:\d\d:\d\d Server listening at http:\/\/localhost:3000\n$/,
    );
    expect(prettyLine(JSON.stringify({ level: 50, time: 0, msg: 'boom', err: { message: 'bad' } }))).toMatch(/ ERROR boom bad\n$/);
  });
});
