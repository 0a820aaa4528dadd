"""
The page view every learner page starts from: the page's template with its context.

A preview shows the content as a learner would see it, without progress or access checks (a
trainer previews a module that is not for them, or a lesson of a module they have not started).
"""

from django.template.response import TemplateResponse


class PageView:
    """Serve a page with its own template; subclasses add the learner's standing."""

    def context(self, page, request, *args, **kwargs):
        """The template context for a signed-in learner (subclasses add to it)."""
        return page.get_context(request, *args, **kwargs)

    def serve(self, page, request, *args, **kwargs):
        return TemplateResponse(
            request, page.get_template(request), self.context(page, request, *args, **kwargs)
        )

    def preview(self, page, request, mode_name):
        context = page.get_context(request)
        context["is_preview"] = True
        return TemplateResponse(request, page.get_template(request), context)


def render_locked(request, page, module, access):
    """403: the learner may not open this module; the page says why and what to do."""
    context = {"page": page, "module": module, "access": access}
    return TemplateResponse(request, "modules/locked.html", context, status=403)
