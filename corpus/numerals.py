"""Chinese numerals as they number parts and articles (一 … 二十九, 一百零五)."""

from __future__ import annotations

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100}
CHARS = "".join(_DIGITS) + "".join(_UNITS)


def parse_numeral(text: str) -> int | None:
    """The value of a Chinese numeral up to 999, or None if it is not one."""
    if not text or any(ch not in _DIGITS and ch not in _UNITS for ch in text):
        return None
    total, digit = 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
    return total + (digit or 0)


def to_numeral(value: int) -> str:
    """The Chinese numeral for 1 … 999, as documents print article numbers."""
    names = "零一二三四五六七八九"
    hundreds, rest = divmod(value, 100)
    tens, ones = divmod(rest, 10)
    out = f"{names[hundreds]}百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else names[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    return out + (names[ones] if ones else "")
