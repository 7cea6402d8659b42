import { describe, expect, it } from 'vitest';
import { thousands } from './cli.ts';

describe('the text report of keystone validate and import', () => {
  it('writes counts with commas between thousands, as en-GB does', () => {
    for (const value of [0, 7, 999, 1000, 10_000, 36_853, 999_999, 1_000_000, 123_456_789, 2 ** 31])
      expect(thousands(value)).toBe(value.toLocaleString('en-GB'));
  });
});
