"""The embedded demo project."""
