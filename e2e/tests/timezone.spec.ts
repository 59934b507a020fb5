// Issue 9: the time zone is found by city, in the owner's language or by
// its IANA id, and only a zone chosen from the list is saved: a city typed
// and not chosen is said to be unsaved, and never stands in for a zone.
// In English, French and Hebrew, on a desktop and at the width of a phone.
import { expect, test, type Page } from '@playwright/test';
import {
  type Locale,
  apiGet,
  chooseZone,
  expectAccessible,
  expectSaved,
  expectStep,
  fmt,
  keepScreenshot,
  openStep,
  signUp,
  texts,
} from './support';

const field = (page: Page) => page.locator('#f-timezone');
const options = (page: Page) => page.locator('#f-timezone-list [role=option]');
const shownZone = (page: Page) => page.locator('#f-timezone-zone');

/** The message for typed text that was not chosen (its text isolated, as the page does). */
function notChosen(locale: Locale, typed: string): string {
  return fmt(texts(locale).field_errors.timezone_not_chosen, { typed: `\u2068${typed}\u2069` });
}

async function savedZone(page: Page): Promise<string | null> {
  return (await apiGet(page, '/user/profile')).timezone;
}

test('a city typed in English is found, chosen and saved; so is New York, with the keyboard', async ({ page }) => {
  await signUp(page, 'en', { tag: 'tz-en' });
  await field(page).fill('Chicago');
  await expect(field(page)).toHaveAttribute('aria-expanded', 'true');
  await expect(options(page).first()).toHaveAttribute('data-zone', 'America/Chicago');
  await expect(options(page).first().locator('.zone-city')).toHaveText('Chicago');
  await expect(options(page).first().locator('bdi.zone-id')).toHaveAttribute('dir', 'ltr');
  await expectAccessible(page, 'en/profile with the zone list open');
  await keepScreenshot(page, 'timezone-en-desktop-list');
  await options(page).first().click();
  await expect(field(page)).toHaveValue('Chicago');
  await expect(shownZone(page)).toHaveText('America/Chicago');
  await expect(field(page)).toHaveAttribute('aria-expanded', 'false');
  await expectSaved(page);
  expect(await savedZone(page)).toBe('America/Chicago');
  // A reload shows what the server holds.
  await page.reload();
  await expectStep(page, 'profile');
  await expect(field(page)).toHaveValue('Chicago');
  await expect(shownZone(page)).toHaveText('America/Chicago');

  // "New York" is a city of America/New_York, offered once (not again
  // under its older names US/Eastern and EST5EDT); chosen with the keyboard.
  await field(page).fill('new york');
  await expect(options(page)).toHaveCount(1);
  await expect(options(page).first()).toHaveAttribute('data-zone', 'America/New_York');
  await page.keyboard.press('ArrowDown');
  await expect(options(page).first()).toHaveAttribute('aria-selected', 'true');
  await expect(field(page)).toHaveAttribute('aria-activedescendant', 'f-timezone-option-0');
  await page.keyboard.press('Enter');
  await expect(field(page)).toHaveValue('New York');
  await expect(shownZone(page)).toHaveText('America/New_York');
  await expectSaved(page);
  expect(await savedZone(page)).toBe('America/New_York');

  // The IANA id finds it too, written either way; Escape closes the list,
  // a second Escape brings back the zone held.
  for (const query of ['new_york', 'America/New']) {
    await field(page).fill(query);
    await expect(options(page).first()).toHaveAttribute('data-zone', 'America/New_York');
  }
  await page.keyboard.press('Escape');
  await expect(field(page)).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('Escape');
  await expect(field(page)).toHaveValue('New York');
  await expect(shownZone(page)).toHaveText('America/New_York');

  // The business hours' zone is chosen the same way.
  await page.locator('[name=full_name]').fill('Dana Miller');
  await page.locator('[name=organization_name]').fill('Acme');
  await page.locator('[name=accept_terms]').check();
  await page.getByTestId('step-profile-continue').click();
  await expectStep(page, 'vapi');
  await openStep(page, 'telephony');
  await page.getByTestId('hours-set-up').click();
  await expect(page.locator('#f-business_hours-timezone')).toHaveValue('New York');
  await chooseZone(page, 'business_hours.timezone', 'Paris', 'Europe/Paris');
  await expectSaved(page);
  expect((await apiGet(page, '/studio/config')).business_hours.timezone).toBe('Europe/Paris');
});

