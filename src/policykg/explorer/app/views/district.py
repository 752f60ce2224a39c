"""The district page of the explorer (its code: policykg.explorer.pages.district)."""

from policykg.explorer.pages import district

district()
