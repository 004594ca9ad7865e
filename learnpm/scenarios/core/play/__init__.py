"""Playing a scenario: the engine, scoring, the debrief, progress, the catalogue and pictures."""
