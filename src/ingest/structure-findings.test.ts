import { describe, expect, it } from 'vitest';
import type { Finding } from './types.ts';
import { listStructureFinding, MAX_STRUCTURE_FINDINGS } from './structure-findings.ts';

describe('structure findings past the cap', () => {
  it('lists up to the cap, then adds one warning naming the file and lists no more', () => {
    const findings: Finding[] = [];
    expect(listStructureFinding(MAX_STRUCTURE_FINDINGS, 'census.xml', findings)).toBe(true);
    expect(findings).toEqual([]);
    expect(listStructureFinding(MAX_STRUCTURE_FINDINGS + 1, 'census.xml', findings)).toBe(false);
    expect(listStructureFinding(MAX_STRUCTURE_FINDINGS + 2, 'census.xml', findings)).toBe(false);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      rule: 'KS-XSD',
      file: 'census.xml',
      severity: 'warning',
      rejects: false,
      message: 'More than 10,000 structure findings: the rest are not listed.',
    });
  });
});
