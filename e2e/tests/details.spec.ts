// Issue 9, the wizard's details: the voice follows Ava's first language
// (and a voice that cannot speak it is said), "Copy to open days" leaves
// closed days closed, French day names start with a capital, a launched
// owner who logs in (or opens the site's root) lands in Ava Studio, a
// taken email is said once, the terms page is linked and readable in each
// language, and the login page links to the password reset.
// Screenshots at desktop and phone width go to e2e/artifacts/.
import { expect, test, type Page } from '@playwright/test';
import {
  apiGet,
  expectSaved,
  expectStep,
  fillProfile,
  fmt,
  type Locale,
  LOCALES,
  logIn,
  openStep,
  record,
  signUp,
  texts,
} from './support';

const TIMEZONES: Record<Locale, string> = {
  en: 'America/New_York',
  fr: 'Europe/Paris',
  he: 'Asia/Jerusalem',
};

/** A new owner past the Profile step, on `step`. */
async function ownerOn(page: Page, locale: Locale, step: 'persona' | 'telephony', tag: string) {
  const account = await signUp(page, locale, { tag });
  await fillProfile(page, { fullName: 'Noa Test', organization: 'Acme', timezone: TIMEZONES[locale] });
  await expectSaved(page);
  await openStep(page, step);
  return account;
}

for (const locale of ['fr', 'he'] as const) {
  test(`the voice follows Ava's language in ${locale}, and a voice that cannot speak it is said`, async ({
    page,
  }) => {
    const t = texts(locale);
    await ownerOn(page, locale, 'persona', `voice-${locale}`);
    expect((await apiGet(page, '/studio/config')).voice).toEqual({ provider: 'vapi', voice_id: 'Elliot' });

    await page.locator(`#f-languages-${locale}`).check();
    await expect
      .poll(async () => (await apiGet(page, '/studio/config')).voice, { timeout: 20_000 })
      .toEqual({ provider: 'openai', voice_id: 'nova' });
    await expect(page.getByTestId('voice-language-warning')).toHaveCount(0);

    // The owner's own pick stays, with a warning that does not block.
    await openStep(page, 'assistant');
    await expect(page.locator('[name=voice]')).toHaveValue('openai/nova');
    await expect(page.locator('#f-voice-hint')).toHaveCount(0);
    await page.locator('[name=voice]').selectOption('vapi/Elliot');
    const warning = fmt(t.assistant.warn_voice_language, { language: t.languages[locale] });
    await expect(page.locator('#f-voice-hint')).toHaveText(warning);
    await expectSaved(page);
    await openStep(page, 'persona');
    await expect(page.getByTestId('voice-language-warning')).toHaveText(
      fmt(t.persona.warn_voice, { voice: 'Elliot', language: t.languages[locale] }),
    );
    await record(page, `details-${locale}-voice-warning`);
    // Adding English second keeps the first language, so the pick stays.
    await page.locator('#f-languages-en').check();
    await expect
      .poll(async () => apiGet(page, '/studio/config'), { timeout: 20_000 })
      .toMatchObject({ languages: [locale, 'en'], voice: { provider: 'vapi', voice_id: 'Elliot' } });
  });
}

test('copying a day reaches open days only; French day names start with a capital', async ({ page }) => {
  const t = texts('fr');
  await ownerOn(page, 'fr', 'telephony', 'copy-fr');
  await page.getByTestId('hours-set-up').click();
  await expect(page.locator('#f-hours-sat-open')).not.toBeChecked();
  await expect(page.locator('#f-hours-sun-open')).not.toBeChecked();
  await page.locator('[name="business_hours.days.mon.0.from"]').fill('08:30');
  await page.locator('[name="business_hours.days.mon.0.to"]').fill('12:00');
  await page.locator('fieldset.day[data-day=mon]').getByRole('button', { name: t.telephony.copy_all }).click();
  for (const code of ['tue', 'wed', 'thu', 'fri']) {
    await expect(page.locator(`[name="business_hours.days.${code}.0.from"]`)).toHaveValue('08:30');
  }
  await expect(page.locator('#f-hours-sat-open')).not.toBeChecked();
  await expect(page.locator('#f-hours-sun-open')).not.toBeChecked();
  await expect
    .poll(async () => (await apiGet(page, '/studio/config')).business_hours?.days, { timeout: 20_000 })
    .toEqual({
      mon: [['08:30', '12:00']],
      tue: [['08:30', '12:00']],
      wed: [['08:30', '12:00']],
      thu: [['08:30', '12:00']],
      fri: [['08:30', '12:00']],
    });

  const names = await page.locator('.day-name').allTextContents();
  expect(names).toEqual(['Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi', 'Samedi', 'Dimanche']);
  await record(page, 'details-fr-hours');
});

