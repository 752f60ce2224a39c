"""The graph page of the explorer (its code: policykg.explorer.pages.graph)."""

from policykg.explorer.pages import graph

graph()
