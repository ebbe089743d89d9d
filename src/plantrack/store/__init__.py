"""The workspace: an atomic, locked TinyDB JSON file per project."""
