"""Form-data helpers for admin tests that Wagtail's own helpers do not cover."""


def listblock(values):
    """Form data for a ListBlock (``wagtail.test.utils.form_data`` covers StreamField only)."""
    data = {str(i): {"value": v, "deleted": "", "order": str(i)} for i, v in enumerate(values)}
    data["count"] = str(len(values))
    return data
