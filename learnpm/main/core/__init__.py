"""What the home page decides from plain facts: no Flask, no database."""
