// The Leaflet map: country outlines (offline, from world-atlas), event markers
// clustered at low zoom (leaflet.markercluster), place labels, the movement
// tracks of the actors the user picked, and rings around an alert's evidence.
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
export const TRACK_COLOURS = ['#111111', '#8e24aa', '#00695c', '#c62828'];
// Events stop clustering at this zoom: a town's events are then shown one by one.
const UNCLUSTER_ZOOM = 9;
// How many place labels a zoom level can carry before they crowd each other.
const LABELS_AT_ZOOM = [0, 0, 4, 6, 8, 12, 18, 26, 36, 50];
const LABEL_BOX = { width: 110, height: 18 };

export function colour(eventType) { return TYPE_COLOURS[eventType] || OTHER; }

function majority(markers) {
  const counts = new Map();
  for (const m of markers) counts.set(m.options.eventType, (counts.get(m.options.eventType) || 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]);
}

// A cluster's icon: its event count on the colour of its most common event type.
function clusterIcon(cluster) {
  const markers = cluster.getAllChildMarkers();
  const types = majority(markers);
  const size = markers.length < 10 ? 'small' : markers.length < 100 ? 'medium' : 'large';
  const dot = el('div', { class: 'cluster-dot', title: types.map(([t, n]) => `${n} ${t}`).join(', ') },
    el('span', {}, String(markers.length)));
  dot.style.background = colour(types.length ? types[0][0] : null);
  const pixels = { small: 28, medium: 36, large: 46 }[size];
  return L.divIcon({ html: dot, className: `event-cluster cluster-${size}`, iconSize: [pixels, pixels] });
}

export class EventMap {
  constructor(container, config, onEventClick) {
    this.onEventClick = onEventClick;
    this.map = L.map(container, { worldCopyJump: true, minZoom: 2, maxZoom: 12, attributionControl: false })
      .setView([34.5, 40], 5);
    this.map.createPane('outlines').style.zIndex = 250;
    this.map.createPane('labels').style.zIndex = 640;
    this.outlines = L.geoJSON(null, {
      pane: 'outlines', interactive: false,
      style: { color: '#7d8a96', weight: 0.8, fillColor: '#f4f1ea', fillOpacity: 1 },
    }).addTo(this.map);
    if (config.tile_url) this.offerTiles(config);
    this.tracks = L.layerGroup().addTo(this.map);
    this.clustered = typeof L.markerClusterGroup === 'function';
    this.events = this.clustered
      ? L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 45,
        disableClusteringAtZoom: UNCLUSTER_ZOOM, iconCreateFunction: clusterIcon })
      : L.layerGroup();
    this.events.addTo(this.map);
    this.labels = L.layerGroup().addTo(this.map);
    this.rings = L.layerGroup().addTo(this.map);
    this.places = [];
    this.map.on('zoomend moveend', () => this.drawLabels());
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
    const markers = [];
    const places = new Map();
    for (const event of events) {
      const where = event.location;
      if (!where || where.lat === null || where.lat === undefined) continue;
      const independent = (event.sources && event.sources.independent) || 1;
      const pixels = Math.round(8 + 5 * Math.sqrt(independent));
      const dot = el('div', { class: 'event-dot' });
      dot.style.background = colour(event.event_type);
      const marker = L.marker([where.lat, where.lon], {
        icon: L.divIcon({ html: dot, className: 'event-marker', iconSize: [pixels, pixels] }),
        eventType: event.event_type, keyboard: false,
      });
      // An element, not a string: Leaflet would parse a string tooltip as HTML.
      marker.bindTooltip(el('span', {}, `${event.date || '?'} · ${event.sub_event_type} · ${where.name}`));
      marker.on('click', () => this.onEventClick(event.id));
      markers.push(marker);
      const key = `${where.name}|${where.lat.toFixed(3)}|${where.lon.toFixed(3)}`;
      const place = places.get(key) || { name: where.name, lat: where.lat, lon: where.lon, events: 0 };
      place.events += 1;
      places.set(key, place);
    }
    if (this.clustered) this.events.addLayers(markers); else markers.forEach((m) => m.addTo(this.events));
    this.places = [...places.values()].sort((a, b) => b.events - a.events || a.name.localeCompare(b.name));
    this.drawLabels();
  }

  // Labels for the busiest places in view, as many as the zoom leaves room for,
  // never two on top of each other.
  drawLabels() {
    this.labels.clearLayers();
    const zoom = this.map.getZoom();
    const room = LABELS_AT_ZOOM[Math.min(zoom, LABELS_AT_ZOOM.length - 1)];
    const bounds = this.map.getBounds();
    const taken = [];
    for (const place of this.places) {
      if (taken.length >= room) break;
      if (!bounds.contains([place.lat, place.lon])) continue;
      const p = this.map.latLngToContainerPoint([place.lat, place.lon]);
      const box = [p.x + 12, p.y - LABEL_BOX.height / 2, p.x + 12 + LABEL_BOX.width, p.y + LABEL_BOX.height / 2];
      if (taken.some((b) => box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3])) continue;
      taken.push(box);
      const label = el('span', { class: 'place-name' }, place.name);
      L.marker([place.lat, place.lon], {
        pane: 'labels', interactive: false, keyboard: false,
        icon: L.divIcon({ html: label, className: 'place-label', iconSize: [LABEL_BOX.width, LABEL_BOX.height],
          iconAnchor: [-12, LABEL_BOX.height / 2] }),
      }).addTo(this.labels);
    }
  }

  clearTracks() { this.tracks.clearLayers(); }

  addTrack(geojson, index) {
    const stroke = TRACK_COLOURS[index % TRACK_COLOURS.length];
    let drawn = 0;
    for (const feature of geojson.features || []) {
      if (!feature.geometry || feature.geometry.type !== 'LineString') continue;
      const line = feature.geometry.coordinates.map(([lon, lat]) => [lat, lon]);
      const props = feature.properties || {};
      // A move reported outright is solid; a shift between weekly centres is dashed.
      const reported = props.kind === 'movement';
      const label = reported ? `${props.actor || ''}: reported ${props.movement || 'move'}` : `${props.actor || ''}: shift of weekly centre`;
      L.polyline(line, { color: stroke, weight: reported ? 3.5 : 2.5, opacity: 0.85, dashArray: reported ? null : '6 4', className: 'track-line' })
        .bindTooltip(el('span', {}, label)).addTo(this.tracks);
      for (let i = 1; i < line.length; i += 1) {
        const head = arrowhead(line[i - 1], line[i]);
        if (head) L.polygon(head, { color: stroke, fillColor: stroke, fillOpacity: 0.9, weight: 1, className: 'track-arrow' }).addTo(this.tracks);
      }
      drawn += 1;
    }
    return drawn;
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

  view() {
    const c = this.map.getCenter();
    return [c.lat.toFixed(3), c.lng.toFixed(3), String(this.map.getZoom())];
  }

  setView(lat, lon, zoom) { this.map.setView([lat, lon], zoom, { animate: false }); }

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
