"""The Textual terminal UI, one package per feature over the operations layer.

`app` (the Gantt home screen, undo/redo, outside changes) and `app_forms` (its editing keys) open the
features: `plan` (the Gantt widget, its painter and the pure layout they draw), `tracking` (deviation
report, review meeting), `resources` (weekly load and windows, leveling), `forms` (the modal form every
edit goes through) and `help`. Every operation itself lives in `plantrack.operations`.
"""
