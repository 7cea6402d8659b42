import { afterAll, beforeAll } from 'vitest';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContextOptions, type Download, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { freshDatabase } from './engines.ts';
import { testConfig } from './http.ts';
import type { Config } from '../../src/core/config.ts';
import { buildApp } from '../../src/core/http/app.ts';
import { CAPABILITIES } from '../../src/server/capabilities.ts';
import { seedDemo } from '../../src/server/start.ts';
import { DEMO_PASSWORD } from '../../src/server/demo-accounts.ts';

/** Debian's Chromium, as CI installs it; browser tests skip, saying so, where it is absent. */
export const CHROMIUM = process.env.KEYSTONE_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

export function warnIfNoChromium(what: string): void {
  if (!hasChromium) console.warn(`${what} skipped: ${CHROMIUM} is absent (apt-get install chromium).`);
}

/** Headless Chromium with the flags this machine's closed network needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface DemoSite {
  database: Awaited<ReturnType<typeof freshDatabase>>;
  app: FastifyInstance;
  baseUrl: string;
  close(): Promise<void>;
}

/** Keystone on a fresh embedded database seeded with a small demo county, listening on a free port. */
export async function startDemoSite(options: { children: number; seed: number; config?: Partial<Config> }): Promise<DemoSite> {
  const database = await freshDatabase(undefined);
  await seedDemo(database, { children: options.children, seed: options.seed }, () => undefined);
  const app = await buildApp({ database, config: testConfig(options.config) }, CAPABILITIES);
  await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    database,
    app,
    baseUrl: `http://localhost:${(app.server.address() as AddressInfo).port}`,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

/** Fills in and sends the sign-in form the page shows, as a demo account. */
export async function fillSignIn(page: Page, username: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A page in a new browser context (cookies of its own), signed in as a demo account and on the home page. */
export async function signedInPage(demo: { browser: Browser; baseUrl: string }, username: string, options: BrowserContextOptions = {}): Promise<Page> {
  const page = await (await demo.browser.newContext(options)).newPage();
  await page.goto(`${demo.baseUrl}/sign-in`);
  await fillSignIn(page, username);
  await page.waitForURL(`${demo.baseUrl}/`);
  return page;
}

/** The bytes of a file the browser downloaded (its context needs `acceptDownloads`). */
export async function downloadedBytes(download: Download): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A demo site and Chromium for one describe block: started before its tests, closed after them.
 * Read `site`, `browser` and `baseUrl` from the returned object inside the tests.
 */
export function demoInChromium(options: Parameters<typeof startDemoSite>[0]): { site: DemoSite; browser: Browser; baseUrl: string } {
  const demo = {} as { site: DemoSite; browser: Browser; baseUrl: string };
  beforeAll(async () => {
    demo.site = await startDemoSite(options);
    demo.baseUrl = demo.site.baseUrl;
    demo.browser = await launchChromium();
  }, 240_000);
  afterAll(async () => {
    await demo.browser?.close();
    await demo.site?.close();
  });
  return demo;
}
