import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { AppDeps } from '../core/http/app.ts';
import { once } from '../core/http/once.ts';
import { isRole, PRACTICE_ROLES, ROLE_NAMES, ROLES } from '../core/auth/access.ts';
import { InvalidUserError, upsertUser } from '../core/auth/users.ts';
import { actorFrom } from '../core/audit/trail.ts';
import { decideRequest, describeRoles, pendingRequests, recordPermissionChange, requestAccess, widensChildAccess, type AccessBefore } from './approvals.ts';
import {
  describeComparison,
  readCouncilSettings,
  saveCouncilSettings,
  settingsFromForm,
  validateCouncilSettings,
  type CouncilSettings,
  type SettingErrors,
} from './council-settings.ts';
import { regionsOf } from '../indicators/benchmarks/index.ts';
import { listUsers, passwordProblem, readAccess, resetPassword, saveAccess, validateAccess, type FieldErrors, type UserAccess } from './users.ts';

const ADMIN = { access: { permission: 'users.manage' } } as const;
const SETTINGS = { access: { permission: 'settings.manage' } } as const;
const APPROVE = { access: { permission: 'access.approve' } } as const;

const describeAccess = (access: AccessBefore) =>
  [
    describeRoles(access.roles),
    access.professionalId && `worker ${access.professionalId}`,
    access.teamId && `team ${access.teamId}`,
    access.active ? null : 'cannot sign in',
  ]
    .filter(Boolean)
    .join('; ');

function errorSummary(errors: FieldErrors) {
  return errors.map((error) => ({ text: error.text, href: `#${error.field}` }));
}

function roleItems(selected: readonly string[]) {
  return ROLES.map((role) => ({ value: role, text: ROLE_NAMES[role], checked: selected.includes(role) }));
}

/**
 * Accounts, for administrators: who may sign in, with which roles and scope. Every change is a
 * permission change in the audit trail and alerts the IG officer; a change that lets an account see
 * children waits for approval (approvals.ts); deactivating an account or removing a role ends its sessions.
 */
