// Issue 8, item 9: the owner's password and sessions, in each language.
// Forgot password (the same answer for an unknown email and a real one),
// the emailed link read from demo mode's SMTP sink, the reset, logging in
// with the new password only; the session list, signing out one other
// device and everywhere else, changing the password (which ends the other
// sessions); a throttled log-in (429) in words; and no Content-Security-
// Policy violation on the way. axe and screenshots on every page.
import { expect, test, type Browser, type Page } from '@playwright/test';
import {
  type Account,
  fmt,
  type Locale,
  LOCALES,
  logIn,
  PASSWORD,
  record,
  signUp,
  texts,
  uniqueEmail,
} from './support';

const NEW_PASSWORD = 'staple battery horse';
const NEWER_PASSWORD = 'orbit lantern maple';
/** The "check your email" text for `email`, as the page shows it (the address in its own element). */
const checkText = (template: string, email: string): string =>
  fmt(template.replace(/<\/?addr>/g, ''), { email });

/**
 * Collects Content-Security-Policy violations: the page's
 * `securitypolicyviolation` events and Chromium's console reports.
 */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(`console: ${message.text()}`);
  });
  await page.exposeFunction('__avaCspViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      (window as any).__avaCspViolation(`${event.violatedDirective}: ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  return violations;
}

interface Mail {
  to: string[];
  subject: string;
  text: string;
}

/** The mails demo mode's SMTP sink received for `email`. */
async function mailsTo(page: Page, email: string): Promise<Mail[]> {
  const response = await page.request.get('/api/v1/demo/mails');
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { mails: Mail[] };
  return body.mails.filter((mail) => mail.to.some((to) => to.toLowerCase() === email.toLowerCase()));
}

/** The path and query of the reset link mailed to `email` (waits for it). */
async function resetLink(page: Page, email: string): Promise<string> {
  await expect.poll(async () => (await mailsTo(page, email)).length, { timeout: 15_000 }).toBeGreaterThan(0);
  const [mail] = await mailsTo(page, email);
  const link = mail.text.match(/https?:\/\/\S*\/reset-password\?token=[\w-]+/);
  expect(link, 'a reset link in the mail').not.toBeNull();
  const url = new URL(link![0]);
  return `${url.pathname}${url.search}`;
}

/** The status of an API call made with the session of `page`'s context. */
async function apiStatus(page: Page, path = '/user/profile'): Promise<number> {
  return (await page.request.get(`/api/v1${path}`)).status();
}

/** A second device: a new browser context, logged in as `account`. */
async function secondDevice(browser: Browser, locale: Locale, account: Account): Promise<Page> {
  const context = await browser.newContext();
  const other = await context.newPage();
  await other.goto(`/${locale}/login`);
  await logIn(other, account);
  await expect(other).toHaveURL(new RegExp(`/${locale}/welcome`));
  return other;
}

