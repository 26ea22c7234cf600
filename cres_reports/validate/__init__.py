"""The gate: raw tables checked against the expectation suites, results typed and explained."""
