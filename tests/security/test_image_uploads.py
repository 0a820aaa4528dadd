"""
Hostile image uploads in the Wagtail admin: a file that is not an image, an enormous one (bytes
or pixels), and an SVG carrying script. Each is refused with a message and nothing is stored.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection

pytestmark = pytest.mark.django_db

ADD = "/admin/images/add/"


def png_bytes(size=(4, 4), mode="RGB"):
    buffer = io.BytesIO()
    PILImage.new(mode, size).save(buffer, format="PNG")
    return buffer.getvalue()


def upload(client, name, content, content_type="image/png"):
    return client.post(
        ADD,
        {
            "title": "Hostile upload",
            "file": SimpleUploadedFile(name, content, content_type=content_type),
            "collection": Collection.get_first_root_node().pk,
            "tags": "",
        },
    )


def assert_refused(response, message):
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get("file", []))
    assert message in errors, errors
    assert not get_image_model().objects.exists()


def test_a_real_small_image_is_accepted(client_for, trainer, catalogue):
    response = upload(client_for(trainer), "photo.png", png_bytes())
    assert response.status_code == 302
    assert get_image_model().objects.count() == 1


def test_a_file_that_is_not_an_image_is_refused(client_for, trainer, catalogue):
    response = upload(client_for(trainer), "photo.png", b"MZ\x90\x00 not really a picture" * 10)
    assert_refused(response, "Upload a valid image")


def test_an_svg_carrying_script_is_refused(client_for, trainer, catalogue):
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
    )
    response = upload(client_for(trainer), "diagram.svg", svg, "image/svg+xml")
    assert_refused(response, "Not a supported image format")


def test_svg_renamed_as_png_is_refused(client_for, trainer, catalogue):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    response = upload(client_for(trainer), "diagram.png", svg)
    assert_refused(response, "Not a valid .png image")


def test_an_image_with_too_many_pixels_is_refused(client_for, trainer, catalogue, settings):
    # 8000 x 6000 = 48 megapixels: a few kilobytes on disk, ~150 MB once decoded.
    bomb = png_bytes(size=(8000, 6000), mode="1")
    assert len(bomb) < settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    response = upload(client_for(trainer), "bomb.png", bomb)
    assert_refused(response, "too many pixels")


def test_a_file_over_the_size_limit_is_refused(client_for, trainer, catalogue, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1024
    noise = io.BytesIO()
    PILImage.effect_noise((64, 64), 100).convert("RGB").save(noise, format="PNG")
    assert len(noise.getvalue()) > 1024
    response = upload(client_for(trainer), "big.png", noise.getvalue())
    assert_refused(response, "This file is too big")


def test_svg_stays_off_the_allowed_extensions(settings):
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS


def test_learners_cannot_upload_images(client_for, volunteer, catalogue):
    response = upload(client_for(volunteer), "photo.png", png_bytes())
    assert response.status_code in (302, 403)
    assert not get_image_model().objects.exists()
