// Issue 7, going live, as an owner walks it in each language: Vapi and
// Twilio connected, hours open all day every day, a closed day, a hand-off
// number and an after-hours choice; the Done step says Ava will answer;
// in Ava Studio the line is live, a simulated call during hours and one
// after hours (a closed day on today's date) appear in Calls with their
// transcripts, "Call me now" answers, and disconnecting Twilio (confirmed
// first) turns the status to "Not answering calls" at once. Without an
// assistant, Launch warns and says it finishes without going live.
// Every new view is checked with axe and photographed at desktop and
// phone width (e2e/artifacts/).
import { expect, test, type Page } from '@playwright/test';
import {
  apiGet,
  DEMO,
  expectSaved,
  expectStep,
  fillProfile,
  type Locale,
  LOCALES,
  openStep,
  record,
  signUp,
  texts,
} from './support';

interface Owner {
  timezone: string;
  number: string;
  handoff: string;
  /** After hours: Ava takes a message, or the call goes to `forwardTo`. */
  forwardTo?: string;
  holiday: string;
  firstDay: string;
}

const OWNERS: Record<Locale, Owner> = {
  en: {
    timezone: 'America/New_York',
    number: DEMO.twilioNumbers[0],
    handoff: '+14155550199',
    holiday: 'Christmas',
    firstDay: 'mon',
  },
  fr: {
    timezone: 'Europe/Paris',
    number: DEMO.twilioNumbers[2],
    handoff: '+33612345670',
    forwardTo: '+33612345671',
    holiday: 'Noël',
    firstDay: 'mon',
  },
  he: {
    timezone: 'Asia/Jerusalem',
    number: DEMO.twilioNumbers[1],
    handoff: '+972501234560',
    holiday: 'ראש השנה',
    firstDay: 'sun',
  },
};

/** Today's date (YYYY-MM-DD) in `timeZone`. */
function today(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
}

async function connectInWizard(page: Page, locale: Locale): Promise<void> {
  const t = texts(locale);
  await page.getByTestId('step-profile-continue').click();
  await expectStep(page, 'vapi');
  await page.locator('[name=vapi_api_key]').fill(DEMO.vapiPrivateKey);
  await page.getByTestId('connect-save').click();
  await expect(page.getByText(t.connect.saved)).toBeVisible();
  await openStep(page, 'twilio');
  await page.locator('[name=account_sid]').fill(DEMO.twilioSid);
  await page.locator('[name=auth_token]').fill(DEMO.twilioToken);
  await page.getByTestId('connect-save').click();
  await expect(page.getByText(t.connect.saved)).toBeVisible();
}

/** The telephony step: the number, hours open all day every day, a closed
 * day far ahead, a hand-off number and what happens after hours. */
