"""`python -m cchc_docgen`."""

from .cli.commands import main

if __name__ == "__main__":
    main()
