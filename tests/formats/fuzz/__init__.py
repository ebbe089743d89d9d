"""Fuzzing of the importers: seed files (ours, written by hand or by our exporters) and the harness."""
