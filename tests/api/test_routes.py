import csv
import io

import pytest


def test_events_page_holds_records_in_the_json_contract(client):
    body = client.get("/api/events", params={"limit": 3}).json()
    assert body["ok"] is True
    assert body["total"] == 8 and body["limit"] == 3 and body["pages"] == 3
    assert [e["id"] for e in body["events"]] == ["e-r1", "e-r3", "e-r4"]   # e-r2 is e-r1's cluster
    first = body["events"][0]
    assert first["article"]["source"] == "Tigris Wire"
    assert first["location"]["name"] == "Mosul" and first["sources"]["independent"] == 2


def test_pages_do_not_overlap_and_cover_everything(client):
    seen = []
    for page in (1, 2, 3):
        seen += [e["id"] for e in client.get("/api/events", params={"limit": 4, "page": page}).json()["events"]]
    assert len(seen) == len(set(seen)) == 8


@pytest.mark.parametrize(("params", "expected"), [
    ({"country": "syria"}, {"e-r4", "e-r5", "e-r6", "e-hostile"}),
    ({"admin1": "Salah ad Din"}, {"e-r3", "e-r8"}),
    ({"actor": "ISIS"}, {"e-r1", "e-r8"}),
    ({"type": "Protests"}, {"e-r7"}),
    ({"type": "Armed clash"}, {"e-r5", "e-r8", "e-hostile"}),
    ({"status": "denied"}, {"e-r6"}),
    ({"min_sources": 2}, {"e-r1"}),
    ({"since": "2014-06-15", "until": "2014-06-16"}, {"e-r5", "e-r6"}),
    ({"bbox": "42,33,45,35"}, {"e-r3", "e-r8", "e-r7"}),
])
def test_event_filters(client, params, expected):
    found = client.get("/api/events", params=params).json()["events"]
    assert {e["id"] for e in found} == expected


def test_events_as_geojson_by_format_and_by_accept_header(client):
    by_param = client.get("/api/events", params={"format": "geojson", "country": "Iraq"})
    by_header = client.get("/api/events", params={"country": "Iraq"},
                           headers={"Accept": "application/geo+json"})
    for response in (by_param, by_header):
        assert response.headers["content-type"].startswith("application/geo+json")
        body = response.json()
        assert body["type"] == "FeatureCollection" and body["total"] == 4
        lon, lat = body["features"][0]["geometry"]["coordinates"]
        assert (round(lat), round(lon)) == (36, 43)


