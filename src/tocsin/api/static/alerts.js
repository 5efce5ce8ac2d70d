// The alert list: filters by kind and severity, linked to the map's actor,
// region and date filters, with each card showing how severe its alert is.
import { clear, el, getJSON } from './dom.js';

export const ALERT_KINDS = ['movement', 'surge', 'new_presence', 'territory', 'approach'];

export function severityLevel(severity) {
  const value = Number(severity) || 0;
  if (value >= 0.75) return 'high';
  if (value >= 0.5) return 'medium';
  return 'low';
}

// Whether an alert passes the filters.  The server filters too when it knows
// these parameters; this keeps the list right whatever the server did.
export function alertMatches(alert, f) {
  if (alert.dismissed && !f.includeDismissed) return false;
  if (f.kind && alert.kind !== f.kind) return false;
  if (f.minSeverity && Number(alert.severity) < f.minSeverity) return false;
  if (f.actor && (alert.actor || '').toLowerCase() !== f.actor.toLowerCase()) return false;
  if (f.region && !(alert.region || '').toLowerCase().includes(f.region.toLowerCase())) return false;
  const day = (alert.fired_at || '').slice(0, 10);
  if (f.since && day && day < f.since) return false;
  if (f.until && day && day > f.until) return false;
  return true;
}

function alertParams(f) {
  const params = new URLSearchParams();
  if (f.kind) params.set('kind', f.kind);
  if (f.minSeverity) params.set('min_severity', String(f.minSeverity));
  if (f.actor) params.set('actor', f.actor);
  if (f.region) params.set('region', f.region);
  if (f.since) params.set('since', f.since);
  if (f.until) params.set('until', f.until);
  if (f.includeDismissed) params.set('include_dismissed', 'true');
  return params;
}

export class AlertList {
  constructor({ list, count, onPick }) {
    Object.assign(this, { list, count, onPick });
    this.total = 0;
    this.shown = [];
  }

  async load(filters, order = 'newest') {
    const [all, body] = await Promise.all([
      this.total ? null : getJSON('/api/alerts'),
      getJSON(`/api/alerts?${alertParams(filters)}`),
    ]);
    if (all) this.total = all.alerts.length;
    const alerts = body.alerts.filter((a) => alertMatches(a, filters));
    alerts.sort(order === 'severity'
      ? (a, b) => Number(b.severity) - Number(a.severity) || String(b.fired_at).localeCompare(String(a.fired_at))
      : (a, b) => String(b.fired_at).localeCompare(String(a.fired_at)));
    this.shown = alerts;
    this.render();
    return alerts;
  }

  render() {
    const list = clear(this.list);
    this.count.textContent = `${this.shown.length} of ${this.total} alerts`;
    if (!this.shown.length) list.append(el('li', { class: 'hint' }, 'No alerts under these filters.'));
    for (const alert of this.shown) list.append(el('li', {}, this.card(alert)));
  }

  card(alert) {
    const level = severityLevel(alert.severity);
    const dismissed = alert.dismissed ? el('div', { class: 'dismissed-note' }, `dismissed: ${alert.dismissed.why || ''}`) : null;
    const button = el('button', {
      type: 'button', class: `alert severity-${level}${alert.dismissed ? ' dismissed' : ''}`,
      'data-alert-id': alert.id, 'data-kind': alert.kind, 'data-actor': alert.actor || '',
      'data-severity': Number(alert.severity).toFixed(2),
    },
    el('div', { class: 'alert-head' },
      el('span', { class: `severity severity-${level}`, title: 'severity, 0 to 1' }, `${level} ${Number(alert.severity).toFixed(2)}`),
      el('span', { class: 'kind' }, alert.kind.replace('_', ' '))),
    el('strong', {}, alert.summary),
    el('div', { class: 'alert-meta' }, [alert.actor, alert.region, (alert.fired_at || '').slice(0, 10)].filter(Boolean).join(' · ')),
    dismissed);
    button.addEventListener('click', () => {
      this.select(alert.id);
      this.onPick(alert);
    });
    return button;
  }

  select(alertId) {
    for (const button of this.list.querySelectorAll('button.alert')) {
      button.classList.toggle('active', button.dataset.alertId === alertId);
      if (button.dataset.alertId === alertId) button.scrollIntoView({ block: 'nearest' });
    }
  }

  find(alertId) { return this.shown.find((a) => a.id === alertId) || null; }
}
