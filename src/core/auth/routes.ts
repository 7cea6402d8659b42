import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../http/app.ts';
import { verifyPassword } from './passwords.ts';
import { endAllSessions, endSession, startSession, SESSION_COOKIE, type SessionPolicy } from './sessions.ts';
import { findUserForSignIn, recordSuccessfulSignIn } from './users.ts';
import { describeWait, recordSignInFailure, signInWait } from './throttle.ts';
import { matchTotp } from './totp.ts';
import { actorFrom, recordAudit } from '../audit/trail.ts';

const PUBLIC = { access: { public: true } } as const;
const waitText = (seconds: number) =>
  `Too many wrong attempts. Wait ${describeWait(seconds)}. Then try again, or ask your Keystone administrator to set a new password.`;

/** Only same-site paths are followed after sign-in, never another host. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) ? next : '/';
}

export function sessionCookieOptions(config: AppDeps['config']) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: config.secureCookies, maxAge: config.sessionAbsoluteMinutes * 60 };
}

export function sessionPolicy(config: AppDeps['config']): SessionPolicy {
  return { idleMinutes: config.sessionIdleMinutes, absoluteMinutes: config.sessionAbsoluteMinutes };
}

/**
 * Ends whatever session the browser had and starts a new one (session rotation), then sends the
 * browser on. Used after the password (when no second factor is needed) and after the second factor.
 */
export async function beginSession(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  user: { userId: number; username: string },
  options: { next: string; method: string; secondFactorPending?: boolean },
) {
  await endSession(deps.database, request.cookies[SESSION_COOKIE]);
  const token = await startSession(deps.database, user.userId, sessionPolicy(deps.config), { secondFactorPending: options.secondFactorPending ?? false });
  if (!options.secondFactorPending) {
    await recordSuccessfulSignIn(deps.database, user.userId);
    await recordAudit(
      deps.database,
      { ...actorFrom(request), userId: user.userId, username: user.username },
      { action: 'sign_in', details: { method: options.method } },
    );
  }
  const target = options.secondFactorPending ? `/sign-in/code?next=${encodeURIComponent(options.next)}` : options.next;
  return reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(deps.config)).redirect(target, 303);
}

