// Drives the tocsin dashboard in headless Chromium and prints one JSON object of checks.
// usage: node web/dashboard-test.mjs --url http://127.0.0.1:PORT/ --alert ID --hostile-alert ID --track NAME
//        [--screenshot FILE] [--chromium /usr/bin/chromium]
//        node web/dashboard-test.mjs --url ... --volume [--screenshot FILE]   (a store of real volume)
//        node web/dashboard-test.mjs --url ... --review TOKEN --alert ID   (a writable server with that token)
//        node web/dashboard-test.mjs --url ... --missing-vendor   (server started without node_modules)
// Exit code 0 when every check passed, 1 when one failed, 2 when the browser could not run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values: opts } = parseArgs({ options: {
  url: { type: 'string' }, alert: { type: 'string' }, 'hostile-alert': { type: 'string' }, track: { type: 'string' },
  screenshot: { type: 'string' }, chromium: { type: 'string', default: '/usr/bin/chromium' },
  'missing-vendor': { type: 'boolean', default: false }, volume: { type: 'boolean', default: false },
  review: { type: 'string' },
} });
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const checks = {};
const problems = [];

function check(name, ok, detail = '') {
  checks[name] = { ok: Boolean(ok), detail: String(detail) };
}

function watch(page) {
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console: ${msg.text()}`); });
  page.on('response', (r) => { if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`HTTP ${r.status()} ${r.url()}`); });
}

async function open(page, url) {
  // Nothing may leave the machine: any request off this server fails the test.
  const origin = new URL(opts.url).origin;
  await page.route('**/*', (route) => (route.request().url().startsWith(origin) ? route.continue() : (problems.push(`external request: ${route.request().url()}`), route.abort())));
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60000 });
  await page.waitForFunction(() => document.querySelectorAll('.leaflet-outlines-pane path').length > 100, null, { timeout: 15000 });
}

const cards = (page) => page.$$eval('#alert-list button.alert', (els) => els.map((b) => ({
  id: b.dataset.alertId, kind: b.dataset.kind, actor: b.dataset.actor, severity: Number(b.dataset.severity),
  badge: b.querySelector('.severity') ? b.querySelector('.severity').textContent : '' })));
const total = async (page) => Number(await page.locator('#summary').getAttribute('data-total'));

// Wait until the dashboard has finished the loads a change started (<body data-busy="0">).
async function settled(page) {
  await page.waitForTimeout(50);
  await page.waitForFunction(() => document.body.dataset.busy === '0', null, { timeout: 30000 });
  await page.waitForLoadState('networkidle');
}

async function run(page) {
  watch(page);
  await open(page, `${opts.url}#track=${encodeURIComponent(opts.track || '')}`);
  check('no notice shown', await page.locator('#notice').isHidden(), await page.locator('#notice').textContent());
  check('country outlines drawn', true, await page.locator('.leaflet-outlines-pane path').count());
  const markers = await page.locator('.event-marker, .event-cluster').count();
  check('event markers drawn', markers > 0, markers);
  check('place labels drawn', (await page.locator('.place-label').count()) > 0, await page.locator('.place-label').count());
  const arrows = await page.locator('path.track-arrow').count();
  check('track arrows drawn', arrows > 0, arrows);
  check('track legend names the actor', (await page.locator('#legend .track-entry').allTextContents()).some((t) => t.includes(opts.track)), '');
  const alerts = await cards(page);
  check('alert list rendered', alerts.length > 0, alerts.length);
  check('severity shown on every alert', alerts.every((a) => /^(high|medium|low) \d\.\d\d$/.test(a.badge)), JSON.stringify(alerts.map((a) => a.badge)));
  const bars = await page.locator('#histogram rect').count();
  check('histogram drawn', bars > 0, bars);
  check('histogram has a date axis', (await page.locator('#histogram text.axis-label').count()) >= 2, '');

  await page.locator(`button[data-alert-id="${opts.alert}"]`).click();
  await page.waitForSelector('#event-panel .sentence mark.trigger', { timeout: 10000 });
  const panel = await page.locator('#event-panel').textContent();
  check('alert click shows its evidence', panel.includes('Evidence:') && (await page.locator('#event-panel .sentence').count()) > 0, panel.slice(0, 200));
  check('other reports of the event listed', panel.includes('Other reports of this event'), '');
  check('evidence rings drawn', (await page.locator('path.evidence-ring').count()) > 0, '');
  check('the open alert is in the URL', page.url().includes(`alert=${opts.alert}`), page.url());
  if (opts.screenshot) { await page.waitForTimeout(1500); await page.screenshot({ path: opts.screenshot }); }

  await page.locator(`button[data-alert-id="${opts['hostile-alert']}"]`).click();
  await page.waitForFunction(() => document.querySelector('#event-panel')?.textContent.includes('window.__pwned'), null, { timeout: 10000 });
  await page.locator('#event-panel button', { hasText: 'Show article text' }).click();
  await page.waitForSelector('#event-panel .article-text', { timeout: 10000 });
  const hostile = await page.evaluate(() => ({
    pwned: window.__pwned === undefined ? null : String(window.__pwned),
    scripts: document.querySelectorAll('#event-panel script, #alert-list script, #filters script').length,
    images: document.querySelectorAll('#event-panel img, #alert-list img, #filters img, #legend img').length,
    handlers: document.querySelectorAll('[onerror], [onmouseover], [onload]').length,
    panel: document.querySelector('#event-panel').textContent,
    alertText: document.querySelector('#alert-list').textContent,
  }));
  check('injected script did not run', hostile.pwned === null, hostile.pwned);
  check('no injected elements', hostile.scripts === 0 && hostile.images === 0 && hostile.handlers === 0,
    JSON.stringify([hostile.scripts, hostile.images, hostile.handlers]));
  check('injected title shown as text', hostile.panel.includes('<script>window.__pwned=1</script>'), '');
  check('injected alert summary shown as text', hostile.alertText.includes('<img src=x'), '');
  check('no page errors or outside requests', problems.length === 0, problems.join(' | '));
}

