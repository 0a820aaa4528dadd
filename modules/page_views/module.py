"""A module's own page: what it is, who it is for, and the learner's way through its lessons."""

from modules.models import TrainingModulePage, prefetch_access
from modules.models.serving import serves
from modules.overview import module_overview
from modules.page_views.base import PageView, render_locked


@serves(TrainingModulePage)
class ModuleView(PageView):
    def serve(self, page, request, *args, **kwargs):
        overview = module_overview(request.user, prefetch_access(page))
        if not overview.access.allowed:
            return render_locked(request, page, page, overview.access)
        response = super().serve(page, request, *args, **kwargs)
        response.context_data["overview"] = overview
        return response
