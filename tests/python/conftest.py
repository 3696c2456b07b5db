"""Shared test data and helpers for the newsx Python tests.

Every text here was written for these tests. The CLI used for comparisons
is $NEWSX_CLI (set by scripts/test-python.sh), else target/{debug,release}/newsx.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Texts chosen for their characters: astral emoji and flags, combining marks,
# Greek and Cyrillic, mathematical letters outside the BMP, and plain ASCII.
UNICODE_TEXTS: list[tuple[str, str | None]] = [
    (
        "😀 De Europese Commissie 🇪🇺 trekt ruim 200 miljard euro uit voor kunstmatige intelligentie, "
        "zei Commissievoorzitter Ursula von der Leyen dinsdag in Brussel. ‘We lopen achter 🚀, maar "
        "we halen het in’, zei ze. Het kabinet-Schoof houdt 1,5 procent groei aan.",
        "nl",
    ),
    (
        "Ame\u0301lie Dupont, pre\u0301sidente de la re\u0301gion, a annonce\u0301 mardi un plan de "
        "3 millions d'euros. « Nous n'avons plus le choix », a-t-elle de\u0301clare\u0301 à Lyon.",
        "fr",
    ),
    (
        "Ο πρωθυπουργός Κυριάκος Μητσοτάκης δήλωσε την Τρίτη στην Αθήνα ότι η κυβέρνηση θα διαθέσει "
        "1,5 δισεκατομμύρια ευρώ για τα νησιά. «Είναι μια δύσκολη χρονιά για όλους», είπε.",
        "el",
    ),
    (
        "Министър-председателят заяви в София, че бюджетът за здравеопазване ще бъде увеличен с "
        "250 милиона лева. „Това е важна стъпка за болниците“, каза той пред журналисти.",
        "bg",
    ),
    (
        "𝐁𝐫𝐞𝐚𝐤𝐢𝐧𝐠 👩‍👩‍👧 Siemens will 2 Milliarden Euro in Berlin investieren, sagte Vorstandschef "
        "Roland Busch am Montag. „Wir glauben an den Standort“, sagte er. Der Umsatz stieg um 4 Prozent.",
        "de",
    ),
    (
        "The European Central Bank in Frankfurt raised rates by 0.25 percentage points on Thursday, "
        "its president Christine Lagarde said. \u201cInflation is still too high,\u201d she told reporters.",
        "en",
    ),
]

# Texts that must not trouble anything.
ODD_TEXTS: list[str] = [
    "",
    " ",
    "\n\n\n",
    "\x00\x01\x02 binary\xff\ufffd\x7f",
    "€€€ 5 5 5 %%% „“ «» ‘’ \"\" ''",
    "a" * 10_000,
    "🇪🇺" * 500,
    "e\u0301" * 1000,
    "1.000.000,00 1,000,000.00 1 000 000 € $ £ ¥",
    "‘" * 300 + "zegt" + "’" * 300,
]


def articles() -> list[tuple[str, str | None]]:
    """The bundled sample articles, one per language: (text, code)."""
    out = []
    for path in sorted((ROOT / "examples" / "articles").glob("*.txt")):
        out.append((path.read_text(encoding="utf-8"), path.stem))
    return out


def corpus() -> list[tuple[str, str | None]]:
    """Every test text with its language (None: identify it)."""
    texts = UNICODE_TEXTS + articles() + [(t, None) for t in ODD_TEXTS]
    # The same articles again, language to be identified.
    texts += [(t, None) for t, _ in articles()[:6]]
    return texts


def spans(doc: dict) -> list[dict]:
    """Every record or span in a document that carries offsets."""
    out = []
    for e in doc["entities"]:
        out.extend(e["mentions"])
    out.extend(doc["amounts"])
    for q in doc["quotes"]:
        out.append(q)
        out.extend(s for s in (q["speaker_mention"], q["cue"]) if s is not None)
    return out


def find_cli() -> Path | None:
    env = os.environ.get("NEWSX_CLI")
    if env:
        return Path(env)
    for profile in ("debug", "release"):
        p = ROOT / "target" / profile / "newsx"
        if p.exists():
            return p
    return None


@pytest.fixture(scope="session")
def cli() -> Path:
    path = find_cli()
    if path is None:
        pytest.skip("no newsx CLI built (cargo build --bin newsx, or set NEWSX_CLI)")
    assert path.exists(), f"NEWSX_CLI={path} does not exist"
    return path


def run_cli_batch(cli: Path, docs: list[tuple[str, str | None]], tmp: Path) -> list[dict]:
    """Records of `newsx batch` for (text, lang) documents, ids "0", "1", ..."""
    src = tmp / "in.jsonl"
    out = tmp / "out.jsonl"
    with src.open("w", encoding="utf-8") as f:
        for i, (text, lang) in enumerate(docs):
            rec = {"id": str(i), "text": text}
            if lang is not None:
                rec["lang"] = lang
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    subprocess.run([str(cli), "batch", str(src), "-o", str(out), "-q", "-j", "2"], check=True, stdin=subprocess.DEVNULL)
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="session")
def ex():
    """One extractor with default options for the whole session: building one takes a while."""
    import newsx

    return newsx.Extractor()
