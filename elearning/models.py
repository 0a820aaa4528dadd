"""
Freshness stamps: a token that changes whenever what it stands for is written.

One row per scope: ``content`` (everything shared: pages, snippets, settings, groups) and
``learner:<user id>`` (one learner's own records). :mod:`elearning.freshness` replaces a token
in the same transaction as the write it stands for; :mod:`elearning.page_cache` reads the tokens
at the start of a request and keys its copies of learner pages by them, so a copy is never
served after anything it shows has changed. The table is tiny and written with one statement.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FreshnessStamp(models.Model):
    name = models.CharField(_("scope"), max_length=64, primary_key=True)
    token = models.CharField(_("token"), max_length=32)

    class Meta:
        verbose_name = _("freshness stamp")
        verbose_name_plural = _("freshness stamps")

    def __str__(self):
        return f"{self.name}: {self.token}"
