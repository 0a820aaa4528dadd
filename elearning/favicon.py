"""
The site's icon at ``/favicon.ico``, where browsers ask for it whatever the page links.

The icon is our own (``static/img/favicon.ico``, with an SVG twin that pages link); it is read
from the package, so the address answers the same with or without collected static files.
"""

from pathlib import Path

from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

ICON = Path(__file__).resolve().parent / "static" / "img" / "favicon.ico"


@require_GET
@cache_control(public=True, max_age=60 * 60 * 24)
def favicon(request):
    """The icon's bytes, cacheable for a day."""
    return HttpResponse(ICON.read_bytes(), content_type="image/x-icon")
