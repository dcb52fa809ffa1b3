"""`build` and `appendix`: check every report, render on a process pool, convert to PDF, commit all files."""
