// Issue 11, item 4: the operators' onboarding funnel page, in each language.
// Exact numbers need a database no other test writes to, so this file starts
// its own demo server (the shared one's environment, `AVA_ADMIN_EMAILS`
// included, on the next port and an empty data folder). Owners move through
// the wizard over the API; the operator then reads the chart and the table.
// Any other account is told the page is not for it, on the shared server.
import { expect, request, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OPERATOR_EMAIL, webServer } from '../playwright.config';
import {
  LOCALES,
  logIn,
  PASSWORD,
  record,
  signUp,
  texts,
  uniqueEmail,
} from './support';

const port = Number(process.env.AVA_E2E_PORT ?? 3100) + 1;
const base = `http://127.0.0.1:${port}`;
const today = new Date().toISOString().slice(0, 10);
const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

/** An owner signed up over the API, with a request context of their own. */
async function owner(email = uniqueEmail('funnel')): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL: base });
  const signedUp = await api.post('/api/v1/auth/signup', {
    data: { email, password: PASSWORD, full_name: 'Dana Levi', locale: 'en' },
  });
  expect(signedUp.status(), `sign-up of ${email}`).toBe(201);
  return api;
}

async function ok(response: Promise<APIResponse>, what: string): Promise<void> {
  const answer = await response;
  expect(answer.status(), `${what}: ${await answer.text()}`).toBe(200);
}

const PROFILE = { organization_name: 'Acme Dental', industry: 'dental', timezone: 'Asia/Jerusalem', accept_terms: true };

test.describe('the funnel, for an operator', () => {
  test.describe.configure({ mode: 'serial' });
  test.use({ baseURL: base });
  let server: ChildProcess | undefined;

  test.beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ava-e2e-funnel-'));
    const command = (webServer as { command: string }).command;
    const env = (webServer as { env: Record<string, string> }).env;
    server = spawn(command.split(' ')[0], command.split(' ').slice(1), {
      env: { ...process.env, ...env, AVA_ADDR: `127.0.0.1:${port}`, AVA_DATA_DIR: dataDir },
      stdio: 'ignore',
    });
    await expect
      .poll(async () => (await fetch(`${base}/readyz`).catch(() => undefined))?.status, { timeout: 60_000 })
      .toBe(200);

    // The operator signs up and stays on the profile.
    await owner(OPERATOR_EMAIL);
    // Completes the profile, skips Vapi, stops at the persona.
    const skipper = await owner();
    await ok(skipper.patch('/api/v1/user/profile', { data: PROFILE }), 'profile');
    await ok(skipper.patch('/api/v1/user/onboarding', { data: { current_step: 'vapi' } }), 'to vapi');
    await ok(skipper.patch('/api/v1/user/onboarding', { data: { current_step: 'persona', vapi_skipped: true } }), 'skip vapi');
    // Chooses a plan and launches Ava.
    const launcher = await owner();
    await ok(launcher.patch('/api/v1/user/profile', { data: PROFILE }), 'profile');
    await ok(launcher.patch('/api/v1/studio/config', { data: { plan: 'free' } }), 'plan');
    await ok(launcher.post('/api/v1/user/complete-onboarding'), 'launch');
  });

  test.afterAll(() => {
    server?.kill('SIGTERM');
  });

  // step: [reached, completed, skipped]
  const expected: Record<string, [number, number, number]> = {
    profile: [3, 2, 0],
    vapi: [2, 0, 1],
    persona: [2, 0, 0],
    twilio: [1, 0, 0],
    telephony: [1, 0, 0],
    integrations: [1, 0, 0],
    assistant: [1, 0, 0],
    plan: [1, 1, 0],
    done: [1, 1, 0],
  };

  for (const locale of LOCALES) {
    test(`${locale}: the chart and the table count the owners at each step`, async ({ page }) => {
      const t = texts(locale).funnel;
      await page.goto(`/${locale}/login`);
      await logIn(page, { email: OPERATOR_EMAIL, password: PASSWORD });
      await expect(page).toHaveURL(new RegExp(`/${locale}/welcome`));
      await page.getByTestId('nav-funnel').click();
      await expect(page).toHaveURL(new RegExp(`/${locale}/admin/funnel$`));
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.title);
      await expect(page.getByTestId('funnel-started')).toHaveText('3');
      await expect(page.getByTestId('funnel-completed')).toHaveText('1');
      for (const [step, counts] of Object.entries(expected)) {
        const row = page.getByTestId(`row-${step}`);
        await expect(row.locator('td[data-count=reached]')).toHaveText(String(counts[0]));
        await expect(row.locator('td[data-count=completed]')).toHaveText(String(counts[1]));
        await expect(row.locator('td[data-count=skipped]')).toHaveText(String(counts[2]));
        await expect(page.getByTestId(`bar-${step}-reached`)).toHaveText(String(counts[0]));
        await expect(page.getByTestId(`bar-${step}-completed`)).toHaveText(String(counts[1]));
        await expect(page.getByTestId(`bar-${step}-skipped`)).toHaveText(String(counts[2]));
      }
      // The longest bar is the profile's reached; half as many owners, half as long.
      const width = async (step: string): Promise<number> =>
        parseFloat((await page.locator('rect.funnel-bar.reached').nth(Object.keys(expected).indexOf(step)).getAttribute('width')) ?? 'NaN');
      expect((await width('vapi')) * 3).toBeCloseTo((await width('profile')) * 2, 1);
      // Right to left in Hebrew: the bars grow from the right edge.
      const x = parseFloat((await page.locator('rect.funnel-bar.reached').first().getAttribute('x')) ?? 'NaN');
      expect(x).toBeCloseTo(locale === 'he' ? 100 - (await width('profile')) : 0, 1);
      await expect(page.locator('html')).toHaveAttribute('dir', locale === 'he' ? 'rtl' : 'ltr');
      // Every name and number is drawn inside the chart, in both directions.
      const chart = await page.getByTestId('funnel-chart').boundingBox();
      for (const text of await page.locator('svg.funnel-chart text').all()) {
        const box = await text.boundingBox();
        expect(box && chart && box.x >= chart.x - 1 && box.x + box.width <= chart.x + chart.width + 1, `${await text.textContent()} inside the chart`).toBe(true);
      }
      await record(page, `funnel-${locale}`);

      // The period: everyone signed up today, nobody tomorrow.
      await page.locator('[name=from]').fill(today);
      await page.locator('[name=to]').fill(today);
      await page.getByTestId('funnel-apply').click();
      await expect(page.getByTestId('funnel-started')).toHaveText('3');
      await page.locator('[name=to]').fill('');
      await page.locator('[name=from]').fill(tomorrow);
      await page.getByTestId('funnel-apply').click();
      await expect(page.getByTestId('funnel-started')).toHaveText('0');
      await expect(page.getByTestId('funnel-empty')).toHaveText(t.empty);
    });
  }
});

test.describe('the funnel, for anyone else', () => {
  for (const locale of LOCALES) {
    test(`${locale}: an owner is told the page is not for them`, async ({ page }) => {
      await signUp(page, locale);
      await expect(page.getByTestId('nav-funnel')).toHaveCount(0);
      await page.goto(`/${locale}/admin/funnel`);
      await expect(page.getByTestId('funnel-forbidden')).toHaveText(texts(locale).funnel.forbidden);
      await expect(page.getByTestId('funnel-period')).toHaveCount(0);
      await record(page, `funnel-forbidden-${locale}`);
    });
  }
});
