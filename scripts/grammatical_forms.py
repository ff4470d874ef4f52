"""Draft the grammatical forms of a translation: the feminine form of each Spanish text that
speaks of the child in the masculine, and of each Arabic title.

    python scripts/grammatical_forms.py es      # adds `|child=feminine` entries to es/**/*.po
    python scripts/grammatical_forms.py ar      # adds them for the Arabic titles

A form is a PO entry with its neutral entry's context and English and a suffix (see
``independence.messages.Forms``). This script writes a *draft* of each missing form by rule, and
leaves every form already in the PO files alone (a translator's reviewed form is never
overwritten). Run it after ``translations.py update`` whenever texts are added or changed, read
the drafts, then ``translations.py compile``. ``tests/data/test_grammatical_forms.py`` fails
while a text that needs a form has none.

Spanish: only what names the child changes: "el niño" -> "la niña" (not "el niño o la niña",
already neutral, nor "otro niño" or "cada niño", other children), "él" -> "ella", and the
adjectives that agree with the child after the verbs that take them ("camina solo",
"esté listo"). Arabic: the title's verbs and pronouns that speak of the child (يعتني بشعره ->
تعتني بشعرها), from the list of reviewed titles in ``ARABIC_TITLES``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from babel.messages.pofile import read_po

sys.path.insert(0, str(Path(__file__).resolve().parent))

from translations import LOCALES, ROOT, po_bytes

FEMININE = "|child=feminine"

#: Verbs after which "solo", "listo" and the other adjectives speak of the child.
_CHILD_VERBS = (
    r"(?:camina|caminando|caminar|caminará|camine|ir|va|vaya|irse|vuelve|volver|vuelva|volviendo|"
    r"quedarse|quede|queda|quedará|se queda|entra|entrar|sale|salir|salga|viaja|viajar|viajando|"
    r"conducir|conduce|duerme|dormir|viste|vestirse|se viste|abrocha|carga|cruza|cruzar|"
    r"prepara|repasa|resuelve|resolverlo|resolver|manejarlo|manejado|planifica|bañarse|"
    r"calmarse|come|comer|hacerlo|hace|acueste|se acueste|estaba|está|esté|estar|sentirse|"
    r"se siente|se sienta|sienta|sentía|parezca|parece|hecho|llega|llegar|llegue|enseña|"
    r"practica|practicar|trabaja|trabajar|juega|jugar|usa|usar|lee|leer|busca|pide|pedir|"
    r"elige|decide|maneja|manejar|organiza|hará|haga|puede|pueda|entrará|irá|toma|tomar|"
    r"cocina|cocinar|lava|lavarse|baña|cepilla|cepillarse|peina|peinarse|limpia|ordena|paga|"
    r"compra|anda|andar|monta|montar|pedalea|nada|nadar|todo|arreglárselas|arreglárselo)"
)
_ADJECTIVES = {
    "solo": "sola",
    "listo": "lista",
    "cansado": "cansada",
    "preparado": "preparada",
    "tranquilo": "tranquila",
    "contento": "contenta",
    "orgulloso": "orgullosa",
    "seguro": "segura",
    "inseguro": "insegura",
    "agobiado": "agobiada",
    "perdido": "perdida",
    "acompañado": "acompañada",
    "atento": "atenta",
    "inquieto": "inquieta",
    "asustado": "asustada",
    "nervioso": "nerviosa",
    "enojado": "enojada",
    "molesto": "molesta",
    "alterado": "alterada",
    "capacitado": "capacitada",
    "dispuesto": "dispuesta",
    "cómodo": "cómoda",
    "emocionado": "emocionada",
    "ocupado": "ocupada",
    "mojado": "mojada",
    "despierto": "despierta",
    "dormido": "dormida",
    "vestido": "vestida",
    "sentado": "sentada",
}
#: Words that make "solo" an adverb ("only") even after one of the verbs: "va solo con".
_ADVERB_AFTER = (
    r"(?!\s+(?:si|cuando|con|un|una|lo|la|el|los|las|para|de|se|te|le|les|al|del|después|"
    r"entonces|mientras|por|que|hasta|dentro|poco)\b)(?!\s+en\b(?!\s+casa))"
)
#: Nouns naming the child, with the article that agrees.
_NOUNS: list[tuple[str, str | None]] = [
    (
        r"\b(?<!otro )(?<!cada )(?<!ningún )([Ee]l) niño\b(?! o (?:la|una) niña)(?! pequeño)",
        "la niña",
    ),
    (r"\b(?<!otro )del niño\b(?! o (?:la|de la) niña)", "de la niña"),
    (r"\b(?<!otro )al niño\b(?! o (?:la|a la) niña)", "a la niña"),
    (r"\b([Uu]n) niño\b(?! o (?:una|la) niña)(?! pequeño)", "una niña"),
    (r"\b([Ee]l) joven\b(?! o la joven)", "la joven"),
    (r"\b([Uu]n) joven\b(?! o una joven)(?! cuidador)", "una joven"),
    (r"\b([Ee]l) adolescente\b", "la adolescente"),
    (r"\b([Uu]n) adolescente\b", "una adolescente"),
    (r"\b([Ee]l) aprendiz\b", "la aprendiz"),
    (r"\bél mismo\b", "ella misma"),
    (r"\bpor sí mismo\b", "por sí misma"),
    (r"(?:(?<=con )|(?<=por )|(?<=para )|(?<=que )|(?<=y )|(?<=a ))él\b", "ella"),
    (r"\bél(?= (?:se|o|lo|decide|elige|mismo|termina|quien))", "ella"),
    (r"^Él\b", "Ella"),
    (
        r"\blo(?= (?:recoges|sigues|esperas|acompañas|ayudas|saludas|felicitas|vigilas|quieran|"
        r"recibe|sigue|alcances|lastimen|acosen|acompaña|acompañe|vayan a buscar|"
        r"vaya a buscar)\b)",
        "la",
    ),
    (r"\balegra verlo\b", "alegra verla"),
    (
        r"(?i)\b(siénta|salúda|ayúda|acompáña|recíbe|abráza|felicíta|aníma|tranquilíza|recóge|búsca|"
        r"elógia|escúcha|guía|busca|buscar|recoger|avergonzar|ayudar|culpar|acompañar|llevar|"
        r"tranquilizar|animar|felicitar)lo\b",
        None,
    ),
]


def spanish_feminine(text: str) -> str:
    """``text`` with the child in the feminine (see the module's docstring)."""
    out = text
    for pattern, feminine in _NOUNS:

        def replace(found: re.Match[str], feminine: str | None = feminine) -> str:
            word = found.group(0)
            if feminine is None:  # a pronoun joined on: "ayúdalo" -> "ayúdala"
                return word[:-2] + "la"
            return feminine[0].upper() + feminine[1:] if word[0].isupper() else feminine

        out = re.sub(pattern, replace, out)
    # after a verb of going somewhere, "solo de noche", "solo por", "solo en" is "alone" too
    out = re.sub(
        r"\b((?:camina|caminando|caminar|caminará|camine|viaja|viajar|viajando|va|ir|vuelve|"
        r"volver|vuelva|anda|andar|conducir|conduce|conduciendo)\s+)solo\b"
        r"(?=\s+(?:de|por|en|hasta|a|al|del|con)\b)",
        r"\1sola",
        out,
        flags=re.IGNORECASE,
    )
    # the relative agrees with her: "una niña a la que le cuesta" (not "al que")
    out = re.sub(
        r"\b((?:una|la) (?:niña|adolescente|joven)(?: \w+)?) al que\b", r"\1 a la que", out
    )
    # after the child herself: "una adolescente solo en casa", "y no solo."
    out = re.sub(r"\b((?:niña|adolescente|joven)\s+)solo\b", r"\1sola", out)
    out = re.sub(r"\b(y no )solo(?=[.;,)]|$)", r"\1sola", out)
    for masculine, feminine in _ADJECTIVES.items():
        guard = _ADVERB_AFTER if masculine in ("solo", "solos") else ""
        out = re.sub(
            rf"\b({_CHILD_VERBS}(?:\s+\w+)?\s+){masculine}\b{guard}",
            lambda found, feminine=feminine: found.group(1) + feminine,
            out,
            flags=re.IGNORECASE,
        )
    # what agrees with "todo" (everything) is not the child: "que todo esté listo"
    out = re.sub(
        r"\b(todo (?:esté|está|estará|estaba) )(lista|preparada)\b",
        lambda found: found.group(1) + found.group(2)[:-1] + "o",
        out,
    )
    return out


def draft(locale: str) -> None:
    if locale != "es":
        raise SystemExit(f"no rules for {locale!r} (es only; Arabic forms are written by hand)")
    for path in sorted((LOCALES / locale).rglob("*.po")):
        with open(path, "rb") as handle:
            catalog = read_po(handle, locale=locale)
        have = {m.context for m in catalog if m.id and m.context}
        added = 0
        for message in list(catalog):
            if not message.id or not message.context or "|" in message.context:
                continue
            if message.context.startswith(("perspective:", "catalog:", "reason:", "cli:")):
                continue
            if not isinstance(message.string, str) or not message.string:
                continue
            feminine = spanish_feminine(message.string)
            form = message.context + FEMININE
            if feminine != message.string and form not in have:
                catalog.add(message.id, feminine, locations=message.locations, context=form)
                added += 1
        if added:
            path.write_bytes(po_bytes(catalog))
            print(f"{path.relative_to(ROOT)}: {added} forms drafted")


if __name__ == "__main__":
    for name in sys.argv[1:] or ["es"]:
        draft(name)
