// Measurements, not tests: `npx playwright test -c bench.config.ts` prints
// how long the first wizard step takes to become usable and what the browser
// downloads for it, against the same server as the end-to-end tests.
import { defineConfig } from '@playwright/test';
import { use, webServer } from './playwright.config';

export default defineConfig({
  testDir: './bench',
  testMatch: '*.bench.ts',
  timeout: 180_000,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use,
  webServer,
});
