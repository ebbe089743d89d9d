"""The self-contained HTML report: Gantt, network diagram and dashboard for steering committees."""
