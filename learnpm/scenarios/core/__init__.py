"""The scenario engine and its content: no Flask, no database."""
