"""The training catalogue at the site root: every live module with this learner's status."""

from modules.models import TrainingCatalogPage
from modules.models.serving import serves
from modules.overview import module_overviews
from modules.page_views.base import PageView


@serves(TrainingCatalogPage)
class CatalogueView(PageView):
    def context(self, page, request, *args, **kwargs):
        context = super().context(page, request, *args, **kwargs)
        context["overviews"] = module_overviews(request.user, page.modules())
        return context

    def preview(self, page, request, mode_name):
        # The catalogue's content is its modules: a trainer sees them as they stand themselves.
        # (Wagtail may build the preview's request without the signed-in user: then none.)
        response = super().preview(page, request, mode_name)
        user = request.user
        response.context_data["overviews"] = (
            module_overviews(user, page.modules()) if user.is_authenticated else []
        )
        return response
