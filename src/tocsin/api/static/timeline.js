// The time bar: events per day as a histogram with a date axis, two range
// sliders and two date inputs that move together.
import { clear, svg } from './dom.js';

const AXIS_HEIGHT = 16;
const DAY_MS = 86400000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// Days with no events are kept as zero bars, so the slider moves in real time.
export function everyDay(days) {
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

// Tick days for the axis: weekly, monthly, quarterly or yearly, by the span shown.
export function ticks(days) {
  if (!days.length) return [];
  const span = days.length;
  const out = [];
  days.forEach((day, i) => {
    const d = new Date(`${day.date}T00:00:00Z`);
    const month = d.getUTCMonth();
    const first = d.getUTCDate() === 1;
    let label = null;
    if (span <= 60) {
      if (d.getUTCDay() === 1) label = `${d.getUTCDate()} ${MONTHS[month]}`;
    } else if (span <= 500) {
      if (first) label = month === 0 ? String(d.getUTCFullYear()) : MONTHS[month];
    } else if (span <= 2000) {
      if (first && month % 3 === 0) label = month === 0 ? String(d.getUTCFullYear()) : MONTHS[month];
    } else if (first && month === 0) {
      label = String(d.getUTCFullYear());
    }
    if (label) out.push({ index: i, label });
  });
  return out;
}

export class Timeline {
  constructor({ chart, from, to, since, until, label, onChange }) {
    Object.assign(this, { chart, fromInput: from, toInput: to, sinceInput: since, untilInput: until, label, onChange });
    this.days = [];
    this.from = 0;
    this.to = 0;
    for (const input of [from, to]) {
      input.addEventListener('input', (ev) => this.slide(ev.target === from ? 'from' : 'to'));
      input.addEventListener('change', () => this.onChange());
    }
    for (const input of [since, until]) input.addEventListener('change', () => this.typed(input));
    if (typeof ResizeObserver === 'function') new ResizeObserver(() => this.draw()).observe(chart);
  }

  // The chosen range as dates, or null before any day is known.
  range() {
    return this.days.length ? [this.days[this.from].date, this.days[this.to].date] : null;
  }

  // New days under new filters; the chosen dates are kept where they still exist.
  load(days, wanted = this.range()) {
    this.days = everyDay(days);
    const last = Math.max(this.days.length - 1, 0);
    this.from = wanted ? this.indexOf(wanted[0], 0) : 0;
    this.to = wanted ? this.indexOf(wanted[1], last) : last;
    if (this.from > this.to) [this.from, this.to] = [0, last];
    for (const input of [this.fromInput, this.toInput]) input.max = String(last);
    for (const input of [this.sinceInput, this.untilInput]) {
      input.min = this.days.length ? this.days[0].date : '';
      input.max = this.days.length ? this.days[last].date : '';
    }
    this.sync();
  }

  // The index of `day`, or of the nearest day inside the range.
  indexOf(day, fallback) {
    if (!day || !this.days.length) return fallback;
    const exact = this.days.findIndex((d) => d.date === day);
    if (exact >= 0) return exact;
    const first = Date.parse(`${this.days[0].date}T00:00:00Z`);
    const wanted = Date.parse(`${day}T00:00:00Z`);
    if (Number.isNaN(wanted)) return fallback;
    return Math.min(this.days.length - 1, Math.max(0, Math.round((wanted - first) / DAY_MS)));
  }

  slide(which) {
    this.from = Number(this.fromInput.value);
    this.to = Number(this.toInput.value);
    if (this.from > this.to) {
      if (which === 'from') this.to = this.from; else this.from = this.to;
    }
    this.sync();
  }

  typed(input) {
    if (input === this.sinceInput) this.from = this.indexOf(input.value, 0);
    else this.to = this.indexOf(input.value, this.days.length - 1);
    if (this.from > this.to) {
      if (input === this.sinceInput) this.to = this.from; else this.from = this.to;
    }
    this.sync();
    this.onChange();
  }

  sync() {
    this.fromInput.value = String(this.from);
    this.toInput.value = String(this.to);
    const range = this.range();
    this.sinceInput.value = range ? range[0] : '';
    this.untilInput.value = range ? range[1] : '';
    this.label.textContent = range ? `${range[0]} – ${range[1]}` : 'no dated events';
    this.draw();
  }

  draw() {
    const chart = clear(this.chart);
    const width = chart.clientWidth || 600;
    const height = chart.clientHeight || 70;
    chart.setAttribute('viewBox', `0 0 ${width} ${height}`);
    const days = this.days;
    if (!days.length) return;
    const plot = height - AXIS_HEIGHT;
    const step = width / days.length;
    const top = Math.max(1, ...days.map((d) => d.events));
    days.forEach((day, i) => {
      if (!day.events) return;
      const h = Math.max(2, (day.events / top) * (plot - 2));
      const bar = svg('rect', { x: (i * step).toFixed(2), y: (plot - h).toFixed(2), width: Math.max(step * 0.9, 1).toFixed(2),
        height: h.toFixed(2), class: i >= this.from && i <= this.to ? 'bar in' : 'bar' });
      const tip = svg('title');
      tip.textContent = `${day.date}: ${day.events} events`;
      bar.append(tip);
      chart.append(bar);
    });
    chart.append(svg('line', { x1: 0, y1: plot + 0.5, x2: width, y2: plot + 0.5, class: 'axis-line' }));
    let lastEnd = -Infinity;
    for (const tick of ticks(days)) {
      const x = tick.index * step;
      chart.append(svg('line', { x1: x.toFixed(1), y1: plot, x2: x.toFixed(1), y2: plot + 4, class: 'axis-tick' }));
      if (x < lastEnd + 4) continue;        // no overlapping labels
      const text = svg('text', { x: (x + 2).toFixed(1), y: height - 3, class: 'axis-label' });
      text.textContent = tick.label;
      chart.append(text);
      lastEnd = x + 7 * tick.label.length;
    }
    const most = svg('text', { x: 2, y: 10, class: 'axis-label' });
    most.textContent = `${top} a day`;
    chart.append(most);
  }
}
