"""Project glue: settings, URLs, WSGI, base templates, static files, and small shared helpers."""
