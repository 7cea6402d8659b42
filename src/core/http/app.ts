import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { allows, ROLE_NAMES, isRole, type Access } from '../auth/access.ts';
import { readSession, randomToken, tokensMatch, SESSION_COOKIE, type SessionUser } from '../auth/sessions.ts';
import { createViews, GOVUK_DIST } from './views.ts';
import { navigationFor } from './navigation.ts';
import { addRequestLine, fastifyLogOptions, type LogOptions } from './log.ts';
import { onceToken } from './once.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may use the route: see src/core/auth/access.ts. Required on every route. */
    access?: Access;
  }
  interface FastifyRequest {
    user: SessionUser | undefined;
    /** A session waiting for its second factor: not signed in for any other purpose. */
    pendingUser: SessionUser | undefined;
    cspNonce: string;
  }
  interface FastifyReply {
    render(template: string, context?: Record<string, unknown>): FastifyReply;
  }
  interface FastifyInstance {
    /** Every route with its access rule, for the authorisation matrix test and for review. */
    routeAccessTable: RouteAccess[];
  }
}

export interface RouteAccess {
  method: string;
  url: string;
  access: Access;
}

export interface AppDeps {
  database: Database;
  config: Config;
  /** A sentence every page shows while it says something (e.g. the demo county still loading). */
  notice?: () => string | undefined;
}

export type Capability = (app: FastifyInstance, deps: AppDeps) => void | Promise<void>;

const PRE_SESSION_CSRF_COOKIE = 'ks_csrf';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const ASSET_ROOTS: Record<string, string> = {
  assets: path.join(GOVUK_DIST, 'govuk', 'assets'),
  stylesheets: path.join(GOVUK_DIST, 'govuk'),
  javascripts: path.join(GOVUK_DIST, 'govuk'),
};

export class RouteWithoutAccessError extends Error {}

/** Removes NUL characters from the strings in a parsed request part (objects and arrays, in place). */
function withoutNul(value: unknown): void {
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return;
  const entries = value as Record<string, unknown>;
  for (const key of Object.keys(entries)) {
    const item = entries[key];
    if (typeof item === 'string') {
      if (item.includes('\0')) entries[key] = item.replaceAll('\0', '');
    } else withoutNul(item);
  }
}

/** Trusts the nearest `hops` proxies (KEYSTONE_TRUST_PROXY=2: a load balancer and a reverse proxy). */
const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;

