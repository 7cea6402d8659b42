import { describe, expect, it } from 'vitest';
import { ratio } from './numbers.ts';

describe('ratio', () => {
  it('rounds halves up to one decimal place without floating-point drift', () => {
    expect(ratio(47, 20)).toBe(2.4); // 2.35
    expect(ratio(154, 8)).toBe(19.3); // 19.25
    expect(ratio(2, 3, 100)).toBe(66.7);
    expect(ratio(1, 0)).toBeNull();
  });
});
