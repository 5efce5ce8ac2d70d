// Analyst review: correct an event, dismiss an alert as a false alarm, and undo
// either.  Shown only when the server accepts writes; every request carries the
// bearer token typed into "Analyst access" (kept in the page, never stored).
import { el } from './dom.js';

const STATUSES = ['asserted', 'reported', 'alleged', 'denied', 'hypothetical', 'negated', 'opinion'];

async function send(method, url, token, body) {
  const headers = { Accept: 'application/json', Authorization: `Bearer ${token}` };
  if (body) headers['Content-Type'] = 'application/json';
  const response = await fetch(url, { method, headers, body: body ? JSON.stringify(body) : undefined });
  let reply = {};
  try { reply = await response.json(); } catch (err) { /* not JSON: the status says enough */ }
  if (!response.ok) throw new Error(reply.error || `request failed (${response.status})`);
  return reply;
}

// Runs a write as one of the page's loads, so <body data-busy> counts it until the reload starts.
function run(ctx, work) {
  const promise = work();
  return ctx.busy ? ctx.busy(promise) : promise;
}

function field(label, input) { return el('label', {}, label, input); }

function result() { return el('p', { class: 'form-result', role: 'status' }); }

function needToken(ctx, out) {
  const token = ctx.token();
  if (!token) out.textContent = 'Type the API token under "Analyst access" first.';
  return token;
}

// "What is right about this event": only the fields filled in are sent.
export function correctionForm(event, ctx) {
  const inputs = {
    place: el('input', { name: 'place', maxlength: 200, placeholder: event.location ? event.location.name : 'place name' }),
    actor1: el('input', { name: 'actor1', maxlength: 200, placeholder: event.actor1 ? event.actor1.name : '' }),
    actor2: el('input', { name: 'actor2', maxlength: 200, placeholder: event.actor2 ? event.actor2.name : '' }),
    status: el('select', { name: 'status' }, el('option', { value: '' }, `keep (${event.status})`),
      ...STATUSES.map((s) => el('option', { value: s }, s))),
    date: el('input', { name: 'date', type: 'date' }),
    fatalities: el('input', { name: 'fatalities', type: 'number', min: 0 }),
    note: el('input', { name: 'note', maxlength: 2000, placeholder: 'why (kept with the correction)' }),
  };
  const out = result();
  const form = el('form', { class: 'correction-form', 'aria-label': 'Correct this event' },
    field('Place', inputs.place), field('Actor 1', inputs.actor1), field('Actor 2', inputs.actor2),
    field('Status', inputs.status), field('Date', inputs.date), field('Killed', inputs.fatalities),
    field('Note', inputs.note), el('button', { type: 'submit' }, 'Save correction'), out);
  form.addEventListener('submit', (ev) => { ev.preventDefault(); run(ctx, async () => {
    const token = needToken(ctx, out);
    if (!token) return;
    const body = {};
    for (const [name, input] of Object.entries(inputs)) {
      const value = String(input.value || '').trim();
      if (value) body[name] = name === 'fatalities' ? Number(value) : value;
    }
    if (!Object.keys(body).length || (Object.keys(body).length === 1 && body.note)) {
      out.textContent = 'Fill in what is wrong: place, actors, status, date or killed.';
      return;
    }
    try {
      await send('POST', `/api/events/${encodeURIComponent(event.id)}/corrections`, token, body);
      out.textContent = 'Saved.';
      ctx.onSaved();
    } catch (err) {
      out.textContent = err.message;
    }
  }); });
  // The withdraw button sits outside the (closed) form, so an analyst sees it at once.
  const holder = el('div', { class: 'review-box' }, el('details', { class: 'review' }, el('summary', {}, 'Correct this event'), form));
  if (event.corrections && event.corrections.length) {
    const undo = result();
    holder.append(el('button', { type: 'button', class: 'withdraw', onclick: () => run(ctx, async () => {
      const token = needToken(ctx, undo);
      if (!token) return;
      try {
        await send('DELETE', `/api/events/${encodeURIComponent(event.id)}/corrections`, token);
        undo.textContent = 'Corrections withdrawn.';
        ctx.onSaved();
      } catch (err) { undo.textContent = err.message; }
    }) }, 'Withdraw corrections'), undo);
  }
  return holder;
}

// Dismiss an alert as a false alarm (it stays dismissed when recomputed), or restore it.
export function dismissForm(alert, ctx) {
  const out = result();
  if (alert.dismissed) {
    return el('div', { class: 'dismiss-form' }, el('p', { class: 'meta' }, `Dismissed: ${alert.dismissed.why}`),
      el('button', { type: 'button', onclick: () => run(ctx, async () => {
        const token = needToken(ctx, out);
        if (!token) return;
        try {
          await send('DELETE', `/api/alerts/${encodeURIComponent(alert.id)}/dismissal`, token);
          out.textContent = 'Restored.';
          ctx.onSaved();
        } catch (err) { out.textContent = err.message; }
      }) }, 'Restore this alert'), out);
  }
  const why = el('input', { name: 'why', maxlength: 2000, required: true, placeholder: 'why it is a false alarm' });
  const form = el('form', { class: 'dismiss-form', 'aria-label': 'Dismiss this alert' },
    field('Dismiss as a false alarm', why), el('button', { type: 'submit' }, 'Dismiss'), out);
  form.addEventListener('submit', (ev) => { ev.preventDefault(); run(ctx, async () => {
    const token = needToken(ctx, out);
    if (!token || !why.value.trim()) return;
    try {
      await send('POST', `/api/alerts/${encodeURIComponent(alert.id)}/dismissal`, token, { why: why.value.trim() });
      out.textContent = 'Dismissed.';
      ctx.onSaved();
    } catch (err) {
      out.textContent = err.message;
    }
  }); });
  return form;
}