/** The web application: security in one place, then each capability's routes. */
export async function buildApp(deps: AppDeps, capabilities: Capability[], options: { log?: LogOptions } = {}): Promise<FastifyInstance> {
  const { config, database } = deps;
  const views = createViews();
  const sessionPolicy = { idleMinutes: config.sessionIdleMinutes, absoluteMinutes: config.sessionAbsoluteMinutes };
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: config.secureCookies };

  const app = Fastify({
    // Only the method and path are logged: never query strings, bodies or cookies (./log.ts).
    ...(options.log ? fastifyLogOptions(options.log) : { logger: false }),
    genReqId: () => randomUUID(),
    bodyLimit: 1_048_576,
    // Behind a reverse proxy, the client's address is the one the trusted proxy names (KEYSTONE_TRUST_PROXY).
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
  });

  if (options.log) addRequestLine(app, options.log);

  // Deny by default: a route without an access declaration cannot even be registered.
  const routeAccessTable: RouteAccess[] = [];
  app.decorate('routeAccessTable', routeAccessTable);
  app.addHook('onRoute', (route) => {
    if (route.method === 'HEAD') return;
    if (!route.config?.access) throw new RouteWithoutAccessError(`Route ${String(route.method)} ${route.url} declares no access rule`);
    for (const method of [route.method].flat()) routeAccessTable.push({ method, url: route.url, access: route.config.access });
  });

  await app.register(formbody);
  await app.register(cookie);
  await app.register(fastifyStatic, { root: ASSET_ROOTS.assets!, serve: false });

  app.decorateRequest('user', undefined);
  app.decorateRequest('pendingUser', undefined);
  app.decorateRequest('cspNonce', '');
  app.decorateReply('render', function (this: FastifyReply, template: string, context: Record<string, unknown> = {}) {
    const request = this.request;
    let csrfToken = request.user?.csrfToken ?? request.pendingUser?.csrfToken;
    if (!csrfToken) {
      csrfToken = request.cookies[PRE_SESSION_CSRF_COOKIE] || randomToken();
      this.setCookie(PRE_SESSION_CSRF_COOKIE, csrfToken, cookieOptions);
    }
    const html = views.render(template, {
      ...context,
      user: request.user,
      roleNames: request.user?.roles.filter(isRole).map((role) => ROLE_NAMES[role]) ?? [],
      navigation: navigationFor(request.user, request.url.split('?')[0] ?? '/'),
      csrfToken,
      onceToken: onceToken(request),
      cspNonce: request.cspNonce,
      serviceNotice: deps.notice?.(),
    });
    return this.type('text/html; charset=utf-8').send(html);
  });

  app.addHook('onRequest', async (request, reply) => {
    request.cspNonce = randomBytes(16).toString('base64');
    reply.headers({
      'content-security-policy': [
        "default-src 'self'",
        `script-src 'self' 'nonce-${request.cspNonce}'`,
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        // The single sign-on button's form redirects to the identity provider.
        `form-action 'self'${config.oidc ? ` ${new URL(config.oidc.issuer).origin}` : ''}`,
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
      ].join('; '),
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'permissions-policy': 'camera=(), microphone=(), geolocation=()',
      ...(config.secureCookies ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
    });
    if (!request.routeOptions.url?.startsWith('/assets') && request.cookies[SESSION_COOKIE]) {
      const session = await readSession(database, request.cookies[SESSION_COOKIE], sessionPolicy);
      if (session?.secondFactorPending) request.pendingUser = session;
      else request.user = session;
    }
    // Who may use the route is decided here, before any of the request's body is read: nobody
    // who is refused can make the server read, parse or store an upload.
    if (request.is404) return;
    const access = request.routeOptions.config.access;
    if (!access) return deny(reply, 403);
    if ('secondFactor' in access) {
      if (!request.pendingUser) return reply.redirect('/sign-in', 303);
    } else if ('permission' in access) {
      if (!request.user) {
        if (request.method === 'GET') return reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`);
        return deny(reply, 401);
      }
      if (!allows(access.permission, request.user.roles)) return deny(reply, 403);
      reply.header('cache-control', 'no-store');
    }
  });

  // PostgreSQL cannot hold a NUL character (U+0000) in text and nobody means to type one: it is
  // removed from everything a request sends, so a pasted one is never a server error.
  app.addHook('preValidation', async (request) => {
    for (const part of [request.params, request.query, request.body]) withoutNul(part);
  });

  app.addHook('preHandler', async (request, reply) => {
    if (request.is404) return;
    if (UNSAFE_METHODS.has(request.method)) {
      const expected = request.user?.csrfToken ?? request.pendingUser?.csrfToken ?? request.cookies[PRE_SESSION_CSRF_COOKIE];
      const given = (request.body as Record<string, unknown> | undefined)?._csrf;
      if (!expected || !tokensMatch(expected, given)) return deny(reply, 403, 'csrf');
    }
  });

  function deny(reply: FastifyReply, status: 401 | 403, reason?: 'csrf') {
    return reply.code(status).render('core/views/error.njk', {
      title: status === 401 ? 'You need to sign in' : reason === 'csrf' ? 'Your form has expired' : 'You do not have access to this page',
      message:
        reason === 'csrf'
          ? 'For your security the form could not be accepted. Go back, reload the page and try again.'
          : status === 401
            ? 'Sign in to use Keystone.'
            : 'Your role does not give access to this page. If you need it for your work, ask your Keystone administrator.',
    });
  }

  app.get('/assets/*', { config: { access: { public: true } } }, (request: FastifyRequest<{ Params: { '*': string } }>, reply) =>
    reply.sendFile(request.params['*'], ASSET_ROOTS.assets!, { maxAge: '7d' }),
  );
  for (const file of ['govuk-frontend.min.css', 'govuk-frontend.min.css.map']) {
    app.get(`/stylesheets/${file}`, { config: { access: { public: true } } }, (_request, reply) =>
      reply.sendFile(file, ASSET_ROOTS.stylesheets!, { maxAge: '1d' }),
    );
  }
  app.get('/stylesheets/keystone.css', { config: { access: { public: true } } }, (_request, reply) =>
    reply.sendFile('keystone.css', path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'views'), { maxAge: '1h' }),
  );
  for (const file of ['govuk-frontend.min.js', 'govuk-frontend.min.js.map']) {
    app.get(`/javascripts/${file}`, { config: { access: { public: true } } }, (_request, reply) =>
      reply.sendFile(file, ASSET_ROOTS.javascripts!, { maxAge: '1d' }),
    );
  }
  app.get('/javascripts/init.js', { config: { access: { public: true } } }, (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'max-age=3600')
      .send("import { initAll } from '/javascripts/govuk-frontend.min.js';\ninitAll();\n"),
  );

  for (const capability of capabilities) await capability(app, deps);

  app.setNotFoundHandler({}, (request, reply) => {
    void request;
    return reply.code(404).render('core/views/error.njk', {
      title: 'Page not found',
      message: 'If you typed the web address, check it is correct. If you pasted it, check you copied the entire address.',
    });
  });

  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error, requestId: request.id }, 'unhandled error');
    return reply.code(status).render('core/views/error.njk', {
      title: status === 500 ? 'Sorry, there is a problem with the service' : 'There is a problem with your request',
      message: status === 500 ? 'Try again later. If it keeps happening, give your administrator this reference.' : error.message,
      reference: request.id,
    });
  });

  return app;
}
