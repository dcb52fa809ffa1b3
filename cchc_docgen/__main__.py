"""`python -m cchc_docgen`."""

from .cli import main

if __name__ == "__main__":
    main()
