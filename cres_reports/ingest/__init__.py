"""Raw files in, typed tables out: the data contract and its readers."""
