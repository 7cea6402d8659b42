import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testOidcProvider } from '../../../test/support/oidc-provider.ts';
import type { FastifyInstance } from 'fastify';
import { freshDatabase } from '../../../test/support/engines.ts';
import { cookiesFrom, csrfFrom, testConfig } from '../../../test/support/http.ts';
import { buildApp } from '../http/app.ts';
import { coreRoutes } from '../http/core-routes.ts';
import { authRoutes } from './routes.ts';
import { oidcRoutes } from './oidc.ts';

const APP_URL = 'http://localhost:3999';

/** A person at the identity provider, as a browser: cookies kept, redirects followed, forms sent. */
async function signInAtProvider(authorizationUrl: string, login: string): Promise<string> {
  const jar = new Map<string, string>();
  let url = authorizationUrl;
  let form: { action: string; fields: Record<string, string> } | undefined;
  for (let step = 0; step < 20; step++) {
    const response = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form.fields).toString() : undefined,
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const index = pair!.indexOf('=');
      jar.set(pair!.slice(0, index), pair!.slice(index + 1));
    }
    form = undefined;
    const location = response.headers.get('location');
    if (location) {
      url = new URL(location, url).href;
      if (url.startsWith(APP_URL)) return url;
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`the provider showed no form at ${url}: ${html.slice(0, 200)}`);
    const fields = Object.fromEntries(
      [...html.matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)].map((match) => [match[1]!, match[2]!]),
    );
    form = { action, fields: { ...fields, login, password: 'any password' } };
    url = new URL(action, url).href;
  }
  throw new Error('the provider never sent the browser back to Keystone');
}

/**
 * Login CSRF: an attacker signs in at the provider, stops before Keystone's callback, and makes the
 * victim's browser open it, so the victim works in Keystone as the attacker. The callback belongs
 * to the browser that began the sign-in, and is refused anywhere else.
 */
describe('single sign-on is bound to the browser that began it', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let app: FastifyInstance;
  let providerServer: Server;

  beforeAll(async () => {
    providerServer = createServer();
    await new Promise<void>((resolve) => providerServer.listen(0, '127.0.0.1', resolve));
    const issuer = `http://127.0.0.1:${(providerServer.address() as AddressInfo).port}`;
    const provider = testOidcProvider(issuer, APP_URL, { mallory: { name: 'Mallory', groups: ['grp-keystone'] } });
    providerServer.on('request', provider.callback());
    database = await freshDatabase(undefined);
    const config = testConfig({
      oidc: {
        issuer,
        clientId: 'keystone',
        clientSecret: 'keystone-test-secret',
        publicUrl: APP_URL,
        groupsClaim: 'groups',
        roleMap: { 'grp-keystone': ['team_manager'] },
        buttonText: 'Sign in',
      },
    });
    app = await buildApp({ database, config }, [coreRoutes, authRoutes, oidcRoutes]);
  });
  afterAll(async () => {
    await app?.close();
    await new Promise((resolve) => providerServer?.close(resolve));
    await database?.drop();
  });

  /** Starts single sign-on in a browser: its cookies, and the provider address Keystone sends it to. */
  async function beginSignOn() {
    const form = await app.inject({ url: '/sign-in' });
    const started = await app.inject({ method: 'POST', url: '/sign-in/sso', headers: { cookie: cookiesFrom(form) }, payload: { _csrf: csrfFrom(form.body) } });
    expect(started.statusCode).toBe(303);
    return { cookie: [cookiesFrom(form), cookiesFrom(started)].filter(Boolean).join('; '), authorizationUrl: started.headers.location as string };
  }

  it('uses PKCE, state and nonce', async () => {
    const { authorizationUrl } = await beginSignOn();
    const params = new URL(authorizationUrl).searchParams;
    expect(params.get('code_challenge_method')).toBe('S256');
    for (const name of ['code_challenge', 'state', 'nonce']) expect(params.get(name)?.length).toBeGreaterThanOrEqual(43);
  });

  it('refuses the attacker’s callback in the victim’s browser, and lets the attacker’s own browser finish', async () => {
    const attacker = await beginSignOn();
    const callback = await signInAtProvider(attacker.authorizationUrl, 'mallory');
    const path = callback.slice(APP_URL.length);
    // The victim has no sign-in under way, or one of their own.
    const victim = await beginSignOn();
    for (const cookie of [undefined, victim.cookie]) {
      const opened = await app.inject({ url: path, headers: cookie ? { cookie } : {} });
      expect(opened.statusCode).toBe(403);
      expect(opened.cookies.find((set) => set.name === 'ks_session' && set.value)).toBeUndefined();
    }
    expect(await database.db.selectFrom('ks_user').select('user_id').where('username', '=', 'mallory').executeTakeFirst()).toBeUndefined();
    const own = await app.inject({ url: path, headers: { cookie: attacker.cookie } });
    expect(own.statusCode).toBe(303);
    expect(own.cookies.find((set) => set.name === 'ks_session')?.value).toBeTruthy();
  });
});
