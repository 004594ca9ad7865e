"""One context of plain values per document, built from the database for its template."""
