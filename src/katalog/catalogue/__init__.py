"""The catalogue: its model, reading YAML with positions, checking records, and reporting problems."""
