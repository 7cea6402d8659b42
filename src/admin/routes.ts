import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppDeps } from '../core/http/app.ts';
import { ROLE_NAMES, ROLES } from '../core/auth/access.ts';
import { InvalidUserError, upsertUser } from '../core/auth/users.ts';
import { actorFrom, recordAudit } from '../core/audit/trail.ts';
import { listUsers, passwordProblem, readAccess, resetPassword, saveAccess, validateAccess, type FieldErrors, type UserAccess } from './users.ts';

const ADMIN = { access: { permission: 'users.manage' } } as const;

function errorSummary(errors: FieldErrors) {
  return errors.map((error) => ({ text: error.text, href: `#${error.field}` }));
}

function roleItems(selected: readonly string[]) {
  return ROLES.map((role) => ({ value: role, text: ROLE_NAMES[role], checked: selected.includes(role) }));
}

/**
 * Accounts, for administrators: who may sign in, with which roles and scope. Every change is a
 * permission change in the audit trail; deactivating an account or removing a role ends its sessions.
 */
export function adminRoutes(app: FastifyInstance, { database }: AppDeps) {
  const renderForm = (reply: FastifyReply, context: { userId?: number; username?: string; access: UserAccess; errors?: FieldErrors; status?: number }) =>
    reply.code(context.status ?? 200).render('admin/views/user.njk', {
      title: context.userId ? `Change ${context.username}` : 'Add an account',
      ...context,
      roleItems: roleItems(context.access.roles),
      errorSummary: context.errors?.length ? errorSummary(context.errors) : undefined,
      fieldErrors: Object.fromEntries((context.errors ?? []).map((error) => [error.field, { text: error.text }])),
    });

  app.get<{ Querystring: { saved?: string } }>('/admin/users', { config: ADMIN }, async (request, reply) =>
    reply.render('admin/views/users.njk', { title: 'Accounts', users: await listUsers(database), roleNames: ROLE_NAMES, saved: request.query.saved }),
  );

  app.get('/admin/users/new', { config: ADMIN }, (_request, reply) =>
    renderForm(reply, { access: { displayName: '', roles: [], professionalId: null, teamId: null, active: true } }),
  );

  app.post<{ Body: Record<string, unknown> }>('/admin/users', { config: ADMIN }, async (request, reply) => {
    const access = readAccess(request.body ?? {});
    const username = String(request.body?.username ?? '').trim().toLowerCase();
    const password = String(request.body?.password ?? '');
    const errors = await validateAccess(database, access);
    if (!username) errors.unshift({ field: 'username', text: 'Enter a username' });
    const weak = passwordProblem(password);
    if (weak) errors.push({ field: 'password', text: weak });
    const taken = username && (await database.db.selectFrom('ks_user').select('user_id').where('username', '=', username).executeTakeFirst());
    if (taken) errors.unshift({ field: 'username', text: 'There is already an account with that username' });
    if (errors.length) return renderForm(reply, { username, access, errors, status: 400 });
    let userId: number;
    try {
      userId = await upsertUser(database, { username, password, displayName: access.displayName, roles: access.roles, professionalId: access.professionalId, teamId: access.teamId });
    } catch (error) {
      if (!(error instanceof InvalidUserError)) throw error;
      return renderForm(reply, { username, access, errors: [{ field: 'username', text: error.message }], status: 400 });
    }
    await recordAudit(database, actorFrom(request), { action: 'permission.change', subjectType: 'user', subjectId: String(userId), details: { created: username, roles: access.roles, professional_id: access.professionalId, team_id: access.teamId } });
    return reply.redirect('/admin/users?saved=created', 303);
  });

  app.get<{ Params: { id: string } }>('/admin/users/:id', { config: ADMIN }, async (request, reply) => {
    const user = (await listUsers(database)).find((candidate) => String(candidate.user_id) === request.params.id);
    if (!user) return reply.callNotFound();
    return renderForm(reply, {
      userId: user.user_id,
      username: user.username,
      access: { displayName: user.display_name, roles: user.roles.filter((role): role is UserAccess['roles'][number] => (ROLES as readonly string[]).includes(role)), professionalId: user.professional_id, teamId: user.team_id, active: user.active },
    });
  });

  app.post<{ Params: { id: string }; Body: Record<string, unknown> }>('/admin/users/:id', { config: ADMIN }, async (request, reply) => {
    const user = (await listUsers(database)).find((candidate) => String(candidate.user_id) === request.params.id);
    if (!user) return reply.callNotFound();
    const access = readAccess(request.body ?? {});
    const errors = await validateAccess(database, access);
    // An administrator cannot lock themselves out of administration.
    if (user.user_id === request.user!.userId && (!access.active || !access.roles.includes('administrator'))) {
      errors.push({ field: 'roles', text: 'You cannot remove your own administrator role or deactivate your own account' });
    }
    if (errors.length) return renderForm(reply, { userId: user.user_id, username: user.username, access, errors, status: 400 });
    const before = await saveAccess(database, user.user_id, access);
    await recordAudit(database, actorFrom(request), {
      action: 'permission.change',
      subjectType: 'user',
      subjectId: String(user.user_id),
      details: { username: user.username, from: before, to: { display_name: access.displayName, roles: access.roles, professional_id: access.professionalId, team_id: access.teamId, active: access.active } },
    });
    return reply.redirect('/admin/users?saved=changed', 303);
  });

  app.post<{ Params: { id: string }; Body: { password?: string } }>('/admin/users/:id/password', { config: ADMIN }, async (request, reply) => {
    const user = (await listUsers(database)).find((candidate) => String(candidate.user_id) === request.params.id);
    if (!user) return reply.callNotFound();
    const password = String(request.body?.password ?? '');
    const weak = passwordProblem(password);
    const access = { displayName: user.display_name, roles: user.roles as UserAccess['roles'], professionalId: user.professional_id, teamId: user.team_id, active: user.active };
    if (weak) return renderForm(reply, { userId: user.user_id, username: user.username, access, errors: [{ field: 'password', text: weak }], status: 400 });
    await resetPassword(database, user.user_id, password);
    await recordAudit(database, actorFrom(request), { action: 'permission.change', subjectType: 'user', subjectId: String(user.user_id), details: { username: user.username, password_reset: true } });
    return reply.redirect('/admin/users?saved=password', 303);
  });
}
