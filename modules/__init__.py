"""
Training modules: the Wagtail pages learners read, and their progress through them.

The catalogue lists modules; a module holds lessons (and, with the quiz engine, a quiz). Who may
open a module is decided in :mod:`modules.access`, where a learner stands in
:mod:`modules.overview`, and every write of progress happens in :mod:`modules.services`, which
decides when a module is complete and announces it with :data:`modules.signals.module_completed`.
The page models hold content and tree rules; what a learner sees on each page is served by the
views in :mod:`modules.page_views`, which register themselves with the models
(:mod:`modules.models.serving`) so that the models never import them.
"""
