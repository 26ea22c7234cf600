"""The site around the notebooks: pages and their reads, layout, navigation, indexes, downloads."""