export function authRoutes(app: FastifyInstance, deps: AppDeps) {
  const { database, config } = deps;
  const signInPage = 'core/auth/views/sign-in.njk';
  const lockoutHint = 'After a few wrong attempts Keystone makes you wait before the next one, for longer each time, up to 15 minutes.';

  app.get<{ Querystring: { next?: string } }>('/sign-in', { config: PUBLIC }, (request, reply) =>
    reply.render(signInPage, {
      title: 'Sign in',
      next: safeNext(request.query.next),
      singleSignOn: Boolean(config.oidc),
      singleSignOnText: config.oidc?.buttonText,
    }),
  );

  app.post<{ Body: { username?: string; password?: string; next?: string } }>('/sign-in', { config: PUBLIC }, async (request, reply) => {
    const username = String(request.body?.username ?? '').trim();
    const password = String(request.body?.password ?? '');
    const next = safeNext(request.body?.next);
    const errors: { text: string; href: string }[] = [];
    if (!username) errors.push({ text: 'Enter your username', href: '#username' });
    if (!password) errors.push({ text: 'Enter your password', href: '#password' });
    let status = 400;
    if (errors.length === 0) {
      const key = username.toLowerCase().slice(0, 100);
      const wait = await signInWait(database, key, request.ip);
      if (wait > 0) {
        // Refused unchecked and not counted: hammering does not lengthen the wait.
        await recordAudit(database, actorFrom(request), {
          action: 'sign_in_failed',
          details: { username: key, method: 'password', refused: 'waiting', wait_seconds: wait },
        });
        errors.push({ text: waitText(wait), href: '#username' });
        status = 429;
        reply.header('retry-after', String(wait));
      } else {
        const user = await findUserForSignIn(database, username);
        // The password is checked even for an unknown account, so timing tells nothing.
        const valid = await verifyPassword(user?.password_hash, password);
        if (user && user.active && valid) {
          return beginSession(
            deps,
            request,
            reply,
            { userId: Number(user.user_id), username: user.username },
            {
              next,
              method: 'password',
              secondFactorPending: Boolean(user.totp_enabled_at),
            },
          );
        }
        const waitNow = await recordSignInFailure(database, key, request.ip);
        await recordAudit(database, actorFrom(request), {
          action: 'sign_in_failed',
          details: { username: key, method: 'password', ...(waitNow ? { wait_seconds: waitNow } : {}) },
        });
        errors.push({
          text: waitNow ? `The username or password is not right. ${waitText(waitNow)}` : 'The username or password is not right',
          href: '#username',
        });
        status = 401;
      }
    }
    return reply.code(status).render(signInPage, {
      title: 'Sign in',
      errorSummary: errors,
      lockoutHint: username && password ? lockoutHint : undefined,
      username,
      next,
      singleSignOn: Boolean(config.oidc),
      singleSignOnText: config.oidc?.buttonText,
    });
  });

  app.get<{ Querystring: { next?: string } }>('/sign-in/code', { config: { access: { secondFactor: true } } }, (request, reply) =>
    reply.render('core/auth/views/sign-in-code.njk', { title: 'Enter your security code', next: safeNext(request.query.next) }),
  );

  app.post<{ Body: { code?: string; next?: string } }>('/sign-in/code', { config: { access: { secondFactor: true } } }, async (request, reply) => {
    const pending = request.pendingUser!;
    const next = safeNext(request.body?.next);
    const code = String(request.body?.code ?? '');
    const endWithWait = async (wait: number) => {
      await endSession(database, request.cookies[SESSION_COOKIE]);
      return reply
        .clearCookie(SESSION_COOKIE, { path: '/' })
        .code(429)
        .header('retry-after', String(wait))
        .render('core/views/error.njk', {
          title: 'Too many wrong codes',
          message: `Wait ${describeWait(wait)}, then sign in again.`,
        });
    };
    const waiting = await signInWait(database, pending.username, request.ip);
    if (waiting > 0) return endWithWait(waiting);
    const user = await database.db
      .selectFrom('ks_user')
      .select(['totp_secret', 'totp_last_step'])
      .where('user_id', '=', pending.userId)
      .executeTakeFirstOrThrow();
    const step = user.totp_secret ? matchTotp(user.totp_secret, code) : undefined;
    if (step !== undefined && step > (user.totp_last_step ?? -1)) {
      await database.db.updateTable('ks_user').set({ totp_last_step: step }).where('user_id', '=', pending.userId).execute();
      return beginSession(deps, request, reply, { userId: pending.userId, username: pending.username }, { next, method: 'password+totp' });
    }
    const wait = await recordSignInFailure(database, pending.username, request.ip);
    await recordAudit(
      database,
      { ...actorFrom(request), userId: pending.userId, username: pending.username },
      { action: 'sign_in_failed', details: { method: 'totp', ...(wait ? { wait_seconds: wait } : {}) } },
    );
    if (wait > 0) return endWithWait(wait);
    const text = code.trim()
      ? 'The security code is not right or has expired: enter the code your app shows now'
      : 'Enter the 6-digit security code from your authenticator app';
    return reply.code(401).render('core/auth/views/sign-in-code.njk', { title: 'Enter your security code', next, errorSummary: [{ text, href: '#code' }] });
  });

  app.post('/sign-out', { config: { access: { permission: 'session.use' } } }, async (request, reply) => {
    await endSession(database, request.cookies[SESSION_COOKIE]);
    await recordAudit(database, actorFrom(request), { action: 'sign_out' });
    return reply.clearCookie(SESSION_COOKIE, { path: '/' }).redirect('/sign-in', 303);
  });

  app.post('/sign-out-everywhere', { config: { access: { permission: 'session.use' } } }, async (request, reply) => {
    const ended = await endAllSessions(database, request.user!.userId);
    await recordAudit(database, actorFrom(request), { action: 'sign_out', details: { everywhere: true, sessions: ended } });
    return reply.clearCookie(SESSION_COOKIE, { path: '/' }).redirect('/sign-in', 303);
  });
}
