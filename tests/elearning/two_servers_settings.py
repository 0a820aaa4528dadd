"""
Production settings for the two app servers of tests/elearning/test_two_app_servers.py.

Everything is ``elearning.settings.production`` read from the environment the test sets, except:

* static files are served from the app folders by whitenoise, as in dev and test, because the
  manifest storage needs ``collectstatic`` first (minutes on a shared machine, and nothing this
  test is about);
* a certificate may be looked up 3 times per 10 minutes per client instead of 20, so that the
  test reaches the shared limit in a few requests;
* passwords hashed by the test process (MD5, see ``PASSWORD_HASHERS`` below) are accepted.
"""

from elearning.settings.production import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
CERTIFICATE_VERIFY_RATE_LIMIT = (3, 600)
# The test process stores passwords with the test settings' fast MD5 hasher; the servers accept
# it (and upgrade it on sign-in) so that the learner made by the test can sign in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.MD5PasswordHasher",
]
