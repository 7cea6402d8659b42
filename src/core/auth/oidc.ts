import { createHash } from 'node:crypto';
import * as client from 'openid-client';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { AppDeps } from '../http/app.ts';
import type { OidcConfig } from '../config.ts';
import { isRole } from './access.ts';
import { beginSession, safeNext } from './routes.ts';
import { randomToken } from './sessions.ts';
import { describeRoles, recordPermissionChange } from '../../admin/approvals.ts';
import { actorFrom, recordAudit } from '../audit/trail.ts';

const FLOW_MINUTES = 10;
const FLOW_COOKIE = 'ks_sso';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const CALLBACK_PATH = '/sign-in/sso/callback';

/** Keystone roles for a user's groups, by the configured map. Unknown role names are ignored. */
export function rolesForGroups(groups: readonly string[], roleMap: OidcConfig['roleMap']): string[] {
  return [...new Set(groups.flatMap((group) => roleMap[group] ?? []).filter(isRole))].sort();
}

/**
 * OpenID Connect single sign-on (authorisation code flow with PKCE, state and nonce), bound to the
 * browser that began it: the flow's state, nonce and PKCE verifier are kept with the hash of a
 * random value set in that browser's cookie, and the callback is refused without it (login CSRF).
 * Group membership at the provider is the source of truth for roles: they are replaced at every
 * sign-in, and a user in no mapped group is refused. Accounts are matched on the provider's
 * subject (`sub`), created on first sign-in.
 */
export function oidcRoutes(app: FastifyInstance, deps: AppDeps) {
  const oidc = deps.config.oidc;
  if (!oidc) return;
  const { database } = deps;
  let discovered: Promise<client.Configuration> | undefined;
  const configuration = () => {
    discovered ??= client
      .discovery(
        new URL(oidc.issuer),
        oidc.clientId,
        oidc.clientSecret,
        undefined,
        new URL(oidc.issuer).protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        discovered = undefined;
        throw error;
      });
    return discovered;
  };
  const redirectUri = `${oidc.publicUrl}${CALLBACK_PATH}`;

  app.post<{ Body: { next?: string } }>('/sign-in/sso', { config: { access: { public: true } } }, async (request, reply) => {
    const config = await configuration();
    // The flow belongs to this browser: a random value in a cookie, its hash beside state, nonce and verifier.
    const binding = randomToken();
    const flow = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      code_verifier: client.randomPKCECodeVerifier(),
      next_path: safeNext(request.body?.next),
      browser_hash: sha256(binding),
    };
    await sql`DELETE FROM ks_oidc_flow WHERE created_at < now() - make_interval(mins => ${FLOW_MINUTES})`.execute(database.db);
    await database.db.insertInto('ks_oidc_flow').values(flow).execute();
    reply.setCookie(FLOW_COOKIE, binding, {
      path: CALLBACK_PATH,
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.config.secureCookies,
      maxAge: FLOW_MINUTES * 60,
    });
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid profile email',
      state: flow.state,
      nonce: flow.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(flow.code_verifier),
      code_challenge_method: 'S256',
    });
    return reply.redirect(url.href, 303);
  });

  app.get<{ Querystring: { state?: string } }>(CALLBACK_PATH, { config: { access: { public: true } } }, async (request, reply) => {
    const refuse = (title: string, message: string) => reply.code(403).render('core/views/error.njk', { title, message });
    const state = typeof request.query.state === 'string' ? request.query.state : '';
    const binding = request.cookies[FLOW_COOKIE];
    // Only the browser that began the sign-in may finish it (no login CSRF): state and cookie must both match.
    const flow = binding
      ? await database.db.deleteFrom('ks_oidc_flow').where('state', '=', state).where('browser_hash', '=', sha256(binding)).returningAll().executeTakeFirst()
      : undefined;
    if (!flow) {
      await recordAudit(database, actorFrom(request), {
        action: 'sign_in_failed',
        details: { method: 'oidc', reason: binding ? 'no sign-in under way in this browser with that state' : 'no sign-in under way in this browser' },
      });
      return refuse('Your sign-in has expired', 'Sign-in must finish in the browser it began in. Go back to the sign-in page and try again.');
    }
    reply.clearCookie(FLOW_COOKIE, { path: CALLBACK_PATH });
    let claims: client.IDToken | undefined;
    try {
      const tokens = await client.authorizationCodeGrant(await configuration(), new URL(`${oidc.publicUrl}${request.url}`), {
        pkceCodeVerifier: flow.code_verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch (error) {
      request.log.warn({ err: error }, 'single sign-on failed');
    }
    if (!claims) {
      await recordAudit(database, actorFrom(request), { action: 'sign_in_failed', details: { method: 'oidc' } });
      return refuse('Sign-in did not work', 'Your council account could not be confirmed. Try again, or use your Keystone username and password.');
    }
    const groups = [claims[oidc.groupsClaim]].flat().filter((group): group is string => typeof group === 'string');
    const roles = rolesForGroups(groups, oidc.roleMap);
    const username = String(claims.preferred_username ?? claims.email ?? claims.sub).toLowerCase();
    if (roles.length === 0) {
      await recordAudit(database, actorFrom(request), { action: 'sign_in_failed', details: { method: 'oidc', username, reason: 'no mapped group' } });
      return refuse(
        'You do not have access to Keystone',
        'Your council account is not in a group that gives access to Keystone. Ask your Keystone administrator.',
      );
    }
    const displayName = String(claims.name ?? username);
    const existing = await database.db.selectFrom('ks_user').select(['user_id', 'roles', 'active']).where('oidc_subject', '=', claims.sub).executeTakeFirst();
    if (existing && !existing.active) return refuse('Your Keystone account is disabled', 'Ask your Keystone administrator.');
    const saved = existing
      ? await database.db
          .updateTable('ks_user')
          .set({ roles, display_name: displayName })
          .where('user_id', '=', existing.user_id)
          .returning('user_id')
          .executeTakeFirstOrThrow()
      : await database.db
          .insertInto('ks_user')
          .values({ username, display_name: displayName, password_hash: null, roles, oidc_subject: claims.sub, professional_id: null, team_id: null })
          .returning('user_id')
          .executeTakeFirstOrThrow();
    const userId = Number(saved.user_id);
    if (!existing || existing.roles.join() !== roles.join()) {
      await recordPermissionChange(
        database,
        { ...actorFrom(request), userId, username },
        { userId, username },
        `roles from the council's groups: ${describeRoles(existing?.roles ?? [])} → ${describeRoles(roles)}`,
        {
          from: existing?.roles ?? [],
          to: roles,
          source: 'oidc groups',
        },
      );
    }
    return beginSession(deps, request, reply, { userId, username }, { next: flow.next_path, method: 'oidc' });
  });
}
