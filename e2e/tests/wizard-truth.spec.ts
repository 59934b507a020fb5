// Issue 9: the wizard never loses or fakes what the owner typed. Continue
// with a typed but unsaved credential checks and saves it (or stops and
// says why); a step whose input the server would refuse is neither left
// with Continue nor shown as done; the save notices only say what is true.
// Each in English, French and Hebrew; the credential cases also at the
// width of a phone (390 px), where Continue is the full-width button.
import { expect, test, type Page } from '@playwright/test';
import {
  DEMO,
  type Locale,
  LOCALES,
  type StepKey,
  apiGet,
  autosaveStatus,
  expectSaved,
  expectStep,
  fillProfile,
  fmt,
  openStep,
  signUp,
  texts,
} from './support';

const ZONES: Record<Locale, string> = {
  en: 'America/New_York',
  fr: 'Europe/Paris',
  he: 'Asia/Jerusalem',
};

const PHONE = '+14155550123';

/** A new owner past the Profile step, on `step`. */
async function ownerOn(page: Page, locale: Locale, step: StepKey, tag: string): Promise<void> {
  await signUp(page, locale, { tag });
  await fillProfile(page, { fullName: 'Noa Levi', organization: 'Levi Law', timezone: ZONES[locale] });
  await page.getByTestId('step-profile-continue').click();
  await expectStep(page, 'vapi');
  if (step !== 'vapi') await openStep(page, step);
}

const WIDTHS = [
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
];

for (const width of WIDTHS) {
  test.describe(`at ${width.name} width`, () => {
    test.use({ viewport: width.viewport });

    for (const locale of LOCALES) {
      test(`Continue with a typed Vapi key checks and saves it (${locale}, ${width.name})`, async ({ page }) => {
        const t = texts(locale);
        await ownerOn(page, locale, 'vapi', `truth-vapi-${width.name}`);
        await page.locator('[name=vapi_api_key]').fill(DEMO.vapiPrivateKey);
        await page.getByTestId('step-vapi-continue').click();
        await expectStep(page, 'persona');
        await expect(page.getByText(fmt(t.wizard.connected_on_continue, { provider: t.vapi.name }))).toBeVisible();
        await expect(page.getByTestId('stepper-vapi')).toHaveAttribute('data-status', 'complete');
        expect((await apiGet(page, '/vapi-settings')).configured).toBe(true);
        // Coming back, the step shows the connection, not an empty form.
        await openStep(page, 'vapi');
        await expect(page.locator('.status-card.connected')).toBeVisible();
      });

      test(`Continue with a refused Vapi key stops and says why (${locale}, ${width.name})`, async ({ page }) => {
        const t = texts(locale);
        await ownerOn(page, locale, 'vapi', `truth-refused-${width.name}`);
        await page.locator('[name=vapi_api_key]').fill(DEMO.vapiPublicKey);
        await page.getByTestId('step-vapi-continue').click();
        await expect(page.getByText(t.wizard.credentials_not_saved)).toBeVisible();
        await expect(page.locator('#f-vapi_api_key-error')).toHaveText(t.errors.vapi_key_rejected);
        await expectStep(page, 'vapi');
        await expect(page.locator('[name=vapi_api_key]')).toHaveValue(DEMO.vapiPublicKey);
        // Nothing autosaved on this step: no green "Saved at" next to the refusal.
        await expect(autosaveStatus(page)).not.toHaveAttribute('data-state', 'saved');
        await expect(page.getByText(fmt(t.autosave.saved_at, { time: '' }).trim())).toHaveCount(0);
        expect((await apiGet(page, '/vapi-settings')).configured).toBe(false);
        await expect(page.getByTestId('stepper-vapi')).not.toHaveAttribute('data-status', 'complete');
        // Emptied, the field holds nothing to lose: Continue goes on.
        await page.locator('[name=vapi_api_key]').fill('');
        await page.getByTestId('step-vapi-continue').click();
        await expectStep(page, 'persona');
      });

      test(`Continue with a typed Twilio SID and token checks and saves them (${locale}, ${width.name})`, async ({ page }) => {
        const t = texts(locale);
        await ownerOn(page, locale, 'twilio', `truth-twilio-${width.name}`);
        await page.locator('[name=account_sid]').fill(DEMO.twilioSid);
        await page.locator('[name=auth_token]').fill(DEMO.twilioToken);
        await page.getByTestId('step-twilio-continue').click();
        await expectStep(page, 'telephony');
        await expect(page.getByText(fmt(t.wizard.connected_on_continue, { provider: t.twilio.name }))).toBeVisible();
        await expect(page.getByTestId('stepper-twilio')).toHaveAttribute('data-status', 'complete');
        expect((await apiGet(page, '/twilio-settings')).configured).toBe(true);
      });
    }
  });
}

