import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { CHROMIUM, ensureBinaries } from '../../scripts/lib/services.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Builds the web UI the API serves (a few seconds; the tests always use the current sources). */
export function buildWebUi(): void {
  execFileSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'error'],
    { cwd: root, stdio: 'inherit' },
  );
}

/**
 * Debian's chromium, headless; installed with a CJK font on first use (as root, like the
 * servers), else the error names the command. CHROMIUM_PATH points elsewhere when needed.
 */
export async function launchBrowser(): Promise<Browser> {
  await ensureBinaries({ browser: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--lang=zh-CN'],
  });
}

/**
 * Where screenshots go: docs/screenshots/ when UPDATE_SCREENSHOTS=1 (they are committed and
 * shown in the README), else .local/screenshots/ (ignored), so a test run changes no tracked file.
 */
export function screenshotDir(): string {
  const dir = path.join(root, process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : '.local/screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  // Animations and the loading spinners settle first, so the picture shows the screen.
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: path.join(screenshotDir(), `${name}.png`), animations: 'disabled' });
}

/** Signs in through the sign-in page, as a person does. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.locator('input#email, input[autocomplete="username"]').first().fill(email);
  await page.locator('input[autocomplete="current-password"]').fill(password);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/**
 * Waits for a text to show; when it does not, the error says what the screen shows instead
 * (messages, alerts, form errors, the open dialog) and a screenshot is saved as `failed-<name>.png`.
 */
export async function waitForText(page: Page, text: RegExp, name: string): Promise<void> {
  try {
    await page.getByText(text).first().waitFor();
  } catch (error) {
    const shown = await page
      .locator('.ant-message, .ant-alert, .ant-form-item-explain-error, .ant-modal-content')
      .allInnerTexts()
      .catch(() => []);
    await page.screenshot({ path: path.join(screenshotDir(), `failed-${name}.png`) }).catch(() => undefined);
    throw new Error(`${text} did not show; the screen shows: ${JSON.stringify(shown)}`, { cause: error });
  }
}

/**
 * Picks an option of an antd multiple select by its exact label, as a person does: types to
 * filter, clicks the option, and sees its tag in the field. Under load the list may re-filter
 * between finding the option and the click, which then lands on nothing: the click is made
 * again, only while the tag is absent (a second click on a picked option would unpick it).
 */
export async function pickOption(page: Page, field: Locator, label: string): Promise<void> {
  const tag = field.locator(`.ant-select-selection-item[title="${label}"]`);
  for (let attempt = 1; ; attempt++) {
    await field.getByRole('combobox').fill(label);
    // antd draws the visible options apart from its hidden accessible list.
    await page
      .locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${label}"]`)
      .click();
    try {
      await tag.waitFor({ timeout: 3_000 });
      if (attempt > 1) console.warn(`the option ${label} was picked on click ${attempt}`);
      return;
    } catch (error) {
      if (attempt === 3)
        throw new Error(`the option ${label} was clicked ${attempt} times and never picked`, { cause: error });
    }
  }
}