async function setUpTelephony(page: Page, locale: Locale, owner: Owner): Promise<void> {
  const t = texts(locale);
  await openStep(page, 'telephony');
  await page.locator('select[name=phone_number]').selectOption(owner.number);
  await page.getByTestId('hours-set-up').click();
  const day = page.locator(`fieldset.day[data-day=${owner.firstDay}]`);
  await page.locator(`[name="business_hours.days.${owner.firstDay}.0.from"]`).fill('00:00');
  // A time input stops at 23:59: open all day but the last minute.
  await page.locator(`[name="business_hours.days.${owner.firstDay}.0.to"]`).fill('23:59');
  // Copying reaches open days only: open the weekend first.
  for (const code of ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']) {
    await page.locator(`#f-hours-${code}-open`).check();
  }
  await day.getByRole('button', { name: t.telephony.copy_all }).click();
  await expect(page.locator('#f-hours-sat-open')).toBeChecked();

  await expect(page.getByTestId('closures-empty')).toHaveText(t.handoff.no_closures);
  await page.getByTestId('closure-add').click();
  await expect(page.locator('#f-closures-date-error')).toHaveText(t.handoff.closure_date_missing);
  await page.getByTestId('closure-date').fill('2099-12-25');
  await page.getByTestId('closure-label').fill(owner.holiday);
  await page.getByTestId('closure-add').click();
  await expect(page.getByTestId('closure-item')).toHaveCount(1);
  await expect(page.getByTestId('closure-item')).toContainText(owner.holiday);

  await page.locator('[name=handoff_number]').fill('06 12');
  await expect(page.locator('#f-handoff_number-error')).toHaveText(t.telephony.warn_phone_invalid);
  await page.locator('[name=handoff_number]').fill(owner.handoff);
  await expect(page.locator('#f-handoff_number-error')).toHaveCount(0);
  const modes = page.getByTestId('after-hours-mode');
  await expect(modes.locator('[value=take_message]')).toBeChecked();
  await expect(page.locator('[name="after_hours.forward_to"]')).toHaveCount(0);
  if (owner.forwardTo) {
    await modes.locator('[value=forward]').check();
    await expect(page.locator('#f-after_hours-forward_to-error')).toHaveText(t.handoff.warn_forward_missing);
    await page.locator('[name="after_hours.forward_to"]').fill(owner.forwardTo);
    await expect(page.locator('#f-after_hours-forward_to-error')).toHaveCount(0);
  }
  // Demo mode sets the public URL itself: hours are enforced, no advice notice.
  await expect(page.getByTestId('public-url-notice')).toHaveCount(0);
  await record(page, `golive-${locale}-telephony`);
  await page.getByTestId('step-telephony-continue').click();
  await expectSaved(page);
  const studio = await apiGet(page, '/studio/config');
  expect(studio).toMatchObject({
    phone_number: owner.number,
    handoff_number: owner.handoff,
    closures: [{ date: '2099-12-25', label: owner.holiday }],
    after_hours: owner.forwardTo
      ? { mode: 'forward', forward_to: owner.forwardTo }
      : { mode: 'take_message' },
  });
  expect(studio.business_hours.days.sat).toEqual([['00:00', '23:59']]);
}

/** Simulates a call from Ava Studio and waits for it in Calls. */
async function simulateCall(page: Page, route: string, count: number): Promise<void> {
  await page.getByTestId('simulate-call').click();
  await expect(page.getByTestId('simulate-result')).toHaveAttribute('data-route', route, { timeout: 20_000 });
  await expect(page.getByTestId('call-item')).toHaveCount(count);
}

