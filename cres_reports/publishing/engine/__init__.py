"""Executing notebooks and rendering them: the pinned kernel, papermill, warm kernels, nbconvert."""
