"""Tools of the project that are not part of the pipeline (demo data generator)."""
