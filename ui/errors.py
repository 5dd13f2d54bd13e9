"""What the user reads when an operation fails: one table from every core error family to a text that says
what happened, what was kept and what to do, in the UI language.

    user_message(exc)   the text for ``exc``, or None: an error no family covers is a bug (logged, and the
                        app's excepthook shows its friendly dialog — never a traceback)

Three kinds of family, looked up in this order:

* **Drawings** (``DrawingError``): the engine says why a file cannot be shown (``Reason``); the text is
  chosen by that reason (:data:`DRAWING_REASONS`).
* **The table** (:data:`TABLE`, the most specific class first): errors without a text of their own (the
  offline store, the keystore, decision letters), and the few whose own text cannot be listed.
* **Errors that carry their own Swedish text** (``user_message``: every ``PlatformError``, sign-in errors,
  the app's own refusals). ``caseworker/`` is Qt-free and speaks Swedish; the sync engine also stores those
  texts with a refused change (``OutboxItem.last_error``), sometimes followed by the platform's own words
  ("… (Plattformens svar: …)"). lupdate reads ``ui/`` only, so the texts are listed here for it
  (:data:`CORE_TEXTS`; a test keeps the list equal to the core's) and :func:`in_ui_language` translates a
  known text at the start of a message; the platform's words after it stay as they are (data).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from caseworker import store
from caseworker.auth.flow import SignInTimeout
from caseworker.auth.secrets import SecretStoreError
from ui.qt import QtCore

log = logging.getLogger(__name__)

CONTEXT = "UserMessage"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Marks ``text`` for lupdate; it is translated at use time. Defined here, not imported from a
    screen's module: this is the bottom layer, which imports no screen."""
    return text


CORE_TEXTS = (
    QT_TRANSLATE_NOOP("UserMessage", "Något gick fel i kontakten med plattformen. Försök igen."),
    QT_TRANSLATE_NOOP(
        "UserMessage",
        "Plattformens adress måste börja med https://. Okrypterad http tillåts bara till den egna datorn.",
    ),
    QT_TRANSLATE_NOOP(
        "UserMessage",
        "Plattformen går inte att nå just nu (ingen anslutning eller nätverksfel). "
        "Det som inte har skickats ligger kvar och skickas när anslutningen är tillbaka.",
    ),
    QT_TRANSLATE_NOOP(
        "UserMessage",
        "Du har blivit utloggad. Logga in igen för att fortsätta; ändringar som väntar på att skickas "
        "finns kvar.",
    ),
    QT_TRANSLATE_NOOP("UserMessage", "Du har inte behörighet att göra det här."),
    QT_TRANSLATE_NOOP("UserMessage", "Det finns inte, eller så har du inte tillgång till det."),
    QT_TRANSLATE_NOOP(
        "UserMessage",
        "Någon annan har ändrat detta sedan du hämtade det. "
        "Jämför deras version med din innan du fortsätter; din ändring är kvar.",
    ),
    QT_TRANSLATE_NOOP(
        "UserMessage", "Plattformen godtog inte begäran. Kontrollera uppgifterna och försök igen."
    ),
    QT_TRANSLATE_NOOP(
        "UserMessage", "Den lokala kopian behöver hämtas om från början. Ändringar som väntar finns kvar."
    ),
    QT_TRANSLATE_NOOP("UserMessage", "Plattformen har ett tekniskt fel just nu. Försök igen senare."),
    QT_TRANSLATE_NOOP("UserMessage", "Plattformen är hårt belastad just nu. Försök igen om en stund."),
    QT_TRANSLATE_NOOP(
        "UserMessage",
        "Plattformen svarade på ett oväntat sätt. Försök igen senare; kvarstår felet, kontakta support.",
    ),
    QT_TRANSLATE_NOOP(
        "UserMessage",
        "Bara en gruppledare kan fördela om ärenden till någon annan. Du kan ta ett ej tilldelat ärende "
        "eller lämna tillbaka ett eget.",
    ),
    # sign-in (caseworker.auth.flow.SignInError and its kinds)
    QT_TRANSLATE_NOOP("UserMessage", "Inloggningen kom inte från den här appen (fel state). Försök igen."),
    QT_TRANSLATE_NOOP("UserMessage", "Inloggningen avbröts eller nekades av plattformen."),
    QT_TRANSLATE_NOOP("UserMessage", "Plattformen godtog inte inloggningen. Logga in igen."),
    QT_TRANSLATE_NOOP("UserMessage", "Demokontot kunde inte logga in."),
)
PLATFORM_SAYS = QT_TRANSLATE_NOOP("UserMessage", " (Plattformens svar: ")
_LONGEST_FIRST = sorted(CORE_TEXTS, key=len, reverse=True)


def in_ui_language(text: str) -> str:
    """``text`` with a known core text at its start (and the "Plattformens svar" label) translated."""
    translate = QtCore.QCoreApplication.translate
    for known in _LONGEST_FIRST:
        if text.startswith(known):
            rest = text[len(known) :]
            if rest.startswith(PLATFORM_SAYS):
                rest = translate(CONTEXT, PLATFORM_SAYS) + rest[len(PLATFORM_SAYS) :]
            return translate(CONTEXT, known) + rest
    return translate(CONTEXT, text) if text else text


