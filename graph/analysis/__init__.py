"""Analyses over the graph: actor networks, measures, brokerage, exports; two versions of a
plan compared."""
