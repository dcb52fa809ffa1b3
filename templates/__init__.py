"""Word templates shipped with cchc-docgen (installed from the top-level templates/ folder)."""
