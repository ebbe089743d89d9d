"""The modal form every edit of the TUI goes through, with the checks of the command line inline."""
