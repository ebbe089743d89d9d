"""Leveling a plant: several projects sharing their resources, leveled together."""