def test_events_as_csv(client):
    response = client.get("/api/events", params={"format": "csv", "actor": "ISIS"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["id"] for r in rows] == ["e-r1", "e-r8"]
    assert rows[0]["sentence"].startswith("Islamic State fighters seized Mosul")


def test_event_detail_has_its_cluster_and_highlights(client):
    body = client.get("/api/events/e-r1").json()
    event = body["event"]
    assert [m["id"] for m in body["mentions"]] == ["e-r2"]
    assert body["mentions"][0]["article"]["source"] == "Levant Daily"
    spans = {h["label"]: event["evidence"]["sentence"][h["start"]:h["end"]] for h in event["highlights"]}
    assert spans == {"trigger": "seized", "actor1": "Islamic State fighters", "place": "Mosul",
                     "actor2": "Iraqi troops"}


def test_alerts_carry_their_located_evidence(client):
    alerts = {a["id"]: a for a in client.get("/api/alerts").json()["alerts"]}
    mosul = alerts["al-mosul"]
    assert [e["id"] for e in mosul["evidence_events"]] == ["e-r1", "e-r2"]
    west, south, east, north = mosul["bbox"]
    assert west <= 43.119 <= east and south <= 36.335 <= north
    geo = client.get("/api/alerts", params={"format": "geojson"}).json()
    assert {f["id"] for f in geo["features"]} == set(alerts)


def test_actors_busiest_first(client):
    actors = client.get("/api/actors").json()["actors"]
    assert actors[0]["events"] >= actors[-1]["events"]
    isis = next(a for a in actors if a["name"] == "ISIS")
    assert isis == {"name": "ISIS", "kind": "jihadist", "events": 2,
                    "first_date": "2014-06-10", "last_date": "2014-06-20"}


def test_track_is_a_line_through_weekly_positions(client):
    response = client.get("/api/actors/ISIS/track")
    assert response.headers["content-type"].startswith("application/geo+json")
    lines = [f for f in response.json()["features"] if f["geometry"]["type"] == "LineString"]
    assert len(lines) == 1
    start, end = lines[0]["geometry"]["coordinates"][0], lines[0]["geometry"]["coordinates"][-1]
    assert start[1] > end[1]            # moved south: Mosul, then Samarra


def test_article_with_its_events(client):
    body = client.get("/api/articles/a-r4").json()
    assert body["article"]["source"] == "Levant Daily"
    assert "Aleppo" in body["article"]["text"]
    assert [e["id"] for e in body["events"]] == ["e-r4"]


def test_stats_and_timeline(client):
    stats = client.get("/api/stats").json()
    assert stats["events"] == 8 and stats["mentions"] == 9 and stats["articles"] == 9
    assert stats["alerts_by_kind"]["territory"] == 1
    days = client.get("/api/timeline", params={"country": "Iraq"}).json()["days"]
    assert days[0] == {"date": "2014-06-10", "events": 1}   # two reports, one event
    assert sum(d["events"] for d in days) == 4


def test_openapi_lists_the_endpoints(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/events", "/api/events/{event_id}", "/api/alerts", "/api/actors",
                 "/api/actors/{name}/track", "/api/articles/{article_id}", "/api/stats",
                 "/api/ingest"):
        assert path in paths


def test_dashboard_and_its_vendor_files_are_served(client):
    page = client.get("/")
    assert page.status_code == 200 and 'src="/static/app.js"' in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert client.get("/static/app.js").status_code == 200


def test_vendor_route_serves_only_the_allowed_folders(client):
    if not client.get("/api/health").json()["vendor"]:
        pytest.skip("web/node_modules missing: run npm ci --prefix web")
    assert client.get("/vendor/leaflet/dist/leaflet.js").status_code == 200
    assert client.get("/vendor/world-atlas/countries-110m.json").status_code == 200
    assert client.get("/vendor/leaflet/package.json").status_code == 404
    assert client.get("/vendor/playwright-core/package.json").status_code == 404
    assert client.get("/vendor/leaflet/dist/..%2F..%2Fplaywright-core/package.json").status_code == 404


@pytest.mark.parametrize(("params", "loc", "hint"), [
    ({"type": "Armed clsh"}, "event_type", "did you mean 'Armed clash'"),
    ({"event_type": "Protest"}, "event_type", "did you mean 'Protests'"),
    ({"country": "Syriaa"}, "country", "did you mean 'Syria'"),
    ({"status": "reportd"}, "status", "did you mean 'reported'"),
    ({"since": "2014-06-20", "until": "2014-06-01"}, "since", "after until"),
])
def test_unknown_filter_values_are_400_with_the_nearest_match(client, params, loc, hint):
    from api_helpers import assert_error_shape

    body = assert_error_shape(client.get("/api/events", params=params), 400)
    assert hint in body["error"] and body["errors"][0]["loc"] == ["query", loc]


def test_event_type_is_the_filter_name_and_type_its_alias(client):
    by_name = client.get("/api/events", params={"event_type": "Armed clash"}).json()["events"]
    by_alias = client.get("/api/events", params={"type": "Armed clash"}).json()["events"]
    assert [e["id"] for e in by_name] == [e["id"] for e in by_alias] and by_name


@pytest.mark.parametrize("country", ["IRQ", "IQ", "Irak", "iraq"])
def test_countries_by_iso_code_and_alias(client, country):
    assert client.get("/api/events", params={"country": country}).json()["total"] == 4


def test_alert_filters(client):
    def ids(**params):
        return {a["id"] for a in client.get("/api/alerts", params=params).json()["alerts"]}
    everything = ids()
    assert ids(kind="territory") and ids(kind="territory") < everything
    assert all(a["kind"] == "territory" for a in client.get("/api/alerts", params={"kind": "territory"}).json()["alerts"])
    assert ids(min_severity=1) <= everything
    from api_helpers import assert_error_shape

    body = assert_error_shape(client.get("/api/alerts", params={"kind": "surges"}), 400)
    assert "did you mean 'surge'" in body["error"]


def test_counts_by_week_and_admin1(client):
    body = client.get("/api/counts", params={"by": "week,admin1", "country": "Iraq"}).json()
    assert body["period"] == "week" and body["columns"][:2] == ["week", "admin1"]
    assert sum(r["events"] for r in body["rows"]) == 4
    csv_text = client.get("/api/counts", params={"by": "event_type", "format": "csv"}).text
    assert csv_text.startswith("event_type,events,articles,fatalities")
    from api_helpers import assert_error_shape

    bad = assert_error_shape(client.get("/api/counts", params={"by": "weak"}), 400)
    assert "did you mean 'week'" in bad["error"] and bad["errors"][0]["loc"] == ["query", "by"]


def test_alerts_a_page_at_a_time(client):
    everything = client.get("/api/alerts").json()
    assert "total" not in everything                 # no page asked: every alert, as before
    ids = [a["id"] for a in everything["alerts"]]
    assert len(ids) >= 2
    first = client.get("/api/alerts", params={"limit": 1}).json()
    second = client.get("/api/alerts", params={"page": 2, "limit": 1}).json()
    assert (first["total"], first["page"], first["pages"]) == (len(ids), 1, len(ids))
    assert [a["id"] for a in first["alerts"] + second["alerts"]] == ids[:2]
    past = client.get("/api/alerts", params={"page": len(ids) + 1, "limit": 1}).json()
    assert past["alerts"] == [] and past["total"] == len(ids)
    kind = everything["alerts"][0]["kind"]
    filtered = client.get("/api/alerts", params={"kind": kind, "limit": 1}).json()
    assert filtered["total"] == sum(a["kind"] == kind for a in everything["alerts"])
    from api_helpers import assert_error_shape

    assert_error_shape(client.get("/api/alerts", params={"page": 0}), 400)
    assert_error_shape(client.get("/api/alerts", params={"limit": 10 ** 6}), 400)
