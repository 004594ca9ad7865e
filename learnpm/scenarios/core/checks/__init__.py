"""Checks of scenario content: static rules, the graph, state, simulated play and tells."""
