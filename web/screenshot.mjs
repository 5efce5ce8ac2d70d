// Saves a screenshot of one dashboard view, as in the README:
//   node web/screenshot.mjs --url 'http://127.0.0.1:8000/#track=Islamic%20State' --alert-text redeployed --out docs/dashboard-demo.png
// --alert-text clicks the first alert card whose text contains it, so its evidence is open.
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values: opts } = parseArgs({ options: {
  url: { type: 'string' }, out: { type: 'string' }, 'alert-text': { type: 'string' },
  chromium: { type: 'string', default: '/usr/bin/chromium' },
} });
const browser = await chromium.launch({ executablePath: opts.chromium, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  await page.goto(opts.url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60000 });
  if (opts['alert-text']) {
    await page.locator('#alert-list button.alert', { hasText: opts['alert-text'] }).first().click();
    await page.waitForSelector('#event-panel .sentence', { timeout: 10000 });
  }
  await page.waitForFunction(() => document.body.dataset.busy === '0', null, { timeout: 30000 });
  await page.waitForTimeout(1500);             // map animations
  await page.screenshot({ path: opts.out });
  console.log(JSON.stringify({ saved: opts.out, url: page.url() }));
} finally {
  await browser.close();
}
