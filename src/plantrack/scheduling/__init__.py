"""The scheduling core: model, calendars, network, CPM, PERT, leveling, tracking (no I/O)."""
