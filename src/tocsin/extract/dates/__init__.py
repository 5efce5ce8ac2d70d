"""Dates: sentence rules (`rules`), dates through an article and the reports it
cites (`context`), and publication datelines (`datelines`)."""
from tocsin.extract.dates.rules import DateGuess, all_dates, resolve

__all__ = ["DateGuess", "all_dates", "resolve"]
