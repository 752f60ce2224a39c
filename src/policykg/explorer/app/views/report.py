"""The report page of the explorer (its code: policykg.explorer.pages.report)."""

from policykg.explorer.pages import report

report()
