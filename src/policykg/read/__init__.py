"""Read report files into text: encoding detection, .docx, .pdf, and a clear error for anything else."""

from policykg.read.files import ReadError, ReportText, read_report

__all__ = ["ReadError", "ReportText", "read_report"]
