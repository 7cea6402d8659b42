import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../http/app.ts';
import { ROLE_NAMES, isRole } from './access.ts';
import { enrolment, matchTotp, newTotpSecret } from './totp.ts';
import { actorFrom } from '../audit/trail.ts';
import { recordPermissionChange } from '../../admin/approvals.ts';

const SIGNED_IN = { access: { permission: 'session.use' } } as const;

/** "Your account": details, two-factor sign-in (set up, turn off) and signing out everywhere. */
export function accountRoutes(app: FastifyInstance, { database }: AppDeps) {
  const accountPage = async (userId: number) =>
    database.db
      .selectFrom('ks_user')
      .select(['username', 'display_name', 'roles', 'totp_enabled_at', 'last_sign_in_at', 'oidc_subject'])
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();

  app.get<{ Querystring: { done?: string } }>('/account', { config: SIGNED_IN }, async (request, reply) => {
    const account = await accountPage(request.user!.userId);
    return reply.render('core/auth/views/account.njk', {
      title: 'Your account',
      account,
      roles: account.roles.filter(isRole).map((role) => ROLE_NAMES[role]),
      done:
        request.query.done === 'two-factor-on' ? 'Two-step sign-in is on.' : request.query.done === 'two-factor-off' ? 'Two-step sign-in is off.' : undefined,
    });
  });

  // A new secret each time set-up starts; it takes effect only once a code from it is confirmed.
  app.post('/account/two-factor/setup', { config: SIGNED_IN }, async (request, reply) => {
    const user = request.user!;
    const secret = newTotpSecret();
    await database.db
      .updateTable('ks_user')
      .set({ totp_secret: secret, totp_enabled_at: null })
      .where('user_id', '=', user.userId)
      .where('totp_enabled_at', 'is', null)
      .execute();
    const stored = await database.db
      .selectFrom('ks_user')
      .select(['totp_secret', 'totp_enabled_at'])
      .where('user_id', '=', user.userId)
      .executeTakeFirstOrThrow();
    if (stored.totp_enabled_at) return reply.redirect('/account', 303);
    return reply.render('core/auth/views/two-factor-setup.njk', {
      title: 'Set up two-step sign-in',
      ...(await enrolment(stored.totp_secret!, user.username)),
      secret: stored.totp_secret,
    });
  });

  app.post<{ Body: { code?: string } }>('/account/two-factor/confirm', { config: SIGNED_IN }, async (request, reply) => {
    const user = request.user!;
    const stored = await database.db
      .selectFrom('ks_user')
      .select(['totp_secret', 'totp_enabled_at'])
      .where('user_id', '=', user.userId)
      .executeTakeFirstOrThrow();
    if (stored.totp_enabled_at || !stored.totp_secret) return reply.redirect('/account', 303);
    const step = matchTotp(stored.totp_secret, String(request.body?.code ?? ''));
    if (step === undefined) {
      return reply.code(400).render('core/auth/views/two-factor-setup.njk', {
        title: 'Set up two-step sign-in',
        ...(await enrolment(stored.totp_secret, user.username)),
        secret: stored.totp_secret,
        errorSummary: [{ text: 'Enter the 6-digit code your authenticator app shows now', href: '#code' }],
      });
    }
    await database.db
      .updateTable('ks_user')
      .set({ totp_enabled_at: new Date().toISOString(), totp_last_step: step })
      .where('user_id', '=', user.userId)
      .execute();
    await recordPermissionChange(database, actorFrom(request), { userId: user.userId, username: user.username }, 'two-step sign-in turned on', {
      two_factor: 'on',
    });
    return reply.redirect('/account?done=two-factor-on', 303);
  });

  app.post<{ Body: { code?: string } }>('/account/two-factor/disable', { config: SIGNED_IN }, async (request, reply) => {
    const user = request.user!;
    const stored = await database.db
      .selectFrom('ks_user')
      .select(['totp_secret', 'totp_last_step'])
      .where('user_id', '=', user.userId)
      .executeTakeFirstOrThrow();
    const step = stored.totp_secret ? matchTotp(stored.totp_secret, String(request.body?.code ?? '')) : undefined;
    if (step === undefined || step <= (stored.totp_last_step ?? -1)) {
      const account = await accountPage(user.userId);
      return reply.code(400).render('core/auth/views/account.njk', {
        title: 'Your account',
        account,
        roles: account.roles.filter(isRole).map((role) => ROLE_NAMES[role]),
        errorSummary: [{ text: 'Enter the 6-digit code your authenticator app shows now, to turn two-step sign-in off', href: '#code' }],
      });
    }
    await database.db
      .updateTable('ks_user')
      .set({ totp_secret: null, totp_enabled_at: null, totp_last_step: null })
      .where('user_id', '=', user.userId)
      .execute();
    await recordPermissionChange(database, actorFrom(request), { userId: user.userId, username: user.username }, 'two-step sign-in turned off', {
      two_factor: 'off',
    });
    return reply.redirect('/account?done=two-factor-off', 303);
  });
}
