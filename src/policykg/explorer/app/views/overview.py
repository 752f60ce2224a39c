"""The overview page of the explorer (its code: policykg.explorer.pages.overview)."""

from policykg.explorer.pages import overview

overview()
