"""A separate process that levels a stored plant (a plant file, or `postgresql://…#PLANT`) and SIGKILLs
itself at one step of the members' save."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from plantrack.operations.plant_level import level_plant_file


def main(plant_file: str, step: str, nth: str) -> None:
    def stop(name: str, n: int) -> None:
        if name == step and n == int(nth):
            os.kill(os.getpid(), signal.SIGKILL)

    if plant_file.startswith("postgresql://"):
        from plantrack.store.location import locate
        from plantrack.store.plant_store import plant_store

        level_plant_file(plant_store(locate(plant_file)), time_limit=2, workers=1, step=stop)
    else:
        level_plant_file(Path(plant_file), time_limit=2, workers=1, step=stop)
    print("saved")


if __name__ == "__main__":
    main(*sys.argv[1:])
