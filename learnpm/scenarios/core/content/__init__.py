"""Scenario content: the file schema, reading YAML, conditions, and the model the engine plays."""
