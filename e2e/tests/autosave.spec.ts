// Issue 4, autosave: nothing the owner types is lost — not on reload after
// the 10-second save, not while the network is down (kept on the device,
// retried, restored by a reload), and not when a second tab writes the same
// settings (the conflict is shown and the owner chooses).
import { expect, test, type Page } from '@playwright/test';
import { apiGet, autosaveStatus, expectSaved, expectStep, openStep, signUp, texts } from './support';

/** Fails every API call but the session check: the server is unreachable. */
async function cutApi(page: Page): Promise<void> {
  await page.route(
    (url) => url.pathname.startsWith('/api/v1/') && url.pathname !== '/api/v1/auth/me',
    (route) => route.abort('internetdisconnected'),
  );
}

test('typed text is saved by the 10-second autosave and survives a reload', async ({ page }) => {
  const t = texts('en');
  await signUp(page, 'en', { tag: 'autosave' });
  await openStep(page, 'persona');
  const persona = page.locator('[name=persona]');
  await persona.fill('Noa, the voice of Lee Law');
  await expect(autosaveStatus(page)).toHaveAttribute('data-state', 'unsaved');
  await expect(autosaveStatus(page)).toHaveText(t.autosave.unsaved);
  // No step change, no blur: only the timer saves it.
  await expectSaved(page);
  await expect(autosaveStatus(page)).toHaveText(/^Saved at \d{1,2}:\d{2}/);
  expect((await apiGet(page, '/studio/config')).persona).toBe('Noa, the voice of Lee Law');

  await page.reload();
  await expectStep(page, 'persona');
  await expect(page.locator('[name=persona]')).toHaveValue('Noa, the voice of Lee Law');
});

test('hiding the page saves at once, without waiting for the timer', async ({ page }) => {
  await page.clock.install();
  await signUp(page, 'en', { tag: 'hidden' });
  await openStep(page, 'persona');
  // From here the page's clock stands still (the 10-second timer cannot
  // fire): only the hidden page can trigger a save.
  await page.clock.pauseAt(new Date(Date.now() + 1_000));
  await page.locator('[name=first_message]').fill('Hello, Lee Law, how can I help?');
  await expect(autosaveStatus(page)).toHaveAttribute('data-state', 'unsaved');
  const saved = page.waitForResponse(
    (r) => r.url().endsWith('/api/v1/studio/config') && r.request().method() === 'PATCH',
  );
  // What the browser does when the owner switches tabs or closes the laptop.
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  expect((await saved).status()).toBe(200);
  await expectSaved(page);
  expect((await apiGet(page, '/studio/config')).first_message).toBe('Hello, Lee Law, how can I help?');
});

test('moving between steps is not an edit, and Back saves what was typed', async ({ page }) => {
  await page.clock.install();
  await signUp(page, 'en', { tag: 'back' });
  await openStep(page, 'persona');
  // The 10-second timer cannot fire from here: what saves is the step change.
  await page.clock.pauseAt(new Date(Date.now() + 1_000));
  const before = (await apiGet(page, '/studio/config')).version;
  // Browsing the steps saves nothing.
  await openStep(page, 'telephony');
  await openStep(page, 'persona');
  expect((await apiGet(page, '/studio/config')).version).toBe(before);
  // Back saves at once, without waiting for the timer.
  await page.locator('[name=guidelines]').fill('Always offer the earliest slot.');
  await page.getByTestId('step-persona-back').click();
  await expectStep(page, 'vapi');
  await expect
    .poll(async () => (await apiGet(page, '/studio/config')).guidelines, { timeout: 5_000 })
    .toBe('Always offer the earliest slot.');
});

test('a save in flight does not undo what the owner types meanwhile', async ({ page }) => {
  await signUp(page, 'en', { tag: 'in-flight' });
  await openStep(page, 'persona');
  // The server receives the first save when the test opens `first`, and any
  // later one when it opens `later`.
  let openFirst = () => {};
  let openLater = () => {};
  const first = new Promise<void>((resolve) => (openFirst = resolve));
  const later = new Promise<void>((resolve) => (openLater = resolve));
  let patches = 0;
  await page.route('**/api/v1/studio/config', async (route) => {
    if (route.request().method() === 'PATCH') {
      patches += 1;
      await (patches === 1 ? first : later);
    }
    await route.continue();
  });
  const persona = page.locator('[name=persona]');
  await persona.fill('Maya');
  await page.getByTestId('stepper-telephony').click();
  await expect(autosaveStatus(page)).toHaveAttribute('data-state', 'saving');
  await openStep(page, 'persona');
  await persona.fill('Maya at the front desk');

  // The answer to "Maya" arrives: the screen keeps the newer text, and the
  // status does not claim it is saved.
  const answered = page.waitForResponse(
    (r) => r.url().endsWith('/api/v1/studio/config') && r.request().method() === 'PATCH',
  );
  openFirst();
  expect((await (await answered).json()).persona).toBe('Maya');
  await expect(persona).toHaveValue('Maya at the front desk');
  await expect(autosaveStatus(page)).toHaveAttribute('data-state', /^(unsaved|saving)$/);

  openLater();
  await page.getByTestId('stepper-telephony').click();
  await expectSaved(page);
  expect((await apiGet(page, '/studio/config')).persona).toBe('Maya at the front desk');
  await page.getByTestId('stepper-persona').click();
  await expect(persona).toHaveValue('Maya at the front desk');
});

