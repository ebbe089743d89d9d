"""The application layer: each operation the command line and the TUI offer, written once.

The faces parse what the user typed into model values and call these functions; the functions check
the request against the plan and return the new plan (or raise `InvalidInput` whose problems name the
offending field in `Problem.field`, so a form can flag it and the command line can ignore it).
"""
