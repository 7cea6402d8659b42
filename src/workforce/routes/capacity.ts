/** Capacity planning (/workforce/capacity): each team's caseloads projected with vacancies filled, posts added or an ASYE cohort. */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../core/http/app.ts';
import { caseloadThreshold } from '../../indicators/settings.ts';
import { memo } from '../../core/cache.ts';
import { monthEndOnOrBefore } from '../../core/dates.ts';
import { asyeCaseloadPct } from '../measures.ts';
import { project, workersNeeded } from '../capacity.ts';
import { capacityInputs } from '../planning.ts';
import { selection, VIEW, type DateTeamQuery } from './common.ts';
import { teamItems } from '../../core/http/form.ts';

export function capacityRoutes(app: FastifyInstance, deps: AppDeps) {
  const { database, config } = deps;

  app.get<{ Querystring: DateTeamQuery & { fill?: unknown; posts?: unknown; postsTeam?: unknown; asye?: unknown; asyeTeam?: unknown; target?: unknown } }>(
    '/workforce/capacity',
    { config: VIEW },
    async (request, reply) => {
      const threshold = await caseloadThreshold(database, config);
      const picked = await selection(deps, request);
      const number = (value: unknown, max: number) =>
        typeof value === 'string' && /^\d{1,3}$/.test(value.trim()) && Number(value) <= max
          ? Number(value)
          : typeof value === 'string' && value.trim() !== ''
            ? NaN
            : 0;
      const whatIf = {
        fill: number(request.query.fill, 100),
        posts: number(request.query.posts, 100),
        asye: number(request.query.asye, 100),
        target: request.query.target === undefined || request.query.target === '' ? 10 : number(request.query.target, 100),
      };
      const errors = [...picked.errors];
      for (const [field, label] of [
        ['fill', 'Vacancies to fill'],
        ['posts', 'Posts to add'],
        ['asye', 'ASYE cohort'],
        ['target', 'Target'],
      ] as const) {
        if (Number.isNaN(whatIf[field])) errors.push({ text: `${label} must be a whole number from 0 to 100`, href: `#${field}` });
      }
      const page = {
        title: 'Capacity planning',
        form: picked.form,
        errorSummary: errors.length ? errors : undefined,
        action: '/workforce/capacity',
        threshold,
        query: request.query,
      };
      if (errors.length) return reply.code(400).render('workforce/views/capacity.njk', page);
      const asye = await asyeCaseloadPct(database);
      const asOf = monthEndOnOrBefore(picked.asOf);
      const inputs = await memo(database, `workforce.capacity:${JSON.stringify({ asOf, scope: picked.userScope, asye, threshold })}`, () =>
        capacityInputs(database, asOf, { threshold, scope: picked.userScope, asyeCaseloadPct: asye }),
      );
      const postsTeam = typeof request.query.postsTeam === 'string' ? request.query.postsTeam : '';
      const asyeTeam = typeof request.query.asyeTeam === 'string' ? request.query.asyeTeam : '';
      // "Fill N vacancies" goes to the teams with the most vacant FTE first, one worker at a time.
      const fills = new Map<string, number>();
      const remaining = new Map(inputs.map((team) => [team.teamId, Math.floor(team.vacancyFte)]));
      for (let filled = 0; filled < whatIf.fill; filled++) {
        const [teamId] = [...remaining.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
        if (!teamId || remaining.get(teamId)! <= 0) break;
        remaining.set(teamId, remaining.get(teamId)! - 1);
        fills.set(teamId, (fills.get(teamId) ?? 0) + 1);
      }
      const options = { threshold, asyeShare: asye / 100 };
      const teams = inputs.map((team) => {
        const scenario = {
          addedWorkers: (fills.get(team.teamId) ?? 0) + (team.teamId === postsTeam ? whatIf.posts : 0),
          asyeWorkers: team.teamId === asyeTeam ? whatIf.asye : 0,
        };
        return {
          ...project(team, scenario, options),
          baseline: project(team, { addedWorkers: 0, asyeWorkers: 0 }, options),
          scenario,
          vacancyFte: team.vacancyFte,
          needed: workersNeeded(team, { ...options, targetPct: whatIf.target }),
        };
      });
      const teamChoices = inputs.map((team) => ({ id: team.teamId, name: team.teamName }));
      return reply.render('workforce/views/capacity.njk', {
        ...page,
        asOf,
        asye,
        whatIf,
        teams,
        postsTeamItems: teamItems(teamChoices, postsTeam, 'Choose a team'),
        asyeTeamItems: teamItems(teamChoices, asyeTeam, 'Choose a team'),
        unplacedFill: whatIf.fill - [...fills.values()].reduce((sum, value) => sum + value, 0),
      });
    },
  );
}
