"""``python -m orbitdc``."""

from orbitdc.cli import main

main()
