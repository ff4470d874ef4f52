"""The first child-safety reading of the issue 25 items: what a parent relies on in each fix.

Each test names the step a reviewer found missing (docs/data-changelog.md, 0.3.0, "First
child-safety reading") and fails if a later edit drops it again, in English and, where the step
is one a family acts on in a crisis, in every locale's item text.
"""

from __future__ import annotations

import pytest

from independence import Age, Catalog, default_catalog

__all__: list[str] = []


def texts(catalog: Catalog, id: str) -> str:
    item = catalog.responsibility(id)
    return " ".join(
        [
            item.title,
            item.summary,
            item.safety_note or "",
            *item.done_when,
            *(step.description for step in item.support_ladder),
            item.trust_framing,
        ]
    )


def test_a_child_who_already_sent_a_picture_still_has_a_way_back(catalog: Catalog) -> None:
    item = catalog.responsibility("say-no-to-requests-for-images")
    assert "if they have already sent one" in item.summary
    assert "fake one" in item.summary and "still not their fault" in item.summary
    note = item.safety_note or ""
    # a parent's first instinct, copying the image to show someone, is itself sharing it
    assert "do not copy, forward or save the image itself" in note
    assert "even if the child sent a picture" in note
    assert any("never forward, show or keep" in signal for signal in item.done_when)


def test_a_crisis_starts_by_making_the_home_safer(catalog: Catalog) -> None:
    item = catalog.responsibility("get-help-in-a-crisis")
    note = item.safety_note or ""
    assert "locking away or removing medicines" in note and "blades" in note
    # a child without a phone is not left out of the plan
    assert "written on a card" in item.done_when[0]


def test_an_auto_injector_is_used_at_once_and_the_ambulance_called_anyway(
    catalog: Catalog,
) -> None:
    item = catalog.responsibility("carry-and-use-own-inhaler-or-auto-injector")
    assert "without waiting for permission" in item.summary
    note = item.safety_note or ""
    for step in ("even if the child feels better", "legs raised", "do not let them stand"):
        assert step in note
    assert "second auto-injector after 5 minutes" in note and "two are carried" in note


def test_body_safety_rules_apply_to_people_the_child_knows(catalog: Catalog) -> None:
    item = catalog.responsibility("keep-body-safety-and-consent-as-they-grow")
    assert "Most abuse is by someone the child knows" in (item.safety_note or "")
    assert any("at least one outside the home" in signal for signal in item.done_when)


def test_no_dog_is_approached_on_its_own_or_hugged(catalog: Catalog) -> None:
    summary = catalog.responsibility("stay-safe-around-dogs").summary
    assert "on its own" in summary and "never hugging or kissing" in summary


def test_criminal_exploitation_starts_before_the_age_it_happens_at(catalog: Catalog) -> None:
    # children of primary-school age are targeted: the item starts at 10, before secondary
    assert catalog.responsibility("recognise-criminal-exploitation").introduce_at == Age(years=10)
    gb = default_catalog(region="GB").responsibility("recognise-criminal-exploitation")
    assert "primary-school age" in gb.summary and "as young as 11" not in gb.summary


def test_the_alcohol_item_never_reads_as_a_young_teens_own_choice(catalog: Catalog) -> None:
    item = catalog.responsibility("make-choices-about-alcohol-vaping-and-drugs")
    assert "own choices" not in texts(catalog, item.id)
    assert "never leave them to sleep it off" in item.done_when[2]
    assert "will not be in trouble for calling" in item.done_when[2]


def test_the_bullying_note_says_whom_to_call(catalog: Catalog) -> None:
    note = catalog.responsibility("tell-a-grown-up-about-bullying").safety_note or ""
    assert "your local emergency number now if they are in danger" in note
    assert "a crisis line" in note and "tell the school the same day" in note


def test_an_adult_met_online_is_reported_not_met(catalog: Catalog) -> None:
    item = catalog.responsibility("meet-an-online-friend-safely")
    assert "An adult who wants to meet a young person" in item.summary
    assert "parent or carer" in item.support_ladder[2].description


def test_non_disabled_children_are_not_sent_to_accessible_toilets(catalog: Catalog) -> None:
    note = catalog.responsibility("use-a-public-toilet-with-a-grown-up-at-the-door").safety_note
    assert note is not None and "accessible" not in note


#: A word of the new step in each locale's note: a missing or stale translation falls back to
#: English (a fuzzy entry is never used), and then these readers lose the step.
NEW_STEPS = {
    "say-no-to-requests-for-images": {"es": "reenvíes", "ar": "تُعِد إرسالها"},
    "get-help-in-a-crisis": {"es": "bajo llave", "ar": "الشفرات"},
    "carry-and-use-own-inhaler-or-auto-injector": {"es": "piernas en alto", "ar": "رفع ساقيه"},
    "keep-body-safety-and-consent-as-they-grow": {"es": "conoce", "ar": "يعرفه الطفل"},
}


@pytest.mark.parametrize("locale", ["es", "ar"])
def test_the_new_safety_steps_are_translated(locale: str) -> None:
    translated = default_catalog(locale=locale)
    for id, words in NEW_STEPS.items():
        assert words[locale] in (translated.responsibility(id).safety_note or ""), (locale, id)
