/**
 * Casework audit results (/casework-audits): the share good or better by month against the
 * trajectory, by team and domain, and how often moderation lowers a grade; suppressed for people
 * who cannot see children, such as elected members.
 */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../core/http/app.ts';
import { allows } from '../../core/auth/access.ts';
import { suppressCount, suppressRate, type Published } from '../../core/outputs/suppression.ts';
import { londonDate, monthEnd, monthEnds } from '../../core/dates.ts';
import { monthlyLineChartSvg } from '../../core/charts.ts';
import { targetOn } from '../../indicators/spc.ts';
import { auditResults, goodShareOn, goodShareText, type ShareRow } from '../rules.ts';
import { dataAsOf } from '../../indicators/period.ts';
import { auditRecords, listTemplates } from '../store.ts';

const RESULTS = { access: { permission: 'audits.results' as const } };

const round1 = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
const monthName = (key: string) => new Date(`${key}-01T00:00:00Z`).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** The latest month's share against its trajectory, in words; undefined without a trajectory or a share. */
function againstTrajectory(row: ShareRow): string | undefined {
  if (row.goodPct === null || row.target === null || row.target === undefined) return undefined;
  const target = Math.round(row.target * 10) / 10;
  const gap = Math.round((row.goodPct - target) * 10) / 10;
  return gap >= 0 ? `at or above the trajectory of ${target}%` : `${Math.abs(gap)} percentage points below the trajectory of ${target}%`;
}

/** Figures as a member may see them: counts 1–5 as c, and rates from them. */
function published(row: ShareRow, suppress: boolean): { audits: Published; good: Published; goodPct: Published | null } {
  if (!suppress) return { audits: row.audits, good: row.good, goodPct: row.goodPct };
  return { audits: suppressCount(row.audits), good: suppressCount(row.good), goodPct: suppressRate(row.goodPct, row.good, row.audits) };
}

export function resultsRoutes(app: FastifyInstance, { database }: AppDeps) {
  app.get<{ Querystring: { template?: string } }>('/casework-audits', { config: RESULTS }, async (request, reply) => {
    const user = request.user!;
    const templates = await listTemplates(database);
    const template = templates.find((entry) => String(entry.templateId) === request.query.template) ?? templates[0];
    const suppress = !allows('children.view', user.roles);
    const records = template ? await auditRecords(database, template.templateId) : [];
    const results = template ? auditResults(records, template.trajectory) : undefined;
    // The rolling figure the improvement plan and reports use, on the same date (the data period's month end).
    const asOf = await dataAsOf(database);
    const recent = goodShareOn(records, asOf);
    const recentGood = recent.value === null ? null : Math.round((recent.value * recent.audits) / 100);
    const rolling = suppress
      ? goodShareText(asOf, suppressRate(recent.value, recentGood, recent.audits), suppressCount(recent.audits))
      : goodShareText(asOf, recent.value, recent.audits);
    const months = results?.byMonth ?? [];
    // The chart runs through every month from the first audit to the last; the headline is the latest month against its trajectory.
    const byKey = new Map(months.map((row) => [row.key, row]));
    const calendar = months.length ? monthEnds(monthEnd(`${months[0]!.key}-01`), monthEnd(`${months[months.length - 1]!.key}-01`)) : [];
    const targetOf = (date: string) => (template?.trajectory.length ? round1(targetOn(date, null, template.trajectory)) : null);
    const latest = months.at(-1);
    return reply.render('casework-audits/views/results.njk', {
      title: 'Casework audits',
      template,
      templates: templates.map((entry) => ({
        value: entry.templateId,
        text: entry.retiredAt ? `${entry.name} (earlier version, replaced ${londonDate(new Date(entry.retiredAt))})` : entry.name,
        selected: entry.templateId === template?.templateId,
      })),
      results,
      rolling,
      suppress,
      overall: results ? published({ key: 'all', audits: results.completed, good: results.good, goodPct: results.goodPct }, suppress) : undefined,
      byMonth: months.map((row) => ({ ...row, label: monthName(row.key), shown: published(row, suppress) })),
      byTeam: (results?.byTeam ?? []).map((row) => ({ ...row, shown: published(row, suppress) })),
      byDomain: (results?.byDomain ?? []).map((row) => ({ ...row, shown: published(row, suppress) })),
      moderation: results && {
        moderated: suppress ? suppressCount(results.moderation.moderated) : results.moderation.moderated,
        lowered: suppress ? suppressCount(results.moderation.lowered) : results.moderation.lowered,
        loweredPct: suppress
          ? suppressRate(results.moderation.loweredPct, results.moderation.lowered, results.moderation.moderated)
          : results.moderation.loweredPct,
        byDomain: results.moderation.byDomain.map((row) => ({
          domain: row.domain,
          moderated: suppress ? suppressCount(row.moderated) : row.moderated,
          lowered: suppress ? suppressCount(row.lowered) : row.lowered,
          loweredPct: suppress ? suppressRate(row.loweredPct, row.lowered, row.moderated) : row.loweredPct,
        })),
      },
      latest: latest && { ...latest, month: monthName(latest.key), shown: published(latest, suppress), againstTrajectory: againstTrajectory(latest) },
      chart:
        months.length > 1 && !suppress
          ? monthlyLineChartSvg({
              id: 'chart-good',
              title: 'Casework audits graded good or better, by month of the audit, against the trajectory',
              description:
                'Line chart of the percentage of completed audits graded good or better each month (months without audits are gaps), with the trajectory as a dashed red line. The figures and the trajectory are in the table below.',
              points: calendar.map((date) => ({ monthEnd: date, value: byKey.get(date.slice(0, 7))?.goodPct ?? null })),
              yAxisLabel: 'Good or better',
              format: (value) => `${value}%`,
              percent: true,
              ...(calendar.some((date) => targetOf(date) !== null)
                ? { trajectory: { label: 'Trajectory', values: calendar.map((date) => targetOf(date)) } }
                : {}),
            })
          : undefined,
      canConduct: allows('audits.conduct', user.roles),
      canAssign: allows('audits.assign', user.roles),
    });
  });
}
