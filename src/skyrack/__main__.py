"""``python -m skyrack``."""

from skyrack.present.cli import main

main()
