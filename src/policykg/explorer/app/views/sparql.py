"""The sparql page of the explorer (its code: policykg.explorer.pages.sparql)."""

from policykg.explorer.pages import sparql

sparql()
