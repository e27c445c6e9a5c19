"""Extraction stages: dates, claims, actors, places, events, relations."""
