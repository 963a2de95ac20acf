"""Reading a YAML file into plain data, with the line of every value (for messages that say where)."""
from __future__ import annotations

import gc
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from .yaml_errors import syntax_message

Path_ = tuple  # a path into the data: ('lessen', 2, 'reflectievragen')

# libyaml's parser when PyYAML has it (it does in the wheels we pin): about ten times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"


@contextmanager
def _collector_paused():
    """Python's cycle collector off while a file is read. Reading makes millions of objects without
    cycles (the YAML nodes, then the data), which reference counting frees; the collector would walk all
    of them again and again as they grow. With 100 times the content, 7.5 s less (tools/bench.py)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


class Reader:
    """Turns a YAML file into plain data plus a map from data path to line number."""

    @classmethod
    def tab_in_indentation(cls, text: str) -> int | None:
        """The first line whose indentation holds a tab (YAML wants spaces), or None."""
        for number, line in enumerate(text.splitlines(), 1):
            if "\t" in line[: len(line) - len(line.lstrip(" \t"))]:
                return number
        return None

    def __init__(self, rel: str, text: str):
        self.rel = rel
        self.text = text
        self.lines: dict[Path_, int] = {}
        self.spans: dict[Path_, tuple[int, int]] = {}  # where each value stands in the text
        self.errors: list[str] = []
        self._constructor = yaml.SafeLoader("")

    def read(self) -> Any:
        with _collector_paused():
            try:
                node = yaml.compose(self.text, Loader=_LOADER)
            except yaml.MarkedYAMLError as exc:
                self.errors.append(syntax_message(self.rel, self.text, exc))
                return None
            except yaml.YAMLError as exc:  # pragma: no cover - PyYAML always marks its errors
                self.errors.append(f"{self.rel}: de YAML is ongeldig ({exc})")
                return None
            if node is None:
                self.errors.append(f"{self.rel}: het bestand is leeg")
                return None
            return self._walk(node, ())

    def line_of(self, path: Path_, snippet: str) -> int | None:
        """The line where ``snippet`` stands inside the value at ``path`` (its first line if not found)."""
        start, end = self.spans.get(path, (0, 0))
        pos = self.text.find(snippet, start, end + 1) if snippet else -1
        return self.text.count("\n", 0, pos) + 1 if pos >= 0 else self.lines.get(path)

    def _walk(self, node: yaml.Node, path: Path_) -> Any:
        self.lines[path] = node.start_mark.line + 1
        self.spans[path] = (node.start_mark.index, node.end_mark.index)
        if isinstance(node, yaml.MappingNode):
            result: dict = {}
            for key_node, value_node in node.value:
                key = key_node.value if key_node.tag == _STR else self._constructor.construct_object(key_node, deep=True)
                if key in result:
                    self.errors.append(f"{self.rel}:{key_node.start_mark.line + 1}: het veld '{key}' staat er twee keer")
                result[key] = self._walk(value_node, path + (key,))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self._walk(item, path + (i,)) for i, item in enumerate(node.value)]
        if node.tag == _STR:
            return node.value  # what SafeConstructor gives for a text, without its bookkeeping
        return self._constructor.construct_object(node, deep=True)


def read_text(path: Path, rel: str) -> tuple[str | None, str | None]:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig"), None  # a UTF-8 byte order mark is accepted
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, (f"{rel}:{line}: het bestand is geen UTF-8. Sla het op als UTF-8 "
                      f"(onleesbaar teken op positie {exc.start})")


