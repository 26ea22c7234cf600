"""From processed tables to published pages: plan, execute, render, cache, publish."""
