"""Sub-commands of the `actieplan` CLI, one module each with add_parser() and run()."""
