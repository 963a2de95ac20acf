"""Publishing outside the website: the PDFs, the offline zip and the server headers."""
