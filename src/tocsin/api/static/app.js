// The tocsin dashboard: filters, time bar, alerts, event panel and map, with the
// whole view kept in the URL so that a link reopens it.
import { ALERT_KINDS, AlertList } from './alerts.js';
import { correctionForm, dismissForm } from './corrections.js';
import { clear, el, getJSON } from './dom.js';
import { showEvent } from './panel.js';
import { EventMap, TRACK_COLOURS, TYPE_COLOURS, colour } from './map.js';
import { Timeline } from './timeline.js';
import { EVENT_FIELDS, readView, setSelect, writeView } from './viewstate.js';

const MAX_PAGES = 5;
const MAX_TRACKS = TRACK_COLOURS.length;
const state = { config: {}, map: null, timeline: null, alerts: null, total: 0, tracks: [], event: null, alert: null, review: false };
const $ = (id) => document.getElementById(id);
const filters = () => $('filters').elements;
const alertFilters = () => $('alert-filters').elements;

// How many loads are running, in <body data-busy>, so tests can wait for the page to settle.
let pending = 0;
function busy(promise) {
  pending += 1;
  document.body.dataset.busy = String(pending);
  return promise.finally(() => { pending -= 1; document.body.dataset.busy = String(pending); });
}

function notice(...parts) {
  const box = $('notice');
  clear(box).append(...parts);
  box.hidden = false;
}

function filterParams(withDates = true) {
  const form = new FormData($('filters'));
  const params = new URLSearchParams();
  for (const key of EVENT_FIELDS) {
    const value = String(form.get(key) || '').trim();
    if (value) params.set(key, value);
  }
  if (form.get('in_view') && state.map) params.set('bbox', state.map.bboxString());
  const range = state.timeline && state.timeline.range();
  if (withDates && range) {
    params.set('since', range[0]);
    params.set('until', range[1]);
  }
  return params;
}

function chosenTracks() {
  return [...filters().tracks.selectedOptions].map((o) => o.value).slice(0, MAX_TRACKS);
}

// -- the URL -------------------------------------------------------------------------
function currentView() {
  const form = filters();
  const events = {};
  for (const key of EVENT_FIELDS) if (String(form[key].value || '').trim()) events[key] = String(form[key].value).trim();
  const range = state.timeline.range();
  const full = state.timeline.days.length ? [state.timeline.days[0].date, state.timeline.days[state.timeline.days.length - 1].date] : null;
  const a = alertFilters();
  return {
    events, tracks: chosenTracks(), inView: form.in_view.checked, follow: a.follow.checked,
    since: range && full && range[0] !== full[0] ? range[0] : null,
    until: range && full && range[1] !== full[1] ? range[1] : null,
    alerts: { kind: a.kind.value, min_severity: a.min_severity.value, order: a.order.value === 'newest' ? '' : a.order.value,
      dismissed: a.include_dismissed.checked ? '1' : '' },
    map: state.map ? state.map.view() : null, event: state.event, alert: state.alert,
  };
}

function saveView() { if (state.timeline) writeView(currentView()); }

function applyView(view) {
  const form = filters();
  for (const key of EVENT_FIELDS) {
    if (form[key].tagName === 'SELECT') setSelect(form[key], view.events[key] || '');
    else form[key].value = view.events[key] || '';
  }
  form.in_view.checked = view.inView;
  for (const name of view.tracks) setSelect(form.tracks, name);
  for (const option of form.tracks.options) option.selected = view.tracks.includes(option.value);
  const a = alertFilters();
  a.kind.value = view.alerts.kind || '';
  a.min_severity.value = view.alerts.min_severity || '';
  a.order.value = view.alerts.order || 'newest';
  a.follow.checked = view.follow;
  a.include_dismissed.checked = view.alerts.dismissed === '1';
  if (view.map && state.map) state.map.setView(...view.map);
}

// -- filters -------------------------------------------------------------------------
async function fillFilterChoices() {
  const [actors, stats] = await Promise.all([getJSON('/api/actors?limit=300'), getJSON('/api/stats')]);
  const form = filters();
  for (const actor of actors.actors) {
    form.actor.append(el('option', { value: actor.name }, `${actor.name} (${actor.events})`));
    form.tracks.append(el('option', { value: actor.name }, actor.name));
  }
  const types = new Set();
  const subTypes = new Set();
  for (const pair of Object.keys(stats.events_by_type)) {
    const [type, sub] = pair.split(' / ');
    types.add(type);
    if (sub) subTypes.add(sub);
  }
  form.type.append(el('optgroup', { label: 'Event type' }, ...[...types].sort().map((t) => el('option', { value: t }, t))));
  form.type.append(el('optgroup', { label: 'Sub-event type' }, ...[...subTypes].sort().map((t) => el('option', { value: t }, t))));
  for (const kind of ALERT_KINDS) alertFilters().kind.append(el('option', { value: kind }, kind.replace('_', ' ')));
}

