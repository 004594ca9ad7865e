"""Reading and writing the experience log as CSV: tables with rows and columns, and records."""
