"""Errors a user can act on: each says what is wrong and where (file, line, field)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file."""

    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        field = f" [{self.field}]" if self.field else ""
        return f"{where}{field}: {self.message}"


class InputError(Exception):
    """Bad input: one or more problems, all reported together."""

    def __init__(self, problems: list[Problem] | Problem, hint: str = "") -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        self.hint = hint
        super().__init__(self.render())

    def __reduce__(self) -> tuple[type[InputError], tuple[list[Problem], str]]:
        # pickled whole (not as its message), so a build's worker process can raise it
        return InputError, (self.problems, self.hint)

    def render(self) -> str:
        lines = [str(p) for p in self.problems]
        if self.hint:
            lines.append(self.hint)
        return "\n".join(lines)
