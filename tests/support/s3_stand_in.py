"""A local S3 for the tests: moto's server mode in a process of its own on a free port of
127.0.0.1, and a fresh bucket per test with the bucket policy docs/deployment.md asks for
(anyone may read the images; nobody anonymous reads anything else, e.g. documents).

    def test_something(s3_stand_in):
        s3_stand_in.endpoint_url  # "http://127.0.0.1:41234"
        s3_stand_in.bucket        # "media-3f2a..."
        s3_stand_in.env           # AWS_* variables for the production settings (a subprocess)
        s3_stand_in.storages      # (STORAGES, MEDIA_URL) for settings overridden in this process

The fixtures are registered for the whole suite in tests/conftest.py.
"""

import json
import subprocess
import sys
import uuid
from dataclasses import dataclass

import boto3
import pytest
import requests

from cms.media_storage import PUBLIC_MEDIA_PREFIXES, media_storages

REGION = "us-east-1"
# moto accepts any key; these are the ones its documentation uses.
ACCESS_KEY_ID = "testing"
SECRET_ACCESS_KEY = "testing"

# Run by `python -c` in the child: start moto's threaded server on a free port and say which.
SERVER = """
import logging, sys
from moto.server import ThreadedMotoServer
logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
print(server.get_host_and_port()[1], flush=True)
sys.stdin.read()  # until the test run closes our stdin
"""


def public_read_policy(bucket):
    """Anyone may GET the objects under the image prefixes, and nothing else."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "PublicImages",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": [
                    f"arn:aws:s3:::{bucket}/{prefix}*" for prefix in PUBLIC_MEDIA_PREFIXES
                ],
            }
        ],
    }


@dataclass(frozen=True)
class S3StandIn:
    endpoint_url: str
    bucket: str
    region: str = REGION

    @property
    def env(self):
        """The environment variables that point the production settings at this bucket."""
        return {
            "AWS_STORAGE_BUCKET_NAME": self.bucket,
            "AWS_S3_ENDPOINT_URL": self.endpoint_url,
            "AWS_S3_REGION_NAME": self.region,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY_ID,
            "AWS_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY,
        }

    @property
    def storages(self):
        """`(STORAGES, MEDIA_URL)`, as the settings make them from `env`; with the keys in the
        options, which django-storages otherwise reads from this process's environment."""
        storages, media_url = media_storages(self.env)
        credentials = {"access_key": ACCESS_KEY_ID, "secret_key": SECRET_ACCESS_KEY}
        storages["default"]["OPTIONS"].update(credentials)
        return storages, media_url

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=self.region,
            aws_access_key_id=ACCESS_KEY_ID,
            aws_secret_access_key=SECRET_ACCESS_KEY,
        )

    def object_keys(self):
        """Every object key in the bucket."""
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=self.bucket)
        return {item["Key"] for page in pages for item in page.get("Contents", [])}

    def anonymous_get(self, key):
        """GET an object as anyone on the internet would: no credentials, no signature."""
        return requests.get(f"{self.endpoint_url}/{self.bucket}/{key}", timeout=10)


@pytest.fixture(scope="session")
def s3_server():
    """The endpoint URL of a moto server running for the whole test run."""
    process = subprocess.Popen(
        [sys.executable, "-c", SERVER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        port = int(process.stdout.readline())
        yield f"http://127.0.0.1:{port}"
    finally:
        process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def s3_stand_in(s3_server):
    """A new bucket with the public-images policy; emptied and deleted after the test."""
    stand_in = S3StandIn(endpoint_url=s3_server, bucket=f"media-{uuid.uuid4().hex[:12]}")
    client = stand_in.client()
    client.create_bucket(Bucket=stand_in.bucket)
    policy = json.dumps(public_read_policy(stand_in.bucket))
    client.put_bucket_policy(Bucket=stand_in.bucket, Policy=policy)
    yield stand_in
    for key in stand_in.object_keys():
        client.delete_object(Bucket=stand_in.bucket, Key=key)
    client.delete_bucket(Bucket=stand_in.bucket)
