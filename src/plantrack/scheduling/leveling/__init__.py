"""Resource leveling with OR-Tools CP-SAT and a serial schedule-generation heuristic."""
