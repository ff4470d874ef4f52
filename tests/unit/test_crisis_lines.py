"""Crisis lines and reporting services: each regional pack gives the helplines a child or a
grown-up can call in a crisis and the services that take reports of online sexual abuse
(grooming, requests for images, sextortion), and one place
(``independence.regional.with_numbers``) adds them, with the emergency number, to the escalation
debriefs and to the items about getting help. Without a region the texts speak of "your local
emergency number", "a crisis line" and "the national reporting service", and nothing is added."""

from __future__ import annotations

from pathlib import Path

import pytest

import independence
from independence import Catalog
from independence.cli import main
from independence.model import Action
from independence.model.responsibility import RegionalNumber
from independence.regional import read_region

DATA = Path(independence.build.data_path())

#: The lines of the issue, as their publishers' pages give them.
LINES = {
    "GB": (
        ("Samaritans", "116 123"),
        ("Childline", "0800 1111"),
        ("Papyrus HOPELINE247", "0800 068 4141"),
    ),
    "US": (("Suicide & Crisis Lifeline", "988"),),
    "AU": (("Lifeline", "13 11 14"), ("Kids Helpline", "1800 55 1800")),
}
EMERGENCY = {"GB": "999", "US": "911", "AU": "000"}
#: The services that take reports of online sexual abuse, as their publishers' pages give them
#: (name, number or None for a service reached online).
REPORTING = {
    "GB": (("CEOP", None), ("Report Remove", None)),
    "US": (("NCMEC CyberTipline", "1 800 843 5678"), ("Take It Down", None)),
    "AU": (("ACCCE", None), ("eSafety Commissioner", None)),
}
#: The helplines for a grown-up worried that a child is being abused, as their publishers'
#: pages give them (Australia has no national one: child protection is run by each state).
CHILD_PROTECTION = {
    "GB": (("NSPCC Helpline", "0808 800 5000"),),
    "US": (("Childhelp National Child Abuse Hotline", "1 800 422 4453"),),
    "AU": (),
}
#: The items about getting help that ask for the region's numbers, and which.
HELP_ITEMS = {
    "talk-to-someone-when-feeling-low": {RegionalNumber.EMERGENCY, RegionalNumber.CRISIS_LINES},
    "support-a-friend": {RegionalNumber.EMERGENCY, RegionalNumber.CRISIS_LINES},
    "call-the-emergency-number": {RegionalNumber.EMERGENCY},
    "get-help-in-a-crisis": {RegionalNumber.EMERGENCY, RegionalNumber.CRISIS_LINES},
    "tell-a-grown-up-about-bullying": {RegionalNumber.EMERGENCY, RegionalNumber.CRISIS_LINES},
    "say-no-to-requests-for-images": {
        RegionalNumber.EMERGENCY,
        RegionalNumber.CRISIS_LINES,
        RegionalNumber.REPORTING,
    },
    "spot-and-tell-about-online-grooming": {RegionalNumber.EMERGENCY, RegionalNumber.REPORTING},
    "meet-an-online-friend-safely": {RegionalNumber.EMERGENCY, RegionalNumber.REPORTING},
    "make-choices-about-alcohol-vaping-and-drugs": {RegionalNumber.EMERGENCY},
    "carry-and-use-own-inhaler-or-auto-injector": {RegionalNumber.EMERGENCY},
    "keep-body-safety-and-consent-as-they-grow": {
        RegionalNumber.EMERGENCY,
        RegionalNumber.CHILD_PROTECTION,
    },
    "recognise-criminal-exploitation": {RegionalNumber.EMERGENCY, RegionalNumber.CHILD_PROTECTION},
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def item_texts(catalog: Catalog, id: str) -> str:
    item = catalog.responsibility(id)
    return " ".join(
        [
            item.title,
            item.summary,
            item.safety_note or "",
            *item.done_when,
            *(step.description for step in item.support_ladder),
        ]
    )


@pytest.mark.parametrize("code", sorted(LINES))
def test_each_region_lists_its_crisis_lines_with_sources(code: str) -> None:
    region = read_region(DATA, code)
    assert tuple((line.name, line.number) for line in region.crisis_lines) == LINES[code]
    sources = {s.id for s in independence.default_catalog().sources}
    for line in region.crisis_lines:
        assert line.sources and set(line.sources) <= sources
        assert line.who.strip()


@pytest.mark.parametrize("code", sorted(LINES))
def test_every_debrief_gives_the_regions_crisis_lines(code: str) -> None:
    plain = independence.default_catalog()
    regional = independence.default_catalog(region=code)
    for before, after in zip(plain.escalation_policies, regional.escalation_policies, strict=True):
        debrief = after.resolution.debrief
        # the warm, no-shame debrief still comes first; the lines follow it
        assert debrief.startswith(before.resolution.debrief + " ")
        for name, number in LINES[code]:
            assert f"{name} {number} (" in debrief
        assert "talk about harming themselves" in debrief
        # a child who may be in danger now is not left until later in the day
        assert "your local emergency number now if they are in danger" in debrief
        assert "the same day" not in debrief
        # and nothing of another region's
        for other, lines in LINES.items():
            if other != code:
                assert not any(f"{name} {number}" in debrief for name, number in lines)


@pytest.mark.parametrize("code", sorted(LINES))
def test_the_items_about_getting_help_give_the_regions_numbers(code: str) -> None:
    plain = independence.default_catalog()
    regional = independence.default_catalog(region=code)
    for id, wanted in HELP_ITEMS.items():
        assert set(plain.responsibility(id).regional_numbers) == wanted
        before = plain.responsibility(id).safety_note or ""
        note = regional.responsibility(id).safety_note or ""
        assert note.startswith(before)
        added = note[len(before) :]
        assert (f"): {EMERGENCY[code]}." in added) == (RegionalNumber.EMERGENCY in wanted)
        for name, number in LINES[code]:
            assert (f"{name} {number}" in added) == (RegionalNumber.CRISIS_LINES in wanted)
        for name, _ in REPORTING[code]:
            assert (name in added) == (RegionalNumber.REPORTING in wanted), (id, name)
        for name, number in CHILD_PROTECTION[code]:
            wants = RegionalNumber.CHILD_PROTECTION in wanted
            assert (f"{name} {number} (" in added) == wants, (id, name)
    # an item that does not ask for them is left as it is
    assert regional.responsibility("pack-school-bag") == plain.responsibility("pack-school-bag")


def test_one_place_gives_the_same_sentence_to_debriefs_and_items() -> None:
    gb = independence.default_catalog(region="GB")
    note = gb.responsibility("talk-to-someone-when-feeling-low").safety_note or ""
    sentence = note[note.index("Crisis lines (") :]
    for policy in gb.escalation_policies:
        assert policy.resolution.debrief.endswith(sentence)


def test_without_a_region_nothing_is_added_and_the_steps_say_your_local_number() -> None:
    catalog = independence.default_catalog()
    assert catalog.region is None
    emergency_steps = [
        step
        for policy in catalog.escalation_policies
        for step in policy.steps
        if step.action in (Action.CALL_EMERGENCY_SERVICES, Action.CALL_POLICE_NON_EMERGENCY)
    ]
    assert emergency_steps
    for step in emergency_steps:
        assert "your local emergency number" in step.message
    every_number = [n for lines in LINES.values() for _, n in lines] + list(EMERGENCY.values())
    every_number += [name for services in REPORTING.values() for name, _ in services]
    every_number += [n for lines in CHILD_PROTECTION.values() for _, n in lines]
    for policy in catalog.escalation_policies:
        assert not any(number in policy.resolution.debrief for number in every_number)
    for id in HELP_ITEMS:
        assert not any(number in item_texts(catalog, id) for number in every_number)


def test_every_item_that_speaks_of_a_crisis_line_asks_for_the_regions_lines() -> None:
    # an item whose text sends the family to "a crisis line" or a helpline must carry the
    # region's numbers when one is chosen, or the family is left to find them in a crisis
    catalog = independence.default_catalog()
    speaking = [
        item.id
        for item in catalog.responsibilities
        if any(word in item_texts(catalog, item.id).lower() for word in ("crisis line", "helpline"))
    ]
    assert "talk-to-someone-when-feeling-low" in speaking
    for id in speaking:
        assert RegionalNumber.CRISIS_LINES in catalog.responsibility(id).regional_numbers, id


def test_the_lines_are_translated_with_the_region() -> None:
    spanish = independence.default_catalog(region="GB", locale="es")
    debrief = spanish.escalation_policies[0].resolution.debrief
    assert "Samaritans 116 123 (" in debrief and "Childline 0800 1111 (" in debrief
    assert "Gran Bretaña" in debrief
    for english in ("Crisis lines", "day or night", "under 19", "harming themselves"):
        assert english not in debrief
    arabic = independence.default_catalog(region="AU", locale="ar")
    note = arabic.responsibility("talk-to-someone-when-feeling-low").safety_note or ""
    # each number kept whole and in its order inside the right-to-left text: no-break spaces
    # between its groups, in a first-strong isolate (so "13 11 14" never shows as "14 11 13")
    assert "\u206813\u00a011\u00a014\u2069" in note and "\u20681800\u00a055\u00a01800\u2069" in note
    assert "13 11 14" not in note and "1800 55 1800" not in note
    assert "day or night" not in note and "Crisis lines" not in note


def test_escalate_prints_the_crisis_lines_in_the_debrief(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = [
        "escalate",
        "short-walk-known-place",
        "--due",
        "2026-06-01T15:00+01:00",
        "--checked-in",
        "2026-06-01T15:40+01:00",
        "--now",
        "2026-06-01T15:45+01:00",
    ]
    status, out, err = run(capsys, *argv, "--region", "US")
    assert status == 0, err
    then = out[out.index("then: ") :]
    assert "Suicide & Crisis Lifeline 988 (" in then
    assert "Emergency number (United States): 911." in out
    _, plain, _ = run(capsys, *argv)
    assert "988" not in plain and "your local emergency number" in plain


def test_show_gives_the_regions_lines_for_an_item_about_getting_help(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "show", "talk-to-someone-when-feeling-low", "--region", "AU")
    assert status == 0
    assert "Kids Helpline 1800 55 1800" in out and "Emergency number (Australia): 000." in out


def test_the_help_says_how_to_choose_a_region(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["escalate", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "--region CODE" in out
    assert "your local emergency number" in out and "crisis lines" in out


def _copy_data(tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("locales"))
    return target


def test_a_crisis_line_source_must_exist_and_is_positioned(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    file = data / "regions" / "GB.yaml"
    text = file.read_text(encoding="utf-8")
    file.write_text(
        text.replace(
            "sources: [samaritans-coventry-open-over-christmas]", "sources: [no-such-line-source]"
        ),
        encoding="utf-8",
    )
    with pytest.raises(independence.CatalogError) as raised:
        independence.load_catalog(data, region="GB")
    (problem,) = raised.value.problems
    assert problem.file == str(file) and problem.line is not None and problem.column is not None
    assert "crisis_lines[0].sources[0]" in str(problem)
    assert "unknown source 'no-such-line-source'" in problem.message


def test_a_crisis_line_number_is_digits_and_spaces(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    file = data / "regions" / "AU.yaml"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace('number: "13 11 14"', 'number: "13-11-14; call me"'), "utf-8")
    with pytest.raises(independence.CatalogError, match=r"crisis_lines"):
        independence.load_catalog(data, region="AU")


def test_an_item_asks_for_each_number_once(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    file = data / "responsibilities" / "safety.yaml"
    text = file.read_text(encoding="utf-8")
    file.write_text(
        text.replace("regional_numbers: [emergency]", "regional_numbers: [emergency, emergency]"),
        encoding="utf-8",
    )
    with pytest.raises(independence.CatalogError, match="more than once"):
        independence.load_catalog(data)


@pytest.mark.parametrize("code", sorted(REPORTING))
def test_each_region_lists_its_reporting_services_with_sources(code: str) -> None:
    region = read_region(DATA, code)
    found = tuple((service.name, service.number) for service in region.reporting_services)
    assert found == REPORTING[code]
    sources = {s.id for s in independence.default_catalog().sources}
    for service in region.reporting_services:
        assert service.sources and set(service.sources) <= sources
        assert service.how.strip()


def test_every_item_that_says_your_local_emergency_number_asks_for_the_regions() -> None:
    # "your local emergency number" leaves a family who chose a region to remember it in an
    # emergency: every item that says so must carry the region's number when one is chosen
    # (travel-abroad speaks of the destination's number, which no home region knows, and says
    # "the local emergency number" of the country visited, not "your")
    catalog = independence.default_catalog()
    speaking = [
        item.id
        for item in catalog.responsibilities
        if any(
            "your local emergency number" in text.lower()
            for text in (
                item_texts(catalog, item.id),
                item.adaptations or "",
                item.trust_framing,
                item.reconnection or "",
                *item.guiding_questions,
            )
        )
    ]
    assert {"get-help-in-a-crisis", "make-choices-about-alcohol-vaping-and-drugs"} <= set(speaking)
    for id in speaking:
        assert RegionalNumber.EMERGENCY in catalog.responsibility(id).regional_numbers, id


def test_every_item_that_speaks_of_the_national_reporting_service_names_it() -> None:
    # "the national reporting service" means nothing to a parent in a crisis unless the chosen
    # region names it: every item that says so must ask for the region's services
    catalog = independence.default_catalog()
    speaking = [
        item.id
        for item in catalog.responsibilities
        if "national reporting service" in item_texts(catalog, item.id)
    ]
    assert {"spot-and-tell-about-online-grooming", "say-no-to-requests-for-images"} <= set(speaking)
    for id in speaking:
        assert RegionalNumber.REPORTING in catalog.responsibility(id).regional_numbers, id


@pytest.mark.parametrize("code", sorted(REPORTING))
def test_the_reporting_services_are_added_in_one_sentence(code: str) -> None:
    regional = independence.default_catalog(region=code)
    note = regional.responsibility("say-no-to-requests-for-images").safety_note or ""
    sentence = note[note.index("To report online sexual abuse, grooming or sextortion (") :]
    # the services come after the crisis lines, each with its number when it has one
    assert note.index("Crisis lines (") < note.index(sentence)
    for name, number in REPORTING[code]:
        assert (f"{name} {number} (" if number else f"{name} (") in sentence
    # the same sentence, from the same place, for every item that asks for it
    friend = regional.responsibility("meet-an-online-friend-safely").safety_note or ""
    assert friend.endswith(sentence)


def test_the_reporting_services_are_translated_with_the_region() -> None:
    spanish = independence.default_catalog(region="GB", locale="es")
    note = spanish.responsibility("meet-an-online-friend-safely").safety_note or ""
    assert "CEOP (" in note and "ceop.police.uk" in note
    for english in ("To report", "child protection command", "bullying"):
        assert english not in note
    arabic = independence.default_catalog(region="US", locale="ar")
    note = arabic.responsibility("say-no-to-requests-for-images").safety_note or ""
    assert "\u20681\u00a0800\u00a0843\u00a05678\u2069" in note  # whole, in a right-to-left text
    assert "\u2068report.cybertip.org\u2069" in note
    assert "To report" not in note and "without giving a name" not in note


def test_show_gives_the_regions_reporting_service(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "show", "spot-and-tell-about-online-grooming", "--region", "AU")
    assert status == 0
    assert "ACCCE (" in out and "accce.gov.au/report" in out
    _, plain, _ = run(capsys, "show", "spot-and-tell-about-online-grooming")
    assert "ACCCE" not in plain and "national reporting service" in plain


def test_a_reporting_service_source_must_exist_and_is_positioned(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    file = data / "regions" / "US.yaml"
    text = file.read_text(encoding="utf-8")
    file.write_text(
        text.replace(
            "sources: [tndagc-take-it-down, ncmec-take-it-down-faq]\n",
            "sources: [no-such-service-source]\n",
        ),
        encoding="utf-8",
    )
    with pytest.raises(independence.CatalogError) as raised:
        independence.load_catalog(data, region="US")
    (problem,) = raised.value.problems
    assert problem.file == str(file) and problem.line is not None and problem.column is not None
    assert "reporting_services[1].sources[0]" in str(problem)
    assert "unknown source 'no-such-service-source'" in problem.message


@pytest.mark.parametrize("code", sorted(CHILD_PROTECTION))
def test_each_region_lists_its_lines_for_a_grown_up_worried_about_abuse(code: str) -> None:
    region = read_region(DATA, code)
    found = tuple((line.name, line.number) for line in region.child_protection_lines)
    assert found == CHILD_PROTECTION[code]
    sources = {s.id for s in independence.default_catalog().sources}
    for line in region.child_protection_lines:
        assert line.sources and set(line.sources) <= sources
        assert line.who.strip()


def test_the_abuse_items_give_the_line_for_a_worried_grown_up() -> None:
    # a parent told to contact "the police or your local children's services" also gets the
    # line that advises a worried adult, after the emergency number; none where there is none
    for code, lines in CHILD_PROTECTION.items():
        regional = independence.default_catalog(region=code)
        note = regional.responsibility("keep-body-safety-and-consent-as-they-grow").safety_note
        assert note is not None
        for name, number in lines:
            assert note.index(f"): {EMERGENCY[code]}.") < note.index(f"{name} {number} (")
        assert ("worried that a child is being abused" in note) == bool(lines), code
    spanish = independence.default_catalog(region="US", locale="es")
    note = spanish.responsibility("recognise-criminal-exploitation").safety_note or ""
    assert "Childhelp National Child Abuse Hotline 1 800 422 4453 (" in note
    assert "Si te preocupa que un niño o una niña" in note and "worried" not in note


def test_every_item_that_sends_parents_to_childrens_services_asks_for_the_line() -> None:
    catalog = independence.default_catalog()
    speaking = [
        item.id
        for item in catalog.responsibilities
        if "your local children's services" in item_texts(catalog, item.id)
    ]
    assert {"keep-body-safety-and-consent-as-they-grow", "recognise-criminal-exploitation"} <= set(
        speaking
    )
    for id in speaking:
        assert RegionalNumber.CHILD_PROTECTION in catalog.responsibility(id).regional_numbers, id


def test_a_child_protection_line_source_must_exist_and_is_positioned(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    file = data / "regions" / "GB.yaml"
    text = file.read_text(encoding="utf-8")
    file.write_text(
        text.replace(
            "sources: [nspcc-report-child-abuse, nspcc-what-you-can-do-report-abuse]",
            "sources: [no-such-helpline-source]",
        ),
        encoding="utf-8",
    )
    with pytest.raises(independence.CatalogError) as raised:
        independence.load_catalog(data, region="GB")
    (problem,) = raised.value.problems
    assert problem.file == str(file) and problem.line is not None and problem.column is not None
    assert "child_protection_lines[0].sources[0]" in str(problem)
    assert "unknown source 'no-such-helpline-source'" in problem.message
