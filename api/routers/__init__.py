"""HTTP routers: thin, one per resource. Authentication is declared once per router."""
