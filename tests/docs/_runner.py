"""Run one page's snippets in order in this interpreter; write what became of each as JSON.

Used by test_snippets.py, which starts a fresh interpreter per page: snippets may register
target kinds and evaluators, which must not leak into the test session. Usage::

    python _runner.py SNIPPETS.json RESULTS.json   # in the directory the snippets run in
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import re
import sys
import traceback
import types
from pathlib import Path
from typing import Any

import yaml

import kpimodel

# The fields a KPI written flat (one indicator) may have, and those of a program.
_KPI_KEYS = {"id", "title", "title_en", "progress_text", "source_ref", "note", "indicators"}
_KPI_KEYS.add("stated_status")  # on a KPI or an indicator: a status the document states
_INDICATOR_KEYS = {"target", "observations", "references", "series"}
# The evaluation date of snippets that give none.
_AS_OF = dt.date(2026, 3, 31)


def _indent(text: str, spaces: int) -> str:
    return "".join(" " * spaces + line if line.strip() else line for line in text.splitlines(True))


def _named(text: str, keys: set[str]) -> str:
    """The mapping `text` with the id and title a theme or a KPI needs, where it lacks them."""
    missing = "".join(f"{key}: snippet\n" for key in ("id", "title") if key not in keys)
    return text.rstrip("\n") + "\n" + missing


def program_text(text: str) -> str:
    """The document to validate for a YAML snippet: itself, or the program around a part.

    A snippet is a whole program (``themes:``), a theme (``kpis:``), one KPI or indicator
    (``id:``, ``target:``, ``observations:``...) or a target (``kind:``). A part is wrapped
    textually, so that it goes through kpimodel's own strict YAML reader.
    """
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return text  # kpimodel's reader says what is wrong, and where
    if not isinstance(data, dict):
        raise ValueError(f"a YAML snippet is a mapping, not {type(data).__name__}: mark it")
    keys = set(data)
    if "themes" in keys:
        return text
    if "kpis" in keys:
        return "title: snippet\nthemes:\n  -\n" + _indent(_named(text, keys), 4)
    if "kind" in keys:
        text, keys = "target:\n" + _indent(text, 2), {"target"}
    if keys <= _KPI_KEYS | _INDICATOR_KEYS:
        theme = "id: snippet\ntitle: snippet\nkpis:\n  -\n" + _indent(_named(text, keys), 4)
        return "title: snippet\nthemes:\n  -\n" + _indent(theme, 4)
    raise ValueError(f"cannot tell what this YAML snippet is (keys {sorted(keys)}): mark it")


def inline_target(text: str) -> str:
    """The indicator for a target written inline, with the reference series it names."""
    data = yaml.safe_load(text)
    reference = data.get("reference") if isinstance(data, dict) else None
    named = f"references: [{{id: {json.dumps(reference)}}}]\n" if reference else ""
    return "target:\n" + _indent(text, 2) + named


def _run(block: dict[str, Any], namespace: dict[str, Any], printed: list[str]) -> None:
    code, lang, options = block["code"], block["lang"], block["options"]
    if "inline" in options:
        code = inline_target(code)
    if "plain" in options:  # not kpimodel's: only read (YAML, JSON) or compiled (Python)
        if lang in ("python", "py"):
            compile(code, block["where"], "exec")
        elif lang in ("yaml", "yml"):
            yaml.safe_load(code)
        elif lang == "json":
            json.loads(code)
    elif lang in ("python", "py"):
        with contextlib.redirect_stdout(io.StringIO()) as out:
            exec(compile(code, block["where"], "exec"), namespace)
        printed.append(out.getvalue())
    elif "output" in options:
        shown = printed[-1] if printed else "(no python block before it)"
        if code != shown:
            raise AssertionError(f"the page shows\n{code}but the block before it prints\n{shown}")
    elif lang in ("yaml", "yml"):
        program = kpimodel.loads(program_text(code))
        kpimodel.evaluate(program, as_of=program.as_of or _AS_OF)
    elif lang == "json":
        # `[ ... ]` and `{ ... }` stand for elided items: read as empty.
        json.loads(re.sub(r"([\[{])\s*\.\.\.\s*([\]}])", r"\1\2", code))
    if "file" in options:
        Path(options["file"]).write_text(code, encoding="utf-8")


def main(snippets: str, results: str) -> int:
    """Run the snippets listed in the file `snippets`; write one result each to `results`."""
    blocks = json.loads(Path(snippets).read_text(encoding="utf-8"))
    # A real module, so that pydantic resolves the annotations of classes a snippet defines.
    module = types.ModuleType("__snippets__")
    sys.modules[module.__name__] = module
    namespace = module.__dict__
    outcomes = []
    printed: list[str] = []
    for block in blocks:
        try:
            _run(block, namespace, printed)
        except Exception as exc:
            refused = not block["lang"].startswith("y") or isinstance(
                exc,
                (kpimodel.KPIModelError, yaml.YAMLError),  # kpimodel's refusal, not ours
            )
            if "invalid" in block["options"] and refused:
                outcomes.append({"where": block["where"], "ok": True, "refused": str(exc)})
            else:
                error = "".join(traceback.format_exception(exc, limit=-3))
                outcomes.append({"where": block["where"], "ok": False, "error": error})
        else:
            ok = "invalid" not in block["options"]
            error = "" if ok else "marked invalid, but it was accepted"
            outcomes.append({"where": block["where"], "ok": ok, "error": error})
    Path(results).write_text(json.dumps(outcomes, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