export function adminRoutes(app: FastifyInstance, { database, config }: AppDeps) {
  const renderSettings = (reply: FastifyReply, values: CouncilSettings, options: { errors?: SettingErrors; saved?: boolean } = {}) =>
    reply.code(options.errors?.length ? 400 : 200).render('admin/views/settings.njk', {
      title: 'Council settings',
      values,
      saved: options.saved,
      comparison: describeComparison(values),
      defaultThreshold: config.caseloadThreshold,
      regionItems: [
        { value: '', text: 'The council’s own region' },
        ...regionsOf().map((region) => ({ value: region.code, text: region.name, selected: region.code === values.region_code })),
      ],
      errorSummary: options.errors?.length ? options.errors.map((error) => ({ text: error.text, href: `#${error.field}` })) : undefined,
      fieldErrors: Object.fromEntries((options.errors ?? []).map((error) => [error.field, { text: error.text }])),
    });

  app.get<{ Querystring: { saved?: string } }>('/admin/settings', { config: SETTINGS }, async (request, reply) =>
    renderSettings(reply, await readCouncilSettings(database), { saved: request.query.saved === '1' }),
  );

  app.post<{ Body: Record<string, unknown> }>('/admin/settings', { config: SETTINGS }, async (request, reply) => {
    const values = settingsFromForm(request.body ?? {});
    const errors = validateCouncilSettings(values);
    if (errors.length) return renderSettings(reply, values, { errors });
    await saveCouncilSettings(database, actorFrom(request), values);
    return reply.redirect('/admin/settings?saved=1', 303);
  });

  const renderForm = (reply: FastifyReply, context: { userId?: number; username?: string; access: UserAccess; errors?: FieldErrors; status?: number }) =>
    reply.code(context.status ?? 200).render('admin/views/user.njk', {
      title: context.userId ? `Change ${context.username}` : 'Add an account',
      ...context,
      roleItems: roleItems(context.access.roles),
      errorSummary: context.errors?.length ? errorSummary(context.errors) : undefined,
      fieldErrors: Object.fromEntries((context.errors ?? []).map((error) => [error.field, { text: error.text }])),
    });

  app.get<{ Querystring: { saved?: string } }>('/admin/users', { config: ADMIN }, async (request, reply) =>
    reply.render('admin/views/users.njk', {
      title: 'Accounts',
      users: await listUsers(database),
      roleNames: ROLE_NAMES,
      saved: request.query.saved,
      pending: (await pendingRequests(database)).length,
    }),
  );

  app.get('/admin/users/new', { config: ADMIN }, (_request, reply) =>
    renderForm(reply, { access: { displayName: '', roles: [], professionalId: null, teamId: null, active: true } }),
  );

  app.post<{ Body: Record<string, unknown> }>(
    '/admin/users',
    { config: ADMIN },
    once(async (request, reply) => {
      const access = readAccess(request.body ?? {});
      const username = String(request.body?.username ?? '')
        .trim()
        .toLowerCase();
      const password = String(request.body?.password ?? '');
      const errors = await validateAccess(database, access);
      if (!username) errors.unshift({ field: 'username', text: 'Enter a username' });
      const weak = passwordProblem(password);
      if (weak) errors.push({ field: 'password', text: weak });
      const taken = username && (await database.db.selectFrom('ks_user').select('user_id').where('username', '=', username).executeTakeFirst());
      if (taken) errors.unshift({ field: 'username', text: 'There is already an account with that username' });
      if (errors.length) return renderForm(reply, { username, access, errors, status: 400 });
      // An account that would see children starts without those roles until the change is approved.
      const waits = widensChildAccess({ roles: [], professionalId: null, teamId: null, active: false }, access);
      const roles = waits ? access.roles.filter((role) => !PRACTICE_ROLES.includes(role)) : access.roles;
      let userId: number;
      try {
        userId = await upsertUser(database, {
          username,
          password,
          displayName: access.displayName,
          roles,
          professionalId: access.professionalId,
          teamId: access.teamId,
        });
      } catch (error) {
        if (!(error instanceof InvalidUserError)) throw error;
        return renderForm(reply, { username, access, errors: [{ field: 'username', text: error.message }], status: 400 });
      }
      await recordPermissionChange(database, actorFrom(request), { userId, username }, `account created with ${describeRoles(roles)}`, {
        created: username,
        roles,
        professional_id: access.professionalId,
        team_id: access.teamId,
      });
      if (waits) await askApproval(request, { userId, username }, { roles, professionalId: null, teamId: null, active: false }, access);
      return reply.redirect(`/admin/users?saved=${waits ? 'requested' : 'created'}`, 303);
    }),
  );

  /** Records a change that waits for approval, and tells those who may approve it. */
  const askApproval = async (request: FastifyRequest, subject: { userId: number; username: string }, before: AccessBefore, proposed: UserAccess) => {
    const requestId = await requestAccess(database, subject.userId, proposed, request.user!.userId);
    await recordPermissionChange(
      database,
      actorFrom(request),
      subject,
      `${describeRoles(proposed.roles)} asked for; the change waits for approval by another administrator or the information governance officer`,
      {
        requested: true,
        request_id: requestId,
        from: before,
        to: proposed,
      },
    );
    await sql`
      INSERT INTO ks_notification (user_id, message, link)
      SELECT user_id, ${`A change of access for ${subject.username} (${describeRoles(proposed.roles)}) waits for your approval.`}, '/admin/approvals'
      FROM ks_user WHERE active AND 'administrator' = ANY (roles) AND user_id NOT IN (${request.user!.userId}, ${subject.userId})`.execute(database.db);
  };

  app.get<{ Params: { id: string } }>('/admin/users/:id', { config: ADMIN }, async (request, reply) => {
    const user = (await listUsers(database)).find((candidate) => String(candidate.user_id) === request.params.id);
    if (!user) return reply.callNotFound();
    return renderForm(reply, {
      userId: user.user_id,
      username: user.username,
      access: {
        displayName: user.display_name,
        roles: user.roles.filter((role): role is UserAccess['roles'][number] => (ROLES as readonly string[]).includes(role)),
        professionalId: user.professional_id,
        teamId: user.team_id,
        active: user.active,
      },
    });
  });

  app.post<{ Params: { id: string }; Body: Record<string, unknown> }>('/admin/users/:id', { config: ADMIN }, async (request, reply) => {
    const user = (await listUsers(database)).find((candidate) => String(candidate.user_id) === request.params.id);
    if (!user) return reply.callNotFound();
    const access = readAccess(request.body ?? {});
    const errors = await validateAccess(database, access);
    const current: AccessBefore = { roles: user.roles.filter(isRole), professionalId: user.professional_id, teamId: user.team_id, active: user.active };
    // Nobody changes their own roles, scope or whether they can sign in: another administrator must.
    const ownAccessChanged =
      current.roles.join() !== access.roles.join() ||
      current.professionalId !== access.professionalId ||
      current.teamId !== access.teamId ||
      current.active !== access.active;
    if (user.user_id === request.user!.userId && ownAccessChanged) {
      errors.push({ field: 'roles', text: 'You cannot change your own roles, worker, team or sign-in: ask another administrator' });
    }
    if (errors.length) return renderForm(reply, { userId: user.user_id, username: user.username, access, errors, status: 400 });
    const subject = { userId: user.user_id, username: user.username };
    if (widensChildAccess(current, access)) {
      await askApproval(request, subject, current, access);
      return reply.redirect('/admin/users?saved=requested', 303);
    }
    const before = await saveAccess(database, user.user_id, access);
    await recordPermissionChange(
      database,
      actorFrom(request),
      subject,
      `${describeRoles(before.roles)} → ${describeRoles(access.roles)}${access.active ? '' : ', deactivated'}`,
      {
        from: before,
        to: { display_name: access.displayName, roles: access.roles, professional_id: access.professionalId, team_id: access.teamId, active: access.active },
      },
    );
    return reply.redirect('/admin/users?saved=changed', 303);
  });

  // Changes that would let an account see children, waiting for a second administrator or the IG officer.
  app.get('/admin/approvals', { config: APPROVE }, async (request, reply) => {
    const requests = (await pendingRequests(database)).map((pending) => ({
      ...pending,
      from: describeAccess(pending.current),
      to: describeAccess(pending.proposed),
      mayDecide: pending.requested_by !== request.user!.userId && pending.user_id !== request.user!.userId,
    }));
    return reply.render('admin/views/approvals.njk', { title: 'Changes of access waiting for approval', requests });
  });

  app.post<{ Params: { id: string }; Body: { decision?: string } }>('/admin/approvals/:id', { config: APPROVE }, async (request, reply) => {
    const pending = (await pendingRequests(database)).find((candidate) => String(candidate.request_id) === request.params.id);
    if (!pending) return reply.callNotFound();
    const decision = request.body?.decision === 'approve' ? 'approved' : request.body?.decision === 'refuse' ? 'refused' : undefined;
    if (pending.requested_by === request.user!.userId || pending.user_id === request.user!.userId) {
      return reply.code(403).render('core/views/error.njk', {
        title: 'Someone else must decide this',
        message:
          'A change of access is approved by an administrator other than the one who asked for it, or by the information governance officer, and never by the person it is for.',
      });
    }
    if (!decision)
      return reply
        .code(400)
        .render('core/views/error.njk', { title: 'Choose approve or refuse', message: 'Go back and choose whether to approve the change.' });
    if (!(await decideRequest(database, pending.request_id, request.user!.userId, decision))) return reply.redirect('/admin/approvals', 303);
    const subject = { userId: pending.user_id, username: pending.username };
    if (decision === 'approved') {
      const before = await saveAccess(database, pending.user_id, pending.proposed);
      await recordPermissionChange(
        database,
        actorFrom(request),
        subject,
        `approved: ${describeRoles(before.roles)} → ${describeRoles(pending.proposed.roles)}`,
        {
          approved: true,
          request_id: pending.request_id,
          requested_by: pending.requested_by_name,
          from: before,
          to: pending.proposed,
        },
      );
    } else {
      await recordPermissionChange(database, actorFrom(request), subject, `refused: ${describeRoles(pending.proposed.roles)}`, {
        refused: true,
        request_id: pending.request_id,
        requested_by: pending.requested_by_name,
        to: pending.proposed,
      });
    }
    return reply.redirect('/admin/approvals', 303);
  });

  app.post<{ Params: { id: string }; Body: { password?: string } }>('/admin/users/:id/password', { config: ADMIN }, async (request, reply) => {
    const user = (await listUsers(database)).find((candidate) => String(candidate.user_id) === request.params.id);
    if (!user) return reply.callNotFound();
    const password = String(request.body?.password ?? '');
    const weak = passwordProblem(password);
    const access = {
      displayName: user.display_name,
      roles: user.roles as UserAccess['roles'],
      professionalId: user.professional_id,
      teamId: user.team_id,
      active: user.active,
    };
    if (weak) return renderForm(reply, { userId: user.user_id, username: user.username, access, errors: [{ field: 'password', text: weak }], status: 400 });
    await resetPassword(database, user.user_id, password);
    await recordPermissionChange(database, actorFrom(request), { userId: user.user_id, username: user.username }, 'new password set', { password_reset: true });
    return reply.redirect('/admin/users?saved=password', 303);
  });
}
