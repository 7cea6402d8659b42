/**
 * Casework audit rules.
 *
 * - Scales: 'ofsted' grades 4 outstanding, 3 good, 2 requires improvement, 1 inadequate (good or
 *   better: 3 and above); 'score' 0–10 with the template's threshold (default 6: "6 and above counts").
 * - An audit counts once completed. Its final grade is the moderator's when moderated, else the
 *   auditor's; the same for each domain. Good or better: final grade ≥ the template's threshold.
 * - Share good or better = good or better audits / completed audits, by the month of the audit
 *   date, by team (the child's team on the audit date) and by domain.
 * - Moderation lowered the grade when the moderator's overall grade is below the auditor's; the
 *   rate is audits lowered / audits moderated (Ofsted found one council's audits "over-optimistic").
 * - The trajectory is the template's (default 61% → 80% by 2018-03-31 → 90% by 2019-03-31: the
 *   lower ends of "80–100%" and "90–100%"); a month's target is the trajectory on its last day.
 */
import { addMonths, longDate, monthEnd, type IsoDate } from '../core/dates.ts';
import { targetOn } from '../indicators/spc.ts';
import type { Trajectory } from '../indicators/types.ts';

export type Scale = 'ofsted' | 'score';

export const DEFAULT_DOMAINS = [
  'Quality of assessment',
  'Plan is outcome-focused with clear timescales',
  'Voice of the child',
  'Management oversight',
  'Quality of recording',
] as const;
export const DEFAULT_TRAJECTORY: Trajectory = [
  { date: '2017-03-31', value: 61 },
  { date: '2018-03-31', value: 80 },
  { date: '2019-03-31', value: 90 },
];
export const OFSTED_GOOD = 3;
export const DEFAULT_SCORE_THRESHOLD = 6;

export const OFSTED_SCALE: { value: number; text: string }[] = [
  { value: 4, text: 'Outstanding' },
  { value: 3, text: 'Good' },
  { value: 2, text: 'Requires improvement to be good' },
  { value: 1, text: 'Inadequate' },
];

/** The grades a scale allows, best first. */
export function gradesOf(scale: Scale): { value: number; text: string }[] {
  return scale === 'ofsted' ? OFSTED_SCALE : Array.from({ length: 11 }, (_, index) => ({ value: 10 - index, text: String(10 - index) }));
}

export function gradeText(scale: Scale, grade: number | null): string {
  if (grade === null) return '–';
  return scale === 'ofsted' ? (OFSTED_SCALE.find((entry) => entry.value === grade)?.text ?? String(grade)) : `${grade} out of 10`;
}

export interface AuditRecord {
  auditId: number;
  auditDate: IsoDate;
  teamName: string | null;
  completed: boolean;
  goodThreshold: number;
  grade: number | null;
  moderatedGrade: number | null;
  moderated: boolean;
  domains: { domain: string; grade: number; moderatedGrade: number | null }[];
}

export const finalGrade = (audit: Pick<AuditRecord, 'grade' | 'moderatedGrade' | 'moderated'>) =>
  audit.moderated && audit.moderatedGrade !== null ? audit.moderatedGrade : audit.grade;
export const isGood = (grade: number | null, threshold: number) => grade !== null && grade >= threshold;

export interface ShareRow {
  key: string;
  audits: number;
  good: number;
  /** good / audits × 100, one decimal; null with no audits. */
  goodPct: number | null;
  target?: number | null;
}

const pct = (part: number, whole: number) => (whole ? Math.round((1000 * part) / whole) / 10 : null);

function tally(groups: Map<string, { audits: number; good: number }>, key: string, good: boolean) {
  const entry = groups.get(key) ?? { audits: 0, good: 0 };
  entry.audits++;
  if (good) entry.good++;
  groups.set(key, entry);
}

const rows = (groups: Map<string, { audits: number; good: number }>): ShareRow[] =>
  [...groups].map(([key, entry]) => ({ key, audits: entry.audits, good: entry.good, goodPct: pct(entry.good, entry.audits) }));

