"""`python -m cchc_docgen`."""

from .cli import main

main()