// A store of real volume (the FA-KES dev file): clustering, linked alert filters,
// downloads of the view, and a shared link that reopens the same view.
async function runVolume(page, context) {
  watch(page);
  await open(page, opts.url);
  const events = await total(page);
  const shown = await page.locator('.event-marker, .event-cluster').count();
  check('markers cluster', (await page.locator('.event-cluster').count()) > 0 && shown < events / 4, `${shown} map items for ${events} events`);
  check('no arrows until an actor is picked', (await page.locator('path.track-arrow, path.track-line').count()) === 0, '');
  const labels = await page.locator('.place-label').count();
  check('a few place labels', labels > 0 && labels <= 20, labels);
  check('histogram has a date axis', (await page.locator('#histogram text.axis-label').count()) >= 3, '');

  const all = await cards(page);
  // Every alert the API holds is in the list (a store of real volume has several, for the filters below).
  const stored = (await (await page.request.get(new URL('api/alerts', opts.url).href)).json()).alerts.length;
  check('every alert listed', all.length === stored && stored >= 3, `${all.length} of ${stored}`);
  if (!all.length || !events) {
    check('the store has events and alerts', false, `${events} events, ${all.length} alerts: was the store built?`);
    return;
  }
  check('severity shown on every alert', all.every((a) => /^(high|medium|low) \d\.\d\d$/.test(a.badge)), '');
  // Screenshot: the most severe alert, its actor's moves, and its evidence open.
  await page.locator('#alert-filters select[name="order"]').selectOption('severity');
  await settled(page);
  const first = (await cards(page)).find((a) => a.actor) || all[0];
  if (first.actor) await page.locator('#filters select[name="tracks"]').selectOption([first.actor]);
  await settled(page);
  await page.locator(`button[data-alert-id="${first.id}"]`).click();
  await page.waitForSelector('#event-panel .sentence', { timeout: 10000 });
  if (opts.screenshot) { await page.waitForTimeout(1500); await page.screenshot({ path: opts.screenshot }); }
  await page.locator('#filters select[name="tracks"]').selectOption([]);
  await page.locator('#alert-filters select[name="order"]').selectOption('newest');
  await settled(page);

  // Alert filters: kind, then severity, then the map's actor filter, which the list follows.
  const kinds = new Map();
  for (const a of all) kinds.set(a.kind, (kinds.get(a.kind) || 0) + 1);
  const kind = [...kinds.entries()].sort((a, b) => b[1] - a[1])[0][0];
  await page.locator('#alert-filters select[name="kind"]').selectOption(kind);
  await settled(page);
  const ofKind = await cards(page);
  check('alert kind filter works', ofKind.length === kinds.get(kind) && ofKind.every((a) => a.kind === kind), `${kind}: ${ofKind.length} of ${kinds.get(kind)}`);
  await page.locator('#alert-filters select[name="min_severity"]').selectOption('0.5');
  await settled(page);
  const severe = await cards(page);
  const expected = ofKind.filter((a) => a.severity >= 0.5).length;
  check('alert severity filter works', severe.length === expected && severe.every((a) => a.severity >= 0.5), `${severe.length} of ${expected}`);
  await page.locator('#alert-filters select[name="min_severity"]').selectOption('');
  await settled(page);
  const actor = (await cards(page)).find((a) => a.actor)?.actor;
  await page.locator('#filters select[name="actor"]').selectOption(actor);
  await settled(page);
  const ofActor = await cards(page);
  const narrowed = await total(page);
  check('the actor filter filters the alerts too', ofActor.length > 0 && ofActor.every((a) => a.actor === actor) && narrowed < events,
    `${actor}: ${ofActor.length} alerts, ${narrowed} of ${events} events`);
  check('the actor filter draws its moves', (await page.locator('#legend .track-entry').count()) === 1, '');

  // Downloads of this view through the API's own formats.
  const csv = await page.locator('#downloads a.csv').first().getAttribute('href');
  const geojson = await page.locator('#downloads a.geojson').first().getAttribute('href');
  const csvBody = await (await page.request.get(new URL(csv, opts.url).href)).text();
  const geoBody = await (await page.request.get(new URL(geojson, opts.url).href)).json();
  check('CSV download holds this view', csv.includes('format=csv') && csv.includes('actor=') && csvBody.split('\n').filter(Boolean).length === Math.min(narrowed, 1000) + 1,
    `${csvBody.split('\n').filter(Boolean).length - 1} rows for ${narrowed}`);
  check('GeoJSON download holds this view', geoBody.type === 'FeatureCollection' && geoBody.total === narrowed, `${geoBody.total}`);

  // A shared link: the same filters, dates, alert filters and map view in a fresh page.
  await page.locator('#since').fill('2015-01-01');
  await page.locator('#since').dispatchEvent('change');
  await settled(page);
  await page.locator('#alert-filters select[name="order"]').selectOption('severity');
  const zoomOf = () => page.evaluate(() => Number((new URLSearchParams(window.location.hash.slice(1)).get('map') || '0,0,0').split(',')[2]));
  const zoom = await zoomOf();
  await page.locator('.leaflet-control-zoom-in').click();
  // The URL follows the map when its zoom animation ends.
  await page.waitForFunction((z) => (new URLSearchParams(window.location.hash.slice(1)).get('map') || '').endsWith(`,${z + 1}`), zoom, { timeout: 10000 });
  await settled(page);
  const link = page.url();
  const view = async (p) => ({
    actor: await p.locator('#filters select[name="actor"]').inputValue(),
    kind: await p.locator('#alert-filters select[name="kind"]').inputValue(),
    order: await p.locator('#alert-filters select[name="order"]').inputValue(),
    since: await p.locator('#since').inputValue(), until: await p.locator('#until').inputValue(),
    summary: await p.locator('#summary').textContent(), alerts: (await cards(p)).map((a) => a.id).join(','),
    map: await p.evaluate(() => new URLSearchParams(window.location.hash.slice(1)).get('map')),
  });
  // Leaflet puts the centre on a whole pixel, so a restored centre may move by a pixel.
  const sameMap = (a, b) => {
    const [x, y] = [a.split(',').map(Number), b.split(',').map(Number)];
    return x[2] === y[2] && Math.abs(x[0] - y[0]) < 0.05 && Math.abs(x[1] - y[1]) < 0.05;
  };
  const here = await view(page);
  const other = await context.newPage();
  watch(other);
  await open(other, link);
  await other.waitForLoadState('networkidle');
  const there = await view(other);
  check('a shared link restores the view', JSON.stringify({ ...here, map: 0 }) === JSON.stringify({ ...there, map: 0 })
    && sameMap(here.map, there.map) && here.since === '2015-01-01' && here.kind === kind,
    `${JSON.stringify(here)} vs ${JSON.stringify(there)}`);
  check('no page errors or outside requests', problems.length === 0, problems.join(' | '));
}

