"""The TOML project file: reading with source locations, writing back, the tables and keys it holds."""
