"""Every object of a bucket as an S3 client sees it, for tests/it/deploy.rs:
one JSON list of {key, size, md5 (of the bytes read back), content_type,
cache_control, redirect (x-amz-website-redirect-location)}.

Usage: python s3_objects.py ENDPOINT BUCKET  (credentials from AWS_* in the
environment)."""

import hashlib
import json
import sys

import boto3


def main():
    endpoint, bucket = sys.argv[1], sys.argv[2]
    s3 = boto3.client("s3", endpoint_url=endpoint)
    objects = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", []):
            key = item["Key"]
            got = s3.get_object(Bucket=bucket, Key=key)
            body = got["Body"].read()
            objects.append(
                {
                    "key": key,
                    "size": len(body),
                    "md5": hashlib.md5(body).hexdigest(),
                    "content_type": got.get("ContentType"),
                    "cache_control": got.get("CacheControl"),
                    "redirect": got.get("WebsiteRedirectLocation"),
                }
            )
    json.dump(objects, sys.stdout, ensure_ascii=False)


main()
