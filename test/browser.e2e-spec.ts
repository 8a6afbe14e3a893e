import { type AddressInfo } from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type INestApplicationContext } from '@nestjs/common';
import { type Browser, type Page } from 'playwright-core';
import { batchImport, importableFiles } from '../apps/cli/src/batch-import.js';
import { DEFAULT_DEMO_PASSWORD, SAMPLE_FOLDERS, seedDemo } from '../apps/cli/src/demo.js';
import { createDemoContext, seedDemoProgress } from '../apps/cli/src/demo-progress.js';
import { SettingsService } from '../libs/core/src/settings/settings.service.js';
import { reportingPeriod } from '../libs/core/src/tasks/deadlines.js';
import { startTestApp, startTestWorker, type TestApp } from './support/app.js';
import { buildWebUi, launchBrowser, pickOption, screenshot, signIn, waitForText } from './support/browser.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

/** The seed the coordinator imports through the browser; the demo seeding leaves it out. */
const SEED_TO_IMPORT = 'samples/seeds/003_846d57524a5f4238.txt';
const ACCOUNTS = {
  admin: 'admin@demo.gov.cn',
  coordinator: 'coordinator@demo.gov.cn',
  supervisor: 'supervisor@demo.gov.cn',
  finance: 'caizheng@demo.gov.cn',
  industry: 'jingxin@demo.gov.cn',
};

