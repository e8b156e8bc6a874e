"""The strings table: one table, complete English, Welsh marked where unchecked."""

import pytest

from academy import i18n
from academy.errors import InputError


def test_every_key_has_english_and_a_known_status() -> None:
    for key, row in i18n.table().items():
        assert row["en"], key
        assert row["cy_status"] in {"", "review"}, key
        assert key.count(".") >= 1 and key == key.strip(), key


def test_switching_language_and_fallback() -> None:
    try:
        i18n.set_language("cy")
        assert i18n.t("common.save") == "Cadw"
        assert i18n.get_language() == "cy"
    finally:
        i18n.set_language("en")
    assert i18n.t("common.save") == "Save"


def test_unknown_language_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="use one of en, cy"):
        i18n.set_language("fr")


def test_unknown_key_names_the_table() -> None:
    with pytest.raises(KeyError, match="strings"):
        i18n.t("no.such.key")


def test_review_list_includes_marked_rows() -> None:
    assert "common.prediction" in i18n.needs_review("cy")
    assert "common.save" not in i18n.needs_review("cy")
