"""Dates, numbers, money and percentages written the way the current language writes them (Babel).

English keeps plantrack's historical output (ISO dates, `1,234.56 EUR`); French follows the French
conventions: `25/08/2027`, `mer. 25 août 2027`, `S34`, `1 234,56 €`, `3,8 %` (narrow no-break spaces).
`--json` output never goes through here: it stays ISO dates and plain numbers whatever the language.
"""

from __future__ import annotations

import datetime as dt
import functools

from plantrack.i18n import language

#: Babel locale of each language (English with ISO dates: the CLDR `en` patterns are American).
_LOCALES = {"en": "en_GB", "fr": "fr_FR"}
_DATE = {"en": "yyyy-MM-dd", "fr": "dd/MM/yyyy"}
_DATE_LONG = {"en": "EEE yyyy-MM-dd", "fr": "EEE d MMMM yyyy"}
_TIME = "HH:mm"
_WEEK = {"en": "W{week:02d}", "fr": "S{week:02d}"}


def babel_locale() -> str:
    """The Babel locale name of the current language."""
    return _LOCALES[language()]


def format_weekday(index: int) -> str:
    """A weekday's short name, 0 being Monday: `lun.` in French (the file's keys stay `mon`...)."""
    from babel.dates import get_day_names

    return str(get_day_names("abbreviated", locale=babel_locale())[index])


def format_day(value: dt.date) -> str:
    """A date in a table: `2027-08-25` / `25/08/2027`."""
    from babel.dates import format_date

    day = value.date() if isinstance(value, dt.datetime) else value
    return format_date(day, _DATE[language()], locale=babel_locale())


def format_day_long(value: dt.date) -> str:
    """A date where there is room: `Wed 2027-08-25` / `mer. 25 août 2027`."""
    from babel.dates import format_date

    day = value.date() if isinstance(value, dt.datetime) else value
    return format_date(day, _DATE_LONG[language()], locale=babel_locale())


def format_moment(value: dt.datetime) -> str:
    """A date and time: `2027-08-25 14:00` / `25/08/2027 14:00`."""
    if value.tzinfo is None:  # aware instants that are equal may read differently: never cached
        return _moment(value, language())
    from babel.dates import format_datetime

    return format_datetime(value, f"{_DATE[language()]} {_TIME}", locale=babel_locale())


@functools.lru_cache(maxsize=8192)
def _moment(value: dt.datetime, lang: str) -> str:
    # a leveled plan's tables repeat the same few thousand instants (tasks start and end at day
    # boundaries), and Babel takes ~0.1 ms a date
    from babel.dates import format_datetime

    return format_datetime(value, f"{_DATE[lang]} {_TIME}", locale=_LOCALES[lang])


def format_week(value: dt.date) -> str:
    """The ISO week of a date: `W34` / `S34`."""
    return _WEEK[language()].format(week=value.isocalendar().week)


def format_number(value: float, digits: int = 0) -> str:
    """A number with thousands separators and exactly `digits` decimals: `1,234.5` / `1 234,5`."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, pattern, locale=babel_locale())


def format_money(value: float, currency: str, digits: int = 2) -> str:
    """An amount: `220,464.33 EUR` / `220 464,33 €`."""
    from babel.numbers import format_currency

    if language() == "en":  # the historical English form: the ISO code after the figure
        return f"{format_number(value, digits)} {currency}"
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "\u00a0¤"
    return format_currency(value, currency, pattern, locale=babel_locale(), currency_digits=False)


def format_percent(value: float, digits: int = 1) -> str:
    """A percentage given in percent units (3.8 means 3.8 %): `3.8%` / `3,8 %`."""
    from babel.numbers import format_percent as babel_percent

    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    text = babel_percent(value / 100, pattern, locale=babel_locale())
    return text if language() == "en" else text.replace("%", "\u202f%").replace("\u202f\u202f", "\u202f")
