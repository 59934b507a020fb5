// Shared helpers of the end-to-end tests: the demo credentials, the texts
// of each locale (read from `locales/*.json`, so assertions follow the
// translations), sign-up, and small wizard helpers.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export type Locale = 'en' | 'fr' | 'he';
export const LOCALES: Locale[] = ['en', 'fr', 'he'];

/** The nine wizard steps, in order. */
export const STEPS = [
  'profile',
  'vapi',
  'persona',
  'twilio',
  'telephony',
  'integrations',
  'assistant',
  'plan',
  'done',
] as const;
export type StepKey = (typeof STEPS)[number];

/** Demo mode's fake providers (crates/provider-fake/src/demo.rs). */
export const DEMO = {
  vapiPrivateKey: '2ff69b2e-aeb9-4bab-ad05-5d06555e19e2',
  vapiPublicKey: 'f2cfcfef-c8cc-4613-9023-eae1283b7a84',
  twilioSid: 'ACd678bf9c278d41fa9ae393a75ea11a8d',
  twilioToken: '8a21f0f2e8df4372b85b9459ee858e9d',
  twilioNumbers: ['+14155550123', '+972501234567', '+33612345678'],
};

export const PASSWORD = 'correct horse battery';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Texts = Record<string, any>;
const loaded = new Map<Locale, Texts>();

/** The interface texts of `locale`, as the SPA embeds them. */
export function texts(locale: Locale): Texts {
  let found = loaded.get(locale);
  if (!found) {
    const path = resolve(__dirname, '..', '..', 'locales', `${locale}.json`);
    found = JSON.parse(readFileSync(path, 'utf8')) as Texts;
    loaded.set(locale, found);
  }
  return found;
}

/** Fills `{{ name }}` placeholders of a translated text. */
export function fmt(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(values[name]));
}


let counter = 0;
/** An email no other test (or worker) uses. */
export function uniqueEmail(tag: string): string {
  counter += 1;
  const random = Math.random().toString(36).slice(2, 8);
  return `${tag}-${Date.now()}-${process.pid}-${counter}-${random}@acme.test`;
}

export interface Account {
  email: string;
  password: string;
}

/**
 * Signs up a new owner from `/{locale}/signup` and waits for the wizard's
 * first step. Each test calls it, so tests share no account.
 */
export async function signUp(
  page: Page,
  locale: Locale,
  options: { tag?: string; fullName?: string } = {},
): Promise<Account> {
  const account = { email: uniqueEmail(options.tag ?? locale), password: PASSWORD };
  await page.goto(`/${locale}/signup`);
  await page.locator('[name=email]').fill(account.email);
  await page.locator('[name=password]').fill(account.password);
  if (options.fullName) await page.locator('[name=full_name]').fill(options.fullName);
  await page.getByTestId('auth-submit').click();
  await expect(page).toHaveURL(new RegExp(`/${locale}/welcome\\?step=profile$`));
  await expectStep(page, 'profile');
  return account;
}

export async function logIn(page: Page, account: Account): Promise<void> {
  await page.locator('[name=email]').fill(account.email);
  await page.locator('[name=password]').fill(account.password);
  await page.getByTestId('auth-submit').click();
}

/** The wizard shows `key`: in the URL, on the card, and as the current stepper item. */
export async function expectStep(page: Page, key: StepKey): Promise<void> {
  await expect(page).toHaveURL(new RegExp(`[?&]step=${key}(&|$)`));
  await expect(page.locator('section.step-card')).toHaveAttribute('data-step', key);
  await expect(page.getByTestId(`stepper-${key}`)).toHaveAttribute('aria-current', 'step');
}

/** Opens a step from the stepper and waits until it is shown. */
export async function openStep(page: Page, key: StepKey): Promise<void> {
  await page.getByTestId(`stepper-${key}`).click();
  await expectStep(page, key);
}

export function autosaveStatus(page: Page): Locator {
  return page.getByTestId('autosave-status');
}

/** Waits until the status line says everything is saved. */
export async function expectSaved(page: Page, timeout = 15_000): Promise<void> {
  await expect(autosaveStatus(page)).toHaveAttribute('data-state', 'saved', { timeout });
}

/** The profile step's fields, filled in (terms accepted unless told). */
export async function fillProfile(
  page: Page,
  values: { fullName: string; organization: string; timezone: string; terms?: boolean },
): Promise<void> {
  await page.locator('[name=full_name]').fill(values.fullName);
  await page.locator('[name=organization_name]').fill(values.organization);
  await page.locator('[name=industry]').selectOption('dental');
  await chooseZone(page, 'timezone', values.timezone, values.timezone);
  if (values.terms ?? true) await page.locator('[name=accept_terms]').check();
}

/** The id of the control named `name` (`f-{name}`, dots as dashes). */
export function fieldId(name: string): string {
  return `f-${name.replaceAll('.', '-')}`;
}

/**
 * In the time zone picker named `name`: types `query`, clicks the zone
 * `zone` among the cities offered, and waits until the field shows it.
 */
export async function chooseZone(page: Page, name: string, query: string, zone: string): Promise<void> {
  const id = fieldId(name);
  await page.locator(`#${id}`).fill(query);
  await page.locator(`#${id}-list [role=option][data-zone="${zone}"]`).click();
  await expect(page.locator(`#${id}-zone`)).toHaveText(zone);
}

/** GET an API resource as the signed-in owner of `page`'s context. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function apiGet(page: Page, path: string): Promise<any> {
  const response = await page.request.get(`/api/v1${path}`);
  expect(response.status(), `GET ${path}`).toBe(200);
  return response.json();
}

/** The `<html>` element's `dir` and `lang`. */
export async function htmlDirLang(page: Page): Promise<{ dir: string; lang: string }> {
  return page.evaluate(() => ({
    dir: document.documentElement.dir,
    lang: document.documentElement.lang,
  }));
}

/**
 * axe-core finds no serious or critical accessibility violation on the
 * page as it is now (`label` says where, in the failure message).
 */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  expect(serious, `accessibility of ${label}`).toEqual([]);
}

/** A full-page screenshot kept as a test artifact (`e2e/artifacts/`). */
export async function keepScreenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: resolve(__dirname, '..', 'artifacts', `${name}.png`), fullPage: true });
}

/**
 * axe, then a full-page picture at desktop width and at 390 px: axe again,
 * and nothing wider than the phone (no sideways scroll).
 */
export async function record(page: Page, name: string): Promise<void> {
  await expectAccessible(page, name);
  await keepScreenshot(page, name);
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  await expectAccessible(page, `${name} (390 px)`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name}: sideways scroll at 390 px`).toBeLessThanOrEqual(0);
  await keepScreenshot(page, `${name}-390`);
  if (size) await page.setViewportSize(size);
}
