"""tocsin: news articles in, a geocoded, source-attributed conflict event store out."""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tocsin")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0"
