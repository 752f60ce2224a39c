"""The gaps page of the explorer (its code: policykg.explorer.pages.gaps)."""

from policykg.explorer.pages import gaps

gaps()
