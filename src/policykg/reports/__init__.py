"""Reports: views over the graph built only from named queries."""
