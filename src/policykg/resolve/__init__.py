"""Resolution: from extracted mentions to stable identities (documents, bodies, units) and the catalog."""
