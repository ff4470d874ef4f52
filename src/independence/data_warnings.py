"""Warnings about data: valid, but probably not what the author meant.

A :class:`DataWarning` is placed like a :class:`~independence.Problem` (``file``, ``line``,
``column``, ``path``, ``message``) but does not make the data invalid: a catalogue with
warnings and no problems loads, ``independence validate`` prints the warnings and still exits
0. Apps and test suites read them from :attr:`Catalog.warnings <independence.Catalog.warnings>`,
the one form for a catalogue (it adds what a translated catalogue's locale lacks);
:func:`warnings_in` runs the checks on records that are not a catalogue yet (``Parts``).

Each warning check is a function from the records of a data set (with their origins) to
findings; :data:`WARNING_CHECKS` lists them in the order they run. A new kind of warning (such
as a stale translation, for localised data) is one more function in that list: the placing,
sorting, API and command line come with it.

The checks today, on escalation policies (steps that can never be reached):

- a step after the ``call-emergency-services`` step: by then the emergency services are
  already on their way, and anything listed after them is unlikely ever to be done;
- a repeat that outlasts the next step: its last repeats come when the escalation has already
  moved on to the next step.

(A condition that skips every step used to be a warning; a policy whose conditions together
skip every safety step is now refused by the model itself, in a file as in code.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Final

from independence.errors import Placed
from independence.model.escalation import Action
from independence.records import Finding

if TYPE_CHECKING:
    from independence.records import Parts

__all__ = ["WARNING_CHECKS", "DataWarning", "warnings_in"]


class DataWarning(Placed):
    """Something in the data that is valid but probably a mistake, and where.

    The fields mean what they mean for a problem; as text it reads
    'file:line:column: path: warning: message'.
    """

    def __init__(
        self,
        file: str | None,
        line: int | None,
        column: int | None,
        path: str,
        message: str,
    ) -> None:
        super().__init__(file, line, column, path, message)

    def __str__(self) -> str:
        return f"{self.where()}: {self.path or '<document>'}: warning: {self.message}"


def _unreachable_steps(parts: Parts) -> Iterator[Finding]:
    for policy, origin in parts.escalation_policies.entries:
        steps = policy.steps
        emergency = next(
            (n for n, s in enumerate(steps) if s.action is Action.CALL_EMERGENCY_SERVICES), None
        )
        if emergency is not None:
            for index in range(emergency + 1, len(steps)):
                yield Finding(
                    origin,
                    ("steps", index),
                    f"step {index + 1} ({steps[index].action.value}) comes after the "
                    f"emergency step (step {emergency + 1}): by then help is already on its "
                    "way, so it may never be reached; move it before the emergency step",
                )
        for index, step in enumerate(steps[:-1]):
            if step.repeat is None:
                continue
            last = step.after_minutes + step.repeat.times * step.repeat.every_minutes
            following = steps[index + 1]
            if last > following.after_minutes:
                late = sum(
                    1
                    for k in range(1, step.repeat.times + 1)
                    if step.after_minutes + k * step.repeat.every_minutes > following.after_minutes
                )
                yield Finding(
                    origin,
                    ("steps", index, "repeat"),
                    f"step {index + 1} repeats until {last} minutes, after step {index + 2} "
                    f"starts ({following.after_minutes} minutes): "
                    + ("its last repeat comes" if late == 1 else f"its last {late} repeats come")
                    + " once the escalation has moved on; repeat fewer times or less often",
                )


#: The warning checks, in the order they run: each takes the records of a data set with their
#: origins and yields findings, placed like problems.
WARNING_CHECKS: Final[tuple[Callable[[Parts], Iterator[Finding]], ...]] = (_unreachable_steps,)


def warnings_in(parts: Parts) -> tuple[DataWarning, ...]:
    """Every warning about ``parts``, placed in the file and line that caused it, in order.

    For records that are not a catalogue yet; of a catalogue, read :attr:`Catalog.warnings
    <independence.Catalog.warnings>`, which holds these and what its locale's translations lack.
    """
    found = set()
    for check in WARNING_CHECKS:
        for finding in check(parts):
            problem = finding.problem()
            found.add(
                DataWarning(
                    problem.file, problem.line, problem.column, problem.path, problem.message
                )
            )
    return tuple(sorted(found, key=DataWarning.sort_key))
