"""The FastAPI example in the docs (docs/examples/web/app.py) works as the page says."""

from __future__ import annotations

import importlib.util
import re
import sys
import warnings
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from pydantic import BaseModel

import independence
from independence import Progress

with warnings.catch_warnings():  # starlette's notice about httpx, on import
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient  # the dev extra installs fastapi and httpx

APP = Path(__file__).resolve().parents[2] / "docs" / "examples" / "web" / "app.py"

SAM: dict[str, Any] = {
    "birth_date": "2018-01-20",
    "items": [
        {"id": "pack-school-bag", "stage": "nearby", "since": "2026-03-01"},
        {"id": "walk-familiar-route-with-adult", "stage": "nearby", "since": "2026-03-01"},
    ],
}


@pytest.fixture(scope="module")
def web() -> ModuleType:
    spec = importlib.util.spec_from_file_location("independence_web_example", APP)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def client(web: ModuleType) -> TestClient:
    return TestClient(web.app)


def test_next_returns_the_suggestions_as_the_library_dumps_them(client: TestClient) -> None:
    response = client.post("/next?limit=4", json={"progress": SAM, "on": "2026-09-01"})
    assert response.status_code == 200
    progress = Progress.model_validate(SAM)
    expected = independence.default_catalog().suggest(
        progress.age(date(2026, 9, 1)),
        progress=progress,
        limit=4,
    )
    assert response.json() == [s.model_dump(mode="json") for s in expected]
    first = response.json()[0]
    assert (first["id"], first["kind"], first["stage"]) == (
        "pack-school-bag",
        "in-progress",
        "nearby",
    )
    assert first["next_step"]["stage"] == "check-in"


def test_reviews(client: TestClient) -> None:
    response = client.post("/reviews", json={"progress": SAM, "on": "2026-09-01"})
    assert response.status_code == 200
    (review,) = response.json()  # the walk is mastered (top of its ladder): no review
    assert review["id"] == "pack-school-bag" and review["due"] == "2026-09-01"
    assert review["guiding_questions"]
    response = client.post("/reviews", json={"progress": SAM, "on": "2026-08-31"})
    assert response.json() == []


def test_record_returns_the_new_progress(client: TestClient) -> None:
    body = {"progress": SAM, "id": "pack-school-bag", "stage": "alone", "on": "2026-10-01"}
    response = client.post("/record", json=body)
    assert response.status_code == 200
    progress = Progress.model_validate(response.json())
    assert progress.stage("pack-school-bag") is independence.model.SupportStage.ALONE
    assert progress == Progress.model_validate(SAM).record(
        "pack-school-bag", "alone", on=date(2026, 10, 1)
    )


def test_mistakes_are_client_errors_with_the_librarys_message(client: TestClient) -> None:
    body = {"progress": SAM, "id": "pack-schol-bag", "stage": "alone", "on": "2026-10-01"}
    response = client.post("/record", json=body)
    assert response.status_code == 404
    assert "did you mean 'pack-school-bag'" in response.json()["detail"]
    unknown = {"items": [{"id": "tidyy", "stage": "alone", "since": "2026-01-01"}]}
    response = client.post("/reviews", json={"progress": unknown, "on": "2026-09-01"})
    assert response.status_code == 422 and "unknown responsibility 'tidyy'" in response.text
    response = client.post("/next", json={"progress": {"items": []}, "on": "2026-09-01"})
    assert response.status_code == 422 and "no birth date" in response.text
    response = client.post("/next", json={"progress": {"items": 3}, "on": "2026-09-01"})
    assert response.status_code == 422  # validated by the Progress model itself


def test_search(client: TestClient) -> None:
    response = client.get("/search", params={"q": "bike"})
    assert [item["id"] for item in response.json()] == [
        item.id for item in independence.default_catalog().search("bike")
    ]


def test_the_openapi_schema_shows_the_flat_suggestion(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    suggestion = schemas["Suggestion"]["properties"]
    assert {"id", "kind", "reason", "introduce_at", "stage", "next_step"} <= set(suggestion)
    assert "responsibility" not in suggestion
    assert schemas["Age"]["type"] == "string"


def test_the_page_shows_what_the_app_answers(client: TestClient) -> None:
    import json
    import re

    page = (APP.parents[2] / "tutorials" / "web-api.md").read_text(encoding="utf-8")
    shown = json.loads(re.search(r"```json\n(.*?)```", page, re.DOTALL)[1])  # type: ignore[index]
    body = {
        "progress": {
            "birth_date": "2018-01-20",
            "items": [{"id": "pack-school-bag", "stage": "nearby", "since": "2026-03-01"}],
        },
        "on": "2026-09-01",
    }
    assert client.post("/next?limit=2", json=body).json()[0] == shown


#: Words and marks that speak to Python programmers, not to an app in another language.
PYTHONIC = re.compile(
    r"``|:[a-z]+:`|>>>|\bPython\b|model_dump|model_validate|\bNone\b|\bTrue\b|\bFalse\b|\bdict\b"
    r"|\btuple\b|\bstr\(\)"
)


def _described(document: dict[str, Any]) -> list[str]:
    """Every model and field of ``document``'s schemas without a plain-text description."""
    found = []
    for name, schema in document["components"]["schemas"].items():
        if name in ("HTTPValidationError", "ValidationError"):  # FastAPI's own
            continue
        places = [(name, schema)]
        places += [(f"{name}.{f}", p) for f, p in schema.get("properties", {}).items()]
        for place, part in places:
            text = part.get("description")
            if not text:
                found.append(f"{place}: no description")
            elif (match := PYTHONIC.search(text)) is not None:
                found.append(f"{place}: {match.group(0)!r} in {text!r}")
    return found


def test_the_openapi_document_describes_every_model_and_field_in_plain_text(
    web: ModuleType,
) -> None:
    document = web.app.openapi()
    assert {"Suggestion", "Review", "Progress", "SupportStep"} <= set(
        document["components"]["schemas"]
    )
    assert _described(document) == []


def test_every_public_result_model_is_described_in_plain_text() -> None:
    from fastapi import FastAPI

    from independence.export import Export
    from independence.planning import Review

    models = [
        getattr(independence, name)
        for name in independence.__all__
        if isinstance(getattr(independence, name), type)
        and issubclass(getattr(independence, name), BaseModel)
        and name != "Catalog"  # not served as JSON (its export is)
    ] + [Review, Export]
    app = FastAPI()
    for number, model in enumerate(models):
        app.post(f"/{number}", response_model=model)(lambda body: body)
    assert _described(app.openapi()) == []
