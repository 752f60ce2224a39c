"""The add page of the explorer (its code: policykg.explorer.pages.add_report)."""

from policykg.explorer.pages import add_report

add_report()
