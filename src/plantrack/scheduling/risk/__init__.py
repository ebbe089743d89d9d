"""Schedule risk: PERT three-point estimates and Monte Carlo simulation over the CPM network."""
