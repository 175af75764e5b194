"""Network analytics over the graph: actor networks, measures, brokerage, exports."""
