"""Documents made on the server: the report's PDFs, in French."""