# --- errors without a text of their own -----------------------------------------------------------------

ERRORS = "Errors"  # the translation context of the table's texts


@dataclass(frozen=True)
class Explanation:
    """What happened, what was kept, what to do: three Swedish sentences, translated when shown."""

    happened: str
    kept: str
    todo: str

    def text(self) -> str:
        translate = QtCore.QCoreApplication.translate
        return " ".join(translate(ERRORS, part) for part in (self.happened, self.kept, self.todo) if part)


KEPT_ALL = QT_TRANSLATE_NOOP("Errors", "Inget av det du har sparat har försvunnit.")
KEPT_OUTBOX = QT_TRANSLATE_NOOP(
    "Errors", "Ändringar som väntar i utkorgen finns kvar och skickas som vanligt."
)
NOTHING_CHANGED = QT_TRANSLATE_NOOP("Errors", "Inget har ändrats.")
DRAFT_KEPT = QT_TRANSLATE_NOOP("Errors", "Utkastet finns kvar.")

Family = type[BaseException] | str
"""An error class, or its qualified name for a class whose module is heavy to import (decision letters:
reportlab and pikepdf load when the editor first opens, not with this table)."""

TABLE: tuple[tuple[Family, Explanation], ...] = (
    (
        SignInTimeout,  # its own text names the minutes: not one text lupdate can list
        Explanation(
            QT_TRANSLATE_NOOP("Errors", "Ingen inloggning kom tillbaka från webbläsaren i tid."),
            NOTHING_CHANGED,
            QT_TRANSLATE_NOOP("Errors", "Försök igen."),
        ),
    ),
    (
        store.StoreBusy,
        Explanation(
            QT_TRANSLATE_NOOP(
                "Errors",
                "Den lokala lagringen används redan av ett annat Caseworker-fönster.",
            ),
            NOTHING_CHANGED,
            QT_TRANSLATE_NOOP("Errors", "Arbeta i det andra fönstret, eller stäng det och försök igen."),
        ),
    ),
    (
        store.StoreClosed,
        Explanation(
            QT_TRANSLATE_NOOP("Errors", "Den lokala kopian är redan stängd (utloggning eller avslut)."),
            NOTHING_CHANGED,
            QT_TRANSLATE_NOOP("Errors", "Logga in igen för att fortsätta."),
        ),
    ),
    (
        store.StoreTooNew,
        Explanation(
            QT_TRANSLATE_NOOP("Errors", "Den lokala kopian har skrivits av en nyare version av Caseworker."),
            NOTHING_CHANGED,
            QT_TRANSLATE_NOOP("Errors", "Uppdatera Caseworker och starta igen."),
        ),
    ),
    (
        store.WrongDataKey,
        Explanation(
            QT_TRANSLATE_NOOP(
                "Errors",
                "Den lokala kopian går inte att öppna med nyckeln på den här datorn.",
            ),
            NOTHING_CHANGED,
            QT_TRANSLATE_NOOP("Errors", "Logga in igen; ärendena hämtas då på nytt från plattformen."),
        ),
    ),
    (
        store.StoreCorrupted,
        Explanation(
            QT_TRANSLATE_NOOP("Errors", "Den lokala lagringen är skadad."),
            KEPT_OUTBOX,
            QT_TRANSLATE_NOOP(
                "Errors",
                "Starta om Caseworker: den skadade kopian läggs åt sidan och ärendena hämtas på nytt.",
            ),
        ),
    ),
    (
        store.DecryptionFailed,
        Explanation(
            QT_TRANSLATE_NOOP(
                "Errors",
                "En uppgift i den lokala kopian gick inte att läsa: den är ändrad eller skadad.",
            ),
            KEPT_OUTBOX,
            QT_TRANSLATE_NOOP("Errors", "Försök igen när ärendet har hämtats på nytt från plattformen."),
        ),
    ),
    (
        store.CorruptBlob,
        Explanation(
            QT_TRANSLATE_NOOP(
                "Errors",
                "Den sparade kopian av handlingen var skadad och har lagts åt sidan.",
            ),
            KEPT_ALL,
            QT_TRANSLATE_NOOP("Errors", "Öppna handlingen igen, så hämtas den på nytt från plattformen."),
        ),
    ),
    (
        store.BlobNotFound,
        Explanation(
            QT_TRANSLATE_NOOP("Errors", "Handlingen finns inte sparad på den här datorn."),
            KEPT_ALL,
            QT_TRANSLATE_NOOP("Errors", "Öppna den igen när datorn är ansluten, så hämtas den."),
        ),
    ),
    (
        store.BlobError,
        Explanation(
            QT_TRANSLATE_NOOP("Errors", "Handlingen kunde inte sparas på den här datorn."),
            KEPT_ALL,
            QT_TRANSLATE_NOOP("Errors", "Försök igen; kvarstår felet, kontrollera att disken har plats."),
        ),
    ),
    (
        store.InvalidTransition,
        Explanation(
            QT_TRANSLATE_NOOP("Errors", "Ändringen i utkorgen har redan skickats eller hanterats."),
            NOTHING_CHANGED,
            QT_TRANSLATE_NOOP("Errors", "Se efter i utkorgen var den står nu."),
        ),
    ),
    (
        store.OutboxItemNotFound,
        Explanation(
            QT_TRANSLATE_NOOP("Errors", "Ändringen finns inte längre i utkorgen."),
            NOTHING_CHANGED,
            QT_TRANSLATE_NOOP("Errors", "Se efter i utkorgen var den står nu."),
        ),
    ),
    (
        store.StoreError,
        Explanation(
            QT_TRANSLATE_NOOP("Errors", "Den lokala lagringen kunde inte läsas eller skrivas just nu."),
            KEPT_ALL,
            QT_TRANSLATE_NOOP("Errors", "Försök igen; kvarstår felet, starta om Caseworker."),
        ),
    ),
    (
        SecretStoreError,
        Explanation(
            QT_TRANSLATE_NOOP("Errors", "Nyckelringen på den här datorn gick inte att använda."),
            KEPT_OUTBOX,
            QT_TRANSLATE_NOOP("Errors", "Logga in igen; kvarstår felet, kontakta support."),
        ),
    ),
    (
        "caseworker.decisions.render.IncompleteLetter",
        Explanation(
            QT_TRANSLATE_NOOP(
                "Errors",
                "Beslutet saknar en del som utfallet kräver, så brevet kunde inte skapas.",
            ),
            DRAFT_KEPT,
            QT_TRANSLATE_NOOP("Errors", "Fyll i det som saknas och försök igen."),
        ),
    ),
    (
        "caseworker.decisions.templates.TemplateError",  # by name: the templates need yaml, not at start
        Explanation(
            QT_TRANSLATE_NOOP(
                "Errors",
                "Beslutsmallarna saknas eller är felaktiga, så brevet kunde inte skapas.",
            ),
            DRAFT_KEPT,
            QT_TRANSLATE_NOOP("Errors", "Kontakta support."),
        ),
    ),
)