export interface AuditResults {
  completed: number;
  good: number;
  goodPct: number | null;
  byMonth: ShareRow[];
  byTeam: ShareRow[];
  byDomain: ShareRow[];
  moderation: {
    moderated: number;
    lowered: number;
    raised: number;
    loweredPct: number | null;
    byDomain: { domain: string; moderated: number; lowered: number; loweredPct: number | null }[];
  };
}

export function auditResults(audits: readonly AuditRecord[], trajectory: Trajectory): AuditResults {
  const completed = audits.filter((audit) => audit.completed && audit.grade !== null);
  const byMonth = new Map<string, { audits: number; good: number }>();
  const byTeam = new Map<string, { audits: number; good: number }>();
  const byDomain = new Map<string, { audits: number; good: number }>();
  const moderationByDomain = new Map<string, { moderated: number; lowered: number }>();
  let good = 0;
  let moderated = 0;
  let lowered = 0;
  let raised = 0;
  for (const audit of completed) {
    const isAuditGood = isGood(finalGrade(audit), audit.goodThreshold);
    if (isAuditGood) good++;
    tally(byMonth, audit.auditDate.slice(0, 7), isAuditGood);
    tally(byTeam, audit.teamName ?? 'No team recorded', isAuditGood);
    for (const domain of audit.domains) {
      const final = audit.moderated && domain.moderatedGrade !== null ? domain.moderatedGrade : domain.grade;
      tally(byDomain, domain.domain, isGood(final, audit.goodThreshold));
      if (audit.moderated && domain.moderatedGrade !== null) {
        const entry = moderationByDomain.get(domain.domain) ?? { moderated: 0, lowered: 0 };
        entry.moderated++;
        if (domain.moderatedGrade < domain.grade) entry.lowered++;
        moderationByDomain.set(domain.domain, entry);
      }
    }
    if (audit.moderated && audit.moderatedGrade !== null) {
      moderated++;
      if (audit.moderatedGrade < audit.grade!) lowered++;
      if (audit.moderatedGrade > audit.grade!) raised++;
    }
  }
  return {
    completed: completed.length,
    good,
    goodPct: pct(good, completed.length),
    byMonth: rows(byMonth)
      .sort((a, b) => (a.key < b.key ? -1 : 1))
      .map((row) => ({ ...row, target: trajectory.length ? targetOn(monthEnd(`${row.key}-01`), null, trajectory) : null })),
    byTeam: rows(byTeam).sort((a, b) => a.key.localeCompare(b.key)),
    byDomain: rows(byDomain).sort((a, b) => (a.goodPct ?? 0) - (b.goodPct ?? 0)),
    moderation: {
      moderated,
      lowered,
      raised,
      loweredPct: pct(lowered, moderated),
      byDomain: [...moderationByDomain].map(([domain, entry]) => ({ domain, ...entry, loweredPct: pct(entry.lowered, entry.moderated) })),
    },
  };
}

/**
 * A plan measure's value on a date: the share good or better among audits completed with an audit
 * date in the three calendar months ending with the date's month, up to the date.
 */
export function goodShareOn(audits: readonly AuditRecord[], asOf: IsoDate): { value: number | null; good: number; audits: number } {
  const from = addMonths(`${asOf.slice(0, 8)}01`, -2);
  const window = audits.filter((audit) => audit.completed && audit.grade !== null && audit.auditDate >= from && audit.auditDate <= asOf);
  const good = window.filter((audit) => isGood(finalGrade(audit), audit.goodThreshold)).length;
  return { value: pct(good, window.length), good, audits: window.length };
}

/** What goodShareOn counts, and over what period: the label every page and report gives the figure. */
export const GOOD_SHARE_TITLE = 'Audits graded good or better, rolling 3 months';

/**
 * The rolling figure in words: "Audits graded good or better, rolling 3 months to 31 October 2026:
 * 61% (n = 44)"; share and n as published (a member's: suppressed), n the completed audits counted.
 */
export function goodShareText(asOf: IsoDate, share: number | string | null, audits: number | string): string {
  const none = audits === 0 || audits === 'z';
  const figure = none ? 'no audit completed' : `${typeof share === 'number' ? `${share}%` : share === 'c' ? 'c' : 'not available'} (n = ${audits})`;
  return `${GOOD_SHARE_TITLE} to ${longDate(asOf)}: ${figure}`;
}
