"""What notebooks show: French number formats, escaped HTML prose and tables, plotly charts."""