// -- events, tracks, downloads -------------------------------------------------------
async function loadTimeline(wanted) {
  const body = await getJSON(`/api/timeline?${filterParams(false)}`);
  state.timeline.load(body.days, wanted);
}

async function loadEvents() {
  const params = filterParams();
  const size = state.config.max_page_size || 1000;
  params.set('limit', String(size));
  const events = [];
  let total = 0;
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    params.set('page', String(page));
    const body = await getJSON(`/api/events?${params}`);
    events.push(...body.events);
    total = body.total;
    if (page >= body.pages) break;
  }
  state.total = total;
  $('summary').textContent = events.length < total ? `${events.length} of ${total} events shown (narrow the filters to see the rest)`
    : `${total} events`;
  $('summary').dataset.total = String(total);
  if (state.map) state.map.showEvents(events);
  drawDownloads(total, size);
}

// The API's own CSV and GeoJSON of this view, a page of events per file.
function drawDownloads(total, size) {
  const box = clear($('downloads'));
  const pages = Math.max(1, Math.ceil(total / size));
  box.append('Download this view:');
  for (const format of ['csv', 'geojson']) {
    for (let page = 1; page <= pages; page += 1) {
      const params = filterParams();
      params.set('format', format);
      params.set('limit', String(size));
      params.set('page', String(page));
      const part = pages > 1 ? ` ${(page - 1) * size + 1}–${Math.min(total, page * size)}` : '';
      box.append(' ', el('a', { href: `/api/events?${params}`, download: `tocsin-events${pages > 1 ? `-${page}` : ''}.${format}`,
        class: `download ${format}` }, `${format === 'csv' ? 'CSV' : 'GeoJSON'}${part}`));
    }
  }
}

async function loadTracks() {
  state.tracks = [];
  if (!state.map) return;
  state.map.clearTracks();
  const picked = chosenTracks();
  const names = picked.length ? picked : (filters().actor.value ? [filters().actor.value] : []);
  const range = state.timeline.range();
  const dates = range ? `?since=${range[0]}&until=${range[1]}` : '';
  for (const [index, name] of names.entries()) {
    try {
      const track = await getJSON(`/api/actors/${encodeURIComponent(name)}/track${dates}`);
      state.tracks.push({ name, colour: TRACK_COLOURS[index % TRACK_COLOURS.length], moves: state.map.addTrack(track, index) });
    } catch (err) {
      state.tracks.push({ name, colour: TRACK_COLOURS[index % TRACK_COLOURS.length], moves: 0, error: err.message });
    }
  }
  drawLegend();
}

function alertScope() {
  const a = alertFilters();
  const scope = { kind: a.kind.value, minSeverity: Number(a.min_severity.value) || 0, includeDismissed: a.include_dismissed.checked };
  if (a.follow.checked) {
    const range = state.timeline.range();
    const full = state.timeline.days;
    scope.actor = filters().actor.value;
    scope.region = filters().admin1.value.trim();
    if (range && full.length && (range[0] !== full[0].date || range[1] !== full[full.length - 1].date)) {
      [scope.since, scope.until] = range;
    }
  }
  return scope;
}

async function loadAlerts() {
  await state.alerts.load(alertScope(), alertFilters().order.value);
  if (state.alert) state.alerts.select(state.alert);
}

function refresh(options = {}) { return busy(reload(options)); }

async function reload({ timeline = false, wanted } = {}) {
  try {
    if (timeline) await loadTimeline(wanted);
    await loadEvents();
    await Promise.all([loadTracks(), loadAlerts()]);
  } catch (err) {
    notice(`Could not load events: ${err.message}`);
  }
  saveView();
}

// -- the event panel and alerts ---------------------------------------------------------
// What the review forms need: the token, and what to reload after a write.
function reviewContext(reopen) {
  return { token: () => $('token').value.trim(), busy,
    onSaved: () => { state.alerts.total = 0; refresh().then(reopen); } };
}

function openEvent(eventId, context = null) {
  state.event = eventId;
  saveView();
  const extra = state.review ? (e) => correctionForm(e, reviewContext(() => openEvent(eventId, context))) : null;
  return showEvent(eventId, context, { extra });
}

function alertContext(alert) {
  const list = el('ul', { class: 'evidence-list' });
  for (const ev of alert.evidence_events) {
    list.append(el('li', {}, el('button', { type: 'button', class: 'linkish', onclick: () => openEvent(ev.id, alertContext(alert)) },
      `${ev.date || '?'} · ${ev.sub_event_type} · ${ev.place || '?'}`)));
  }
  const review = state.review ? dismissForm(alert, reviewContext(() => {
    const again = state.alerts.find(alert.id);
    if (again) pickAlert(again, { fit: false });
  })) : null;
  return el('div', { class: 'alert-context' }, el('p', { class: 'alert-summary' }, alert.summary),
    el('p', { class: 'meta' }, `${alert.kind.replace('_', ' ')} · severity ${Number(alert.severity).toFixed(2)} · fired ${(alert.fired_at || '').slice(0, 16).replace('T', ' ')}`),
    alert.dismissed ? el('p', { class: 'dismissed-note' }, `Dismissed by an analyst: ${alert.dismissed.why}`) : null,
    el('p', { class: 'meta' }, 'Evidence:'), list, review);
}

