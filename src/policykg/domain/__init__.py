"""Domain primitives every stage shares, importing no stage: document number forms and their parser
(regexes, numbers) and identity (every IRI minted and parsed back). Extraction, the catalog, resolution, the
graph and the queries all build on these; nothing here imports them."""
