import { describe, expect, it } from 'vitest';
import { auditResults, goodShareOn, type AuditRecord } from './rules.ts';

let next = 1;
const audit = (
  auditDate: string,
  teamName: string,
  grade: number,
  moderatedGrade: number | null = null,
  domains: [string, number, number | null][] = [],
): AuditRecord => ({
  auditId: next++,
  auditDate,
  teamName,
  completed: true,
  goodThreshold: 3,
  grade,
  moderatedGrade,
  moderated: moderatedGrade !== null,
  domains: domains.map(([domain, g, m]) => ({ domain, grade: g, moderatedGrade: m })),
});

describe('casework audit results', () => {
  const audits = [
    audit('2018-01-10', 'North', 3, 2, [
      ['Voice of the child', 3, 2],
      ['Management oversight', 2, 2],
    ]), // lowered: good → RI
    audit('2018-01-20', 'North', 4, 4, [['Voice of the child', 4, 4]]), // moderated, agreed
    audit('2018-01-25', 'South', 2), // not moderated, RI
    audit('2018-02-05', 'South', 3), // good
    audit('2018-02-06', 'South', 1, 2), // moderation raised
    { ...audit('2018-02-07', 'South', 4), completed: false }, // open: not counted
  ];
  const results = auditResults(audits, [
    { date: '2017-03-31', value: 61 },
    { date: '2018-03-31', value: 80 },
  ]);

  it('counts good or better on the final (moderated) grade, by month, team and domain', () => {
    expect(results).toMatchObject({ completed: 5, good: 2, goodPct: 40 });
    // January: 3 audits, good = the 4 only (the 3 was moderated to 2) → 33.3%; target on 31 Jan 2018:
    // 61 + 19 × 306/365 = 76.9. February: 2 audits, 1 good → 50%; target on 28 Feb: 61 + 19 × 334/365 = 78.4.
    expect(results.byMonth).toEqual([
      { key: '2018-01', audits: 3, good: 1, goodPct: 33.3, target: 76.928767 },
      { key: '2018-02', audits: 2, good: 1, goodPct: 50, target: 78.386301 },
    ]);
    expect(results.byTeam).toEqual([
      { key: 'North', audits: 2, good: 1, goodPct: 50 },
      { key: 'South', audits: 3, good: 1, goodPct: 33.3 },
    ]);
    expect(results.byDomain.map((row) => [row.key, row.goodPct])).toEqual([
      ['Management oversight', 0],
      ['Voice of the child', 50],
    ]);
  });

  it('gives the rate at which moderation lowers grades', () => {
    expect(results.moderation).toMatchObject({ moderated: 3, lowered: 1, raised: 1, loweredPct: 33.3 });
    expect(results.moderation.byDomain).toEqual([
      { domain: 'Voice of the child', moderated: 2, lowered: 1, loweredPct: 50 },
      { domain: 'Management oversight', moderated: 1, lowered: 0, loweredPct: 0 },
    ]);
  });

  it('values the plan measure over the three months up to a date', () => {
    // 1 Dec 2017 to 31 Jan 2018: the three January audits, one good.
    expect(goodShareOn(audits, '2018-01-31')).toEqual({ value: 33.3, good: 1, audits: 3 });
    expect(goodShareOn(audits, '2018-03-31')).toEqual({ value: 40, good: 2, audits: 5 });
    expect(goodShareOn(audits, '2017-06-30')).toEqual({ value: null, good: 0, audits: 0 });
  });
});
