// The Leaflet map: country outlines (offline, from world-atlas), event markers,
// actor tracks with arrowheads, and rings around an alert's evidence.
import { el } from './dom.js';

export const TYPE_COLOURS = {
  'Battles': '#b3261e',
  'Explosions/Remote violence': '#e07b00',
  'Violence against civilians': '#6a1b9a',
  'Protests': '#1e6fb3',
  'Riots': '#00838f',
  'Strategic developments': '#4e7d2f',
};
const OTHER = '#6f6f6f';
const TRACK_COLOURS = ['#000000', '#8e24aa', '#00695c', '#c62828'];

export function colour(eventType) { return TYPE_COLOURS[eventType] || OTHER; }

export class EventMap {
  constructor(container, config, onEventClick) {
    this.onEventClick = onEventClick;
    this.map = L.map(container, { worldCopyJump: true, minZoom: 2, attributionControl: false })
      .setView([34.5, 40], 5);
    this.map.createPane('outlines').style.zIndex = 250;
    this.outlines = L.geoJSON(null, {
      pane: 'outlines', interactive: false,
      style: { color: '#7d8a96', weight: 0.8, fillColor: '#f4f1ea', fillOpacity: 1 },
    }).addTo(this.map);
    if (config.tile_url) this.offerTiles(config);
    this.tracks = L.layerGroup().addTo(this.map);
    this.events = L.layerGroup().addTo(this.map);
    this.rings = L.layerGroup().addTo(this.map);
  }

  // Tiles need the internet, so they are an opt-in layer; outlines always work.
  offerTiles(config) {
    const tiles = L.tileLayer(config.tile_url, { attribution: config.tile_attribution || '' });
    L.control.attribution({ prefix: false }).addTo(this.map);
    L.control.layers({}, { 'Map tiles (online)': tiles }).addTo(this.map);
  }

  async loadOutlines() {
    const response = await fetch('/vendor/world-atlas/countries-110m.json');
    if (!response.ok) throw new Error('country outlines missing: run npm ci --prefix web');
    const topo = await response.json();
    this.outlines.addData(topojson.feature(topo, topo.objects.countries));
  }

  showEvents(events) {
    this.events.clearLayers();
    for (const event of events) {
      const where = event.location;
      if (!where || where.lat === null || where.lat === undefined) continue;
      const independent = (event.sources && event.sources.independent) || 1;
      const fill = colour(event.event_type);
      const marker = L.circleMarker([where.lat, where.lon], {
        radius: 4 + 3 * Math.sqrt(independent), color: '#222', weight: 0.7,
        fillColor: fill, fillOpacity: 0.75, className: 'event-marker',
      });
      // An element, not a string: Leaflet would parse a string tooltip as HTML.
      marker.bindTooltip(el('span', {}, `${event.date || '?'} · ${event.sub_event_type} · ${where.name}`));
      marker.on('click', () => this.onEventClick(event.id));
      marker.addTo(this.events);
    }
  }

  clearTracks() { this.tracks.clearLayers(); }

  addTrack(geojson, index) {
    const stroke = TRACK_COLOURS[index % TRACK_COLOURS.length];
    for (const feature of geojson.features || []) {
      if (!feature.geometry || feature.geometry.type !== 'LineString') continue;
      const line = feature.geometry.coordinates.map(([lon, lat]) => [lat, lon]);
      const props = feature.properties || {};
      // A move reported outright is solid; a shift between weekly centres is dashed.
      const reported = props.kind === 'movement';
      const label = reported ? `${props.actor || ''}: reported ${props.movement || 'move'}` : `track: ${props.actor || ''}`;
      L.polyline(line, { color: stroke, weight: reported ? 3.5 : 2.5, opacity: 0.85, dashArray: reported ? null : '6 4', className: 'track-line' })
        .bindTooltip(el('span', {}, label)).addTo(this.tracks);
      for (let i = 1; i < line.length; i += 1) {
        const head = arrowhead(line[i - 1], line[i]);
        if (head) L.polygon(head, { color: stroke, fillColor: stroke, fillOpacity: 0.9, weight: 1, className: 'track-arrow' }).addTo(this.tracks);
      }
    }
  }

  fitTo(bbox) {
    if (!bbox) return;
    const [west, south, east, north] = bbox;
    this.map.fitBounds([[south, west], [north, east]], { padding: [80, 80], maxZoom: 6 });
  }

  ring(points) {
    this.rings.clearLayers();
    for (const p of points) {
      if (p.lat === null || p.lat === undefined) continue;
      L.circleMarker([p.lat, p.lon], { radius: 16, className: 'evidence-ring', interactive: false }).addTo(this.rings);
    }
  }

  // The visible box as the API's bbox parameter, clamped to valid degrees.
  bboxString() {
    const b = this.map.getBounds();
    const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v)).toFixed(4);
    return [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90),
      clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90)].join(',');
  }
}

// A filled triangle at the end of the segment a -> b ([lat, lon] pairs).
function arrowhead(a, b) {
  const scale = Math.cos((b[0] * Math.PI) / 180) || 1;
  const dx = (b[1] - a[1]) * scale;
  const dy = b[0] - a[0];
  const length = Math.hypot(dx, dy);
  if (length < 1e-6) return null;
  const size = Math.min(length * 0.35, 0.3);
  const [ux, uy] = [dx / length, dy / length];
  const base = [b[0] - uy * size, b[1] - (ux * size) / scale];
  const side = [ux * size * 0.5, -uy * size * 0.5];   // perpendicular, as (dlat, dx)
  return [b, [base[0] + side[0], base[1] + side[1] / scale], [base[0] - side[0], base[1] - side[1] / scale]];
}
