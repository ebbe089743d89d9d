"""The plant's portfolio in the terminal: one row per project on a shared time axis, the shared load below."""
