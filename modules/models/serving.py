"""
The hook between the page models and the views that serve learners.

A page model knows its fields, its place in the tree and its addresses. What a learner sees when
they open it (their progress, whether they may open it, the forms, the way on) is worked out by
the page views in :mod:`modules.page_views`, which read and write through
:mod:`modules.overview` and :mod:`modules.services`, and those read the page models. So that the
models never import what imports them, each page view registers itself here for its page class
when the app is ready (:meth:`modules.apps.ModulesConfig.ready`), and a page's ``serve`` and
``serve_preview`` ask this registry for it.

A page view is an object with ``serve(page, request, *args, **kwargs)`` and
``preview(page, request, mode_name)``; the quiz page's view also answers its sub-routes.
"""

from django.core.exceptions import ImproperlyConfigured

_views_by_page_class = {}


def serves(page_class):
    """Class decorator: register an instance of the decorated view for ``page_class``."""

    def register(view_class):
        _views_by_page_class[page_class] = view_class()
        return view_class

    return register


def learner_view(page):
    """The view registered for the page's class, or the nearest of its parent classes."""
    for page_class in type(page).__mro__:
        view = _views_by_page_class.get(page_class)
        if view is not None:
            return view
    raise ImproperlyConfigured(f"No learner view is registered for {type(page).__name__}.")
