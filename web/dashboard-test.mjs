// Drives the tocsin dashboard in headless Chromium and prints one JSON object of checks.
// usage: node web/dashboard-test.mjs --url http://127.0.0.1:PORT/ --alert ID --hostile-alert ID
//        [--screenshot FILE] [--chromium /usr/bin/chromium]
//        node web/dashboard-test.mjs --url ... --missing-vendor   (server started without node_modules)
// Exit code 0 when every check passed, 1 when one failed, 2 when the browser could not run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values: opts } = parseArgs({ options: {
  url: { type: 'string' }, alert: { type: 'string' }, 'hostile-alert': { type: 'string' },
  screenshot: { type: 'string' }, chromium: { type: 'string', default: '/usr/bin/chromium' },
  'missing-vendor': { type: 'boolean', default: false },
} });
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const checks = {};
const problems = [];

function check(name, ok, detail = '') {
  checks[name] = { ok: Boolean(ok), detail: String(detail) };
}

async function run(page) {
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console: ${msg.text()}`); });
  // Nothing may leave the machine: any request off this server fails the test.
  const origin = new URL(opts.url).origin;
  await page.route('**/*', (route) => (route.request().url().startsWith(origin) ? route.continue() : (problems.push(`external request: ${route.request().url()}`), route.abort())));
  await page.goto(opts.url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  check('no notice shown', await page.locator('#notice').isHidden(), await page.locator('#notice').textContent());
  await page.waitForFunction(() => document.querySelectorAll('.leaflet-outlines-pane path').length > 100, null, { timeout: 15000 });
  check('country outlines drawn', true, await page.locator('.leaflet-outlines-pane path').count());
  const markers = await page.locator('path.event-marker').count();
  check('event markers drawn', markers > 0, markers);
  const arrows = await page.locator('path.track-arrow').count();
  check('track arrows drawn', arrows > 0, arrows);
  const alerts = await page.locator('#alert-list button.alert').count();
  check('alert list rendered', alerts > 0, alerts);
  const bars = await page.locator('#histogram rect').count();
  check('histogram drawn', bars > 0, bars);

  await page.locator(`button[data-alert-id="${opts.alert}"]`).click();
  await page.waitForSelector('#event-panel .sentence mark.trigger', { timeout: 10000 });
  const panel = await page.locator('#event-panel').textContent();
  check('alert click shows its evidence', panel.includes('Evidence:') && (await page.locator('#event-panel .sentence').count()) > 0, panel.slice(0, 200));
  check('other reports of the event listed', panel.includes('Other reports of this event'), '');
  check('evidence rings drawn', (await page.locator('path.evidence-ring').count()) > 0, '');
  if (opts.screenshot) await page.screenshot({ path: opts.screenshot });

  await page.locator(`button[data-alert-id="${opts['hostile-alert']}"]`).click();
  await page.waitForFunction(() => document.querySelector('#event-panel')?.textContent.includes('window.__pwned'), null, { timeout: 10000 });
  await page.locator('#event-panel button', { hasText: 'Show article text' }).click();
  await page.waitForSelector('#event-panel .article-text', { timeout: 10000 });
  const hostile = await page.evaluate(() => ({
    pwned: window.__pwned === undefined ? null : String(window.__pwned),
    scripts: document.querySelectorAll('#event-panel script, #alert-list script').length,
    images: document.querySelectorAll('#event-panel img, #alert-list img').length,
    handlers: document.querySelectorAll('#event-panel [onerror], #event-panel [onmouseover], #alert-list [onerror]').length,
    panel: document.querySelector('#event-panel').textContent,
    alertText: document.querySelector(`button[data-alert-id]`) ? document.querySelector('#alert-list').textContent : '',
  }));
  check('injected script did not run', hostile.pwned === null, hostile.pwned);
  check('no injected elements', hostile.scripts === 0 && hostile.images === 0 && hostile.handlers === 0,
    JSON.stringify([hostile.scripts, hostile.images, hostile.handlers]));
  check('injected title shown as text', hostile.panel.includes('<script>window.__pwned=1</script>'), '');
  check('injected alert summary shown as text', hostile.alertText.includes('<img src=x'), '');
  check('no page errors or outside requests', problems.length === 0, problems.join(' | '));
}

// Served without web/node_modules: the page must say what to run, and the rest must work.
async function runWithoutVendor(page) {
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  await page.goto(opts.url);
  await page.waitForSelector('#notice:not([hidden])', { timeout: 30000 });
  const text = await page.locator('#notice').textContent();
  check('missing libraries notice shown', text.includes('npm ci --prefix web'), text);
  await page.waitForSelector('#alert-list button.alert', { timeout: 10000 });
  check('alerts still listed', (await page.locator('#alert-list button.alert').count()) > 0, '');
  check('no page errors', problems.length === 0, problems.join(' | '));
}

async function main() {
  const profile = mkdtempSync(join(tmpdir(), 'tocsin-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: opts.chromium, headless: true, args: FLAGS, viewport: { width: 1400, height: 860 },
    });
  } catch (err) {
    console.log(JSON.stringify({ launched: false, error: err.message }));
    rmSync(profile, { recursive: true, force: true });
    process.exit(2);
  }
  try {
    const page = context.pages()[0] || await context.newPage();
    await (opts['missing-vendor'] ? runWithoutVendor(page) : run(page));
  } catch (err) {
    check('dashboard test ran to the end', false, err.message);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
  const failed = Object.entries(checks).filter(([, c]) => !c.ok).map(([name]) => name);
  console.log(JSON.stringify({ launched: true, checks, failed }));
  process.exit(failed.length ? 1 : 0);
}

main();
