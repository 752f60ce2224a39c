"""Graph: resolved records -> RDF quads, one named graph per source (ontology, catalog, admin, each report)."""
