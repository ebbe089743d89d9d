"""The Gantt home screen: its widget and painter, and the pure layout they draw (rows, outline, geometry)."""
