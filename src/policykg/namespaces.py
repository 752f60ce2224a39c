"""IRIs of the vocabularies policykg reuses and of its own terms and resources."""

BASE = "https://w3id.org/policykg/"
PKG = BASE + "ontology#"
ID = BASE + "id/"
GRAPH = BASE + "graph/"

ELI = "http://data.europa.eu/eli/ontology#"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
QB = "http://purl.org/linked-data/cube#"
ODRL = "http://www.w3.org/ns/odrl/2/"
TIME = "http://www.w3.org/2006/time#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
SH = "http://www.w3.org/ns/shacl#"

PREFIXES = {
    "pkg": PKG, "pkgid": ID, "eli": ELI, "org": ORG, "prov": PROV, "skos": SKOS, "dct": DCT, "qb": QB,
    "odrl": ODRL, "time": TIME, "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "owl": OWL,
}

ONTOLOGY_GRAPH = GRAPH + "ontology"
CATALOG_GRAPH = GRAPH + "catalog"
ADMIN_GRAPH = GRAPH + "admin"
ENTITIES_GRAPH = GRAPH + "entities"  # descriptions of nodes several reports mention (see graph/report.py)
REPORT_GRAPH_PREFIX = GRAPH + "report/"
SCOREBOARD_GRAPH = GRAPH + "scoreboard"  # the gap matrix materialised (policykg/scoreboard.py)
STAGING_PREFIX = GRAPH + "staging/"  # scratch graphs of a write in progress; a build drops leftovers
CLEANUP_NOTES_GRAPH = STAGING_PREFIX + "cleanup-notes"


def sparql_prefixes() -> str:
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
