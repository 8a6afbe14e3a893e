import { type AddressInfo } from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type INestApplicationContext } from '@nestjs/common';
import { type Browser, type Page } from 'playwright-core';
import { batchImport, importableFiles } from '../apps/cli/src/batch-import.js';
import { DEFAULT_DEMO_PASSWORD, SAMPLE_FOLDERS, seedDemo } from '../apps/cli/src/demo.js';
import { startTestApp, startTestWorker, type TestApp } from './support/app.js';
import { buildWebUi, launchBrowser, screenshot, signIn } from './support/browser.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

/** The seed the coordinator imports through the browser; the demo seeding leaves it out. */
const SEED_TO_IMPORT = 'samples/seeds/003_846d57524a5f4238.txt';
const ACCOUNTS = {
  coordinator: 'coordinator@demo.gov.cn',
  supervisor: 'supervisor@demo.gov.cn',
  finance: 'caizheng@demo.gov.cn',
  industry: 'jingxin@demo.gov.cn',
};

/**
 * The tracker in a real browser (Debian's chromium through playwright-core) against the real
 * API, database and worker, on the demo's accounts and sample documents.
 */
describe('the web UI in a browser', () => {
  let database: TestDatabase;
  let api: TestApp;
  let worker: INestApplicationContext;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    buildWebUi();
    database = await createTestDatabase();
    const env = { QUEUE_PREFIX: `web${randomBytes(4).toString('hex')}` };
    api = await startTestApp(database.url, process.env.REDIS_URL, env);
    await seedDemo(api.dataSource, DEFAULT_DEMO_PASSWORD);
    const samples = await importableFiles(SAMPLE_FOLDERS.map((folder) => path.resolve(folder)));
    const imported = await batchImport(
      api.dataSource,
      samples.filter((file) => file !== path.resolve(SEED_TO_IMPORT)),
      20 << 20,
    );
    expect(imported.map((r) => r.outcome)).not.toContain('failed');
    await api.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}`;
    worker = await startTestWorker(database.url, env);
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await api?.close();
    await database?.drop();
  });

  async function pageAs(who: keyof typeof ACCOUNTS, viewport = { width: 1366, height: 768 }): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'zh-CN' });
    const page = await context.newPage();
    await signIn(page, baseUrl, ACCOUNTS[who], DEFAULT_DEMO_PASSWORD);
    return page;
  }

  it('signs a coordinator in to the ledger', async () => {
    const page = await pageAs('coordinator');
    await page.goto(`${baseUrl}/tasks`);
    await expect(page.getByRole('table')).toBeTruthy();
    await page.getByRole('row').nth(2).waitFor();
    await screenshot(page, 'ledger');
    await page.context().close();
  });
});
