// The tocsin dashboard: filters, time slider, alert list, event panel, map.
import { clear, el, getJSON, highlighted, safeLink, svg } from './dom.js';
import { EventMap, TYPE_COLOURS, colour } from './map.js';

const MAX_PAGES = 5;
const TOP_TRACKS = 3;
const FILTER_KEYS = ['actor', 'type', 'status', 'country', 'admin1', 'min_sources'];
const state = { config: {}, map: null, days: [], from: 0, to: 0, actors: [] };
const $ = (id) => document.getElementById(id);

function notice(...parts) {
  const box = $('notice');
  clear(box).append(...parts);
  box.hidden = false;
}

function filterParams(withDates = true) {
  const form = new FormData($('filters'));
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = String(form.get(key) || '').trim();
    if (value) params.set(key, value);
  }
  if (form.get('in_view') && state.map) params.set('bbox', state.map.bboxString());
  if (withDates && state.days.length) {
    params.set('since', state.days[state.from].date);
    params.set('until', state.days[state.to].date);
  }
  return params;
}

// -- filters -------------------------------------------------------------------------
async function fillFilterChoices() {
  const [actors, stats] = await Promise.all([getJSON('/api/actors?limit=300'), getJSON('/api/stats')]);
  state.actors = actors.actors;
  const actorSelect = $('filters').elements.actor;
  for (const actor of actors.actors) actorSelect.append(el('option', { value: actor.name }, `${actor.name} (${actor.events})`));
  const types = new Set();
  const subTypes = new Set();
  for (const pair of Object.keys(stats.events_by_type)) {
    const [type, sub] = pair.split(' / ');
    types.add(type);
    if (sub) subTypes.add(sub);
  }
  const typeSelect = $('filters').elements.type;
  typeSelect.append(el('optgroup', { label: 'Event type' }, ...[...types].sort().map((t) => el('option', { value: t }, t))));
  typeSelect.append(el('optgroup', { label: 'Sub-event type' }, ...[...subTypes].sort().map((t) => el('option', { value: t }, t))));
}

// -- time slider and histogram -------------------------------------------------------
async function loadTimeline() {
  const chosen = state.days.length ? [state.days[state.from].date, state.days[state.to].date] : null;
  const body = await getJSON(`/api/timeline?${filterParams(false)}`);
  state.days = everyDay(body.days);
  const last = Math.max(state.days.length - 1, 0);
  const find = (day, fallback) => { const i = state.days.findIndex((d) => d.date === day); return i < 0 ? fallback : i; };
  state.from = chosen ? find(chosen[0], 0) : 0;
  state.to = chosen ? find(chosen[1], last) : last;
  for (const input of [$('from'), $('to')]) input.max = String(last);
  $('from').value = String(state.from);
  $('to').value = String(state.to);
  drawHistogram();
}

// Days with no events are kept as zero bars, so the slider moves in real time.
function everyDay(days) {
  if (!days.length) return [];
  const counts = new Map(days.map((d) => [d.date, d.events]));
  const out = [];
  const end = new Date(`${days[days.length - 1].date}T00:00:00Z`);
  for (let day = new Date(`${days[0].date}T00:00:00Z`); day <= end && out.length < 20000; day.setUTCDate(day.getUTCDate() + 1)) {
    const iso = day.toISOString().slice(0, 10);
    out.push({ date: iso, events: counts.get(iso) || 0 });
  }
  return out;
}

function drawHistogram() {
  const chart = clear($('histogram'));
  const days = state.days;
  chart.setAttribute('viewBox', `0 0 ${Math.max(days.length, 1)} 100`);
  chart.setAttribute('preserveAspectRatio', 'none');
  const top = Math.max(1, ...days.map((d) => d.events));
  days.forEach((day, i) => {
    if (!day.events) return;
    const height = Math.max(2, (day.events / top) * 100);
    const bar = svg('rect', { x: i, y: 100 - height, width: 0.9, height, class: i >= state.from && i <= state.to ? 'in' : '' });
    const tip = svg('title');
    tip.textContent = `${day.date}: ${day.events} events`;
    bar.append(tip);
    chart.append(bar);
  });
  $('range-label').textContent = days.length ? `${days[state.from].date} – ${days[state.to].date}` : 'no dated events';
}

