"""``python -m ssrsim`` runs the command line."""

from ssrsim.cli import main

main()
