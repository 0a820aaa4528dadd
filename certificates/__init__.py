"""
Certificates: proof that a learner completed a module in one cycle.

A certificate is issued when ``modules`` announces ``module_completed``; it freezes what it
certifies (name, module title, dates, score, referral pathway version), carries an unguessable
code for public verification, renders to a one-page PDF, expires into a refresher, and is revoked
but never deleted.
"""
