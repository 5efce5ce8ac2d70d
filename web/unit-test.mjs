// Unit tests of the dashboard's pure parts, run by node without a browser:
//   node web/unit-test.mjs    (prints one JSON object; exit code 1 when a check failed)
import assert from 'node:assert/strict';

const failures = [];
const passed = [];
async function test(name, body) {
  try { await body(); passed.push(name); } catch (err) { failures.push(`${name}: ${err.message}`); }
}

// The URL helpers read window.location and call history.replaceState.
const fakeWindow = { location: { hash: '', pathname: '/', href: 'http://x/' },
  history: { replaceState(_, __, url) { fakeWindow.location.hash = url.startsWith('#') ? url : ''; fakeWindow.location.href = `http://x/${url}`; } } };
globalThis.window = fakeWindow;

const { everyDay, ticks } = await import('../src/tocsin/api/static/timeline.js');
const { alertMatches, severityLevel } = await import('../src/tocsin/api/static/alerts.js');
const { readView, writeView } = await import('../src/tocsin/api/static/viewstate.js');
const { localTime } = await import('../src/tocsin/api/static/panel.js');

await test('every day is kept, empty days as zero', () => {
  const days = everyDay([{ date: '2014-02-27', events: 2 }, { date: '2014-03-02', events: 1 }]);
  assert.deepEqual(days.map((d) => d.events), [2, 0, 0, 1]);   // 2014 has no 29 February
  assert.equal(days[2].date, '2014-03-01');
});

await test('axis ticks: weeks for a month, months for a year, years for a decade', () => {
  const span = (first, n) => everyDay([{ date: first, events: 1 }, { date: new Date(Date.parse(`${first}T00:00:00Z`) + (n - 1) * 864e5).toISOString().slice(0, 10), events: 1 }]);
  const month = ticks(span('2014-03-01', 31));
  assert.ok(month.length >= 4 && month.every((t) => /^\d+ Mar$/.test(t.label)), JSON.stringify(month));
  const year = ticks(span('2014-01-01', 365)).map((t) => t.label);
  assert.deepEqual(year, ['2014', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']);
  const decade = ticks(span('2010-06-01', 3650)).map((t) => t.label);
  assert.deepEqual(decade, ['2011', '2012', '2013', '2014', '2015', '2016', '2017', '2018', '2019', '2020']);
});

await test('alert filters: kind, severity, actor, region, dates, dismissed', () => {
  const alert = { kind: 'movement', severity: 0.62, actor: 'Islamic State', region: 'Raqqa and Deir ez-Zor',
    fired_at: '2014-03-14T09:00:00', dismissed: null };
  assert.ok(alertMatches(alert, {}));
  assert.ok(alertMatches(alert, { kind: 'movement', minSeverity: 0.5, actor: 'islamic state', region: 'raqqa' }));
  assert.ok(!alertMatches(alert, { kind: 'surge' }));
  assert.ok(!alertMatches(alert, { minSeverity: 0.75 }));
  assert.ok(!alertMatches(alert, { actor: 'Free Syrian Army' }));
  assert.ok(!alertMatches(alert, { since: '2014-03-15' }));
  assert.ok(alertMatches(alert, { since: '2014-03-14', until: '2014-03-14' }));
  assert.ok(!alertMatches({ ...alert, dismissed: { why: 'old' } }, {}));
  assert.ok(alertMatches({ ...alert, dismissed: { why: 'old' } }, { includeDismissed: true }));
  assert.deepEqual([0.9, 0.75, 0.5, 0.49].map(severityLevel), ['high', 'high', 'medium', 'low']);
});

await test('a view survives the URL and back', () => {
  const view = { events: { actor: 'Islamic State', type: 'Battles', country: 'Syria' }, since: '2014-03-01', until: '2014-06-30',
    inView: true, tracks: ['Islamic State', 'Free Syrian Army'], follow: false,
    alerts: { kind: 'movement', min_severity: '0.5', order: 'severity', dismissed: '1' }, map: ['35.100', '39.000', '6'],
    event: 'e-1', alert: 'mv-2' };
  writeView(view);
  const back = readView(fakeWindow.location.hash);
  assert.deepEqual(back.events, view.events);
  assert.deepEqual(back.alerts, view.alerts);
  assert.deepEqual(back.tracks, view.tracks);
  assert.deepEqual([back.since, back.until, back.inView, back.follow, back.event, back.alert], [view.since, view.until, true, false, 'e-1', 'mv-2']);
  assert.deepEqual(back.map, [35.1, 39, 6]);
});

await test('a hand-edited URL cannot inject bad dates or a bad map', () => {
  const view = readView('#since=yesterday&until=2014-13-99x&map=1,2&track=a&track=b&track=c&track=d&track=e');
  assert.equal(view.since, null);
  assert.equal(view.until, null);
  assert.equal(view.map, null);
  assert.equal(view.tracks.length, 4);
});

await test('publication time in the source zone', () => {
  assert.equal(localTime('2019-06-03T20:15:00', -240), '2019-06-03 16:15 UTC-04:00');
  assert.equal(localTime('2014-03-20T15:05:00', 180), '2014-03-20 18:05 UTC+03:00');
  assert.equal(localTime('2014-03-20T15:05:00', null), '2014-03-20 15:05 UTC');
  assert.equal(localTime(null, null), 'unknown time');
});

console.log(JSON.stringify({ passed, failures }));
process.exit(failures.length ? 1 : 0);
