import { describe, expect, it } from 'vitest';
import { jsonParts, thousands } from './cli.ts';

describe('the text report of keystone validate and import', () => {
  it('writes counts with commas between thousands, as en-GB does', () => {
    for (const value of [0, 7, 999, 1000, 10_000, 36_853, 999_999, 1_000_000, 123_456_789, 2 ** 31])
      expect(thousands(value)).toBe(value.toLocaleString('en-GB'));
  });
});

describe('the JSON report, written in two parts', () => {
  const whole = (report: Record<string, unknown>) => `${JSON.stringify(report, null, 2)}\n`;

  it('joins to exactly what JSON.stringify writes, the findings apart from a message beyond Latin-1 before them', () => {
    const report = {
      format: '903',
      skipped: undefined,
      findingsByRule: [{ rule: '101', message: 'Child’s placement', count: 2 }],
      findings: [{ rule: '101', row: 2, message: 'plain', nested: { a: [1, { b: null }] } }],
      findingsNotShown: 0,
    };
    const parts = jsonParts(report, 'findings');
    expect(parts).toHaveLength(2);
    expect(parts.join('')).toBe(whole(report));
    expect(parts[1]!.startsWith('  "findings": [')).toBe(true);
  });

  it('is one part when nothing comes before or from the key, or it is absent', () => {
    for (const report of [{ findings: [] }, { a: 1 }, { a: undefined, findings: [] }, { a: 1, findings: undefined }, {}]) {
      const parts = jsonParts(report, 'findings');
      expect(parts).toHaveLength(1);
      expect(parts[0]).toBe(whole(report));
    }
  });
});
