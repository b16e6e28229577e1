"""Presentation: the command line, tables, the HTML report and the run store (display units live here)."""
