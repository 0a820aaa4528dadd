"""The report views of the Wagtail admin (registered in :mod:`reports.wagtail_hooks`)."""
