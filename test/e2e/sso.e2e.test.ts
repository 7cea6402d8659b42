import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testOidcProvider } from '../support/oidc-provider.ts';
import { type Browser } from 'playwright-core';
import { hasChromium, launchChromium, warnIfNoChromium } from '../support/browser.ts';
import type { FastifyInstance } from 'fastify';
import { freshDatabase } from '../support/engines.ts';
import { testConfig } from '../support/http.ts';
import { buildApp } from '../../src/core/http/app.ts';
import { CAPABILITIES } from '../../src/server/capabilities.ts';

warnIfNoChromium('Single sign-on browser test');

/** Group memberships the test identity provider gives each login name. */
const DIRECTORY: Record<string, { name: string; groups: string[] }> = {
  'tam.manager': { name: 'Tam Manager', groups: ['grp-keystone-team-managers', 'grp-canteen'] },
  'no.access': { name: 'No Access', groups: ['grp-canteen'] },
};

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A real OpenID Connect provider (panva's oidc-provider, the certified implementation) runs inside
 * the test; Keystone's client talks to it over HTTP, and Chromium plays the user.
 */
describe.skipIf(!hasChromium)('single sign-on with OpenID Connect', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let app: FastifyInstance;
  let providerServer: Server;
  let browser: Browser;
  let appUrl: string;

  beforeAll(async () => {
    const providerPort = await freePort();
    const appPort = await freePort();
    const issuer = `http://127.0.0.1:${providerPort}`;
    appUrl = `http://localhost:${appPort}`;
    const provider = testOidcProvider(issuer, appUrl, DIRECTORY);
    providerServer = createServer(provider.callback());
    await new Promise<void>((resolve) => providerServer.listen(providerPort, '127.0.0.1', resolve));

    database = await freshDatabase(undefined);
    const config = testConfig({
      oidc: {
        issuer,
        clientId: 'keystone',
        clientSecret: 'keystone-test-secret',
        publicUrl: appUrl,
        groupsClaim: 'groups',
        roleMap: { 'grp-keystone-team-managers': ['team_manager'] },
        buttonText: 'Sign in with your council account',
      },
    });
    app = await buildApp({ database, config }, CAPABILITIES);
    await app.listen({ host: '127.0.0.1', port: appPort });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await new Promise((resolve) => providerServer?.close(resolve));
    await database?.drop();
  });

  async function signInAtProvider(login: string) {
    const page = await browser.newPage();
    await page.goto(`${appUrl}/sign-in`);
    await page.getByRole('button', { name: 'Sign in with your council account' }).click();
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password');
    await page.locator('button[type="submit"]').click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => url.origin === appUrl);
    return page;
  }

  it('signs a user in, with roles from their groups, and audits it', async () => {
    const page = await signInAtProvider('tam.manager');
    await expect(page.getByRole('heading', { name: 'Welcome, Tam Manager' }).isVisible()).resolves.toBe(true);
    const user = await database.db
      .selectFrom('ks_user')
      .select(['username', 'roles', 'oidc_subject', 'password_hash'])
      .where('oidc_subject', '=', 'tam.manager')
      .executeTakeFirstOrThrow();
    expect(user).toEqual({ username: 'tam.manager', roles: ['team_manager'], oidc_subject: 'tam.manager', password_hash: null });
    const actions = (await database.db.selectFrom('ks_audit_event').select('action').where('username', '=', 'tam.manager').execute()).map(
      (event) => event.action,
    );
    expect(actions).toEqual(expect.arrayContaining(['permission.change', 'sign_in']));
    await page.close();
  });

  it('refuses a user who is in no Keystone group', async () => {
    const page = await signInAtProvider('no.access');
    await expect(page.getByRole('heading', { name: 'You do not have access to Keystone' }).isVisible()).resolves.toBe(true);
    expect(await database.db.selectFrom('ks_user').select('user_id').where('username', '=', 'no.access').executeTakeFirst()).toBeUndefined();
    await page.close();
  });
});
