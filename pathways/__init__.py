"""
The referral pathway: what a learner does when they are worried, and the signs that worry them.

``pathways`` owns the referral pathways with their ordered steps, the versions learners saw and
what changed between them (``PathwayChange``), the indicator library and its vocabulary (the
seven sign categories and the forms of exploitation, :mod:`pathways.indicators`), the
scenario-to-step references (``"<pathway key>:<step key>"``, asked of the apps above through the
hook in :mod:`pathways.hooks`), the quick reference at ``/referral-pathway/``, and whom learners
turn to: the site's training settings (who the anti-trafficking lead is) and the help contacts
shown on every page. It sits just above ``elearning`` and imports only ``elearning``, Django and
Wagtail. Its tables keep the ``content_`` names they were created with.
"""
