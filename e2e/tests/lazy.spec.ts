// The pages the wizard never shows (Studio, settings, account, terms…) are
// split out of the first load and fetched on their first visit. A tab that
// started before a new version was deployed asks for parts that are gone:
// the app then loads the page afresh, with the new version, instead of
// stopping.
import { expect, test } from '@playwright/test';
import { signUp, texts } from './support';

const SPLIT_PART = /\/assets\/app-[0-9a-f]+\/[^/]+\.wasm$/;

test('a page whose split part is gone is loaded afresh and then opens', async ({ page }) => {
  await signUp(page, 'en', { tag: 'lazy' });
  const firstLoad = page.url();
  // "Deployed" until the next page load: the old parts answer 404.
  let deployed = true;
  let refused = 0;
  await page.route(SPLIT_PART, (route) => {
    if (!deployed || route.request().url().endsWith('/app_bg.wasm')) return route.continue();
    refused += 1;
    return route.fulfill({ status: 404, body: 'gone' });
  });
  page.on('request', (request) => {
    if (request.isNavigationRequest()) deployed = false;
  });
  const reloaded = page.waitForEvent('load');
  await page.getByRole('link', { name: texts('en').app.nav_studio }).click();
  await reloaded;
  expect(refused).toBeGreaterThan(0);
  expect(deployed).toBe(false);

  await page.goto(firstLoad);
  await page.getByRole('link', { name: texts('en').app.nav_studio }).click();
  await expect(page).toHaveURL(/\/en\/ava-studio$/);
  await expect(page.locator('.studio')).toBeVisible();
});
