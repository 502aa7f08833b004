"""Editors' tools generated from the model: schema, issue form, CMS, fmt, scaffold, links."""
