"""The `actieplan` command line: one module per sub-command."""
