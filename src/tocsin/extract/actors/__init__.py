"""Actors: who a phrase names (`resolver`), which phrases of a sentence name
someone (`find`), which of them are places (`places`), who did what to whom
(`roles`) and who "the group" is across a document (`memory`)."""
from tocsin.extract.actors.resolver import (
    COUNTRY, GENERIC, NAMED, NATIONALITY, UNKNOWN, ActorResolver, Resolution, country_in,
    noun_group, scan,
)

__all__ = ["ActorResolver", "Resolution", "country_in", "noun_group", "scan", "NAMED", "COUNTRY",
           "NATIONALITY", "GENERIC", "UNKNOWN"]
