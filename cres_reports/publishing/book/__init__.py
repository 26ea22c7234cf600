"""The year in one PDF for a board meeting: headless Chromium, offline."""
