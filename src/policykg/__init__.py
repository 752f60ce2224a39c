"""policykg: a knowledge graph of Vietnamese policy documents and the district reports that act on them."""

__version__ = "0.1.0"