function pickAlert(alert, { fit = true } = {}) {
  state.alert = alert.id;
  if (state.map) {
    if (fit) state.map.fitTo(alert.bbox);
    state.map.ring(alert.evidence_events);
  }
  if (alert.evidence_events.length) openEvent(alert.evidence_events[0].id, alertContext(alert));
  else clear($('event-panel')).append(alertContext(alert));
  saveView();
}

function drawLegend() {
  const legend = clear($('legend'));
  for (const [type, fill] of Object.entries(TYPE_COLOURS)) {
    const swatch = el('span', { class: 'swatch' });
    swatch.style.background = fill;
    legend.append(el('div', {}, swatch, type));
  }
  const other = el('span', { class: 'swatch' });
  other.style.background = colour('None');
  legend.append(el('div', {}, other, 'other'), el('div', { class: 'meta' }, 'dot size: independent sources; circles with a number: clusters'));
  if (!state.tracks.length) {
    legend.append(el('div', { class: 'meta' }, 'Pick actors under "Movement arrows for" to draw their moves.'));
    return;
  }
  legend.append(el('div', { class: 'legend-head' }, 'Movement arrows'));
  for (const track of state.tracks) {
    const line = el('span', { class: 'line-swatch' });
    line.style.borderColor = track.colour;
    legend.append(el('div', { class: 'track-entry' }, line, `${track.name}${track.error ? ` (${track.error})` : ` (${track.moves})`}`));
  }
  legend.append(el('div', { class: 'meta' }, el('span', { class: 'line-swatch solid' }), 'reported move  ',
    el('span', { class: 'line-swatch dashed' }), 'shift of weekly centre'));
}

async function copyLink() {
  const url = writeView(currentView());
  try {
    await navigator.clipboard.writeText(url);
    $('copy-link').textContent = 'Link copied';
  } catch (err) {
    window.prompt('Copy this link:', url);
  }
  setTimeout(() => { $('copy-link').textContent = 'Copy link to this view'; }, 2000);
}

function wire() {
  const form = $('filters');
  form.addEventListener('change', (ev) => {
    if (ev.target.name === 'tracks') {
      const picked = [...ev.target.selectedOptions];
      picked.slice(MAX_TRACKS).forEach((o) => { o.selected = false; });
      busy(loadTracks().then(saveView));
    } else if (ev.target.id !== 'since' && ev.target.id !== 'until') {
      refresh({ timeline: true });
    }
  });
  form.addEventListener('submit', (ev) => { ev.preventDefault(); refresh({ timeline: true }); });
  form.addEventListener('reset', () => setTimeout(() => refresh({ timeline: true, wanted: null }), 0));
  $('alert-filters').addEventListener('change', () => busy(loadAlerts().then(saveView)));
  $('copy-link').addEventListener('click', copyLink);
  window.addEventListener('hashchange', () => {
    const view = readView();
    applyView(view);
    refresh({ timeline: true, wanted: [view.since, view.until] });
  });
}

async function start() {
  state.config = await getJSON('/dashboard-config.json');
  state.timeline = new Timeline({ chart: $('histogram'), from: $('from'), to: $('to'), since: $('since'), until: $('until'),
    label: $('range-label'), onChange: () => refresh() });
  state.alerts = new AlertList({ list: $('alert-list'), count: $('alert-count'), onPick: pickAlert });
  if (typeof L === 'undefined' || typeof topojson === 'undefined' || !state.config.vendor) {
    notice('The map libraries are not installed, so the map is off. On the server run ',
      el('code', {}, 'npm ci --prefix web'), ' and reload this page. Alerts and event details still work.');
  } else {
    state.map = new EventMap('map', state.config, (id) => openEvent(id));
    state.map.loadOutlines().catch((err) => notice(err.message));
    state.map.map.on('moveend', () => { if (filters().in_view.checked) refresh(); else saveView(); });
    if (!state.map.clustered) notice('Marker clustering is missing: run ', el('code', {}, 'npm ci --prefix web'), '.');
  }
  const health = await getJSON('/api/health');
  state.review = Boolean(health.writable);
  $('analyst').hidden = !state.review;
  await fillFilterChoices();
  const view = readView();
  applyView(view);
  state.event = view.event;
  state.alert = view.alert;
  wire();
  await refresh({ timeline: true, wanted: [view.since, view.until] });
  drawLegend();
  // A shared link's map view wins over the open alert's own extent.
  if (view.alert && state.alerts.find(view.alert)) pickAlert(state.alerts.find(view.alert), { fit: !view.map });
  else if (view.event) openEvent(view.event);
  if (view.map && state.map) state.map.setView(...view.map);
  document.body.dataset.ready = 'true';
}

start().catch((err) => { console.error(err && err.stack ? err.stack : String(err)); notice(`The dashboard could not start: ${err && err.message ? err.message : err}`); });
