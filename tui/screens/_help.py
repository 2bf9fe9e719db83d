"""The help screen: every key, as currently bound (keymaps included), and what the colours mean."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.widgets._text import DATE_STYLE, MODALITY_MARKS, MUTED, STATUS_MARKS, TRIGGER_STYLE

HelpSection = tuple[str, Sequence[BindingType], bool]
"""A title, its bindings, and whether to show them on one line (a family such as 1-9)."""


def _bindings(entries: Sequence[BindingType]) -> list[Binding]:
    return [entry if isinstance(entry, Binding) else Binding(*entry) for entry in entries]


def _legend() -> Text:
    text = Text.assemble(("Highlights in the source sentence\n", Style(bold=True)))
    text.append("  actor", Style(bold=True, underline=True))
    text.append(" an actor of the event, in its side's colour (other actors named: not bold)\n")
    text.append("  trigger", TRIGGER_STYLE)
    text.append(" the words the event was read from\n")
    text.append("  date words", DATE_STYLE)
    text.append(" where the date came from\n\n")
    text.append("Marks in the timeline\n", Style(bold=True))
    for status, (mark, colour) in STATUS_MARKS.items():
        text.append(f"  {mark}", Style(color=colour, bold=True))
        text.append(f" {status}\n")
    for modality, mark in MODALITY_MARKS.items():
        text.append(f"  {mark}", MUTED)
        text.append(f" {modality}\n")
    return text


class HelpScreen(ModalScreen[None]):
    """Every key by pane, from the bindings themselves, so remapped keys show as remapped."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close help", id="help.close"),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90%; max-width: 90; height: 90%;
        border: round $accent; border-title-align: center;
        background: $surface; padding: 0 1;
    }
    """

    def __init__(self, sections: Sequence[HelpSection], keymap: Mapping[str, str]) -> None:
        super().__init__()
        self._sections = sections
        self._keymap = keymap

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "eventscope keys (Esc closes)"
            scroll.can_focus = True
            yield Static(self._keys_text())
            yield Static(_legend())

    def _keys_text(self) -> Text:
        text = Text()
        for title, entries, one_line in self._sections:
            bindings = _bindings(entries)
            if one_line:
                text.append(f"  {self._family_keys(bindings):<16}", Style(bold=True))
                text.append(f"{title}\n\n")
                continue
            text.append(f"{title}\n", Style(bold=True, underline=True))
            for binding in bindings:
                text.append(f"  {self._keys(binding):<16}", Style(bold=True))
                text.append(f"{binding.tooltip or binding.description or binding.action}\n")
            text.append("\n")
        return text

    def _family_keys(self, bindings: list[Binding]) -> str:
        """Keys of a family of bindings: "1…9" while they are the digits in order."""
        keys = [self._keys(binding) for binding in bindings]
        digits = [str(number) for number in range(1, len(keys) + 1)]
        return f"1…{len(keys)}" if keys == digits else " ".join(keys)

    def _keys(self, binding: Binding) -> str:
        keys = self._keymap.get(binding.id or "", binding.key).split(",")
        shown = [self.app.get_key_display(Binding(key.strip(), binding.action)) for key in keys]
        return " / ".join(shown)
