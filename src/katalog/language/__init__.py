"""Danish as the catalogue writes it: grammar, house style and hyphenation."""
