"""The export dialog: where to write the current view (the extension picks the format)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from store.export import ExportError, format_for
from tui.widgets._text import literal


class ExportScreen(ModalScreen[Path | None]):
    """Ask for a file name; dismiss with it (None when the reader cancels)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
    ]
    AUTO_FOCUS = "#export-path"

    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    ExportScreen > Vertical {
        width: 72; max-width: 100%; height: auto;
        border: round $accent; background: $surface; padding: 0 1;
    }
    ExportScreen #export-error { color: $text-error; display: none; }
    ExportScreen .hint { color: $text-muted; }
    """

    def __init__(self, what: str, suggested: Path) -> None:
        """``what`` says what will be written ("24 events under the current filters")."""
        super().__init__()
        self._what = what
        self._suggested = suggested

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(literal(f"Export {self._what} to:"))
            yield Input(str(self._suggested), id="export-path")
            yield Static(id="export-error")
            yield Label(
                ".csv, .json or .jsonl picks the format · enter writes · esc cancels",
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one(Vertical).border_title = "Export"

    @on(Input.Submitted, "#export-path")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        path = Path(event.value.strip()).expanduser()
        try:
            format_for(path)
        except ExportError as error:
            message = self.query_one("#export-error", Static)
            message.update(literal(str(error)))
            message.display = True
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)
