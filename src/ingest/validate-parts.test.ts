/**
 * Validation of a 903 return collects garbage between the parts of a large return (so one part's
 * findings and rows to store are never in memory with the next part's), and not for a return checked
 * whole, where a full collection costs more than the memory it frees.
 */
import { describe, expect, it, vi } from 'vitest';
import { collectGarbage } from './memory.ts';
import { validateFiles } from './validate.ts';

vi.mock('./memory.ts', () => ({ collectGarbage: vi.fn() }));

const children = Array.from({ length: 40 }, (_, index) => `${1000 + index}`);
const files = [
  ['header.csv', `CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n${children.map((child) => `${child},1,01/01/2010,WBRI,A123456789012,,`).join('\n')}\n`],
  [
    'episodes.csv',
    `CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n${children
      .map((child) => `${child},01/05/2023,S,C2,N1,K2,PR1,,,,CV1 1AA,CV2 2AA,SC123456`)
      .join('\n')}\n`,
  ],
].map(([name, text]) => ({ name: name!, bytes: new TextEncoder().encode(text) }));

describe('garbage collection while validating a 903 return', () => {
  it('a return checked whole is not collected; one checked in parts is, after each part', async () => {
    vi.mocked(collectGarbage).mockClear();
    const whole = await validateFiles({ format: '903', files, mode: 'lenient' });
    expect(collectGarbage).not.toHaveBeenCalled();
    const parts = await validateFiles({ format: '903', files, mode: 'lenient', partBytes: 1_000 });
    expect(vi.mocked(collectGarbage).mock.calls.length).toBeGreaterThanOrEqual(4);
    expect([parts.errors, parts.warnings, parts.rejected, parts.tables]).toEqual([whole.errors, whole.warnings, whole.rejected, whole.tables]);
  });
});
