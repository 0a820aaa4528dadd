"""
The module package file: one zip that carries a training module from one site to another.

::

    manifest.json        what the package holds (see below), UTF-8 JSON
    images/<n>.<ext>     the original file of every image the module shows

``manifest.json`` is a dict::

    format, version      "protect-module-package", 1
    source               the exporting site's base URL (for the reader; never used to link back)
    module               the module page's own fields, audience group names, prerequisite slugs
    pages                its lessons and quiz in order, each with its fields and StreamFields
    questions            every question the module asks or shows (quiz list, random-draw
                         categories, practice scenarios), with their options, pairs and items
    indicators           the indicator library entries the module refers to (key, sign, ...)
    pathway_steps        the referral pathway steps its scenarios name ("pathway:step")
    pathways             the referral pathways its lessons embed
    images               title and file of each image

Each page and question entry also has ``translations``: per language, the strings
wagtail-localize holds (see :mod:`packages.translations`); a page's also has its own fields.

Database ids never leave the site: references inside StreamFields become
``{"package_ref": "<kind>", "ref": "<stable key>"}`` and are resolved against the receiving
site's own content when the package is imported (:mod:`packages.importing`).

Reading a package is careful because it comes from another organisation: the file must be a
zip no larger than ``MODULE_PACKAGE_MAX_BYTES``, whose members have plain relative names (no
``..``, no absolute path, no backslash), whose uncompressed size stays within ten times that
limit, with a manifest of a version this code understands and images Pillow can open. Any
failure raises :class:`PackageError` with a message for the trainer, before anything is written.
"""

import io
import json
import posixpath
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _

FORMAT_NAME = "protect-module-package"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
IMAGES_DIR = "images/"
IMAGE_EXTENSIONS = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp"})
DEFAULT_MAX_BYTES = 50 * 1024 * 1024


class PackageError(ValueError):
    """The file is not a module package this site can import; the message says why."""


def max_package_bytes():
    return getattr(settings, "MODULE_PACKAGE_MAX_BYTES", DEFAULT_MAX_BYTES)


@dataclass
class ModulePackage:
    """A package read into memory: its manifest and its image files by name."""

    manifest: dict
    images: dict = field(default_factory=dict)

    @property
    def module(self):
        return self.manifest["module"]


def write_package(manifest, images):
    """The bytes of a package file holding ``manifest`` and ``images`` ({name: bytes})."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            MANIFEST_NAME, json.dumps(manifest, indent=1, ensure_ascii=False, cls=DjangoJSONEncoder)
        )
        for name, data in sorted(images.items()):
            archive.writestr(name, data)
    return buffer.getvalue()


def read_package(file):
    """Read and check the package in ``file`` (a path, bytes or a binary file object)."""
    data = _read_bytes(file)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise PackageError(_("This file is not a module package: it is not a zip file."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise PackageError(_("This zip file is damaged: %(error)s") % {"error": error}) from None
    with archive:
        members = archive.infolist()
        _check_member_names(members)
        if sum(member.file_size for member in members) > 10 * max_package_bytes():
            raise PackageError(_("This package unpacks to more than this site accepts."))
        names = {member.filename for member in members}
        if MANIFEST_NAME not in names:
            raise PackageError(_("This zip file has no manifest.json: it is not a module package."))
        manifest = _read_manifest(archive.read(MANIFEST_NAME))
        images = {}
        for entry in manifest.get("images", []):
            name = entry.get("file", "")
            if name not in names:
                raise PackageError(
                    _("The manifest names the image “%(name)s”, which the package lacks.")
                    % {"name": name}
                )
            images[name] = archive.read(name)
            _check_image(name, images[name])
    return ModulePackage(manifest=manifest, images=images)


def _read_bytes(file):
    limit = max_package_bytes()
    if isinstance(file, bytes):
        data = file
    elif hasattr(file, "read"):
        data = file.read(limit + 1)
    else:
        with open(file, "rb") as handle:
            data = handle.read(limit + 1)
    if len(data) > limit:
        raise PackageError(
            _("This package is larger than the %(megabytes)s MB this site accepts.")
            % {"megabytes": limit // (1024 * 1024)}
        )
    return data


def _check_member_names(members):
    for member in members:
        name = member.filename
        normal = posixpath.normpath(name)
        if (
            "\\" in name
            or name.startswith("/")
            or (len(name) > 1 and name[1] == ":")
            or normal != name.rstrip("/")
            or normal.startswith("..")
        ):
            raise PackageError(
                _("The package holds a file with an unsafe name (“%(name)s”): refused.")
                % {"name": name}
            )
        if member.is_dir():
            continue
        if name != MANIFEST_NAME and not (
            name.startswith(IMAGES_DIR)
            and "/" not in name[len(IMAGES_DIR) :]
            and posixpath.splitext(name)[1].lower() in IMAGE_EXTENSIONS
        ):
            raise PackageError(
                _("The package holds a file a module package does not have: “%(name)s”.")
                % {"name": name}
            )


def _read_manifest(raw):
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise PackageError(
            _("The package's manifest.json is not valid JSON: %(error)s") % {"error": error}
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise PackageError(_("This zip file is not a module package (unknown format)."))
    if manifest.get("version") != FORMAT_VERSION:
        raise PackageError(
            _("This package is version %(found)s; this site reads version %(expected)s.")
            % {"found": manifest.get("version"), "expected": FORMAT_VERSION}
        )
    for name, kind in (("module", dict), ("pages", list), ("questions", list)):
        if not isinstance(manifest.get(name), kind):
            raise PackageError(
                _("The package's manifest lacks its “%(name)s” section.") % {"name": name}
            )
    for name in ("indicators", "pathway_steps", "pathways", "images"):
        if not isinstance(manifest.setdefault(name, []), list):
            raise PackageError(
                _("The package's manifest has a damaged “%(name)s” section.") % {"name": name}
            )
    return manifest


def _check_image(name, data):
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise PackageError(
            _("The image “%(name)s” in the package cannot be read.") % {"name": name}
        ) from None