function onSlide(event) {
  state.from = Number($('from').value);
  state.to = Number($('to').value);
  if (state.from > state.to) {
    if (event.target.id === 'from') state.to = state.from; else state.from = state.to;
    $('from').value = String(state.from);
    $('to').value = String(state.to);
  }
  drawHistogram();
}

// -- events and tracks ---------------------------------------------------------------
async function loadEvents() {
  const params = filterParams();
  params.set('limit', String(state.config.max_page_size || 1000));
  const events = [];
  let total = 0;
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    params.set('page', String(page));
    const body = await getJSON(`/api/events?${params}`);
    events.push(...body.events);
    total = body.total;
    if (page >= body.pages) break;
  }
  $('summary').textContent = `${events.length} of ${total} events shown`;
  if (state.map) state.map.showEvents(events);
}

async function loadTracks() {
  if (!state.map) return;
  state.map.clearTracks();
  const chosen = $('filters').elements.actor.value;
  const names = chosen ? [chosen] : state.actors.slice(0, TOP_TRACKS).map((a) => a.name);
  const since = state.days.length ? `?since=${state.days[state.from].date}&until=${state.days[state.to].date}` : '';
  for (const [index, name] of names.entries()) {
    const track = await getJSON(`/api/actors/${encodeURIComponent(name)}/track${since}`);
    state.map.addTrack(track, index);
  }
}

async function refresh({ timeline = false } = {}) {
  try {
    if (timeline) await loadTimeline();
    await loadEvents();
    await loadTracks();
  } catch (err) {
    notice(`Could not load events: ${err.message}`);
  }
}

// -- event panel ---------------------------------------------------------------------
function statusBadge(status) { return el('span', { class: `badge ${status}`, title: 'epistemic status' }, status); }

function sourceLine(record) {
  const article = record.article || {};
  const said = record.attribution;
  return el('p', { class: 'meta' },
    article.source ? `${article.source}: ` : '',
    article.url ? safeLink(article.url, article.title || article.url) : (article.title || article.id || ''),
    article.published ? ` (${article.published.slice(0, 10)})` : '',
    said ? ` · according to ${said.name || said.text} (${said.kind})` : '');
}

function articleButton(articleId) {
  const holder = el('div');
  const button = el('button', { type: 'button', onclick: async () => {
    button.disabled = true;
    const body = await getJSON(`/api/articles/${encodeURIComponent(articleId)}`);
    holder.append(el('p', { class: 'article-text' }, body.article.text));
  } }, 'Show article text');
  holder.append(button);
  return holder;
}

async function showEvent(eventId, context = null) {
  const panel = clear($('event-panel'));
  if (context) panel.append(context);
  let body;
  try {
    body = await getJSON(`/api/events/${encodeURIComponent(eventId)}`);
  } catch (err) {
    panel.append(el('p', { class: 'hint' }, err.message));
    return;
  }
  const e = body.event;
  const where = e.location ? [e.location.name, e.location.admin1, e.location.country].filter(Boolean).join(', ') : 'unknown place';
  panel.append(
    el('h3', { class: 'event-title' }, el('span', {}, e.sub_event_type), ' ', statusBadge(e.status)),
    el('p', { class: 'meta' }, `${e.event_type} · ${e.date || 'undated'} (${e.date_precision}) · ${where}`),
    el('p', {}, [e.actor1 && e.actor1.name, e.actor2 && e.actor2.name].filter(Boolean).join(' → ') || 'actors unknown',
      e.fatalities !== null && e.fatalities !== undefined ? ` · ${e.fatalities} killed` : ''),
    highlighted(e.evidence.sentence, e.highlights),
    sourceLine(e),
    el('p', { class: 'meta' }, `${e.sources.articles} reports, ${e.sources.independent} independent`),
    articleButton(e.article.id),
  );
  if (body.mentions.length) {
    panel.append(el('h4', {}, `Other reports of this event (${body.mentions.length})`));
    for (const m of body.mentions) {
      panel.append(el('div', { class: 'mention' }, statusBadge(m.status), ' ', sourceLine(m), highlighted(m.evidence.sentence, m.highlights)));
    }
  }
}