// Corrections and dismissals through the page, with the token typed in.
async function runReview(page) {
  watch(page);
  await open(page, opts.url);
  check('analyst access offered', await page.locator('#analyst').isVisible(), '');
  const before = (await cards(page)).length;
  await page.locator(`button[data-alert-id="${opts.alert}"]`).click();
  await page.waitForSelector('#event-panel .dismiss-form', { timeout: 10000 });
  await page.locator('#event-panel .dismiss-form input[name="why"]').fill('the evidence is a year old');
  await page.locator('#event-panel .dismiss-form button[type="submit"]').click();
  await page.waitForTimeout(300);
  check('no write without the token', (await page.locator('#event-panel .dismiss-form .form-result').textContent()).includes('token')
    && (await cards(page)).length === before, '');
  await page.locator('#analyst summary').click();
  await page.locator('#token').fill(opts.review);
  await page.locator('#event-panel .dismiss-form button[type="submit"]').click();
  await settled(page);
  const after = await cards(page);
  check('a dismissed alert leaves the list', after.length === before - 1 && !after.some((a) => a.id === opts.alert), `${after.length} of ${before}`);
  await page.locator('#alert-filters input[name="include_dismissed"]').check();
  await settled(page);
  check('dismissed alerts can be shown, marked', (await page.locator(`button.dismissed[data-alert-id="${opts.alert}"]`).count()) === 1, '');
  await page.locator(`button[data-alert-id="${opts.alert}"]`).click();
  await page.waitForSelector('#event-panel .dismiss-form button', { timeout: 10000 });
  await page.locator('#event-panel .dismiss-form button', { hasText: 'Restore' }).click();
  await settled(page);
  check('a dismissed alert can be restored', (await page.locator(`button.dismissed[data-alert-id="${opts.alert}"]`).count()) === 0
    && (await page.locator(`button[data-alert-id="${opts.alert}"]`).count()) === 1, '');

  await page.waitForSelector('#event-panel details.review', { timeout: 10000 });
  await page.locator('#event-panel details.review summary').click();
  await page.locator('#event-panel .correction-form select[name="status"]').selectOption('denied');
  await page.locator('#event-panel .correction-form input[name="note"]').fill('the ministry denied it the next day');
  await page.locator('#event-panel .correction-form button[type="submit"]').click();
  await page.waitForSelector('#event-panel .corrected', { timeout: 10000 });
  const panel = await page.locator('#event-panel').textContent();
  check('a correction is saved and shown', panel.includes('Corrected by an analyst') && panel.includes('the ministry denied it'), panel.slice(0, 300));
  check('the corrected status is shown', (await page.locator('#event-panel h3 .badge').textContent()) === 'denied', '');
  await page.locator('#event-panel button.withdraw').click();
  await page.waitForFunction(() => !document.querySelector('#event-panel .corrected'), null, { timeout: 10000 });
  check('corrections can be withdrawn', true, '');
  check('no page errors or outside requests', problems.filter((p) => !p.includes('401')).length === 0, problems.join(' | '));
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
    if (opts['missing-vendor']) await runWithoutVendor(page);
    else if (opts.volume) await runVolume(page, context);
    else if (opts.review) await runReview(page);
    else await run(page);
  } catch (err) {
    check('dashboard test ran to the end', false, `${err.message} ${err.stack ? err.stack.split('\n').filter((l) => l.includes('dashboard-test')).join(' ') : ''}`);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
  const failed = Object.entries(checks).filter(([, c]) => !c.ok).map(([name]) => name);
  console.log(JSON.stringify({ launched: true, checks, failed }));
  process.exit(failed.length ? 1 : 0);
}

main();