test('a launched owner who logs in, or opens the root, lands in Ava Studio; the menu still opens the wizard', async ({
  page,
}) => {
  const account = await signUp(page, 'en', { tag: 'launched' });
  await fillProfile(page, { fullName: 'Noa Test', organization: 'Acme', timezone: TIMEZONES.en });
  await expectSaved(page);
  await openStep(page, 'persona');

  // Not launched: logging in resumes at the current step.
  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/en\/login$/);
  await logIn(page, account);
  await expectStep(page, 'persona');

  const launched = await page.request.post('/api/v1/user/complete-onboarding');
  expect(launched.status()).toBe(200);
  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/en\/login$/);
  await logIn(page, account);
  await expect(page).toHaveURL(/\/en\/ava-studio$/);

  await page.goto('/');
  await expect(page).toHaveURL(/\/en\/ava-studio$/);
  const t = texts('en');
  await page.getByRole('link', { name: t.app.nav_wizard }).click();
  await expect(page).toHaveURL(/\/en\/welcome\?step=/);
});

test('a taken email is said once, with the way to log in', async ({ page }) => {
  const locale = 'he';
  const t = texts(locale);
  const account = await signUp(page, locale, { tag: 'taken' });
  await page.getByTestId('logout').click();
  await page.goto(`/${locale}/signup`);
  await page.locator('[name=email]').fill(account.email);
  await page.locator('[name=password]').fill(account.password);
  await page.getByTestId('auth-submit').click();
  await expect(page.getByText(t.errors.email_taken)).toBeVisible();
  await expect(page.locator('#f-email-error')).toHaveCount(0);
  await expect(page.locator('[name=email]')).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText(t.field_errors.invalid)).toHaveCount(0);
  await expect(page.locator('.notice a', { hasText: t.auth.to_login })).toHaveAttribute('href', `/${locale}/login`);
  await record(page, `details-${locale}-email-taken`);
});

for (const locale of LOCALES) {
  test(`the terms are linked from sign-up and Profile and open in a new tab in ${locale}`, async ({ page }) => {
    const t = texts(locale);
    await page.goto(`/${locale}/login`);
    const forgot = page.getByTestId('forgot-link');
    await expect(forgot).toHaveText(t.account.forgot_link);
    await expect(forgot).toHaveAttribute('href', `/${locale}/forgot-password`);

    await page.goto(`/${locale}/signup`);
    await page.locator('[name=email]').fill('kept@acme.test');
    const [terms] = await Promise.all([page.waitForEvent('popup'), page.getByTestId('terms-link').click()]);
    await expect(terms).toHaveURL(new RegExp(`/${locale}/terms$`));
    await expect(terms.locator('h1')).toHaveText(t.terms.title);
    await expect(terms.getByText(t.terms.credentials_body)).toBeVisible();
    await expect(terms.locator('html')).toHaveAttribute('dir', locale === 'he' ? 'rtl' : 'ltr');
    await record(terms, `details-${locale}-terms`);
    await terms.close();
    // The form behind is as it was.
    await expect(page.locator('[name=email]')).toHaveValue('kept@acme.test');

    await signUp(page, locale, { tag: `terms-${locale}` });
    const link = page.getByTestId('terms-link');
    await expect(link).toHaveText(t.profile.terms_link);
    await expect(link).toHaveAttribute('href', `/${locale}/terms`);
    await expect(link).toHaveAttribute('target', '_blank');
    await record(page, `details-${locale}-profile-terms`);
  });
}
