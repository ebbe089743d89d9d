"""Tracking screens: the deviation report against a baseline and the review-meeting mode."""
