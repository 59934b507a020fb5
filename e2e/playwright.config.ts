// Playwright drives Debian's Chromium (never a downloaded browser) against
// the built SPA, served by the debug ava-server in demo mode: Vapi and
// Twilio are the in-process fakes, reached through Ava's real HTTP adapters.
//
// `use` and `webServer` are exported for `bench.config.ts` (the measurement
// of the first step), which runs against the same server the same way.
import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const port = Number(process.env.AVA_E2E_PORT ?? 3100);
const root = resolve(__dirname, '..');
const dataDir = mkdtempSync(join(tmpdir(), 'ava-e2e-'));

/** The operator of the servers the tests start (`AVA_ADMIN_EMAILS`): may see the funnel. */
export const OPERATOR_EMAIL = 'operator@ava-e2e.test';

export const use: PlaywrightTestConfig['use'] = {
  baseURL: `http://127.0.0.1:${port}`,
  screenshot: 'only-on-failure',
  trace: 'retain-on-failure',
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    // Without the networking flags Chromium floods the closed network.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  },
};

export const webServer: PlaywrightTestConfig['webServer'] = {
  command: `${root}/target/debug/ava-server serve --demo`,
  url: `http://127.0.0.1:${port}/readyz`,
  reuseExistingServer: false,
  timeout: 60_000,
  stdout: 'ignore',
  stderr: 'pipe',
  env: {
    AVA_ADDR: `127.0.0.1:${port}`,
    AVA_DATA_DIR: dataDir,
    AVA_STATIC_DIR: `${root}/dist`,
    AVA_ADMIN_EMAILS: OPERATOR_EMAIL,
    RUST_LOG: 'warn',
  },
};

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  timeout: 90_000,
  expect: { timeout: 10_000 },
  // Two cores: two browsers at a time.
  workers: 2,
  retries: 0,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use,
  webServer,
});
