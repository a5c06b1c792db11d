"""Object storage port; the only module that imports the minio SDK."""

from __future__ import annotations

from functools import lru_cache

from minio import Minio

from alur.core.settings import S3Settings, get_settings


def make_client(s: S3Settings) -> Minio:
    return Minio(
        s.endpoint,
        access_key=s.access_key,
        secret_key=s.secret_key,
        secure=s.secure,
        region=s.region,
    )


@lru_cache(maxsize=1)
def get_storage() -> Minio:
    return make_client(get_settings().s3)


def ensure_bucket(client: Minio, bucket: str) -> None:
    """Buckets are created at start-up if missing (idempotent across replicas)."""
    if not client.bucket_exists(bucket):
        try:
            client.make_bucket(bucket)
        except Exception:
            if not client.bucket_exists(bucket):
                raise
