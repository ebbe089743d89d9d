"""The scenario screens: the switcher (which plan the app edits, new scenarios) and the comparison."""
