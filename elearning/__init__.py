"""
Project glue, the bottom layer: settings (base, dev, test, production), URLs, WSGI, base templates
and static files, and the cross-cutting helpers every app may use: permissions, sanitising learner
text, security headers, sign-in and its throttle, two-factor sign-in, sessions, and the learner
page cache with its freshness stamps and content memo. It imports no other app of the project
(its URLs include the apps' URL modules by name).
"""
