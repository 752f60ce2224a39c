"""What policykg tells its users, in Vietnamese and English. A `Message` is the English text (it is a str, so
logs, tests and tools read it as before) carrying its Vietnamese twin; `say` picks the user's language: the
CLI's from LC_ALL / LC_MESSAGES / LANG (vi_VN… -> Vietnamese), the explorer's from its language switch."""

from __future__ import annotations

import os


class Message(str):
    """English text with its Vietnamese twin."""

    vi: str

    def __new__(cls, en: str, vi: str) -> "Message":
        message = super().__new__(cls, en)
        message.vi = vi
        return message

    def __reduce__(self):  # worker processes send results back to the writer: keep both languages
        return Message, (str(self), self.vi)

    def in_(self, lang: str) -> str:
        return self.vi if lang == "vi" else str(self)


def say(text, lang: str) -> str:
    """`text` in `lang` when it is a Message, else as it is."""
    return text.in_(lang) if isinstance(text, Message) else str(text)


def say_error(exc: BaseException, lang: str) -> str:
    """An exception's message in `lang` (its first argument, when that is a Message)."""
    return say(exc.args[0] if exc.args else exc, lang)


def user_language(environ=os.environ) -> str:
    """'vi' when the locale the user runs under is Vietnamese, else 'en' (POSIX precedence)."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return "vi" if value.lower().startswith("vi") else "en"
    return "en"
