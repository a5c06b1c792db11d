#!/bin/sh
# One-shot for docker compose (service `minio-init`, image minio/mc): creates the bucket and a
# non-root MinIO user for the application, limited to that bucket. Idempotent.
# The root credentials stay with this job and the minio container; the app only gets
# S3_ACCESS_KEY / S3_SECRET_KEY. (The app also creates the bucket at start-up if missing.)
set -eu

: "${MINIO_ROOT_USER:?MINIO_ROOT_USER must be set}"
: "${MINIO_ROOT_PASSWORD:?MINIO_ROOT_PASSWORD must be set}"
: "${S3_ACCESS_KEY:?S3_ACCESS_KEY must be set}"
: "${S3_SECRET_KEY:?S3_SECRET_KEY must be set}"
: "${S3_BUCKET:?S3_BUCKET must be set}"

MC="mc --config-dir /tmp/.mc"

$MC alias set alur http://minio:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null
$MC mb --ignore-existing "alur/$S3_BUCKET"
$MC anonymous set none "alur/$S3_BUCKET"

cat >/tmp/alur-app-policy.json <<JSON
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:*"],
      "Resource": ["arn:aws:s3:::${S3_BUCKET}", "arn:aws:s3:::${S3_BUCKET}/*"]
    }
  ]
}
JSON
$MC admin policy create alur alur-app /tmp/alur-app-policy.json
$MC admin user add alur "$S3_ACCESS_KEY" "$S3_SECRET_KEY"
# Attaching twice is an error in mc ("... already in effect"): fine on a re-run.
if ! out=$($MC admin policy attach alur alur-app --user "$S3_ACCESS_KEY" 2>&1); then
    case "$out" in
        *already*) ;;
        *) echo "$out" >&2; exit 1 ;;
    esac
fi

echo "minio-init: bucket $S3_BUCKET and user $S3_ACCESS_KEY ready"
