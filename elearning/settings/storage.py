"""
Where uploaded files live: local disk, or an S3-compatible bucket when one is configured.

Uploads are trainers' images and their renditions, lesson documents (private), and the
certificate logo and signature. One server can keep them on its disk (``MEDIA_ROOT``); several
app servers behind a load balancer cannot, because a file written by one would be missing on
the others. With ``AWS_STORAGE_BUCKET_NAME`` set, production keeps every upload in that bucket
through django-storages (:func:`media_storage`):

* Every object is written ``private``: nothing in the bucket can be read without a signature.
* Images and renditions reach the browser as signed URLs that expire after
  ``AWS_QUERYSTRING_EXPIRE`` seconds. The default outlives a learner page kept in the page cache
  (``LEARNER_PAGE_CACHE_SECONDS``) by an hour, so a page served from the cache never shows an
  image whose address has already expired.
* Documents are never linked directly: Wagtail's serve view (``WAGTAILDOCS_SERVE_METHOD =
  "serve_view"``) asks :mod:`modules.documents` first and then streams the object through the
  app, so the bucket's address of a document never leaves the server.
* The bucket's origin joins the Content-Security-Policy's ``img-src`` (``CSP_MEDIA_ORIGINS``,
  :mod:`elearning.security`), or learner pages would refuse their own images.

Read from the environment: ``AWS_STORAGE_BUCKET_NAME`` (turns it on), ``AWS_S3_ENDPOINT_URL``
(any S3-compatible service; AWS itself without it), ``AWS_ACCESS_KEY_ID``,
``AWS_SECRET_ACCESS_KEY``, ``AWS_S3_REGION_NAME``, ``AWS_S3_ADDRESSING_STYLE`` (``path`` or
``virtual``), ``AWS_LOCATION`` (a folder inside the bucket) and ``AWS_QUERYSTRING_EXPIRE``.
A CDN in front of the bucket (``AWS_S3_CUSTOM_DOMAIN``) is not offered: django-storages signs
such addresses only for CloudFront, and unsigned addresses of private objects would not load.
"""

from urllib.parse import urlsplit

FILE_SYSTEM_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
S3_STORAGE_BACKEND = "storages.backends.s3.S3Storage"


def _origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def bucket_origin(environ):
    """The origin images are fetched from: the endpoint's, or AWS's own for the bucket."""
    bucket = environ["AWS_STORAGE_BUCKET_NAME"]
    if environ.get("AWS_S3_ENDPOINT_URL"):
        return _origin(environ["AWS_S3_ENDPOINT_URL"])
    region = environ.get("AWS_S3_REGION_NAME")
    host = f"{bucket}.s3.{region}.amazonaws.com" if region else f"{bucket}.s3.amazonaws.com"
    return f"https://{host}"


def media_storage(environ, *, page_cache_seconds):
    """``(storage, media_origins)`` for ``STORAGES["default"]`` and ``CSP_MEDIA_ORIGINS``.

    Local disk and no extra origin when ``AWS_STORAGE_BUCKET_NAME`` is not set. Otherwise the
    S3 storage described in the module docstring.
    """
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not bucket:
        return FILE_SYSTEM_STORAGE, []
    options = {
        "bucket_name": bucket,
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": int(
            environ.get("AWS_QUERYSTRING_EXPIRE", str(page_cache_seconds + 3600))
        ),
        # Two uploads called "form.pdf" are two objects, never one replacing the other.
        "file_overwrite": False,
        "signature_version": "s3v4",
    }
    optional = {
        "endpoint_url": "AWS_S3_ENDPOINT_URL",
        "access_key": "AWS_ACCESS_KEY_ID",
        "secret_key": "AWS_SECRET_ACCESS_KEY",
        "region_name": "AWS_S3_REGION_NAME",
        "addressing_style": "AWS_S3_ADDRESSING_STYLE",
        "location": "AWS_LOCATION",
    }
    for option, variable in optional.items():
        if environ.get(variable):
            options[option] = environ[variable]
    storage = {"BACKEND": S3_STORAGE_BACKEND, "OPTIONS": options}
    return storage, [bucket_origin(environ)]