// -- alerts --------------------------------------------------------------------------
function alertContext(alert) {
  const list = el('ul', { class: 'evidence-list' });
  for (const ev of alert.evidence_events) {
    list.append(el('li', {}, el('button', { type: 'button', class: 'linkish', onclick: () => showEvent(ev.id, alertContext(alert)) },
      `${ev.date || '?'} · ${ev.sub_event_type} · ${ev.place || '?'}`)));
  }
  return el('div', { class: 'alert-context' }, el('p', { class: 'alert-summary' }, alert.summary),
    el('p', { class: 'meta' }, 'Evidence:'), list);
}

async function loadAlerts() {
  const body = await getJSON('/api/alerts');
  const list = clear($('alert-list'));
  if (!body.alerts.length) list.append(el('li', { class: 'hint' }, 'No alerts.'));
  for (const alert of [...body.alerts].reverse()) {
    const button = el('button', { type: 'button', class: 'alert', 'data-alert-id': alert.id },
      el('strong', {}, alert.summary),
      el('div', { class: 'alert-meta' }, [alert.kind, alert.actor, alert.region, (alert.fired_at || '').slice(0, 10),
        `severity ${Number(alert.severity).toFixed(2)}`].filter(Boolean).join(' · ')));
    button.addEventListener('click', () => {
      for (const other of list.querySelectorAll('button.active')) other.classList.remove('active');
      button.classList.add('active');
      if (state.map) { state.map.fitTo(alert.bbox); state.map.ring(alert.evidence_events); }
      if (alert.evidence_events.length) showEvent(alert.evidence_events[0].id, alertContext(alert));
      else clear($('event-panel')).append(alertContext(alert));
    });
    list.append(el('li', {}, button));
  }
}

function drawLegend() {
  const legend = $('legend');
  for (const [type, fill] of Object.entries(TYPE_COLOURS)) {
    const swatch = el('span', { class: 'swatch' });
    swatch.style.background = fill;
    legend.append(el('div', {}, swatch, type));
  }
  const other = el('span', { class: 'swatch' });
  other.style.background = colour('None');
  legend.append(el('div', {}, other, 'other'), el('div', { class: 'meta' }, 'size: independent sources'));
}

async function start() {
  state.config = await getJSON('/dashboard-config.json');
  if (typeof L === 'undefined' || typeof topojson === 'undefined' || !state.config.vendor) {
    notice('The map libraries are not installed, so the map is off. On the server run ',
      el('code', {}, 'npm ci --prefix web'), ' and reload this page. Alerts and event details still work.');
  } else {
    state.map = new EventMap('map', state.config, (id) => showEvent(id));
    state.map.loadOutlines().catch((err) => notice(err.message));
    state.map.map.on('moveend', () => { if ($('filters').elements.in_view.checked) refresh(); });
    drawLegend();
  }
  const form = $('filters');
  form.addEventListener('change', () => refresh({ timeline: true }));
  form.addEventListener('submit', (ev) => { ev.preventDefault(); refresh({ timeline: true }); });
  form.addEventListener('reset', () => setTimeout(() => refresh({ timeline: true }), 0));
  $('from').addEventListener('input', onSlide);
  $('to').addEventListener('input', onSlide);
  $('from').addEventListener('change', () => refresh());
  $('to').addEventListener('change', () => refresh());
  await Promise.all([fillFilterChoices(), loadAlerts()]);
  await refresh({ timeline: true });
  document.body.dataset.ready = 'true';
}

start().catch((err) => notice(`The dashboard could not start: ${err.message}`));
