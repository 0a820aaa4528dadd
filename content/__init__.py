"""
The default training content, and nothing else.

``content`` owns the plain data files under ``demo/data/`` (the two default modules, their
lessons, the referral pathways, the indicator library, scenarios and quizzes) and the loader in
:mod:`content.demo` with its ``load_training_content`` command, which builds pathways and
indicators, then scenarios, then pages, then quizzes. It is the top layer: it may import every
app, and nothing imports it (import-linter checks both). Its migrations are history: the models
they made now live in ``pathways``, on the same tables.
"""
