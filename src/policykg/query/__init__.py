"""The query layer, four small modules in the order a query goes through them: loader (the .rq files, their
declared parameters, includes and fallbacks), params (a value to RDF terms), runner (bind and run; whether stored
scoreboard cells may be read is the caller's word), format (text, CSV, JSON). policykg.sparql puts them together
with the scoreboard's freshness for the commands, the explorer and the gap report."""
