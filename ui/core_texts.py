"""The core's Swedish texts for the user, in the UI language.

``caseworker/`` is Qt-free and speaks Swedish to the user (``PlatformError.user_message``); the sync
engine stores those texts with a refused or failed change (``OutboxItem.last_error``), sometimes followed
by the platform's own words ("… (Plattformens svar: …)"). lupdate reads ``ui/`` only, so the texts are
listed here for it (a test keeps this list equal to the core's), and :func:`in_ui_language` translates a
known text at the start of a message; the platform's own words after it stay as they are (data).
"""

from __future__ import annotations

from ui.qt import QtCore

CONTEXT = "UserMessage"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Marks ``text`` for lupdate; :func:`in_ui_language` translates it at use time. Defined here, not
    imported from a screen's module: ``ui.ops`` imports this one, and every screen imports ``ui.ops``."""
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
