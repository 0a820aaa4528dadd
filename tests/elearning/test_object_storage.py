"""
Uploads in an S3-compatible bucket (elearning/settings/storage.py), against a real server.

moto's standalone server (tests/object_store.py) answers over HTTP as AWS would, ACLs and
signatures included. A trainer uploads through the Wagtail admin; the object is read back from
the bucket with boto3; learners get images by signed addresses and documents only through the
app's permission check; an unsigned request to the bucket is refused.
"""

import io
import json
import re
import urllib.error
import urllib.request
from html import unescape

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Site

from certificates.models import CertificateSettings
from certificates.pdf import look_for_site
from modules.models import LessonPage
from tests.certificates.helpers import complete_module

pytestmark = pytest.mark.django_db


def png_bytes(size=(120, 80), colour=(200, 30, 30)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def fetch(url):
    """GET ``url`` as a browser would (no credentials); ``(status, body)``."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (local moto)
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def image_source(html, *, alt):
    """The ``src`` of the page's ``<img>`` with alternative text ``alt``."""
    for tag in re.findall(r"<img\b[^>]*>", html):
        if f'alt="{alt}"' in tag:
            return unescape(re.search(r'src="([^"]+)"', tag).group(1))
    raise AssertionError(f"no image with alt={alt!r} on the page")


def unsigned(url):
    return url.split("?", 1)[0]


def upload_image(client, content, title="Signs at a car wash"):
    response = client.post(
        "/admin/images/add/",
        {
            "title": title,
            "file": SimpleUploadedFile("car-wash.png", content, content_type="image/png"),
            "collection": Collection.get_first_root_node().pk,
            "tags": "",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    return get_image_model().objects.get(title=title)


def upload_document(client, content, title="Referral form"):
    response = client.post(
        "/admin/documents/add/",
        {
            "title": title,
            "file": SimpleUploadedFile("referral-form.pdf", content, "application/pdf"),
            "collection": Collection.get_first_root_node().pk,
            "tags": "",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    return get_document_model().objects.get(title=title)


def add_to_first_lesson(module, block):
    lesson = LessonPage.objects.child_of(module).first()
    body = list(lesson.body.raw_data)
    body.append(block)
    lesson.body = json.dumps(body)
    lesson.save_revision().publish()
    return lesson


def test_an_uploaded_image_is_in_the_bucket_and_a_learner_sees_it(
    media_bucket, object_store, client_for, trainer, volunteer, general_module
):
    content = png_bytes()
    image = upload_image(client_for(trainer), content)
    assert object_store.read(media_bucket, image.file.name) == content

    lesson = add_to_first_lesson(
        general_module,
        {"type": "image", "value": {"image": image.pk, "alt_text": "A car wash", "caption": ""}},
    )
    response = client_for(volunteer).get(lesson.url)
    assert response.status_code == 200
    source = image_source(response.content.decode(), alt="A car wash")
    assert source.startswith(f"{object_store.endpoint}/{media_bucket}/images/")

    # The rendition is an object of its own in the bucket, and the page links it signed.
    renditions = object_store.keys(media_bucket, "images/")
    assert len(renditions) == 1 and renditions[0] in source
    status, body = fetch(source)
    assert status == 200
    with PILImage.open(io.BytesIO(body)) as picture:
        assert picture.size == (120, 80)
    # Without the signature the bucket refuses, and the page allows the bucket's images.
    assert fetch(unsigned(source))[0] == 403
    assert object_store.endpoint in response.headers["Content-Security-Policy"]


def test_a_private_document_is_served_only_through_the_permission_check(
    media_bucket, object_store, client, client_for, trainer, volunteer, caseworker_module
):
    content = b"%PDF-1.4 referral form for caseworkers"
    document = upload_document(client_for(trainer), content)
    assert object_store.keys(media_bucket, "documents/") == [document.file.name]
    assert object_store.read(media_bucket, document.file.name) == content
    add_to_first_lesson(
        caseworker_module,
        {
            "type": "text",
            "value": f'<p><a linktype="document" id="{document.pk}">Referral form</a></p>',
        },
    )

    # Nobody without a signature reads the object from the bucket.
    bucket_url = f"{object_store.endpoint}/{media_bucket}/{document.file.name}"
    assert fetch(bucket_url)[0] == 403
    # A visitor is sent to sign in; a volunteer (not a caseworker) gets 404.
    anonymous = client.get(document.url)
    assert anonymous.status_code == 302
    assert anonymous.url.startswith("/accounts/login/")
    assert client_for(volunteer).get(document.url).status_code == 404
    # A trainer gets it streamed through the app from the bucket, not redirected to the bucket.
    response = client_for(trainer).get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content


def test_certificate_logo_and_signature_come_from_the_bucket(
    media_bucket,
    object_store,
    client_for,
    trainer,
    volunteer,
    general_module,
    django_capture_on_commit_callbacks,
):
    logo_bytes = png_bytes((300, 90), (20, 60, 160))
    signature_bytes = png_bytes((220, 80), (10, 10, 10))
    logo = upload_image(client_for(trainer), logo_bytes, title="Logo")
    signature = upload_image(client_for(trainer), signature_bytes, title="Signature")
    site = Site.objects.get(is_default_site=True)
    certificate_settings = CertificateSettings.for_site(site)
    certificate_settings.logo = logo
    certificate_settings.signature = signature
    certificate_settings.save()
    assert object_store.read(media_bucket, logo.file.name) == logo_bytes

    look = look_for_site(site)
    assert look.logo == logo_bytes
    assert look.signature == signature_bytes

    with django_capture_on_commit_callbacks(execute=True):
        certificate = complete_module(volunteer, general_module)
    response = client_for(volunteer).get(f"/certificates/{certificate.code}/pdf/")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    page = pypdf.PdfReader(io.BytesIO(body)).pages[0]
    sizes = {(image.image.width, image.image.height) for image in page.images}
    assert {(300, 90), (220, 80)} <= sizes, sizes


def test_a_logo_missing_from_the_bucket_does_not_stop_certificates(
    media_bucket, object_store, client_for, trainer
):
    logo = upload_image(client_for(trainer), png_bytes(), title="Logo")
    site = Site.objects.get(is_default_site=True)
    certificate_settings = CertificateSettings.for_site(site)
    certificate_settings.logo = logo
    certificate_settings.save()
    object_store.client.delete_object(Bucket=media_bucket, Key=logo.file.name)
    assert look_for_site(site).logo is None
