"""What-if scenarios: a scenario's diff against the current plan, their comparison, a decision matrix."""
