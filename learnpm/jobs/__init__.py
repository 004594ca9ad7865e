"""Background work: the same job functions run in the web process (the default) or on an RQ worker over Redis."""
