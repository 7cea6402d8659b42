import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../http/app.ts';
import { verifyPassword } from './passwords.ts';
import { endSession, startSession, SESSION_COOKIE } from './sessions.ts';
import { findUserForSignIn } from './users.ts';
import { actorFrom, recordAudit } from '../audit/trail.ts';

const PUBLIC = { access: { public: true } } as const;

/** Only same-site paths are followed after sign-in, never another host. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) ? next : '/';
}

export function authRoutes(app: FastifyInstance, { database, config }: AppDeps) {
  const policy = { idleMinutes: config.sessionIdleMinutes, absoluteMinutes: config.sessionAbsoluteMinutes };
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.secureCookies,
    maxAge: config.sessionAbsoluteMinutes * 60,
  };

  app.get<{ Querystring: { next?: string } }>('/sign-in', { config: PUBLIC }, (request, reply) =>
    reply.render('core/auth/views/sign-in.njk', { title: 'Sign in', next: safeNext(request.query.next) }),
  );

  app.post<{ Body: { username?: string; password?: string; next?: string } }>('/sign-in', { config: PUBLIC }, async (request, reply) => {
    const username = String(request.body?.username ?? '').trim();
    const password = String(request.body?.password ?? '');
    const next = safeNext(request.body?.next);
    const errors: { text: string; href: string }[] = [];
    if (!username) errors.push({ text: 'Enter your username', href: '#username' });
    if (!password) errors.push({ text: 'Enter your password', href: '#password' });
    if (errors.length === 0) {
      const user = await findUserForSignIn(database, username);
      const valid = await verifyPassword(user?.password_hash, password);
      if (user && user.active && valid) {
        // Session rotation: whatever session the browser had ends; the new one gets a new token.
        await endSession(database, request.cookies[SESSION_COOKIE]);
        const token = await startSession(database, Number(user.user_id), policy);
        await recordAudit(database, { ...actorFrom(request), userId: Number(user.user_id), username: username.toLowerCase() }, { action: 'sign_in', details: { method: 'password' } });
        return reply.setCookie(SESSION_COOKIE, token, cookieOptions).redirect(next, 303);
      }
      await recordAudit(database, actorFrom(request), { action: 'sign_in_failed', details: { username: username.toLowerCase().slice(0, 100), method: 'password' } });
      errors.push({ text: 'The username or password is not right', href: '#username' });
    }
    return reply.code(errors.length && username && password ? 401 : 400).render('core/auth/views/sign-in.njk', {
      title: 'Sign in',
      errorSummary: errors,
      username,
      next,
    });
  });

  app.post('/sign-out', { config: { access: { permission: 'session.use' } } }, async (request, reply) => {
    await endSession(database, request.cookies[SESSION_COOKIE]);
    await recordAudit(database, actorFrom(request), { action: 'sign_out' });
    return reply.clearCookie(SESSION_COOKIE, { path: '/' }).redirect('/sign-in', 303);
  });
}
