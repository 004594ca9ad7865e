"""Rendering PDFs: the static-only URL fetcher, WeasyPrint, and the pool of worker processes."""