test('a city typed and not chosen is not saved, and the field says so', async ({ page }) => {
  await signUp(page, 'en', { tag: 'tz-unchosen' });
  await chooseZone(page, 'timezone', 'Chicago', 'America/Chicago');
  await expectSaved(page);

  // Typed, not chosen, and the field left: the text stays, marked unsaved.
  await field(page).fill('Denver');
  await expect(options(page).first()).toHaveAttribute('data-zone', 'America/Denver');
  await page.locator('[name=full_name]').focus();
  await expect(page.locator('#f-timezone-error')).toHaveText(notChosen('en', 'Denver'));
  await expect(field(page)).toHaveAttribute('aria-invalid', 'true');
  await expect(field(page)).toHaveValue('Denver');
  await expect(shownZone(page)).toHaveCount(0);
  await expectSaved(page);
  expect(await savedZone(page)).toBe('America/Chicago');
  // Continue does not leave the step with it.
  await page.getByTestId('step-profile-continue').click();
  await expectStep(page, 'profile');
  await expect(field(page)).toBeFocused();
  expect(await savedZone(page)).toBe('America/Chicago');

  // Text no zone has is said at once, and Enter chooses nothing.
  await field(page).fill('Atlantis');
  await expect(options(page)).toHaveCount(0);
  await expect(page.locator('#f-timezone-error')).toHaveText(notChosen('en', 'Atlantis'));
  await page.keyboard.press('Enter');
  await expect(field(page)).toHaveValue('Atlantis');
  await keepScreenshot(page, 'timezone-en-desktop-unchosen');
  expect(await savedZone(page)).toBe('America/Chicago');

  // A reload shows the zone the server holds, not the text.
  await page.reload();
  await expectStep(page, 'profile');
  await expect(field(page)).toHaveValue('Chicago');
  await expect(page.locator('#f-timezone-error')).toHaveCount(0);

  // A city typed whole, alone of its name: Enter chooses it.
  await field(page).fill('denver');
  await page.keyboard.press('Enter');
  await expect(shownZone(page)).toHaveText('America/Denver');
  await expectSaved(page);
  expect(await savedZone(page)).toBe('America/Denver');
});

test('French: Jérusalem is found with or without its accent, and saved', async ({ page }) => {
  const t = texts('fr');
  await signUp(page, 'fr', { tag: 'tz-fr' });
  await expect(page.locator('#f-timezone-hint')).toHaveText(t.profile.timezone_hint);
  await field(page).fill('jerusalem');
  await expect(options(page).first()).toHaveAttribute('data-zone', 'Asia/Jerusalem');
  await field(page).fill('Jérusalem');
  const jerusalem = options(page).first();
  await expect(jerusalem).toHaveAttribute('data-zone', 'Asia/Jerusalem');
  await expect(jerusalem.locator('.zone-city')).toHaveText('Jérusalem');
  await keepScreenshot(page, 'timezone-fr-desktop-list');
  await jerusalem.click();
  await expect(field(page)).toHaveValue('Jérusalem');
  await expectSaved(page);
  expect(await savedZone(page)).toBe('Asia/Jerusalem');
  await page.reload();
  await expectStep(page, 'profile');
  await expect(field(page)).toHaveValue('Jérusalem');
  await expect(shownZone(page)).toHaveText('Asia/Jerusalem');
  // Londres is London's French name.
  await chooseZone(page, 'timezone', 'Londres', 'Europe/London');
  await expect(field(page)).toHaveValue('Londres');
});

test('Hebrew: ירושלים and ניו יורק are found and saved, the ids kept left to right', async ({ page }) => {
  await signUp(page, 'he', { tag: 'tz-he' });
  await field(page).fill('ירושלים');
  const jerusalem = options(page).first();
  await expect(jerusalem).toHaveAttribute('data-zone', 'Asia/Jerusalem');
  await expect(jerusalem.locator('.zone-city')).toHaveText('ירושלים');
  await expect(jerusalem.locator('bdi.zone-id')).toHaveText('Asia/Jerusalem');
  await expectAccessible(page, 'he/profile with the zone list open');
  await keepScreenshot(page, 'timezone-he-desktop-list');
  await jerusalem.click();
  await expect(field(page)).toHaveValue('ירושלים');
  await expectSaved(page);
  expect(await savedZone(page)).toBe('Asia/Jerusalem');
  await page.reload();
  await expectStep(page, 'profile');
  await expect(field(page)).toHaveValue('ירושלים');
  await expect(shownZone(page)).toHaveText('Asia/Jerusalem');
  await expect(shownZone(page).locator('bdi')).toHaveAttribute('dir', 'ltr');
  await keepScreenshot(page, 'timezone-he-desktop-chosen');

  await chooseZone(page, 'timezone', 'ניו יורק', 'America/New_York');
  await expectSaved(page);
  expect(await savedZone(page)).toBe('America/New_York');
  // Unchosen text is said in Hebrew.
  await field(page).fill('אטלנטיס');
  await expect(page.locator('#f-timezone-error')).toHaveText(notChosen('he', 'אטלנטיס'));
});

test.describe('at the width of a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  for (const [locale, query, zone] of [
    ['en', 'Buenos', 'America/Argentina/Buenos_Aires'],
    ['he', 'בואנוס', 'America/Argentina/Buenos_Aires'],
  ] as const) {
    test(`the list of cities fits the screen (${locale})`, async ({ page }) => {
      await signUp(page, locale, { tag: `tz-phone-${locale}` });
      await field(page).fill(query);
      const list = page.locator('#f-timezone-list');
      await expect(list.locator(`[role=option][data-zone="${zone}"]`)).toBeVisible();
      // Once, not again under its older name America/Buenos_Aires.
      await expect(list.locator('[role=option]')).toHaveCount(1);
      const box = await list.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
      // Nothing makes the page scroll sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await keepScreenshot(page, `timezone-${locale}-phone-list`);
      await list.locator(`[role=option][data-zone="${zone}"]`).click();
      await expect(shownZone(page)).toHaveText(zone);
      await expectSaved(page);
      expect(await savedZone(page)).toBe(zone);
    });
  }
});
