"""The report: its model, the YAML parser, checks, derived values, periods, references and fixed wording."""