for (const locale of LOCALES) {
  test.describe(`account (${locale})`, () => {
    test('forgot password: the same answer for any email, the link resets the password once', async ({
      page,
      browser,
    }) => {
      const t = texts(locale);
      const account = await signUp(page, locale, { tag: `reset-${locale}` });
      expect(await apiStatus(page)).toBe(200);

      const visitor = await (await browser.newContext()).newPage();
      const csp = await watchCsp(visitor);
      const loginPage = await visitor.goto(`/${locale}/login`);
      expect(loginPage?.headers()['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'");
      await expect(visitor.getByTestId('forgot-link')).toHaveText(t.account.forgot_link);
      await record(visitor, `account-${locale}-login`);
      await visitor.getByTestId('forgot-link').click();
      await expect(visitor).toHaveURL(new RegExp(`/${locale}/forgot-password$`));
      await expect(visitor.locator('h1')).toHaveText(t.account.forgot_title);
      await record(visitor, `account-${locale}-forgot`);

      // An email without an account: the same answer, and no mail.
      const unknown = uniqueEmail(`nobody-${locale}`);
      await visitor.locator('[name=email]').fill(unknown);
      await visitor.getByTestId('forgot-submit').click();
      const answer = visitor.getByTestId('check-email');
      await expect(answer).toHaveText(checkText(t.account.check_body, unknown));
      await expect(visitor.locator('h1')).toHaveText(t.account.check_title);
      await record(visitor, `account-${locale}-check-email`);
      await expect(answer.locator('bdi.email')).toHaveText(unknown);
      const unknownAnswer = (await answer.textContent())!.replace(unknown, 'X');

      await visitor.getByRole('button', { name: t.account.ask_again }).click();
      await visitor.locator('[name=email]').fill(account.email);
      await visitor.getByTestId('forgot-submit').click();
      await expect(answer).toHaveText(checkText(t.account.check_body, account.email));
      expect((await answer.textContent())!.replace(account.email, 'X')).toBe(unknownAnswer);

      const link = await resetLink(visitor, account.email);
      expect(link.startsWith(`/${locale}/reset-password?token=`)).toBe(true);
      expect(await mailsTo(visitor, unknown)).toEqual([]);

      await visitor.goto(link);
      await expect(visitor.locator('h1')).toHaveText(t.account.reset_title);
      // Two different passwords are caught before anything is sent.
      await visitor.locator('[name=new_password]').fill(NEW_PASSWORD);
      await visitor.locator('[name=confirm_password]').fill(`${NEW_PASSWORD}!`);
      await visitor.getByTestId('reset-submit').click();
      await expect(visitor.getByText(t.account.passwords_differ)).toBeVisible();
      await record(visitor, `account-${locale}-reset`);
      await visitor.locator('[name=confirm_password]').fill(NEW_PASSWORD);
      await visitor.getByTestId('reset-submit').click();
      await expect(visitor).toHaveURL(new RegExp(`/${locale}/login\\?reset=done$`));
      await expect(visitor.getByTestId('reset-done')).toHaveText(t.account.reset_done);
      await record(visitor, `account-${locale}-reset-done`);

      // Every session ended with the reset, the sign-up's too.
      expect(await apiStatus(page)).toBe(401);

      // The old password no longer works; the new one does.
      await logIn(visitor, { email: account.email, password: PASSWORD });
      await expect(visitor.getByText(t.errors.invalid_credentials)).toBeVisible();
      await logIn(visitor, { email: account.email, password: NEW_PASSWORD });
      await expect(visitor).toHaveURL(new RegExp(`/${locale}/welcome`));
      expect(await apiStatus(visitor)).toBe(200);

      // The link works once.
      await visitor.goto(link);
      await visitor.locator('[name=new_password]').fill(NEWER_PASSWORD);
      await visitor.locator('[name=confirm_password]').fill(NEWER_PASSWORD);
      await visitor.getByTestId('reset-submit').click();
      await expect(visitor.getByText(t.field_errors.reset_token_used)).toBeVisible();
      await expect(visitor.getByRole('link', { name: t.account.new_link })).toBeVisible();
      // A used link cannot set a password: the form is gone.
      await expect(visitor.getByTestId('reset-submit')).toHaveCount(0);
      await record(visitor, `account-${locale}-reset-used`);

      expect(csp, 'Content-Security-Policy violations').toEqual([]);
      await visitor.context().close();
    });

    test('sessions: both devices listed, sign out one, change the password, sign out everywhere else', async ({
      page,
      browser,
    }) => {
      const t = texts(locale);
      const csp = await watchCsp(page);
      const account = await signUp(page, locale, { tag: `sessions-${locale}` });
      const other = await secondDevice(browser, locale, account);

      await page.getByTestId('nav-account').click();
      await expect(page).toHaveURL(new RegExp(`/${locale}/settings/account$`));
      await expect(page.locator('h1')).toHaveText(t.account.page_title);
      const sessions = page.getByTestId('sessions').locator('li');
      await expect(sessions).toHaveCount(2);
      // This device first.
      await expect(sessions.first()).toHaveAttribute('data-current', 'true');
      await expect(page.locator('li[data-current=true] .badge')).toHaveText(t.account.this_device);
      await expect(page.locator('li[data-current=true] [data-testid=end-session]')).toHaveCount(0);
      await expect(page.locator('li[data-current=false] [data-testid=end-session]')).toHaveText(t.account.sign_out);
      await record(page, `account-${locale}-sessions`);

      // Signing out the other device ends its session: its next call is a 401.
      expect(await apiStatus(other)).toBe(200);
      await page.getByTestId('end-session').click();
      await expect(sessions).toHaveCount(1);
      await expect(page.getByText(t.account.no_others)).toBeVisible();
      expect(await apiStatus(other)).toBe(401);
      expect(await apiStatus(page)).toBe(200);
      await other.context().close();

      // Changing the password ends the other sessions too; a wrong current one is refused.
      const third = await secondDevice(browser, locale, account);
      await page.reload();
      await expect(sessions).toHaveCount(2);
      await page.locator('[name=current_password]').fill('not my password');
      await page.locator('[name=new_password]').fill(NEW_PASSWORD);
      await page.locator('[name=confirm_password]').fill(NEW_PASSWORD);
      await page.getByTestId('password-submit').click();
      await expect(page.locator('.field-error')).toHaveText(t.field_errors.wrong_password);
      // Said once, under the field: no notice repeating it.
      await expect(page.getByText(t.errors.wrong_password)).toHaveCount(0);
      await record(page, `account-${locale}-password-wrong`);
      await page.locator('[name=current_password]').fill(PASSWORD);
      await page.getByTestId('password-submit').click();
      await expect(page.getByTestId('password-changed')).toHaveText(t.account.password_changed);
      await expect(sessions).toHaveCount(1);
      expect(await apiStatus(third)).toBe(401);
      expect(await apiStatus(page)).toBe(200);
      await record(page, `account-${locale}-password-changed`);
      await third.context().close();

      // Sign out everywhere else.
      const fourth = await secondDevice(browser, locale, { email: account.email, password: NEW_PASSWORD });
      await page.reload();
      await expect(sessions).toHaveCount(2);
      await page.getByTestId('end-others').click();
      await expect(page.getByTestId('others-ended')).toHaveText(t.account.others_ended_single);
      await expect(sessions).toHaveCount(1);
      expect(await apiStatus(fourth)).toBe(401);
      await record(page, `account-${locale}-others-ended`);
      await fourth.context().close();

      expect(csp, 'Content-Security-Policy violations').toEqual([]);
    });
  });
}

test('too many log-in attempts: the sixth wrong password is a 429, said in words with its wait', async ({
  page,
}) => {
  const locale: Locale = 'fr';
  const t = texts(locale);
  const account = await signUp(page, locale, { tag: 'throttle' });
  await page.context().clearCookies();
  await page.goto(`/${locale}/login`);
  const wrong = { email: account.email, password: 'wrong password!' };
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'));
    await logIn(page, wrong);
    expect((await answer).status(), `attempt ${attempt}`).toBe(401);
    await expect(page.getByText(t.errors.invalid_credentials)).toBeVisible();
  }
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'));
  await logIn(page, wrong);
  const throttled = await answer;
  expect(throttled.status()).toBe(429);
  const seconds = Number(throttled.headers()['retry-after']);
  expect(seconds).toBeGreaterThan(0);
  const expected =
    seconds === 1
      ? t.errors.too_many_requests_one_second
      : fmt(t.errors.too_many_requests_seconds, { seconds });
  await expect(page.locator('.notice.error')).toHaveText(expected);
  await record(page, `account-${locale}-throttled`);
});
