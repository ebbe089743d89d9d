"""Render Markdown with a CommonMark parser (tables on) and read back the HTML's tags and text."""

from __future__ import annotations

from html.parser import HTMLParser

from markdown_it import MarkdownIt

_MD = MarkdownIt("commonmark").enable("table")


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.cells: list[str] = []
        self.text: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag in ("td", "th", "li", "p", "h1", "h2"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th", "li", "p", "h1", "h2") and self._cell is not None:
            self.cells.append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def render(markdown: str) -> tuple[list[str], list[str]]:
    """The HTML tags a Markdown viewer makes of `markdown`, and the text of each block or cell."""
    reader = _Reader()
    reader.feed(_MD.render(markdown))
    return reader.tags, reader.cells
