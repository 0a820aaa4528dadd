"""
What a learner sees when they open a page of the training tree.

One module per page type: the catalogue (:mod:`.catalogue`), a module (:mod:`.module`), a lesson
(:mod:`.lesson`) and the quiz with its attempt routes (:mod:`.quiz`). Each view registers itself
for its page class (:mod:`modules.models.serving`); the page's ``serve`` has already sent an
anonymous visitor to sign in. Views read the learner's standing through
:mod:`modules.overview` and write through :mod:`modules.services`, and answer 403 with the reason
(``modules/locked.html``) when the learner may not open the module.

Importing this package registers every view (``ModulesConfig.ready`` does).
"""

from modules.page_views import catalogue, lesson, module, quiz

__all__ = ["catalogue", "lesson", "module", "quiz"]
