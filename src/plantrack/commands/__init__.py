"""CLI commands, one module per family; `plantrack.cli` assembles them."""
