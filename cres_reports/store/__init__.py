"""The processed layer: validated tables per year, written atomically and read back."""
