"""The error table (ui.errors): every core error family has a text for the user, in Swedish and English."""

from __future__ import annotations

import importlib

import pytest

from caseworker.auth.secrets import SecretStoreError
from caseworker.drawings.errors import DrawingError, Reason
from caseworker.store import StoreError
from tests.ui.a11y.env import language
from ui.errors import DRAWING_REASONS, TABLE, user_message
from ui.qt import QtWidgets


def subclasses(cls: type) -> list[type]:
    return [cls, *(s for sub in cls.__subclasses__() for s in subclasses(sub))]


def make(cls: type[BaseException]) -> BaseException:
    try:
        return cls("technical detail")
    except TypeError:
        return cls("technical detail", "0" * 64)  # CorruptBlob(message, sha256)


def test_every_family_in_the_table_names_a_real_error_class() -> None:
    for family, _ in TABLE:
        if isinstance(family, str):  # named, not imported: a heavy module (decision letters)
            module, _, name = family.rpartition(".")
            cls = getattr(importlib.import_module(module), name)
        else:
            cls = family
        assert isinstance(cls, type) and issubclass(cls, BaseException), family


@pytest.mark.parametrize("root", [StoreError, SecretStoreError], ids=lambda c: c.__name__)
def test_every_store_and_keystore_error_has_a_text_saying_what_was_kept(
    qapp: QtWidgets.QApplication, root: type[Exception]
) -> None:
    for cls in subclasses(root):
        text = user_message(make(cls))
        assert text, f"{cls.__name__} has no text for the user"
        assert "technical detail" not in text  # the technical str() stays in the log
        assert "kvar" in text or "Inget har ändrats" in text or "försvunnit" in text, (cls.__name__, text)


def test_decision_letter_errors_are_explained_without_loading_the_renderer_early() -> None:
    from caseworker.decisions.render import IncompleteLetter
    from caseworker.decisions.templates import TemplateError

    assert "Utkastet finns kvar" in (user_message(IncompleteLetter("no reasons")) or "")
    assert "Utkastet finns kvar" in (user_message(TemplateError("missing file")) or "")


def test_an_error_no_family_covers_has_no_text() -> None:
    assert user_message(KeyError("row")) is None  # a bug: the excepthook's friendly dialog


def test_the_table_reads_english_in_english(qapp: QtWidgets.QApplication) -> None:
    from caseworker.store import StoreCorrupted

    with language(qapp, "en"):
        text = user_message(StoreCorrupted("malformed")) or ""
        drawing = user_message(DrawingError(Reason.ENCRYPTED, "the file is encrypted")) or ""
    assert text and "skadad" not in text and "outbox" in text.lower()
    assert drawing and drawing != DRAWING_REASONS[Reason.ENCRYPTED.value]


def test_sign_in_errors_read_english_in_english(qapp: QtWidgets.QApplication) -> None:
    from caseworker.auth.flow import SignInError, SignInTimeout, TokenRejected

    errors = [
        SignInError("Inloggningen avbröts eller nekades av plattformen."),
        TokenRejected("Plattformen godtog inte inloggningen. Logga in igen.", "invalid_grant"),
        SignInTimeout("Ingen inloggning kom tillbaka från webbläsaren inom 5 min. Försök igen."),
    ]
    swedish = [user_message(e) or "" for e in errors]
    with language(qapp, "en"):
        english = [user_message(e) or "" for e in errors]
    assert all(swedish) and all(english)
    for sv, en in zip(swedish, english, strict=True):
        assert sv != en and "Inloggning" not in en and "inloggning" not in en, en
