"""The SCORM packages a dispatch exports: what is in the zip, and manifests that pass the schema."""

import io
import zipfile
from pathlib import Path

import pytest
import xmlschema

from scorm.packaging import SCHEMA_FOLDERS, build_package, manifest
from scorm.services import create_dispatch
from scorm.tokens import read_package_key

PLATFORM = "https://training.example.org/"


@pytest.fixture
def dispatch(general_module, trainer):
    return create_dispatch(module=general_module, lms_name="Partner LMS", created_by=trainer)


def open_zip(data):
    return zipfile.ZipFile(io.BytesIO(data))


#: W3C's schema of the xml: namespace, as bundled with xmlschema.
W3C_XML_XSD = Path(xmlschema.__file__).parent / "schemas" / "XML" / "xml.xsd"


def xml_namespace_from_w3c(url):
    """SCORM 1.2's ``ims_xml.xsd`` binds the default prefix to the xml: namespace, which a
    namespace-aware parser (ElementTree, so xmlschema) refuses; it declares xml:lang and
    xml:base, as W3C's schema does, so that one is read in its place."""
    return W3C_XML_XSD.as_uri() if url.endswith("ims_xml.xsd") else url


def schema_for(version, folder):
    if version == "1.2":
        return xmlschema.XMLSchema10(
            [folder / "imscp_rootv1p1p2.xsd", folder / "adlcp_rootv1p2.xsd"],
            uri_mapper=xml_namespace_from_w3c,
        )
    return xmlschema.XMLSchema10(
        [
            folder / "imscp_v1p1.xsd",
            folder / "adlcp_v1p3.xsd",
            folder / "adlseq_v1p3.xsd",
            folder / "adlnav_v1p3.xsd",
            folder / "imsss_v1p0.xsd",
        ]
    )


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_manifest_in_the_zip_passes_the_schema_files_shipped_with_it(dispatch, version, tmp_path):
    archive = open_zip(build_package(dispatch, version, platform_url=PLATFORM))
    archive.extractall(tmp_path)
    schema = schema_for(version, tmp_path)
    schema.validate(tmp_path / "imsmanifest.xml")  # raises on any error


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_a_manifest_that_breaks_the_schema_is_refused(dispatch, version):
    schema = schema_for(version, SCHEMA_FOLDERS[version])
    broken = manifest(dispatch, version).replace("<organizations ", "<organisations ", 1)
    broken = broken.replace("</organizations>", "</organisations>")
    assert not schema.is_valid(broken)
    assert schema.is_valid(manifest(dispatch, version))


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_zip_holds_launcher_and_schemas_but_no_content_or_secret(dispatch, version):
    archive = open_zip(build_package(dispatch, version, platform_url=PLATFORM))
    names = set(archive.namelist())
    assert {"imsmanifest.xml", "index.html", "launcher.js"} <= names
    assert {p.name for p in SCHEMA_FOLDERS[version].iterdir()} <= names
    everything = b"".join(archive.read(name) for name in names)
    assert dispatch.secret.encode() not in everything
    lesson_titles = [lesson.title for lesson in dispatch.module.specific.lessons()]
    page = archive.read("index.html").decode()
    assert all(title not in page for title in lesson_titles)
    assert f'data-platform="{PLATFORM}"' in page
    assert f'data-version="{version}"' in page
    # No script or style from any other site.
    assert "http" not in page.replace(PLATFORM, "")
    assert "http" not in archive.read("launcher.js").decode()


def test_package_key_names_the_dispatch(dispatch):
    page = open_zip(build_package(dispatch, "1.2", platform_url=PLATFORM)).read("index.html")
    key = page.decode().split('data-package="')[1].split('"')[0]
    assert read_package_key(key) == dispatch


def test_trainer_downloads_both_packages_from_the_admin(dispatch, trainer, client_for):
    client = client_for(trainer)
    listing = client.get("/admin/snippets/scorm/dispatch/")
    assert listing.status_code == 200
    for version in ("1.2", "2004"):
        url = f"/admin/scorm/{dispatch.pk}/package/{version}/"
        assert url.encode() in listing.content
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/zip"
        assert "imsmanifest.xml" in open_zip(response.content).namelist()


def test_learner_cannot_download_a_package(dispatch, volunteer, client_for):
    response = client_for(volunteer).get(f"/admin/scorm/{dispatch.pk}/package/1.2/")
    assert response.status_code in (302, 403)


def test_trainer_creates_a_dispatch_in_the_admin(general_module, trainer, client_for):
    from scorm.models import Dispatch

    response = client_for(trainer).post(
        "/admin/snippets/scorm/dispatch/add/",
        {"module": general_module.pk, "lms_name": "County council LMS", "active": "on"},
    )
    assert response.status_code == 302, response.content[:2000]
    dispatch = Dispatch.objects.get()
    assert dispatch.created_by == trainer
    assert dispatch.lms_name == "County council LMS"
    assert len(dispatch.secret) >= 40
