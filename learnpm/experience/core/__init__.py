"""PMI's rules and everything the experience log computes on plain values: no Flask, no database."""
