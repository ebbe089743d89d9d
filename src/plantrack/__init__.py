"""plantrack: plan, track and show production-line improvement projects."""

__version__ = "0.1.0"
