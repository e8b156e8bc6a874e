"""Every lesson listed in _toc.yml follows the lesson template (CONTRIBUTING.md).

A lesson is a notebook (``.ipynb``) under ``notebooks/``; course landing pages
(``index.md``) are not lessons. The template, in order: a title; a facts block
with level, estimated time, prerequisites and data used; learning objectives
(2 to 5, each starting with an observable verb); a worked example; an
interactive element ("Try it", with a saved widget); exercises (at least two,
each with a hint and a hidden solution, and auto-checked code cells); a
summary; further reading; references.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]

FACTS = ("**Level:**", "**Estimated time:**", "**Prerequisites:**", "**Data used:**")
LEVELS = ("Foundation", "Practitioner", "Advanced")
SECTIONS = (
    "Learning objectives",
    "Worked example",
    "Try it",
    "Exercises",
    "Summary",
    "Further reading",
    "References",
)
# Observable verbs for learning objectives (after Bloom's revised taxonomy, Anderson & Krathwohl 2001).
VERBS = set(
    """
    analyse annotate apply assess build calculate choose classify compare compute construct create critique
    decide define describe design detect distinguish draw estimate evaluate explain identify interpret judge
    list mark name plan predict read recognise recommend run select sketch spot state summarise test use write
    """.split()
)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files: list[str] = [toc["root"]]

    def walk(entries: list[dict]) -> None:
        for entry in entries:
            if "file" in entry:
                files.append(entry["file"])
            for key in ("chapters", "sections", "parts"):
                walk(entry.get(key, []))

    walk(toc.get("parts", []))
    return files


#: Folders whose notebooks are lessons; notebooks/tools/ holds reference notebooks, not lessons.
COURSES = tuple(
    f"notebooks/{course}/"
    for course in (
        "improvement-science",
        "leading-for-safety",
        "coaching-for-safety",
        "safety-topics",
    )
)


def _kind(path: Path) -> str:
    """A notebook's kind from its metadata ("lesson" unless it says e.g. "assessment")."""
    return nbformat.read(path, as_version=4).metadata.get("academy", {}).get("kind", "lesson")


def lesson_paths() -> list[Path]:
    paths = []
    for entry in toc_files():
        path = ROOT / f"{entry}.ipynb"
        if entry.startswith(COURSES) and path.exists() and _kind(path) == "lesson":
            paths.append(path)
    return paths


def lesson_problems(nb: nbformat.NotebookNode) -> list[str]:
    """Return what is missing from a lesson notebook (an empty list when it follows the template)."""
    problems: list[str] = []
    markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    code = [c for c in nb.cells if c.cell_type == "code"]
    text = "\n".join(markdown)
    if not markdown or not re.match(r"# \S", markdown[0]):
        problems.append("the first cell must be Markdown starting with a '# Title'")
    if len(re.findall(r"^# ", text, flags=re.M)) != 1:
        problems.append("a lesson has exactly one '# ' title")
    for fact in FACTS:
        if fact not in text:
            problems.append(f"the facts block lacks {fact}")
    level = re.search(r"\*\*Level:\*\*\s*(\w+)", text)
    if level and level.group(1) not in LEVELS:
        problems.append(f"level must be one of {', '.join(LEVELS)}")
    headings = re.findall(r"^## (.+)$", text, flags=re.M)
    positions = []
    for section in SECTIONS:
        matches = [i for i, h in enumerate(headings) if h.strip().startswith(section)]
        if not matches:
            problems.append(f"missing section '## {section}'")
        else:
            positions.append(matches[0])
    if positions != sorted(positions):
        problems.append(f"sections must come in this order: {', '.join(SECTIONS)}")
    objectives = re.search(
        r"^## Learning objectives\s*\n(.*?)(?=^#{1,2} |\Z)", text, flags=re.M | re.S
    )
    items = (
        re.findall(r"^\s*(?:\d+\.|[-*])\s+(\S+)", objectives.group(1), flags=re.M)
        if objectives
        else []
    )
    if not 2 <= len(items) <= 5:
        problems.append(f"learning objectives: 2 to 5 list items, found {len(items)}")
    for word in items:
        if word.strip("*_").lower() not in VERBS:
            problems.append(
                f"learning objective should start with an observable verb, not '{word}'"
            )
    exercises = re.findall(r"\{exercise\}[^\n]*\n:label: (\S+)", text)
    if len(exercises) < 2:
        problems.append(f"at least two {{exercise}} blocks with a :label:, found {len(exercises)}")
    for label in exercises:
        block = re.search(r"\{solution\} " + re.escape(label) + r"\s*\n(:[^\n]*\n)*", text)
        if not block or ":class: dropdown" not in block.group(0):
            problems.append(
                f"exercise {label} needs a hidden solution ({{solution}} with :class: dropdown)"
            )
    if text.count("{dropdown} Hint") < len(exercises):
        problems.append("every exercise needs a hint in a '{dropdown} Hint' block")
    if sum("check_" in c.source for c in code) < 2:
        problems.append(
            "at least two auto-checked exercise cells (calling an academy.feedback check_…)"
        )
    has_widget = any(
        WIDGET_VIEW in out.get("data", {}) for c in code for out in c.get("outputs", [])
    )
    if not has_widget:
        problems.append("no saved widget output: the 'Try it' element must be executed and saved")
    refs = re.search(r"^## References\s*\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    if not refs or not re.search(r"^\s*(?:\d+\.|[-*])\s+\S", refs.group(1), flags=re.M):
        problems.append("references must list at least one full citation")
    return problems


def test_every_toc_entry_exists() -> None:
    for entry in toc_files():
        assert any((ROOT / f"{entry}{ext}").exists() for ext in (".md", ".ipynb")), entry


def test_there_is_at_least_one_lesson() -> None:
    assert lesson_paths(), "no lesson notebooks listed in _toc.yml"


@pytest.mark.parametrize("path", lesson_paths(), ids=lambda p: str(p.relative_to(ROOT)))
def test_lesson_follows_template(path: Path) -> None:
    assert lesson_problems(nbformat.read(path, as_version=4)) == []


def test_lint_reports_a_bare_notebook() -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("Some text\n\n## Summary\n")]
    problems = lesson_problems(nb)
    assert "the first cell must be Markdown starting with a '# Title'" in problems
    assert "missing section '## Learning objectives'" in problems
    assert any(p.startswith("at least two {exercise}") for p in problems)
    assert any(p.startswith("no saved widget output") for p in problems)
