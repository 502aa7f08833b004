"""``python -m katalog.cli``."""

from katalog.cli import main

main()
