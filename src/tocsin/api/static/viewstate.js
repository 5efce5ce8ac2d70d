// The view in the page's URL: filters, date range, tracks, alert filters, map
// position and the open event or alert, so a link opens the same view.
// Everything lives in the fragment (#...), so no value is sent to a server.

// URL key -> form field name, for the plain fields of each form.
export const EVENT_FIELDS = ['actor', 'type', 'status', 'country', 'admin1', 'min_sources'];
export const ALERT_FIELDS = { akind: 'kind', asev: 'min_severity', aorder: 'order', adismissed: 'dismissed' };

export function readView(hash = window.location.hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const view = { events: {}, alerts: {}, tracks: [], since: null, until: null, map: null, event: null, alert: null,
    inView: params.get('inview') === '1', follow: params.get('follow') !== '0' };
  for (const key of EVENT_FIELDS) if (params.get(key)) view.events[key] = params.get(key);
  for (const [key, field] of Object.entries(ALERT_FIELDS)) if (params.get(key)) view.alerts[field] = params.get(key);
  view.tracks = params.getAll('track').filter(Boolean).slice(0, 4);
  const day = /^\d{4}-\d{2}-\d{2}$/;
  if (day.test(params.get('since') || '')) view.since = params.get('since');
  if (day.test(params.get('until') || '')) view.until = params.get('until');
  const map = (params.get('map') || '').split(',').map(Number);
  if (map.length === 3 && map.every(Number.isFinite)) view.map = map;
  view.event = params.get('event');
  view.alert = params.get('alert');
  return view;
}

export function writeView(view) {
  const params = new URLSearchParams();
  for (const key of EVENT_FIELDS) if (view.events[key]) params.set(key, view.events[key]);
  if (view.since) params.set('since', view.since);
  if (view.until) params.set('until', view.until);
  if (view.inView) params.set('inview', '1');
  for (const name of view.tracks) params.append('track', name);
  for (const [key, field] of Object.entries(ALERT_FIELDS)) if (view.alerts[field]) params.set(key, view.alerts[field]);
  if (!view.follow) params.set('follow', '0');
  if (view.map) params.set('map', view.map.join(','));
  if (view.event) params.set('event', view.event);
  if (view.alert) params.set('alert', view.alert);
  const hash = `#${params}`;
  if (hash !== window.location.hash) window.history.replaceState(null, '', hash === '#' ? window.location.pathname : hash);
  return window.location.href;
}

// Set a <select>'s value, adding the option when the list does not have it yet
// (a shared link may name an actor beyond the busiest few hundred).
export function setSelect(select, value) {
  if (!value) { select.value = ''; return; }
  if (![...select.options].some((o) => o.value === value)) {
    const option = document.createElement('option');
    option.value = value;
    option.textContent = value;
    select.append(option);
  }
  select.value = value;
}
