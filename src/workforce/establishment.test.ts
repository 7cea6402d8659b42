import { describe, expect, it } from 'vitest';
import { validatePost } from './establishment.ts';

const valid = { post_id: 'NEW-1', team_id: 'T2', role: 'social_worker', fte: '0.5', funded_from: '2024-04-01', funding_source: 'Investment' };

describe('a post from the form', () => {
  it('checks only the post’s own fields for formulas: the form’s CSRF token may begin with "-"', () => {
    const form = { ...valid, _csrf: '-Xq3c0Jm8bF2', editing: 'no' } as Record<string, string>;
    expect(validatePost(form, new Set(['T2'])).errors).toEqual([]);
    expect(validatePost({ ...valid, notes: '=HYPERLINK("x")' }, new Set(['T2'])).errors.map((error) => error.field)).toEqual(['notes']);
  });
});