# --- drawings: the engine's reason --------------------------------------------------------------------

DRAWINGS = "DrawingViewer"
# by the engine's Reason value: naming the enum would import the drawing engine's package at start
DRAWING_REASONS: dict[str, str] = {
    "empty": QT_TRANSLATE_NOOP(
        "DrawingViewer", "Filen är tom (0 byte), så det finns ingen ritning att visa."
    ),
    "encrypted": QT_TRANSLATE_NOOP(
        "DrawingViewer",
        "Ritningen är skyddad med lösenord och kan inte visas. Be avsändaren om en version utan lösenord.",
    ),
    "damaged": QT_TRANSLATE_NOOP(
        "DrawingViewer",
        "Filen är skadad eller ofullständig och kan inte visas. Be avsändaren skicka den igen.",
    ),
    "not a drawing": QT_TRANSLATE_NOOP(
        "DrawingViewer",
        "Filen är ingen ritning som visaren kan öppna (PDF, TIFF eller bild). Öppna den med Öppna i stället.",
    ),
    "too large": QT_TRANSLATE_NOOP(
        "DrawingViewer",
        "Ritningen är för stor för att visas: den skulle kräva mer minne än visaren får använda.",
    ),
    "timed out": QT_TRANSLATE_NOOP(
        "DrawingViewer",
        "Det tog för lång tid att rita upp sidan, så visningen avbröts. Filen kan vara skadad eller mycket "
        "komplex.",
    ),
    "no such page": QT_TRANSLATE_NOOP("DrawingViewer", "Sidan finns inte i ritningen."),
}


# --- the lookup ----------------------------------------------------------------------------------------


def _is(exc: BaseException, family: Family) -> bool:
    if isinstance(family, type):
        return isinstance(exc, family)
    return any(f"{c.__module__}.{c.__qualname__}" == family for c in type(exc).__mro__)


def explanation(exc: BaseException) -> Explanation | None:
    """The table's entry for ``exc`` (the first family it belongs to), or None."""
    return next((e for family, e in TABLE if _is(exc, family)), None)


def user_message(exc: BaseException) -> str | None:
    """The text for the user about ``exc`` in the UI language, or None for an error no family covers."""
    if _is(exc, "caseworker.drawings.errors.DrawingError"):
        reason = DRAWING_REASONS.get(exc.reason.value, DRAWING_REASONS["damaged"])  # type: ignore[attr-defined]
        return QtCore.QCoreApplication.translate(DRAWINGS, reason)
    found = explanation(exc)  # first: the table may explain an error better than its own text
    if found is not None:
        return found.text()
    own: Any = getattr(exc, "user_message", None)
    return in_ui_language(own) if isinstance(own, str) and own else None


def is_known(exc: BaseException) -> bool:
    """An error the user can act on (it has a text); any other is a bug."""
    return user_message(exc) is not None
