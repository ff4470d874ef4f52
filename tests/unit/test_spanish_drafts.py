"""The drafting rules of scripts/grammatical_forms.py: a draft of a feminine Spanish form
agrees with the girl and leaves alone what agrees with something else."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load() -> Any:
    spec = importlib.util.spec_from_file_location(
        "grammatical_forms", ROOT / "scripts" / "grammatical_forms.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


spanish_feminine = _load().spanish_feminine


@pytest.mark.parametrize(
    ("neutral", "feminine"),
    [
        ("El niño camina solo.", "La niña camina sola."),
        # the relative agrees with her
        ("Para un niño al que le cuesta escribir.", "Para una niña a la que le cuesta escribir."),
        ("Siéntalo en el orinal.", "Siéntala en el orinal."),
        # "todo" (everything) is ready, not the child
        ("Calcula los tiempos para que todo esté listo a la vez.",
         "Calcula los tiempos para que todo esté listo a la vez."),
        ("Cuando todo esté preparado, charlen.", "Cuando todo esté preparado, charlen."),
        # another child stays a boy
        ("Juega con otro niño.", "Juega con otro niño."),
    ],
)  # fmt: skip
def test_a_draft_agrees_with_the_girl_and_only_with_her(neutral: str, feminine: str) -> None:
    assert spanish_feminine(neutral) == feminine
