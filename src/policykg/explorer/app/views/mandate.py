"""The mandate page of the explorer (its code: policykg.explorer.pages.mandate)."""

from policykg.explorer.pages import mandate

mandate()