const currentPeriod = () => reportingPeriod(new Date());

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

  /**
   * Upload → extraction in the worker → the review screen → names the registry does not know
   * set aside (忽略) → commit. Answers when the ledger holds the document's tasks.
   */
  async function importSeedThroughTheUi(page: Page): Promise<void> {
    await page.goto(`${baseUrl}/imports`);
    await page.locator('input[type="file"]').setInputFiles(path.resolve(SEED_TO_IMPORT));
    // The list (paged by the server, newest first) shows the upload at the top.
    await page
      .locator('.ant-table-row')
      .first()
      .filter({ hasText: path.basename(SEED_TO_IMPORT) })
      .waitFor();
    await page.getByRole('button', { name: '开始审核' }).first().click({ timeout: 60_000 });
    await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
    await page.getByRole('button', { name: '确认入台账' }).waitFor();
    await screenshot(page, 'import-review');
    const unknown = page.getByText(/还有 \d+ 个单位名称未对应到单位/);
    if (await unknown.isVisible()) {
      await page.getByRole('tab', { name: /单位对应/ }).click();
      for (const ignore of await page.getByRole('radio', { name: '忽略' }).all()) await ignore.check();
      await page.getByRole('button', { name: '保存修改' }).click();
      await unknown.waitFor({ state: 'hidden' });
    }
    await page.getByRole('button', { name: '确认入台账' }).click();
    // The confirmation is a pop-over whose own button carries the same words.
    await page.locator('.ant-popconfirm').getByRole('button', { name: '确认入台账' }).click();
    await page
      .getByText(/新增 \d+ 项任务/)
      .first()
      .waitFor({ timeout: 60_000 });
    const [{ n }] = await api.dataSource.query(
      `SELECT count(*)::int AS n FROM tasks t JOIN policy_documents d ON d.id = t.document_id
        JOIN source_files f ON f.id = d.source_file_id WHERE f.file_name = $1`,
      [path.basename(SEED_TO_IMPORT)],
    );
    expect(n).toBeGreaterThan(100);
  }

  async function pageAs(who: keyof typeof ACCOUNTS, viewport = { width: 1366, height: 768 }): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'zh-CN' });
    const page = await context.newPage();
    // Shorter than the test's own limit, so a missing element fails with its locator named.
    page.setDefaultTimeout(15_000);
    await signIn(page, baseUrl, ACCOUNTS[who], DEFAULT_DEMO_PASSWORD);
    return page;
  }

  /** The id of a task found by SQL: the tests pick by rule from the demo, never by a fixed id. */
  async function taskWhere(condition: string, params: unknown[] = []): Promise<{ id: string; title: string }> {
    const [row] = await api.dataSource.query(
      `SELECT t.id, t.title FROM tasks t WHERE ${condition} ORDER BY t.span_start, t.id LIMIT 1`,
      params,
    );
    expect(row).toBeDefined();
    return row;
  }
  /** A task's row in the ledger or the overdue board (both tables are keyed by the task's id). */
  const taskRow = (page: Page, taskId: string) => page.locator(`tr[data-row-key="${taskId}"]`);
  const LEAD = (agency: string) =>
    `EXISTS (SELECT 1 FROM task_assignments a JOIN agencies g ON g.id = a.agency_id
              WHERE a.task_id = t.id AND a.role = 'lead' AND g.name = '${agency}')`;

  it('lets the coordinator import a seed document, review it and commit it to the ledger', async () => {
    const page = await pageAs('coordinator');
    await importSeedThroughTheUi(page);
    // The rest of the demo's story (hand-overs, weekly reports, extensions, a weekly snapshot)
    // is written by the same seeding `npm start` runs, on the tasks the import just created.
    const context = await createDemoContext(database.url);
    try {
      await seedDemoProgress(context);
    } finally {
      await context.close();
    }
    await page.goto(`${baseUrl}/tasks`);
    await page.getByRole('row').nth(2).waitFor();
    await screenshot(page, 'ledger');
    await page.context().close();
  }, 180_000);

  it('lets the coordinator hand a task over to an agency from the ledger (bulk assignment)', async () => {
    const task = await taskWhere(`t.status = 'registered' AND t.deadline_date IS NOT NULL AND ${LEAD('市财政局')}`);
    const page = await pageAs('coordinator');
    await page.goto(`${baseUrl}/tasks`);
    await page.getByPlaceholder('搜索任务标题或内容').fill(task.title.slice(0, 12));
    await page.getByPlaceholder('搜索任务标题或内容').press('Enter');
    // By its id: another task may share the title's first words, and the page before the
    // search answers is still on screen.
    const row = taskRow(page, task.id);
    await row.getByRole('checkbox').check();
    await page.getByRole('button', { name: '批量指定责任单位' }).click();
    const dialog = page.getByRole('dialog');
    await pickOption(page, dialog.locator('.ant-select').first(), '市财政局'); // the lead agency
    await dialog.locator('.ant-modal-title').click(); // closes the drop-down
    await dialog.getByRole('checkbox').check(); // hand over (交办) at once
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await waitForText(page, /已更新 1 项任务/, 'bulk-assign');
    const [after] = await api.dataSource.query('SELECT status FROM tasks WHERE id = $1', [task.id]);
    expect(after.status).toBe('assigned');
    await page.context().close();
  });

  it('lets an agency officer submit a weekly report, and keeps other agencies’ tasks closed to them', async () => {
    const task = await taskWhere(
      `t.status = 'in_progress' AND ${LEAD('市财政局')}
       AND NOT EXISTS (SELECT 1 FROM task_reports r WHERE r.task_id = t.id AND r.period = $1)`,
      [currentPeriod()],
    );
    const page = await pageAs('finance');
    await page.goto(`${baseUrl}/tasks`);
    await page.getByRole('row').nth(2).waitFor();
    await screenshot(page, 'my-tasks');
    await page.goto(`${baseUrl}/tasks/${task.id}`);
    await page.getByRole('button', { name: '报送周报' }).click();
    const dialog = page.getByRole('dialog');
    // antd hides the radio input under its label: click the label, then see it taken.
    await dialog.locator('label.ant-radio-button-wrapper', { hasText: '存在风险' }).click();
    await dialog.locator('label.ant-radio-button-wrapper-checked', { hasText: '存在风险' }).waitFor();
    await dialog.getByRole('spinbutton').fill('45');
    await dialog.getByLabel('本周进展').fill('完成政策梳理，召开两次专题推进会。');
    await dialog.getByLabel('需协调解决的问题').fill('需市发展改革委协调配套资金。');
    await screenshot(page, 'weekly-report-form');
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    await page.getByText('周报已报送').waitFor();
    const reports = await api.dataSource.query(
      'SELECT rating, percent, work_done FROM task_reports WHERE task_id = $1 AND period = $2',
      [task.id, currentPeriod()],
    );
    expect(reports).toEqual([{ rating: 'at_risk', percent: 45, work_done: '完成政策梳理，召开两次专题推进会。' }]);
    await screenshot(page, 'task');

    // A task of another agency is not there for them: the page says so, and shows nothing of it.
    const other = await taskWhere(`NOT EXISTS (SELECT 1 FROM task_assignments a JOIN agencies g ON g.id = a.agency_id
                                              WHERE a.task_id = t.id AND g.name = '市财政局')
                                   AND EXISTS (SELECT 1 FROM task_assignments a WHERE a.task_id = t.id)`);
    await page.goto(`${baseUrl}/tasks/${other.id}`);
    await page.getByText('任务不存在或无权查看').first().waitFor();
    expect(await page.getByText(other.title).count()).toBe(0);
    await page.context().close();
  });

  it('shows the supervisor the overdue task on the dashboard and board, and delivers a chase to the agency’s inbox', async () => {
    const page = await pageAs('supervisor');
    await page.goto(`${baseUrl}/dashboard`);
    await page.locator('canvas').first().waitFor();
    await screenshot(page, 'dashboard');

    const task = await taskWhere(
      `t.status IN ('assigned','acknowledged','in_progress') AND ${LEAD('市财政局')}
       AND coalesce(t.extended_deadline, t.deadline_date) < CURRENT_DATE`,
    );
    await page.goto(`${baseUrl}/overdue?pageSize=200`);
    const row = taskRow(page, task.id);
    await row.waitFor();
    await screenshot(page, 'overdue');
    await row.getByRole('button', { name: /催\s*办/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: /发\s*出/ }).click();
    await dialog.getByText(/已发出 催办〔\d{4}〕\d+号/).waitFor();
    const [{ number }] = await api.dataSource.query(
      `SELECT '催办〔' || year || '〕' || sequence || '号' AS number FROM supervision_notices
        WHERE task_id = $1 ORDER BY sent_at DESC LIMIT 1`,
      [task.id],
    );
    await page.context().close();

    const officer = await pageAs('finance');
    await officer.goto(`${baseUrl}/inbox`);
    await officer.getByText(number).first().waitFor();
    await screenshot(officer, 'inbox');
    await officer.context().close();
  });

  it('shows the weekly report (周报) and the reports of the office', async () => {
    const page = await pageAs('supervisor');
    await page.goto(`${baseUrl}/weekly`);
    await page
      .getByRole('link', { name: /W\d{2}/ })
      .first()
      .click();
    await page.getByText('督办周报').first().waitFor();
    await screenshot(page, 'weekly');
    await page.context().close();

    const office = await pageAs('coordinator');
    await office.goto(`${baseUrl}/reports`);
    await office.getByRole('row').nth(2).waitFor();
    await screenshot(office, 'reports');
    await office.context().close();
  });

  it('fits a phone', async () => {
    const page = await pageAs('finance', { width: 390, height: 844 });
    await page.goto(`${baseUrl}/tasks`);
    await page.getByText('我的任务').first().waitFor();
    await screenshot(page, 'phone-my-tasks');
    await page.context().close();
  });

  it('lets the admin change the reminder policy, shows the server’s refusal, and restores the defaults', async () => {
    const settings = api.app.get(SettingsService);
    const defaultHour = (await settings.get('reminderPolicy')).sendHour;
    const page = await pageAs('admin');
    await page.goto(`${baseUrl}/settings`);
    const card = page.locator('.ant-card', { hasText: '提醒规则' });
    const sendHour = card.getByLabel('发送时间');
    const save = card.getByRole('button', { name: /保\s*存/ });
    const showsHour = (hour: number) => card.locator(`input#sendHour[aria-valuenow="${hour}"]`).waitFor();
    await showsHour(defaultHour);

    await sendHour.fill(String(defaultHour + 1));
    await save.click();
    await waitForText(page, /设置已保存/, 'settings-saved');
    expect((await settings.get('reminderPolicy')).sendHour).toBe(defaultHour + 1);

    // Past 23: the form sends it, the server refuses it in its own words, nothing changes.
    await sendHour.fill('25');
    await save.click();
    await waitForText(page, /服务器未接受此设置/, 'settings-refused');
    await card
      .getByText(/sendHour/)
      .first()
      .waitFor();
    expect((await settings.get('reminderPolicy')).sendHour).toBe(defaultHour + 1);

    await card.getByRole('button', { name: '恢复默认' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '恢复默认' }).click();
    await waitForText(page, /已恢复默认值/, 'settings-defaults');
    expect((await settings.get('reminderPolicy')).sendHour).toBe(defaultHour);
    await showsHour(defaultHour);
    await page.context().close();
  });
});
