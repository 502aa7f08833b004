"""The website: the MkDocs plugin, generated pages from templates, search and HTML safety."""
