"""The one rule for links that come from the data: an https address, or no link at all.

Why so strict: the site turns these addresses into links that anyone may click, and a contributor may be
hostile. Browsers read a scheme in any case (`JaVaScRiPt:`), drop tabs and line breaks inside an address
and ignore leading spaces and control characters, so a check that looks only at the start of the text can be
fooled. Only a plain `https://host/...` address with no whitespace, control characters or backslashes
passes; the validator reports anything else and the page renderer writes it as plain text.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

_SAFE_HTTPS = re.compile(r"https://[^\s\\\x00-\x1f\x7f]+")


def is_safe_https_url(text: object) -> bool:
    """True for an https address with a host and nothing a browser would reinterpret.

    >>> is_safe_https_url("https://fingertips.phe.org.uk/profile/x")
    True
    >>> [is_safe_https_url(u) for u in ("javascript:alert(1)", "http://a.org", "//a.org", " https://a.org",
    ...                                 "https://a.org/\\tx", "HTTPS://a.org", "https:///path", "https://",
    ...                                 "https://a\u200b.org/", "https://a.org\x85/", "https://a.org:99999/")]
    [False, False, False, False, False, False, False, False, False, False, False]
    """
    if not isinstance(text, str) or not _SAFE_HTTPS.fullmatch(text) or not text.isprintable():
        return False  # isprintable: no invisible characters (zero-width spaces, C1 controls) to hide a target
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number in range
    except ValueError:  # for example an unbalanced [ in the host
        return False
    return parts.scheme == "https" and bool(parts.hostname)
