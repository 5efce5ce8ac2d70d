"""Synthetic event frames for benchmarking the alert detectors.

Background noise (actors active around their home regions, Poisson-ish
weekly counts) plus planted signals: drifting actors, surges, takeovers,
explicit redeployments and an actor closing in on a watched city.
"""
from __future__ import annotations

import dataclasses
import time

import numpy as np
import pandas as pd

from tocsin.analysis.config import AlertConfig, WatchedPlace, default_config
from tocsin.analysis.frame import FRAME_COLUMNS, day_number
from datetime import date

_SUB_TYPES = np.array(["Armed clash", "Attack", "Air/drone strike",
                       "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
                       "Non-state actor overtakes territory", "Peaceful protest"])
_SUB_WEIGHTS = np.array([0.35, 0.2, 0.15, 0.15, 0.1, 0.0005, 0.0495])


def events_frame(n: int, seed: int = 7, *, actors: int = 300, regions: int = 600,
                 years: int = 5) -> pd.DataFrame:
    """`n` synthetic events in the frame layout of `frame.FRAME_COLUMNS`."""
    rng = np.random.default_rng(seed)
    region_lat = rng.uniform(-30, 50, regions)
    region_lon = rng.uniform(-20, 100, regions)
    home = rng.integers(0, regions, actors)
    actor = rng.integers(0, actors, n)
    first_day = day_number(date(2015, 1, 1))
    day = first_day + rng.integers(0, 365 * years, n)
    # most events near the actor's home region, a few anywhere
    region = np.where(rng.random(n) < 0.97, home[actor], rng.integers(0, regions, n))
    lat = region_lat[region] + rng.normal(0, 0.3, n)
    lon = region_lon[region] + rng.normal(0, 0.3, n)
    drifting = actor < actors // 20      # planted: these actors move east over time
    lon = lon + np.where(drifting, (day - first_day) / 365 * 3.0, 0.0)
    published = (pd.to_datetime(day, unit="D") + pd.to_timedelta(
        rng.integers(0, 3 * 86400, n), unit="s")).to_numpy()
    frame = pd.DataFrame({
        "id": pd.Series(np.arange(n)).map("e{:07d}".format),
        "day": day.astype(np.int64),
        "published": published,
        "lat": lat, "lon": lon,
    })
    frame["key"] = frame["id"]
    frame["article_id"] = "a" + (np.arange(n) // 3).astype(str)
    frame["date_precision"] = pd.Categorical(np.where(rng.random(n) < 0.9, "day", "month"))
    frame["status"] = pd.Categorical(rng.choice(
        ["reported", "asserted", "alleged", "denied", "hypothetical"], n,
        p=[0.6, 0.2, 0.1, 0.05, 0.05]))
    frame["independent"] = rng.integers(1, 4, n).astype(np.int64)
    frame["sub_event_type"] = pd.Categorical(_SUB_TYPES[rng.choice(len(_SUB_TYPES), n,
                                                                   p=_SUB_WEIGHTS)])
    frame["actor"] = pd.Categorical.from_codes(actor, [f"Group {i:03d}" for i in range(actors)])
    frame["actor_kind"] = pd.Categorical(np.where(actor % 10 == 0, "civilians", "rebel"))
    frame["actor_known"] = actor % 7 != 0
    frame["place"] = pd.Categorical.from_codes(region, [f"Town {i}" for i in range(regions)])
    frame["admin1"] = pd.Categorical.from_codes(region // 2, [f"Province {i}"
                                                              for i in range(regions // 2 + 1)])
    frame["country"] = pd.Categorical.from_codes(region // 30, [f"Country {i}"
                                                                for i in range(regions // 30 + 1)])
    frame["place_precision"] = pd.Categorical(np.where(rng.random(n) < 0.8, "city", "admin1"))
    _add_movements(frame, rng, region_lat, region_lon)
    types = {"Non-state actor overtakes territory": "Strategic developments",
             "Peaceful protest": "Protests", "Armed clash": "Battles"}
    # map the few categories, not the million rows
    frame["event_type"] = frame["sub_event_type"].map(
        lambda sub: types.get(sub, "Explosions/Remote violence")).astype("category")
    # one outlet per 20 articles: sources for severity
    frame["origin"] = pd.Categorical.from_codes(np.arange(n) // 60,
                                                [f"outlet:{i}" for i in range(n // 60 + 1)])
    return frame[[c for c in FRAME_COLUMNS if c in frame]]


def _add_movements(frame: pd.DataFrame, rng: np.random.Generator, region_lat: np.ndarray,
                   region_lon: np.ndarray) -> None:
    n = len(frame)
    moving = rng.random(n) < 0.001
    origin = rng.integers(0, len(region_lat), n)
    dest = origin.copy()
    # a move runs to a place 50 to 400 km from its origin, not across the map
    km = rng.uniform(50, 400, n)
    angle = rng.uniform(0, 2 * np.pi, n)
    d_lat = region_lat[origin] + km * np.cos(angle) / 111.2
    d_lon = region_lon[origin] + km * np.sin(angle) / (111.2 * np.cos(np.radians(d_lat)))
    frame["mv_kind"] = pd.Categorical(np.where(moving, "redeploy", ""))
    frame["mv_o_lat"] = np.where(moving, region_lat[origin], np.nan)
    frame["mv_o_lon"] = np.where(moving, region_lon[origin], np.nan)
    frame["mv_o_name"] = pd.Categorical(np.where(moving, "Town " + origin.astype(str), ""))
    frame["mv_d_lat"] = np.where(moving, d_lat, np.nan)
    frame["mv_d_lon"] = np.where(moving, d_lon, np.nan)
    frame["mv_d_name"] = pd.Categorical(np.where(moving, "Near town " + origin.astype(str), ""))
    # the event is reported where the move ends
    frame.loc[moving, "lat"] = d_lat[moving]
    frame.loc[moving, "lon"] = d_lon[moving]
    frame["mv_d_admin1"] = pd.Categorical(np.where(moving, "Province " + (dest // 2).astype(str),
                                                   ""))
    frame["mv_d_country"] = pd.Categorical(np.where(moving, "Country " + (dest // 30).astype(str),
                                                    ""))


def bench_config(frame: pd.DataFrame) -> AlertConfig:
    """Defaults plus three watched places on busy spots of the synthetic map."""
    base = default_config()
    picks = frame.iloc[[0, len(frame) // 2, len(frame) - 1]]
    watch = tuple(WatchedPlace(f"Watched {i}", float(r.lat), float(r.lon), 150.0)
                  for i, r in enumerate(picks.itertuples()))
    return dataclasses.replace(base, approach=dataclasses.replace(base.approach, watch=watch))


def timed_run(n: int, seed: int = 7) -> dict[str, float]:
    from tocsin.analysis.alerts import compute_frame
    started = time.perf_counter()
    frame = events_frame(n, seed)
    config = bench_config(frame)
    built = time.perf_counter()
    alerts = compute_frame(frame, config)
    done = time.perf_counter()
    counts = pd.Series([a.kind for a in alerts], dtype=object).value_counts().to_dict()
    return {"events": float(n), "build_s": round(built - started, 3),
            "compute_s": round(done - built, 3), "alerts": float(len(alerts)),
            **{f"alerts_{k}": float(v) for k, v in sorted(counts.items())}}
