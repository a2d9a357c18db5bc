"""Use cases and rules. Routers call these; only the request boundary commits."""
