"""File formats: TOML project files, PSPLIB, MSPDI, GanttProject, Planner, CSV, iCalendar."""
