"""A web API for a family app: next steps and due reviews from one child's progress.

Run it with ``uvicorn app:app`` (``pip install fastapi uvicorn``). The app keeps each child's
progress itself (in its database) and sends it with each request; the library's records are
the request and response bodies as they are, with no hand-written shaping.
"""

from datetime import date

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, Field

import independence

catalog = independence.default_catalog()  # loaded once, immutable, safe to share
app = FastAPI(title="independence example")


class ChildRequest(BaseModel):
    """One child's progress, and the day to answer for."""

    progress: independence.Progress = Field(description="The child's progress record.")
    on: date = Field(description="The day to answer for (the child's age is worked out then).")


@app.post("/next")
def next_steps(request: ChildRequest, limit: int = 5) -> list[independence.Suggestion]:
    """In-progress items first, then what fits now; the age comes from the birth date."""
    try:
        age = request.progress.age(request.on)
        return catalog.suggest(age, progress=request.progress, limit=limit)
    except (KeyError, ValueError) as error:  # an unknown id, no birth date kept
        raise HTTPException(status_code=422, detail=str(error)) from None


@app.post("/reviews")
def reviews(request: ChildRequest) -> list[independence.Review]:
    """The items whose review has come due, oldest first."""
    try:
        return list(catalog.reviews_due(request.progress, on=request.on))
    except KeyError as error:
        raise HTTPException(status_code=422, detail=str(error)) from None


class RecordRequest(BaseModel):
    """A stage reached on one item, to add to one child's progress."""

    progress: independence.Progress = Field(description="The child's progress record.")
    id: str = Field(description="The id of the responsibility.")
    stage: independence.model.SupportStage = Field(description="The rung of the ladder reached.")
    on: date = Field(description="The day it was reached.")


@app.post("/record")
def record(request: RecordRequest) -> independence.Progress:
    """The progress with one more stage recorded: the app stores what comes back."""
    try:
        catalog.responsibility(request.id)  # an unknown id names the closest ones
    except KeyError as error:
        raise HTTPException(status_code=404, detail=str(error)) from None
    try:
        return request.progress.record(request.id, request.stage, on=request.on)
    except ValueError as error:  # recorded out of order
        raise HTTPException(status_code=422, detail=str(error)) from None


@app.get("/search")
def search(q: str) -> list[dict[str, str]]:
    """Responsibilities whose title or summary holds every word of ``q``."""
    try:
        found = catalog.search(q, limit=20)
    except ValueError as error:
        raise HTTPException(status_code=422, detail=str(error)) from None
    return [{"id": item.id, "title": item.title, "summary": item.summary} for item in found]
