"""Screens of the terminal UI: forms, help, reports."""
