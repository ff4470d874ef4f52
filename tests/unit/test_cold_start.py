"""What the command line's cold start leaves out or defers (issue 28), and that each deferred
thing still works, the same, when first touched. No timing is asserted: what is imported and
what is built are facts, not speeds."""

from __future__ import annotations

import importlib
import subprocess
import sys
import textwrap
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import independence
from independence.cli.render import width
from independence.model import documents, sections
from independence.model.perspective import PerspectivePack
from independence.model.sections import FILE_MODELS, FOLDER_MODELS


def _columns(text: str) -> int:
    """The columns of ``text`` by the rule itself, one character at a time."""
    return sum(
        0
        if unicodedata.combining(c) or unicodedata.category(c) == "Cf"
        else 2
        if unicodedata.east_asian_width(c) in "WF"
        else 1
        for c in text
    )


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_a_cells_width_is_the_rules_whatever_its_characters(text: str) -> None:
    assert width(text) == _columns(text)


def test_the_quick_width_of_plain_text_and_the_full_one_of_the_rest() -> None:
    assert width("pack-own-lunch") == 14
    assert width("") == 0
    assert width("\u2068جدول\u2069") == 4  # the isolates take no column
    assert width("e\u0301") == 1  # a combining accent takes none
    assert width("漢字") == 4  # wide characters two
    assert width("a\tb") == 3  # a control character: the rule's one column


def _fresh(code: str) -> str:
    """What ``code`` prints in a new interpreter (nothing imported or made before it)."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_suggest_makes_no_per_file_models() -> None:
    # what suggest must not import at all is listed in tests/unit/test_lazy.py
    shown = _fresh(
        """
        import contextlib, io
        import independence.model.sections as sections
        from independence.cli import main
        with contextlib.redirect_stdout(io.StringIO()) as out:
            assert main(["suggest", "--age", "8"]) == 0
        assert "pack-own-lunch" in out.getvalue()
        print("FILE_MODELS" in vars(sections), "FOLDER_MODELS" in vars(sections))
        """
    )
    assert shown == "False False"


def test_the_file_models_are_made_once_when_first_read_from_two_threads() -> None:
    shown = _fresh(
        """
        import threading, time
        import independence.model.sections as sections
        create = sections.create_model
        def slowly(*args, **options):  # both threads are inside while the first one makes them
            time.sleep(0.01)
            return create(*args, **options)
        sections.create_model = slowly
        start, found = threading.Barrier(2), []
        def read():
            start.wait()
            found.append((sections.FILE_MODELS, sections.FOLDER_MODELS))
        threads = [threading.Thread(target=read) for _ in range(2)]
        for thread in threads: thread.start()
        for thread in threads: thread.join()
        (files, folders), (files_2, folders_2) = found
        assert files is files_2 and folders is folders_2
        from independence.model.sections import FILE_MODELS
        from independence.model.documents import BandsFile, ResponsibilitiesFile
        assert FILE_MODELS is files and BandsFile is files["bands.yaml"]
        assert ResponsibilitiesFile is folders["responsibilities"]
        print({path: model.__name__ for path, model in {**files, **folders}.items()})
        """
    )
    assert shown == str(
        {
            "bands.yaml": "BandsFile",
            "categories.yaml": "CategoriesFile",
            "check-ins.yaml": "CheckInsFile",
            "escalation.yaml": "EscalationFile",
            "schedules.yaml": "SchedulesFile",
            "responsibilities": "ResponsibilitiesFile",
            "perspectives": "PerspectivePack",
        }
    )


def test_a_file_model_validates_as_before() -> None:
    catalog = independence.default_catalog()
    written = [band.model_dump(mode="json", exclude_defaults=True) for band in catalog.bands]
    bands = FILE_MODELS["bands.yaml"].model_validate({"bands": written})
    assert isinstance(bands, documents.BandsFile)
    assert list(bands.model_dump()["bands"]) == [band.model_dump() for band in catalog.bands]
    assert FOLDER_MODELS["perspectives"] is PerspectivePack


def test_an_unknown_name_of_the_lazy_modules_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'FILE_MODEL'"):
        _ = sections.FILE_MODEL
    with pytest.raises(AttributeError, match="no attribute 'BandFile'"):
        _ = documents.BandFile


def test_a_snapshot_validated_first_in_a_fresh_process_and_two_threads_reads_the_same() -> None:
    # the per-file models are imported when the first validation needs them
    shown = _fresh(
        """
        import sys, threading
        from independence.loading import snapshot
        from independence.loading.guard import read_input
        import independence
        data = read_input(independence.build.data_path().parent / "default_catalog.json",
                          limit=1 << 24)
        assert "independence.model.documents" not in sys.modules
        start, found = threading.Barrier(2), []
        def read():
            start.wait()
            found.append(snapshot.parts_from_snapshot(data, "root"))
        threads = [threading.Thread(target=read) for _ in range(2)]
        for thread in threads: thread.start()
        for thread in threads: thread.join()
        built = snapshot.constructed_parts(data, "root")
        for parts in found:
            for name in ("info", "responsibilities", "sources", "check_in_policies"):
                assert parts.section(name).entries == built.section(name).entries, name
        print(len(found), len(built.section("responsibilities").entries) > 100)
        """
    )
    assert shown == "2 True"


def test_right_to_left_isolation_works_when_first_used_in_a_fresh_process() -> None:
    # its patterns are compiled on first use: an English cold start never needs them
    shown = _fresh(
        """
        from independence.messages import isolate
        print(ascii(isolate("\u0627\u062a\u0635\u0644 131 444 \u0623\u0648 pack-own-lunch.")))
        """
    )
    expected = (
        "\u0627\u062a\u0635\u0644 \u2068131\u00a0444\u2069 \u0623\u0648 \u2068pack-own-lunch\u2069."
    )
    assert shown == ascii(expected)


#: The modules whose pydantic models ``suggest`` makes at start-up.
MODEL_MODULES = (
    "independence.age",
    "independence.catalog",
    "independence.errors",
    "independence.loading.snapshot",
    "independence.model.band",
    "independence.model.base",
    "independence.model.category",
    "independence.model.check_in",
    "independence.model.escalation",
    "independence.model.perspective",
    "independence.model.responsibility",
    "independence.model.schedule",
    "independence.model.source",
    "independence.suggestions",
    "independence.sun",
)


@pytest.mark.parametrize("name", MODEL_MODULES)
def test_the_start_up_models_annotations_are_objects_not_text(name: str) -> None:
    # `from __future__ import annotations` would make pydantic evaluate every field's
    # annotation from text when the class is made (a fifth of making it); forward references
    # are quoted one by one instead
    module = importlib.import_module(name)
    assert "annotations" not in vars(module), f"{name} postpones its annotations"


def test_the_default_catalogue_is_built_as_a_load_is_out_of_the_collectors_passes() -> None:
    # its records are settled (frozen) section by section while it is built, as a YAML load's
    # are (independence._collector), and all is put back when it is done
    shown = _fresh(
        """
        import gc
        from independence.loading import snapshot
        real, seen = snapshot.construct, []
        def spy(model, record):
            seen.append(gc.get_freeze_count())
            return real(model, record)
        snapshot.construct = spy
        import independence
        catalog = independence.default_catalog()
        assert len(catalog.responsibilities) > 100
        print(min(seen) > 0, len(set(seen)) > 3, gc.get_freeze_count(), gc.isenabled())
        """
    )
    assert shown == "True True 0 True"
