"""Tracking: baselines, progress at a status date, variance and earned value, gates and actions."""
