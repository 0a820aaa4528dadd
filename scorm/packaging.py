"""
Builds the SCORM package of a dispatch: a zip an LMS imports.

It holds ``imsmanifest.xml`` (one SCO, ``index.html``), the XSD files the manifest's
``xsi:schemaLocation`` names (ADL's and IMS's schemas from ``scorm/schemas/``, see the licence
notes there), the launcher page and its script (:file:`scorm/package_files/`). No content, no
answers, nothing from other sites: the page only knows the platform's address and the
dispatch's package key (:func:`scorm.tokens.make_package_key`).
"""

import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from scorm.tokens import make_package_key

__all__ = ["SCHEMA_FOLDERS", "VERSIONS", "build_package", "manifest"]

HERE = Path(__file__).resolve().parent
PACKAGE_FILES = HERE / "package_files"
SCHEMA_FOLDERS = {"1.2": HERE / "schemas" / "scorm12", "2004": HERE / "schemas" / "scorm2004"}
VERSIONS = tuple(SCHEMA_FOLDERS)
LAUNCHER_FILES = ("index.html", "launcher.js")

MANIFEST_12 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier={identifier} version="1.0"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd
    http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd
    http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="organisation">
    <organization identifier="organisation">
      <title>{title}</title>
      <item identifier="module" identifierref="launcher" isvisible="true">
        <title>{title}</title>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="launcher" type="webcontent" adlcp:scormtype="sco" href="index.html">
{files}
    </resource>
  </resources>
</manifest>
"""

MANIFEST_2004 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier={identifier} version="1"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
  xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd
    http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd
    http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd
    http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd
    http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>2004 4th Edition</schemaversion>
  </metadata>
  <organizations default="organisation">
    <organization identifier="organisation">
      <title>{title}</title>
      <item identifier="module" identifierref="launcher" isvisible="true">
        <title>{title}</title>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="launcher" type="webcontent" adlcp:scormType="sco" href="index.html">
{files}
    </resource>
  </resources>
</manifest>
"""


def manifest(dispatch, version):
    """The ``imsmanifest.xml`` text of ``dispatch``'s package for SCORM ``version``."""
    template = MANIFEST_2004 if version == "2004" else MANIFEST_12
    files = "\n".join(f"      <file href={quoteattr(name)}/>" for name in LAUNCHER_FILES)
    return template.format(
        identifier=quoteattr(f"protect-dispatch-{dispatch.uuid}"),
        title=escape(dispatch.module.title),
        files=files,
    )


def launcher_page(dispatch, version, platform_url):
    text = (PACKAGE_FILES / "index.html").read_text()
    values = {
        "title": escape(dispatch.module.title),
        "version": escape(version),
        "platform": escape(platform_url.rstrip("/") + "/", {'"': "&quot;"}),
        "package_key": escape(make_package_key(dispatch), {'"': "&quot;"}),
    }
    for name, value in values.items():
        text = text.replace("{{ " + name + " }}", value)
    return text


def build_package(dispatch, version, *, platform_url):
    """The zip (bytes) of ``dispatch``'s SCORM ``version`` ("1.2" or "2004") package."""
    if version not in SCHEMA_FOLDERS:
        raise ValueError(f"unknown SCORM version {version!r}")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", manifest(dispatch, version))
        archive.writestr("index.html", launcher_page(dispatch, version, platform_url))
        archive.write(PACKAGE_FILES / "launcher.js", "launcher.js")
        for schema in sorted(SCHEMA_FOLDERS[version].iterdir()):
            archive.write(schema, schema.name)
    return buffer.getvalue()
