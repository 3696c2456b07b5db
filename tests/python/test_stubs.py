"""The type stubs match the installed module, and type-check a small program."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytest.importorskip("mypy")


def test_stubs_match_the_module():
    proc = subprocess.run([sys.executable, "-m", "mypy.stubtest", "newsx"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_records_are_typed(tmp_path):
    prog = tmp_path / "use.py"
    prog.write_text(
        "import newsx\n"
        "ex = newsx.Extractor(quotes=False, fallback_language='nl')\n"
        "doc: newsx.Document = ex.extract('Tekst.', lang='nl')\n"
        "starts: list[int] = [a['char_start'] for a in doc['amounts']]\n"
        "docs = ex.extract_many(['a', 'b'], ['nl', None], threads=2)\n"
        "names: list[str] = [e['name'] for d in docs for e in d['entities']]\n"
        "bad: int = doc['lang']\n",
        encoding="utf-8",
    )
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path / "c"), str(prog)],
        capture_output=True, text=True,
    )
    # Exactly the one deliberate error: lang is `str | None`, not int.
    errors = [l for l in proc.stdout.splitlines() if ": error:" in l]
    assert len(errors) == 1 and "use.py:7" in errors[0], proc.stdout
