"""Production reads the bucket and the replica from the environment (storage.py, replica.py)."""

import json

import pytest

from elearning.settings.storage import media_storage
from tests.elearning.test_production_settings import PRODUCTION_ENV, manage

BUCKET_ENV = {
    "AWS_STORAGE_BUCKET_NAME": "protect-media",
    "AWS_S3_ENDPOINT_URL": "https://objects.example.org:9000",
    "AWS_ACCESS_KEY_ID": "key-id",
    "AWS_SECRET_ACCESS_KEY": "secret",
    "AWS_S3_REGION_NAME": "eu-west-2",
}

SHOW = (
    "import json; from django.conf import settings; from django.db import router;"
    "print(json.dumps({'storage': settings.STORAGES['default'],"
    " 'origins': list(settings.CSP_MEDIA_ORIGINS), 'databases': sorted(settings.DATABASES),"
    " 'replica_mirror': settings.DATABASES.get('replica', {}).get('TEST', {}).get('MIRROR'),"
    " 'routers': settings.DATABASE_ROUTERS}))"
)


def test_without_a_bucket_uploads_stay_on_disk():
    storage, origins = media_storage({}, page_cache_seconds=3600)
    assert storage["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert origins == []


def test_with_a_bucket_objects_are_private_and_addresses_signed():
    storage, origins = media_storage(BUCKET_ENV, page_cache_seconds=3600)
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["default_acl"] == "private"
    assert options["querystring_auth"] is True
    assert options["querystring_expire"] == 7200  # outlives a cached page by an hour
    assert options["file_overwrite"] is False
    assert options["endpoint_url"] == "https://objects.example.org:9000"
    assert origins == ["https://objects.example.org:9000"]


def test_on_aws_the_origin_is_the_buckets_own():
    env = {"AWS_STORAGE_BUCKET_NAME": "protect-media", "AWS_S3_REGION_NAME": "eu-west-2"}
    assert media_storage(env, page_cache_seconds=60)[1] == [
        "https://protect-media.s3.eu-west-2.amazonaws.com"
    ]


@pytest.mark.slow_subprocess
def test_production_reads_the_bucket_and_the_replica_and_passes_check_deploy():
    env = {
        **PRODUCTION_ENV,
        **BUCKET_ENV,
        "DATABASE_REPLICA_URL": "postgres://reader@replica.example.org:5432/elearning",
    }
    shown = manage("shell", "-c", SHOW, env=env)
    assert shown.returncode == 0, shown.stderr
    values = json.loads(shown.stdout.strip().splitlines()[-1])
    assert values["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert values["storage"]["OPTIONS"]["bucket_name"] == "protect-media"
    assert values["origins"] == ["https://objects.example.org:9000"]
    assert values["databases"] == ["default", "replica"]
    assert values["replica_mirror"] == "default"
    assert values["routers"] == ["elearning.db_routers.ReplicaRouter"]

    checked = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert checked.returncode == 0, checked.stdout + checked.stderr
