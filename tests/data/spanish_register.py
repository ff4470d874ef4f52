"""The Spanish register rule, as a checker the tests share: the parent is spoken to with *tú*;
an *ustedes* imperative ("Practiquen", "Acuerden") is used only where the parent and the child
are both meant, which the sentence says ("juntos", "uno al lado del otro", "en familia", ...),
and never in a sentence that also speaks to the parent alone with *tú*."""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Ustedes imperatives (and the same forms with pronouns joined on) found in the texts.
USTEDES = _words(
    """
    abran abrochen acuerden acuérdenlo activen adapten admiren ahuequen ajusten alísenla anden
    anoten anótenlos aplasten aplaudan apunten apúntense aprovechen arruguen averigüen añadan
    busquen calculen calienten canten carguen celebren celébrenlo chapoteen charlen choquen
    cocinen coman comenten compartan comparen configuren configúrenlo consíganlo conviertan
    crucen cuelguen cuenten cuéntenlo cuiden cálmense cámbiense decidan dejen denle desayunen
    desháganlos despejen deténganse dibujen dibújenlas digan díganla díganlas díganlo disfruten
    doblen echen elijan empapen empiecen encuéntrense entréguenlo escojan escriban escríbanlas
    escríbanlo expliquen fijen hablen hagan inclínenlo jueguen lavan laven lean levanten
    limpien limítense lleven llévenlo lávense mantengan marquen mezclen midan miren mírenlo
    muévanse mándense nombren nómbrenlas ordenen organicen pasen pidan pinten planeen
    planifiquen pongan pónganla pónganlas pónganse practiquen practíquenlo pregunten preparen
    prepárenla prepárenlo presionen péguenla péguenlo quiten quédense recorran recórranlos
    recuerden redacten remuevan reparen repasen repásenla repásenlo repitan repongan
    representen represéntenlo repartan repártanla repártanse resuelvan revisen ríanse saquen salgan
    separen siéntense sigan sirvan sonríanse sostengan suban terminen tomen trabajen tírenla
    tómense túrnense unten vayan vean visiten vístanse
    """
)
#: A word before the verb that makes it a subjunctive, not an imperative ("que lo hagan").
_NOT_IMPERATIVE = _words(
    "que lo la los las le les se me te nos cuando si donde quienes ellos ellas ya no"
)
#: What says that the parent and the child are both meant.
BOTH = re.compile(
    r"\b(?:juntos|juntas|uno al lado del otro|una al lado de la otra|en familia|los dos|"
    r"las dos|entre los dos|entre todos|todos|ustedes dos|en grupo)\b",
    re.IGNORECASE,
)
#: What speaks to the parent alone, anywhere: tú, its pronouns, tú-only verb forms, and tú
#: imperatives with a pronoun joined on ("pregúntale", "díselo").
TU = re.compile(
    r"\b(?:tú|te|tu|tus|ti|contigo|llegues|puedes|quieres|tienes|estés|vuelvas|haz|pon|"
    r"sal|di|mantén|\w*[áéíóú]\w*[^nr\W](?:le|les|lo|los|la|las|me|selo|sela))\b",
    re.IGNORECASE,
)
#: Tú imperatives that are also third-person forms ("deja", "pregunta"): tú only where they
#: open a clause.
TU_OPENING = re.compile(
    r"(?:^|[,;:]\s*|\by\s+)(?:deja|usa|pide|nombra|elige|vuelve|llama|manda|lleva|envía|"
    r"escribe|pregunta|toma|explica|avisa|empieza|escucha|revisa|mira|responde|trae|espera|"
    r"guarda|limita|prepara|muestra|planea|agradece|elogia|presenta|celebra|respeta|resuelve|"
    r"juega|echa|ayuda|señala|limpia|acude|separa|termina|mete|paga|consulta|compara|cuelga|"
    r"reconoce|entrega|ofrece|habla|dedica|sienta|sostén|sigue|comparte|fíjate|quédate|"
    r"salúdalo|busca|dile|dale|dime|ven)\b",
    re.IGNORECASE,
)
#: Speech in «...»: the child's or the parent's own words, which may use any person.
_QUOTED = re.compile(r"«[^»]*»")
#: Words that open a clause whose verb is a subjunctive.
_SUBORDINATE = _words("que cuando si mientras hasta aunque")


def ustedes_imperatives(sentence: str) -> list[str]:
    """The ustedes imperatives of ``sentence``: not the same forms used as subjunctives, after
    a pronoun ("lo hagan") or after "que", "cuando" or "si" in the same clause ("deja que
    sus dedos hagan el resto")."""
    found = []
    for clause in re.split(r"[,;:.!?()«»—]", sentence):
        words = re.findall(r"\w+", clause)
        for index, word in enumerate(words):
            if word.lower() not in USTEDES:
                continue
            before = [w.lower() for w in words[:index]]
            if before and before[-1] in _NOT_IMPERATIVE:
                continue
            if _SUBORDINATE & set(before):
                continue
            found.append(word)
    return found


def sentences(text: str) -> list[str]:
    return [part for part in re.split(r"(?<=[.;:!?])\s+", text) if part]


def register_problems(text: str) -> list[str]:
    """Each sentence of ``text`` that breaks the rule, with why."""
    found = []
    for sentence in sentences(_QUOTED.sub("«»", text)):
        if sentence.lower().startswith("que "):  # "Que ... terminen": a wish, a subjunctive
            continue
        verbs = ustedes_imperatives(sentence)
        if not verbs:
            continue
        if not BOTH.search(sentence):
            found.append(f"{verbs}: plural without saying both are meant: {sentence}")
        elif _speaks_to_one(sentence):
            found.append(f"{verbs}: plural and tú in one sentence: {sentence}")
    return found


def _speaks_to_one(sentence: str) -> bool:
    """Whether ``sentence`` speaks to the parent alone (a gerund such as "mostrándole" is not
    an imperative)."""
    if TU_OPENING.search(sentence):
        return True
    return any(not _NOT_TU.search(word.lower()) for word in TU.findall(sentence))


#: Words that look like a tú imperative with a pronoun but are not: a gerund ("mostrándole"),
#: an infinitive ("contárselo") or a noun ("película", "vehículo").
_NOT_TU = re.compile(r"(?:[aáeé]ndo\w+|r(?:se)?(?:le|les|lo|los|la|las|me|te)|[uú]l[oa]s?)$")