for (const locale of LOCALES) {
  test(`going live in ${locale}: hours, closed day, hand-off, calls, test call, disconnect`, async ({ page }) => {
    test.setTimeout(180_000);
    const t = texts(locale);
    const owner = OWNERS[locale];
    await signUp(page, locale, { tag: `golive-${locale}` });
    await fillProfile(page, { fullName: 'Noa Test', organization: 'Acme', timezone: owner.timezone });
    await connectInWizard(page, locale);
    await setUpTelephony(page, locale, owner);

    // The assistant, then Done: Ava will answer on the number.
    await openStep(page, 'assistant');
    await page.getByTestId('create-assistant').click();
    await expect(page.getByText(t.assistant.created)).toBeVisible({ timeout: 20_000 });
    await openStep(page, 'done');
    await expect(page.getByTestId('launch-check')).toContainText(t.line.live_on);
    await expect(page.getByTestId('launch-check')).toContainText(owner.number);
    await expect(page.getByTestId('launch-ava')).toHaveText(t.done.launch);
    await page.getByTestId('launch-ava').click();
    await expect(page).toHaveURL(new RegExp(`/${locale}/ava-studio$`));

    // The status is true: live, open now, no warning left.
    const status = page.getByTestId('line-status');
    await expect(status).toHaveAttribute('data-state', 'answering');
    await expect(status.getByTestId('line-number')).toHaveText(owner.number);
    await expect(page.getByTestId('line-open-now')).toHaveAttribute('data-open', 'true');
    await expect(page.getByTestId('calls-empty')).toHaveText(t.calls.empty);

    // A call during hours: Ava's assistant answers it.
    await simulateCall(page, 'assistant', 1);
    const first = page.getByTestId('call-item').first();
    await expect(first.getByTestId('call-hours')).toHaveAttribute('data-during', 'true');
    await expect(first.getByTestId('call-hours')).toHaveText(t.calls.during_hours);
    await expect(first).toContainText(t.calls.reason_customer_ended);

    // Today becomes a closed day: the next call is after hours.
    await page.getByTestId('closure-date').fill(today(owner.timezone));
    await page.getByTestId('closure-add').click();
    await expect(page.getByTestId('closure-item')).toHaveCount(2);
    await expectSaved(page);
    await expect(page.getByTestId('line-open-now')).toHaveAttribute('data-open', 'false');
    await simulateCall(page, owner.forwardTo ? 'forwarded' : 'assistant', 2);
    const calls = page.getByTestId('call-item');
    await expect(calls.nth(0).getByTestId('call-hours')).toHaveAttribute('data-during', 'false');
    await expect(calls.nth(0).getByTestId('call-hours')).toHaveText(t.calls.after_hours);
    await expect(calls.nth(1).getByTestId('call-hours')).toHaveAttribute('data-during', 'true');
    // Each opens to its transcript.
    for (const index of [0, 1]) {
      const call = calls.nth(index);
      await call.locator('summary').click();
      await expect(call.getByTestId('call-transcript')).toBeVisible();
      await expect(call.getByTestId('call-transcript').locator('li').first()).toContainText(t.calls.speaker_ava);
    }
    if (owner.forwardTo) {
      await expect(calls.nth(0).getByTestId('call-summary')).toContainText(owner.forwardTo);
    } else {
      await expect(calls.nth(0).getByTestId('call-transcript')).toContainText(t.calls.speaker_caller);
    }
    const listed = await apiGet(page, '/calls?limit=10');
    expect(listed.calls.map((c: { during_hours: boolean }) => c.during_hours)).toEqual([false, true]);
    // Times read in the owner's time zone, whatever the browser's.
    const shown = await page.evaluate(
      ([at, lang, timeZone]) =>
        new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(at)),
      [listed.calls[0].started_at, locale, owner.timezone],
    );
    await expect(calls.nth(0).locator('.call-when')).toHaveText(shown);

    // Call me now: a wrong number is refused on its field, a right one rings.
    await page.getByTestId('test-call-number').fill('12');
    await page.getByTestId('test-call-start').click();
    await expect(page.locator('#f-number-error')).toHaveText(t.field_errors.invalid_phone_number);
    await page.getByTestId('test-call-number').fill(owner.handoff);
    await page.getByTestId('test-call-start').click();
    await expect(page.getByTestId('test-call-result')).toContainText(t.test_call.started);
    await record(page, `golive-${locale}-studio`);

    if (locale === 'en') {
      // More calls than a page: "Load more" brings the rest, oldest last.
      for (let n = 0; n < 9; n += 1) {
        const response = await page.request.post('/api/v1/demo/simulate-call', { data: {} });
        expect(response.status()).toBe(200);
      }
      await page.getByTestId('calls-refresh').click();
      await expect(calls).toHaveCount(10);
      await page.getByTestId('calls-more').click();
      await expect(calls).toHaveCount(11);
      await expect(page.getByTestId('calls-more')).toHaveCount(0);
      await expect(calls.last().getByTestId('call-hours')).toHaveAttribute('data-during', 'true');
    }

    // Disconnecting Vapi or Twilio asks first and says what stops; the
    // status follows at once.
    await page.goto(`/${locale}/settings/vapi`);
    await expect(status).toHaveAttribute('data-state', 'answering');
    await page.getByTestId('vapi-disconnect').click();
    await expect(page.getByTestId('disconnect-confirm')).toContainText(t.connect.confirm_vapi);
    await page.getByTestId('disconnect-keep').click();
    await expect(page.getByTestId('vapi-disconnect')).toBeFocused();
    await page.goto(`/${locale}/settings/twilio`);
    await expect(status).toHaveAttribute('data-state', 'answering');
    await page.getByTestId('twilio-disconnect').click();
    const confirm = page.getByTestId('disconnect-confirm');
    await expect(confirm).toContainText(t.connect.confirm_twilio);
    await expect(confirm).toContainText(owner.number);
    await expect(page.getByTestId('disconnect-keep')).toBeFocused();
    await record(page, `golive-${locale}-disconnect`);
    await page.getByTestId('disconnect-keep').click();
    await expect(confirm).toHaveCount(0);
    expect((await apiGet(page, '/twilio-settings')).configured).toBe(true);
    await page.getByTestId('twilio-disconnect').click();
    await page.getByTestId('disconnect-anyway').click();
    await expect(page.getByText(t.connect.disconnected)).toBeVisible();
    await expect(status).toHaveAttribute('data-state', 'not-answering');
    await expect(status).toContainText(t.line.not_answering);
    await page.goto(`/${locale}/ava-studio`);
    await expect(status).toHaveAttribute('data-state', 'not-answering');
    await expect(status.locator('[data-problem=twilio_not_connected]')).toContainText(
      t.problems.twilio_not_connected,
    );
    await expect(status.locator('[data-problem=twilio_not_connected] a')).toHaveAttribute(
      'href',
      `/${locale}/settings/twilio`,
    );
  });
}

