// The event panel: one real-world event, its evidence with highlights, the other
// reports of it, and its article's text on request.
import { clear, el, getJSON, highlighted, safeLink } from './dom.js';

const $ = (id) => document.getElementById(id);

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

// "2014-03-20 18:05 UTC+03:00": the publication time as the source wrote it.
export function localTime(publishedUtc, offsetMinutes) {
  if (!publishedUtc) return 'unknown time';
  const utc = new Date(`${publishedUtc.slice(0, 19)}Z`);
  if (Number.isNaN(utc.getTime())) return publishedUtc;
  const offset = Number.isFinite(offsetMinutes) ? offsetMinutes : 0;
  const local = new Date(utc.getTime() + offset * 60000).toISOString().slice(0, 16).replace('T', ' ');
  const sign = offset < 0 ? '-' : '+';
  const hh = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const mm = String(Math.abs(offset) % 60).padStart(2, '0');
  return Number.isFinite(offsetMinutes) ? `${local} UTC${sign}${hh}:${mm}` : `${local} UTC`;
}

function articleButton(articleId) {
  const holder = el('div');
  const button = el('button', { type: 'button', onclick: async () => {
    button.disabled = true;
    const body = await getJSON(`/api/articles/${encodeURIComponent(articleId)}`);
    const a = body.article;
    holder.append(el('p', { class: 'meta' }, `Published ${localTime(a.published, a.published_offset_minutes)}`,
      a.dateline_place ? ` · dateline ${a.dateline_place}` : '',
      a.captions && a.captions.length ? ` · ${a.captions.length} caption(s), not read as events` : ''));
    holder.append(el('p', { class: 'article-text' }, a.text));
  } }, 'Show article text');
  holder.append(button);
  return holder;
}

function correctionsNote(e) {
  if (!e.corrections || !e.corrections.length) return null;
  return el('div', { class: 'corrected' }, el('strong', {}, 'Corrected by an analyst'),
    el('ul', {}, ...e.corrections.map((c) => el('li', {}, `${(c.fields || []).join(', ')}${c.note ? `: ${c.note}` : ''}`
      + `${c.made_at ? ` (${c.made_at.slice(0, 10)})` : ''}`))));
}

// `hooks.extra(event)` may add elements under the event (the corrections form).
export async function showEvent(eventId, context = null, hooks = {}) {
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
  panel.append(...[
    el('h3', { class: 'event-title' }, el('span', {}, e.sub_event_type), ' ', statusBadge(e.status)),
    correctionsNote(e),
    el('p', { class: 'meta' }, `${e.event_type} · ${e.date || 'undated'} (${e.date_precision}) · ${where}`),
    el('p', {}, [e.actor1 && e.actor1.name, e.actor2 && e.actor2.name].filter(Boolean).join(' → ') || 'actors unknown',
      e.fatalities !== null && e.fatalities !== undefined ? ` · ${e.fatalities} killed` : ''),
    highlighted(e.evidence.sentence, e.highlights),
    sourceLine(e),
    el('p', { class: 'meta' }, `${e.sources.articles} reports, ${e.sources.independent} independent`),
    articleButton(e.article.id),
  ].filter(Boolean));
  if (body.mentions.length) {
    panel.append(el('h4', {}, `Other reports of this event (${body.mentions.length})`));
    for (const m of body.mentions) {
      panel.append(el('div', { class: 'mention' }, statusBadge(m.status), ' ', sourceLine(m), highlighted(m.evidence.sentence, m.highlights)));
    }
  }
  if (hooks.extra) panel.append(...[].concat(hooks.extra(e) || []));
}
