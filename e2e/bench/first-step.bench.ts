// From navigation to the first step being interactive: a signed-in owner
// opens /en/welcome with an empty browser cache, and the clock stops when
// the profile's first field accepts typing. Prints the median and the
// slowest of the runs, and the bytes transferred for the app.
import { expect, test } from '@playwright/test';
import { signUp } from '../tests/support';

const RUNS = Number(process.env.AVA_BENCH_RUNS ?? 15);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

test('first wizard step: time to interactive and bytes transferred', async ({ browser }) => {
  const setup = await browser.newContext();
  const owner = await setup.newPage();
  await signUp(owner, 'en', { tag: 'bench' });
  const state = await setup.storageState();
  await setup.close();

  const timings: number[] = [];
  let transferred = { wasm: 0, js: 0, css: 0, html: 0 };
  for (let run = 0; run < RUNS; run += 1) {
    // A new context each run: nothing cached, the session cookie kept.
    const context = await browser.newContext({ storageState: state });
    const page = await context.newPage();
    await page.goto('/en/welcome?step=profile');
    const field = page.locator('[name=full_name]');
    await expect(field).toBeEditable();
    const measured = await page.evaluate(() => {
      const sizes = { wasm: 0, js: 0, css: 0, html: 0 };
      const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      for (const entry of entries) {
        const kind = entry.name.endsWith('.wasm')
          ? 'wasm'
          : entry.name.endsWith('.js')
            ? 'js'
            : entry.name.endsWith('.css')
              ? 'css'
              : null;
        if (kind) sizes[kind] += entry.transferSize;
      }
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      sizes.html = nav.transferSize;
      return { elapsed: performance.now(), sizes };
    });
    timings.push(measured.elapsed);
    transferred = measured.sizes;
    await context.close();
  }
  timings.sort((a, b) => a - b);
  const total = transferred.wasm + transferred.js + transferred.css + transferred.html;
  console.log(`first step interactive over ${RUNS} cold loads (ms): ` +
    `median ${percentile(timings, 50).toFixed(0)}, p90 ${percentile(timings, 90).toFixed(0)}, ` +
    `min ${timings[0].toFixed(0)}, max ${timings[timings.length - 1].toFixed(0)}`);
  console.log(`bytes transferred: wasm ${transferred.wasm}, js ${transferred.js}, ` +
    `css ${transferred.css}, html ${transferred.html}, total ${total}`);
});
