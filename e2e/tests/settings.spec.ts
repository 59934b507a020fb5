// Issue 4, the Settings round trip: from a wizard step, "Open Settings and
// come back" leads to the provider's Settings page; saving there returns to
// the same step, which shows the new connection without a manual reload.
// Settings also replace and disconnect.
import { expect, test } from '@playwright/test';
import { DEMO, apiGet, expectAccessible, expectStep, keepScreenshot, openStep, signUp, texts } from './support';

test('Vapi: to Settings and back to the same step, connected', async ({ page }) => {
  const t = texts('en');
  await signUp(page, 'en', { tag: 'settings-vapi' });
  await openStep(page, 'vapi');
  await page.locator('#f-connect-settings').check();
  await expect(page.getByText(t.connect.settings_explain)).toBeVisible();
  await page.getByTestId('open-settings').click();

  await expect(page).toHaveURL(/\/en\/settings\/vapi$/);
  await expect(page.locator('h1')).toHaveText(t.settings.vapi_title);
  await expect(page.getByTestId('back-to-wizard')).toHaveAttribute('href', '/en/welcome?step=vapi');
  // A refused key keeps the owner here, with the reason.
  await page.locator('[name=vapi_api_key]').fill(DEMO.vapiPublicKey);
  await page.getByTestId('connect-save').click();
  await expect(page.getByText(t.errors.vapi_key_rejected)).toBeVisible();
  await expect(page).toHaveURL(/\/en\/settings\/vapi$/);
  await expectAccessible(page, 'settings/vapi');
  await keepScreenshot(page, 'settings-vapi-en');

  await page.locator('[name=vapi_api_key]').fill(DEMO.vapiPrivateKey);
  await page.getByTestId('connect-save').click();
  await expect(page).toHaveURL(/\/en\/welcome\?step=vapi$/);
  await expectStep(page, 'vapi');
  await expect(page.locator('.status-card.connected')).toContainText(DEMO.vapiPrivateKey.slice(-4));
  await expect(page.getByTestId('stepper-vapi')).toHaveAttribute('data-status', 'complete');
  // The return was used once: opening Settings directly no longer leads back.
  await page.goto('/en/settings/vapi');
  await expect(page.getByTestId('back-to-wizard')).toHaveCount(0);
  await expect(page.locator('.status-card.connected')).toBeVisible();
});

test('Twilio in Hebrew: to Settings and back, then replace and disconnect', async ({ page }) => {
  const t = texts('he');
  await signUp(page, 'he', { tag: 'settings-twilio' });
  await openStep(page, 'twilio');
  await page.locator('#f-connect-settings').check();
  await page.getByTestId('open-settings').click();

  await expect(page).toHaveURL(/\/he\/settings\/twilio$/);
  await expect(page.locator('h1')).toHaveText(t.settings.twilio_title);
  await page.locator('[name=account_sid]').fill(DEMO.twilioSid);
  await page.locator('[name=auth_token]').fill(DEMO.twilioToken);
  await page.getByTestId('connect-save').click();

  await expect(page).toHaveURL(/\/he\/welcome\?step=twilio$/);
  await expectStep(page, 'twilio');
  const connected = page.locator('.status-card.connected');
  await expect(connected).toContainText(t.connect.connected);
  const settings = await apiGet(page, '/twilio-settings');
  expect(settings.configured).toBe(true);
  await expect(connected).toContainText(settings.account_sid_preview);
  expect(JSON.stringify(settings)).not.toContain(DEMO.twilioToken);

  // The numbers of the account are offered on the next step.
  await openStep(page, 'telephony');
  const picker = page.locator('select[name=phone_number]');
  for (const number of DEMO.twilioNumbers) {
    await expect(picker.locator(`option[value="${number}"]`)).toHaveCount(1);
  }
  await picker.selectOption(DEMO.twilioNumbers[1]);

  // Settings, opened from the menu: replace with a wrong token is refused
  // and keeps the old one; disconnect removes it.
  await page.goto('/he/settings/twilio');
  await page.getByTestId('twilio-replace').click();
  await page.locator('[name=account_sid]').fill(DEMO.twilioSid);
  await page.locator('[name=auth_token]').fill('0'.repeat(32));
  await page.getByTestId('connect-save').click();
  await expect(page.getByText(t.errors.twilio_credentials_rejected)).toBeVisible();
  expect((await apiGet(page, '/twilio-settings')).configured).toBe(true);
  await expectAccessible(page, 'settings/twilio (he)');
  await keepScreenshot(page, 'settings-twilio-he');
  await page.getByRole('button', { name: t.connect.cancel }).click();
  await page.getByTestId('twilio-disconnect').click();
  await expect(page.getByText(t.connect.disconnected)).toBeVisible();
  expect((await apiGet(page, '/twilio-settings')).configured).toBe(false);
});