for (const locale of LOCALES) {
  test(`a refused Twilio token stops Continue and is kept on screen (${locale})`, async ({ page }) => {
    const t = texts(locale);
    await ownerOn(page, locale, 'twilio', 'truth-twilio-refused');
    await page.locator('[name=account_sid]').fill(DEMO.twilioSid);
    await page.locator('[name=auth_token]').fill('0'.repeat(32));
    await page.getByTestId('step-twilio-continue').click();
    await expect(page.getByText(t.wizard.credentials_not_saved)).toBeVisible();
    await expect(page.locator('#f-auth_token-error')).toHaveText(t.errors.twilio_credentials_rejected);
    await expectStep(page, 'twilio');
    await expect(page.locator('[name=account_sid]')).toHaveValue(DEMO.twilioSid);
    expect((await apiGet(page, '/twilio-settings')).configured).toBe(false);
  });

  test(`invalid hours are never marked done, and Continue says why (${locale})`, async ({ page }) => {
    const t = texts(locale);
    await ownerOn(page, locale, 'telephony', 'truth-hours');
    await page.locator('[name=phone_number]').fill(PHONE);
    await page.getByTestId('hours-set-up').click();
    await expectSaved(page);
    // With a number and hours stored, the server counts the step as done…
    await openStep(page, 'integrations');
    await expect(page.getByTestId('stepper-telephony')).toHaveAttribute('data-status', 'complete');
    await openStep(page, 'telephony');
    const sundayBefore = (await apiGet(page, '/studio/config')).business_hours.days.sun ?? [];

    // …until Sunday is open from 13:00 to 11:00.
    await page.locator('#f-hours-sun-open').check();
    await page.locator('[name="business_hours.days.sun.0.from"]').fill('13:00');
    await page.locator('[name="business_hours.days.sun.0.to"]').fill('11:00');
    await expect(page.locator('#f-hours-sun-error')).toHaveText(t.field_errors.invalid_time_range);
    await expect(page.getByTestId('stepper-telephony')).not.toHaveAttribute('data-status', 'complete');
    await page.getByTestId('step-telephony-continue').click();
    await expect(
      page.getByText(fmt(t.wizard.fix_before_continuing, { fields: t.telephony.hours_title })),
    ).toBeVisible();
    await expectStep(page, 'telephony');
    await expect(page.getByTestId('stepper-telephony')).not.toHaveAttribute('data-status', 'complete');
    expect((await apiGet(page, '/studio/config')).business_hours.days.sun ?? []).toEqual(sundayBefore);

    // Fixed, it is saved and the step is done again.
    await page.locator('[name="business_hours.days.sun.0.to"]').fill('17:00');
    await page.getByTestId('step-telephony-continue').click();
    await expectStep(page, 'integrations');
    await expectSaved(page);
    await expect(page.getByTestId('stepper-telephony')).toHaveAttribute('data-status', 'complete');
    expect((await apiGet(page, '/studio/config')).business_hours.days.sun).toEqual([['13:00', '17:00']]);
  });

  test(`notices say only what is true (${locale})`, async ({ page }) => {
    const t = texts(locale);
    await signUp(page, locale, { tag: 'truth-notices' });
    // Right after sign-up nothing was typed: never "Unsaved changes", and
    // nothing was brought back.
    const states: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      states.push((await autosaveStatus(page).getAttribute('data-state')) ?? '');
      await page.waitForTimeout(250);
    }
    expect(states).not.toContain('unsaved');
    await expect(page.getByText(t.autosave.unsaved)).toHaveCount(0);
    await expect(page.getByText(t.autosave.restored)).toHaveCount(0);

    // An edit kept on this device while the server is unreachable is
    // brought back on its own step only.
    await openStep(page, 'persona');
    await page.route(
      (url) => url.pathname.startsWith('/api/v1/') && url.pathname !== '/api/v1/auth/me',
      (route) => route.abort('internetdisconnected'),
    );
    await page.locator('[name=persona]').fill('Noa');
    await page.getByTestId('stepper-integrations').click();
    await expect(autosaveStatus(page)).toHaveAttribute('data-state', 'offline', { timeout: 15_000 });
    await page.goto(`/${locale}/welcome?step=integrations`);
    await expectStep(page, 'integrations');
    await expect(page.locator('[name=calendar]').first()).toBeVisible();
    await expect(page.getByText(t.autosave.restored)).toHaveCount(0);
    await openStep(page, 'persona');
    await expect(page.locator('[name=persona]')).toHaveValue('Noa');
    await expect(page.getByText(t.autosave.restored)).toBeVisible();
  });
}
