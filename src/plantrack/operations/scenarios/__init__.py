"""What-if scenarios: a scenario's diff against the current plan, their comparison, a decision matrix.

- `diff`: `plan_diff(current, scenario) -> PlanDiff`, `render_diff`, `diff_json` (`scenario show`).
- `tracking`: `Tracking` (status date, actuals, baseline shared by every scenario), `tracking_of(state)`.
- `compare`: `compare_scenarios(current, [(name, project)...], tracking, ...) -> Comparison`,
  `comparison_json`; `compare_text.render_comparison` (`scenario compare`).
- `grid` and `matrix`: the decision grid (`default_grid`, `load_grid(path)`), `decision_matrix(
  options_of(comparison), grid, scores)`, `matrix_json`; `matrix_text.render_matrix`.
- `demo`: the demo's two scenarios, `demo_scenarios(project)`.

The package is imported module by module, so that showing a diff loads neither numpy nor the solver.
"""