test('without an assistant, Launch warns and finishes without going live', async ({ page }) => {
  const t = texts('en');
  // A server without AVA_PUBLIC_URL: hours are only advice, and the page says so.
  await page.route('**/api/v1/meta', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, json: { ...(await response.json()), public_url_set: false } });
  });
  await signUp(page, 'en', { tag: 'golive-none' });
  await fillProfile(page, { fullName: 'Kim Lee', organization: 'Lee Law', timezone: 'Europe/London' });
  await page.getByTestId('step-profile-continue').click();
  await expectStep(page, 'vapi');
  await openStep(page, 'telephony');
  await expect(page.getByTestId('public-url-notice')).toHaveText(t.handoff.advisory);
  await openStep(page, 'done');
  const warning = page.getByTestId('launch-warning');
  await expect(warning).toContainText(t.done.launch_warning_title);
  await expect(warning.locator('[data-problem=no_assistant]')).toContainText(t.problems.no_assistant);
  await expect(warning.locator('[data-problem=no_assistant] a')).toHaveAttribute('href', '/en/welcome?step=assistant');
  await expect(warning.locator('[data-problem=vapi_not_connected] a')).toHaveAttribute('href', '/en/welcome?step=vapi');
  // Warnings (not blocking) are not listed as what is missing.
  await expect(warning.locator('[data-problem=hours_not_set]')).toHaveCount(0);
  await expect(page.getByTestId('launch-ava')).toHaveText(t.done.finish_not_live);
  await record(page, 'golive-en-launch-warning');
  await page.getByTestId('launch-ava').click();
  await expect(page).toHaveURL(/\/en\/ava-studio$/);
  const status = page.getByTestId('line-status');
  await expect(status).toHaveAttribute('data-state', 'not-answering');
  await expect(status).not.toContainText(t.line.live_on);
  await expect(status.locator('[data-problem=hours_not_set]')).toContainText(t.problems.hours_not_set);
  // Call me now cannot work yet, and says why.
  await page.getByTestId('test-call-number').fill('+14155550123');
  await page.getByTestId('test-call-start').click();
  await expect(page.getByTestId('test-call-result')).toContainText(t.errors.vapi_not_connected);
  await expect(page.getByTestId('simulate-call')).toBeVisible();
  // A status that cannot be read is not "live" either.
  await page.route('**/api/v1/line/status', (route) => route.fulfill({ status: 503, body: '' }));
  await page.reload();
  await expect(status).toHaveAttribute('data-state', 'unknown');
  await expect(status).toContainText(t.line.failed);
  await expect(status).not.toContainText(t.line.live_on);
});
