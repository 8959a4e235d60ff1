"""Import pipeline: source loaders, mapping, timestamps, pseudonymisation, limits."""
