"""Every one-line error a learner can see comes from the strings table, so it follows the language.

The rule checked here on the source: no ``InputError(...)`` (or ``IdentifiableDataError(...)``)
call in ``academy/`` has words in a string literal or f-string of its arguments, except inside
``t(...)``, the strings-table lookup. The Welsh runs of the bad-input corpus
(``tests/test_bad_inputs.py``) and each module's Welsh tests check the messages themselves.
"""

import ast
import re
from pathlib import Path

import academy

ACADEMY = Path(academy.__file__).parent
ERRORS = {"InputError", "IdentifiableDataError"}
WORD = re.compile(r"[A-Za-z]{3,}")
#: academy/i18n reports a wrong language code bilingually, before any language is chosen.
EXEMPT = {ACADEMY / "i18n" / "__init__.py"}


def _name(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def _words_outside_t(node: ast.AST) -> list[str]:
    """String pieces with words in ``node``, not counting what is inside a ``t(...)`` call."""
    if isinstance(node, ast.Call) and _name(node.func) == "t":
        return []
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and WORD.search(node.value):
        return [node.value]
    return [found for child in ast.iter_child_nodes(node) for found in _words_outside_t(child)]


def _untranslated(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _name(node.func) in ERRORS:
            for argument in [*node.args, *(k.value for k in node.keywords)]:
                found += [(node.lineno, text) for text in _words_outside_t(argument)]
    return found


def test_the_check_finds_english_in_an_error_and_accepts_the_table() -> None:
    source = (
        'raise InputError(f"{path.name} is empty: export it again")\n'
        'raise InputError("no data")\n'
        'raise InputError(t("loaders.error.empty", name=path.name))\n'
        "raise InputError(t('spc.error.x', hint=t('spc.error.hint')) + ' ' + where)\n"
        "raise IdentifiableDataError(found)\n"
    )
    assert _untranslated(source) == [(1, " is empty: export it again"), (2, "no data")]


def test_no_error_message_in_the_library_is_written_in_the_code() -> None:
    untranslated = {
        f"{path.relative_to(ACADEMY.parent)}:{line}": text
        for path in sorted(ACADEMY.rglob("*.py"))
        if path not in EXEMPT
        for line, text in _untranslated(path.read_text(encoding="utf-8"))
    }
    assert untranslated == {}
