"""Scenario exercises: a pure core (load, validate, play) and, in views.py, the web pages."""
