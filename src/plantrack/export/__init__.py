"""Exports for people: the self-contained HTML Gantt and dashboard, review minutes."""
