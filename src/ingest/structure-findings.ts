import type { Finding } from './types.ts';

/** The XML readers list this many structure findings (rule KS-XSD); past it, one warning says the rest are not listed. */
export const MAX_STRUCTURE_FINDINGS = 10_000;

/** Whether the `count`-th structure finding of `file` is listed; the first past the cap adds the warning to `findings`. */
export function listStructureFinding(count: number, file: string, findings: Finding[]): boolean {
  if (count <= MAX_STRUCTURE_FINDINGS) return true;
  if (count === MAX_STRUCTURE_FINDINGS + 1)
    findings.push({
      rule: 'KS-XSD',
      message: `More than ${MAX_STRUCTURE_FINDINGS.toLocaleString('en-GB')} structure findings: the rest are not listed.`,
      file,
      table: null,
      row: null,
      child: null,
      field: null,
      severity: 'warning',
      rejects: false,
    });
  return false;
}
