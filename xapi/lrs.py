"""
Talking to the Learning Record Store: the xAPI statements resource over HTTP with basic auth.

``XAPI_LRS_ENDPOINT`` is the LRS's xAPI base (such as ``https://lrs.example.org/xAPI/``); the
statements resource is ``statements`` under it. Only the standard library is used, so the worker
needs nothing extra installed.
"""

import base64
import json
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings

XAPI_VERSION = "1.0.3"


class LRSError(Exception):
    """The LRS could not be reached or refused a statement; the message says how."""


def is_configured():
    return bool(getattr(settings, "XAPI_LRS_ENDPOINT", ""))


def statements_url():
    return settings.XAPI_LRS_ENDPOINT.rstrip("/") + "/statements"


def _headers():
    credentials = f"{settings.XAPI_LRS_USERNAME}:{settings.XAPI_LRS_PASSWORD}".encode()
    return {
        "Authorization": "Basic " + base64.b64encode(credentials).decode("ascii"),
        "X-Experience-API-Version": XAPI_VERSION,
        "Content-Type": "application/json",
    }


def put_statement(statement):
    """Store one statement under its own id (PUT ``statements?statementId=...``).

    PUT with the id makes a retry safe: a statement the LRS already holds is answered 204 or
    409 (conflict with an identical id), both of which mean it is stored.
    """
    query = urllib.parse.urlencode({"statementId": statement["id"]})
    request = urllib.request.Request(
        f"{statements_url()}?{query}",
        data=json.dumps(statement).encode(),
        headers=_headers(),
        method="PUT",
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.XAPI_LRS_TIMEOUT) as response:
            return response.status
    except urllib.error.HTTPError as error:
        if error.code == 409:
            return error.code
        detail = error.read(500).decode("utf-8", "replace")
        raise LRSError(f"LRS answered {error.code}: {detail}") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise LRSError(f"LRS not reachable: {error}") from error