test('offline: edits are kept on the device and saved when the network is back', async ({ page, context }) => {
  const t = texts('fr');
  await signUp(page, 'fr', { tag: 'offline' });
  await openStep(page, 'persona');
  await context.setOffline(true);
  await page.locator('[name=job_to_be_done]').fill('prendre les rendez-vous');
  // A step change saves at once: it cannot, and says so.
  await page.getByTestId('stepper-telephony').click();
  await expect(autosaveStatus(page)).toHaveAttribute('data-state', 'offline', { timeout: 15_000 });
  await expect(autosaveStatus(page)).toHaveText(t.autosave.offline);
  const kept = await page.evaluate(() =>
    Object.keys(localStorage)
      .filter((key) => key.startsWith('ava.draft.'))
      .map((key) => localStorage.getItem(key))
      .join('\n'),
  );
  expect(kept).toContain('prendre les rendez-vous');

  await context.setOffline(false);
  await expectSaved(page);
  expect((await apiGet(page, '/studio/config')).job_to_be_done).toBe('prendre les rendez-vous');
  // Once saved, the device forgets its copy.
  await expect
    .poll(() => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('ava.draft.')).length))
    .toBe(0);
});

test('a reload while the server is unreachable brings the unsaved edits back', async ({ page }) => {
  const t = texts('he');
  await signUp(page, 'he', { tag: 'restore' });
  await openStep(page, 'persona');
  await cutApi(page);
  await page.locator('[name=persona]').fill('מאיה מהקבלה');
  await page.getByTestId('stepper-telephony').click();
  await expect(autosaveStatus(page)).toHaveAttribute('data-state', 'offline', { timeout: 15_000 });

  await page.goto('/he/welcome?step=persona');
  await expect(page.locator('[name=persona]')).toHaveValue('מאיה מהקבלה');
  await expect(page.getByText(t.autosave.restored)).toBeVisible();
  await expect(autosaveStatus(page)).toHaveAttribute('data-state', 'offline');

  // The server answers again: the retries, backing off, save the restored
  // edit without anything else happening on the page.
  await page.unrouteAll();
  await expectSaved(page, 40_000);
  expect((await apiGet(page, '/studio/config')).persona).toBe('מאיה מהקבלה');
});

test('two tabs on the same account: the conflict is shown and the owner chooses', async ({ page, context }) => {
  const t = texts('en');
  await signUp(page, 'en', { tag: 'conflict' });
  await openStep(page, 'persona');
  const other = await context.newPage();
  await other.goto('/en/welcome?step=persona');
  await expectStep(other, 'persona');
  await expect(other.locator('[name=persona]')).toBeEditable();

  // The first tab saves its version.
  await page.locator('[name=persona]').fill('Maya at the front desk');
  await page.getByTestId('stepper-telephony').click();
  await expectSaved(page);

  // The second tab, which read the older version, writes the same field.
  await other.locator('[name=persona]').fill('Noa on the phone');
  await other.getByTestId('stepper-telephony').click();
  await expect(autosaveStatus(other)).toHaveAttribute('data-state', 'conflict', { timeout: 15_000 });
  await expect(autosaveStatus(other)).toHaveText(t.autosave.conflict);
  const conflict = other.locator('.conflict[role=alert]');
  await expect(conflict).toContainText(t.autosave.conflict_title);
  await expect(conflict).toContainText(t.persona.persona);
  // Nothing was overwritten silently.
  expect((await apiGet(page, '/studio/config')).persona).toBe('Maya at the front desk');

  // The owner keeps the second tab's version: it is saved over the first.
  await other.getByTestId('conflict-keep-mine').click();
  await expectSaved(other);
  expect((await apiGet(page, '/studio/config')).persona).toBe('Noa on the phone');
  await other.getByTestId('stepper-persona').click();
  await expect(other.locator('[name=persona]')).toHaveValue('Noa on the phone');

  // Now the first tab is the stale one: it takes the other version instead.
  await page.getByTestId('stepper-persona').click();
  await page.locator('[name=persona]').fill('Maya, again');
  await page.getByTestId('stepper-telephony').click();
  await expect(autosaveStatus(page)).toHaveAttribute('data-state', 'conflict', { timeout: 15_000 });
  await page.getByTestId('conflict-take-theirs').click();
  await expectSaved(page);
  await page.getByTestId('stepper-persona').click();
  await expect(page.locator('[name=persona]')).toHaveValue('Noa on the phone');
  expect((await apiGet(page, '/studio/config')).persona).toBe('Noa on the phone');
});
