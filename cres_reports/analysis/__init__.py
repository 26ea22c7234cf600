"""The figures of each report: pure functions on a year's frames (no plotting, no HTML)."""
