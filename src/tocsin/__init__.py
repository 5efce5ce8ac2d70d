"""tocsin: news articles in, a geocoded, source-attributed conflict event store out."""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tocsin")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0"


def open(db: str = "tocsin.duckdb"):  # noqa: A001  (mirrors sqlite3.connect-style entry points)
    """Open a store for notebooks: `tocsin.open("tocsin.duckdb").events(actor="ISIS")`
    returns a pandas DataFrame.  Imported lazily so `import tocsin` stays cheap."""
    from tocsin.api.notebook import open as open_notebook

    return open_notebook(db)


def to_geodataframe(frame, lat: str = "lat", lon: str = "lon"):  # type: ignore[no-untyped-def]
    """A frame from `tocsin.open(...)` (events, mentions, track) as a geopandas
    GeoDataFrame of points; geopandas is the optional extra `tocsin[geo]`."""
    from tocsin.api.notebook import to_geodataframe as convert

    return convert(frame, lat=lat, lon=lon)
