// Issue 2, the walking skeleton: a Hebrew sign-up lands in a right-to-left
// wizard with its nine-step stepper; the session survives a reload; logging
// out protects the wizard (and logging in comes back to it); locales that
// are unknown or missing redirect, never 404.
import { expect, test } from '@playwright/test';
import { STEPS, expectStep, htmlDirLang, logIn, signUp, texts } from './support';

test('Hebrew sign-up, RTL stepper, reload, log out and back in, locale redirects and switch', async ({
  page,
}) => {
  const he = texts('he');
  const en = texts('en');
  const account = await signUp(page, 'he', { fullName: 'דנה לוי' });

  // Lands on /he/welcome, right to left, in Hebrew.
  await expect(page).toHaveURL(/\/he\/welcome\?step=profile$/);
  expect(await htmlDirLang(page)).toEqual({ dir: 'rtl', lang: 'he' });
  await expect(page.locator('#step-title')).toHaveText(he.step_titles.profile);

  // The stepper: nine clickable items in order, the first one current.
  const items = page.locator('nav.stepper [data-testid^="stepper-"]');
  await expect(items).toHaveCount(9);
  expect(await items.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-testid')))).toEqual(
    STEPS.map((key) => `stepper-${key}`),
  );
  await expect(page.locator('nav.stepper [aria-current="step"]')).toHaveCount(1);
  await expect(page.getByTestId('stepper-profile')).toHaveAttribute('aria-current', 'step');
  await expect(page.getByTestId('stepper-persona')).toHaveText(new RegExp(he.steps.persona));
  // Clicking an item moves the current marker.
  await page.getByTestId('stepper-persona').click();
  await expectStep(page, 'persona');
  await expect(page.locator('nav.stepper [aria-current="step"]')).toHaveCount(1);
  await expect(page.getByTestId('stepper-profile')).not.toHaveAttribute('aria-current', /.*/);

  // Reload: still signed in, same page, same step.
  const before = page.url();
  await page.reload();
  await expect(page).toHaveURL(before);
  await expectStep(page, 'persona');
  await expect(page.getByTestId('logout')).toBeVisible();
  expect(await htmlDirLang(page)).toEqual({ dir: 'rtl', lang: 'he' });

  // Log out: to the log-in page, and the session is gone on the server too.
  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/he\/login$/);
  await expect(page.getByTestId('auth-submit')).toHaveText(he.auth.login_submit);
  expect((await page.request.get('/api/v1/auth/me')).status()).toBe(401);

  // The wizard now sends to log-in, with a `next` that brings the owner back.
  await page.goto('/he/welcome');
  await expect(page).toHaveURL(/\/he\/login\?next=%2Fhe%2Fwelcome$/);
  await expect(page.locator('section.auth-card .hint')).toHaveText(he.auth.session_ended);
  await logIn(page, account);
  await expect(page).toHaveURL(/\/he\/welcome(\?step=persona)?$/);
  await expectStep(page, 'persona'); // resumes where the owner was
  expect(await htmlDirLang(page)).toEqual({ dir: 'rtl', lang: 'he' });

  // Unknown and missing locales: the owner's locale (he), same page, never a 404.
  for (const [path, target] of [
    ['/de/welcome', /\/he\/welcome\?step=persona$/],
    ['/', /\/he\/welcome\?step=persona$/],
    ['/welcome', /\/he\/welcome\?step=persona$/],
    ['/pt-BR/settings/vapi', /\/he\/settings\/vapi$/],
  ] as const) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    await expect(page, path).toHaveURL(target);
  }

  // Switching to English keeps the page and resets the direction.
  await page.goto('/he/welcome?step=persona');
  await expectStep(page, 'persona');
  await page.locator('.lang-switch a[hreflang="en"]').click();
  await expect(page).toHaveURL(/\/en\/welcome\?step=persona$/);
  await expect(page.locator('#step-title')).toHaveText(en.step_titles.persona);
  expect(await htmlDirLang(page)).toEqual({ dir: 'ltr', lang: 'en' });
  // And back: right to left again.
  await page.locator('.lang-switch a[hreflang="he"]').click();
  await expect(page.locator('#step-title')).toHaveText(he.step_titles.persona);
  expect(await htmlDirLang(page)).toEqual({ dir: 'rtl', lang: 'he' });
});

test.describe('signed-out visitor with a French browser', () => {
  test.use({ locale: 'fr-FR' });

  test('unknown and missing locales redirect to the browser language, never a 404', async ({ page }) => {
    for (const path of ['/de/welcome', '/', '/welcome']) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      // /welcome is private: the French log-in page, coming back to the French wizard.
      await expect(page, path).toHaveURL(/\/fr\/login\?next=%2Ffr%2Fwelcome$/);
      expect(await htmlDirLang(page)).toEqual({ dir: 'ltr', lang: 'fr' });
    }
    const response = await page.goto('/de/signup');
    expect(response?.status()).toBe(200);
    await expect(page).toHaveURL(/\/fr\/signup$/);
    await expect(page.locator('h1')).toHaveText(texts('fr').auth.signup_title);
  });
});

test.describe('signed-out visitor with a browser language Ava does not speak', () => {
  test.use({ locale: 'de-DE' });

  test('falls back to English', async ({ page }) => {
    const response = await page.goto('/de/login');
    expect(response?.status()).toBe(200);
    await expect(page).toHaveURL(/\/en\/login$/);
    await expect(page.locator('h1')).toHaveText(texts('en').auth.login_title);
    expect(await htmlDirLang(page)).toEqual({ dir: 'ltr', lang: 'en' });
  });
});
