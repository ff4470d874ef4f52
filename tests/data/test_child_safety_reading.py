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


# The second child-safety reading (docs/data-changelog.md, 0.3.0, "Second child-safety
# reading"): the order of the emergency steps, what to do until help comes, and the regional
# services a family is sent to.


def test_the_crisis_note_starts_with_the_overdose_emergency_step(catalog: Catalog) -> None:
    # a parent whose child has already taken tablets must not read the means-restriction advice
    # first: the emergency step comes before anything else, even if the child seems well
    note = catalog.responsibility("get-help-in-a-crisis").safety_note or ""
    overdose = note.index("taken too much of any medicine")
    assert overdose < note.index("ask them directly") < note.index("locking away")
    first = note[: note.index("ask them directly")]
    assert "even if they seem well" in first and "call your local emergency number now" in first
    assert "keep the packet" in first
    assert "your local emergency number if they are in danger now, otherwise a crisis line" in note


def test_the_images_note_gives_the_emergency_number_before_a_crisis_line(
    catalog: Catalog,
) -> None:
    note = catalog.responsibility("say-no-to-requests-for-images").safety_note or ""
    assert (
        "call your local emergency number now if they are in danger, otherwise a crisis line "
        "the same day" in note
    )
    assert "your local emergency number or a crisis line" not in note


def test_the_alcohol_item_says_what_to_do_until_help_comes(catalog: Catalog) -> None:
    item = catalog.responsibility("make-choices-about-alcohol-vaping-and-drugs")
    note = item.safety_note or ""
    assert note.index("call your local emergency number") < note.index("Until help comes")
    for step in ("recovery position", "check they are breathing", "never give coffee"):
        assert step in note
    assert "turn them on their side if they have passed out" in item.done_when[2]
    # a promise every family can keep, with or without a car
    assert "lift" not in (item.adaptations or "") and "send someone they trust" in (
        item.adaptations or ""
    )


def test_an_asthma_attack_is_met_sitting_up(catalog: Catalog) -> None:
    note = catalog.responsibility("carry-and-use-own-inhaler-or-auto-injector").safety_note or ""
    asthma = note[note.index("In an asthma attack") :]
    # lying down with legs raised is for anaphylaxis only; asthma is the opposite
    assert "legs raised" not in asthma
    assert "sit them up straight (do not lie them down)" in asthma
    assert "if they get worse at any point, or if you are worried" in asthma


def test_a_meeting_with_someone_known_only_online_is_an_emergency() -> None:
    plain = default_catalog().responsibility("meet-an-online-friend-safely")
    assert "on their way to meet, or be with, someone they know only online" in (
        plain.safety_note or ""
    )
    gb = default_catalog(region="GB").responsibility("meet-an-online-friend-safely")
    assert "999" in (gb.safety_note or "")


def test_a_child_knocked_down_by_a_dog_is_a_rock(catalog: Catalog) -> None:
    item = catalog.responsibility("stay-safe-around-dogs")
    assert "curling up like a rock, hands behind their neck, if one knocks them down" in (
        item.summary
    )
    assert '"be a rock"' in item.done_when[2]


def test_the_pet_item_costs_nothing_to_enjoy(catalog: Catalog) -> None:
    reconnection = catalog.responsibility("care-for-a-pet-on-their-own").reconnection or ""
    assert "shop" not in reconnection


def test_the_packs_name_a_takedown_service_and_a_line_for_worried_adults() -> None:
    au = default_catalog(region="AU").responsibility("say-no-to-requests-for-images")
    assert "eSafety Commissioner (" in (au.safety_note or "")
    assert "esafety.gov.au/report/forms" in (au.safety_note or "")
    us = default_catalog(region="US")
    note = us.responsibility("say-no-to-requests-for-images").safety_note or ""
    assert "takeitdown.ncmec.org" in note and "on the device where the picture is" in note
    assert "in Spanish: press 2, or text AYUDA to 988" in note
    gb = default_catalog(region="GB").escalation_policies[0].resolution.debrief
    assert "Papyrus HOPELINE247 0800 068 4141 (" in gb and "anyone worried about a young" in gb


#: A word of each second-reading step in each locale: a stale translation falls back to English
#: and the reader loses the step.
SECOND_READING_STEPS = {
    "get-help-in-a-crisis": {"es": "guarda el envase", "ar": "بعلبة الدواء"},
    "say-no-to-requests-for-images": {"es": "ese mismo día", "ar": "في اليوم نفسه"},
    "make-choices-about-alcohol-vaping-and-drugs": {
        "es": "posición lateral de seguridad",
        "ar": "وضعية الإفاقة",
    },
    "carry-and-use-own-inhaler-or-auto-injector": {"es": "espalda recta", "ar": "أجلسه مستقيمًا"},
    "meet-an-online-friend-safely": {"es": "de camino", "ar": "في طريقه"},
}


@pytest.mark.parametrize("locale", ["es", "ar"])
def test_the_second_readings_steps_are_translated(locale: str) -> None:
    translated = default_catalog(locale=locale)
    for id, words in SECOND_READING_STEPS.items():
        assert words[locale] in (translated.responsibility(id).safety_note or ""), (locale, id)
    dogs = translated.responsibility("stay-safe-around-dogs").summary
    assert {"es": "como una roca", "ar": "كالصخرة"}[locale] in dogs
    # the overdose step comes first in every language too
    crisis = translated.responsibility("get-help-in-a-crisis").safety_note or ""
    packet, ask = {"es": ("guarda el envase", "pregúntale"), "ar": ("بعلبة الدواء", "فاسأله")}[
        locale
    ]
    assert crisis.index(packet) < crisis.index(ask)


def test_the_spanish_crisis_item_speaks_to_the_parent_as_tu() -> None:
    rung = default_catalog(locale="es").responsibility("get-help-in-a-crisis").support_ladder[2]
    assert rung.description.startswith("Repasa con tu hijo o hija")


def test_988_in_spanish_is_said_in_spanish() -> None:
    note = (
        default_catalog(region="US", locale="es").responsibility("get-help-in-a-crisis").safety_note
        or ""
    )
    assert "marca 988 y pulsa 2, o envía AYUDA al 988" in note
