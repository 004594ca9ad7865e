"""PMI's rule sets: their models, and loading them from content/rules/."""
