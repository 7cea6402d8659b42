import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, auditSubject, ETHNICITY, LEGAL_STATUS, PRIMARY_NEED, SPC_WORDS, wordsFor } from './words.ts';
import { VARIATION_TEXT, ASSURANCE_TEXT } from '../indicators/spc.ts';

describe('words for codes', () => {
  it('gives the DfE’s words for legal status, ethnicity and need codes, and an unknown code as it is', () => {
    expect(['C1', 'C2', 'E1', 'V2'].map((code) => wordsFor(LEGAL_STATUS, code))).toEqual([
      'Interim care order',
      'Full care order',
      'Placement order granted',
      'Single period of accommodation under section 20',
    ]);
    expect(wordsFor(ETHNICITY, 'MWAS')).toBe('White and Asian');
    expect(wordsFor(ETHNICITY, 'wbri')).toBe('White British');
    expect(wordsFor(PRIMARY_NEED, 'N4')).toBe('Family in acute stress');
    expect(wordsFor(LEGAL_STATUS, 'Q9')).toBe('Q9');
    expect(wordsFor(LEGAL_STATUS, null)).toBeNull();
  });

  it('has words for every audit action and SPC verdict, the same as the pages use', () => {
    expect(AUDIT_ACTIONS['child.list']).toBe('Viewed a list of children');
    expect(AUDIT_ACTIONS.sign_in).toBe('Signed in');
    for (const [code, text] of [...Object.entries(VARIATION_TEXT), ...Object.entries(ASSURANCE_TEXT)]) expect(SPC_WORDS[code], code).toBe(text);
  });

  it('writes an audit subject without "null"', () => {
    expect(auditSubject('my_work', null)).toBe('My work');
    expect(auditSubject('child', 'C1')).toBe('Child C1');
    expect(auditSubject('something_new', '4')).toBe('Something new 4');
    expect(auditSubject(null, null)).toBe('–');
  });
});
