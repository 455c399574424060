"""Where uploaded media live: the `STORAGES` and `MEDIA_URL` settings, read from the environment.

With AWS_STORAGE_BUCKET_NAME set, original images, their renditions and documents are objects
in that S3 (or S3-compatible: MinIO, Ceph) bucket, through django-storages, so every app server
and the task worker read and write the same files. django-storages' standard variables configure
it: AWS_S3_ENDPOINT_URL (an S3-compatible server), AWS_S3_REGION_NAME, AWS_S3_CUSTOM_DOMAIN (a
CDN in front of the bucket), AWS_S3_URL_PROTOCOL, AWS_S3_ADDRESSING_STYLE, AWS_LOCATION (a prefix
inside the bucket), AWS_QUERYSTRING_AUTH (off: the URLs of images are plain public URLs that a
cached API answer can keep handing out; on, they are signed for AWS_QUERYSTRING_EXPIRE
seconds). AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are read by django-storages itself from
the environment (or boto3 finds an instance role), never kept in the settings.
`file_overwrite` is off: two uploads named `a.png` become two objects.

Without it, media are files under MEDIA_ROOT: one server only, which serves the images at
MEDIA_URL itself (cms/urls.py, `serves_media_files`).

Either way documents are handed out as Wagtail's serve view (`/documents/<id>/<name>`, see
WAGTAILDOCS_SERVE_METHOD in base.py), which checks the document's collection privacy before
streaming the file, never as a bucket URL; the bucket makes only PUBLIC_MEDIA_PREFIXES readable
to anyone (docs/deployment.md, "Media storage").
"""

from urllib.parse import urlsplit

FILE_SYSTEM_STORAGE = "django.core.files.storage.FileSystemStorage"
S3_STORAGE = "storages.backends.s3.S3Storage"
STATIC_FILES_STORAGE = {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"}

# Wagtail's folders for original images and renditions: the only media anyone may read directly.
# Documents (`documents/`) are read through Wagtail's serve view only.
PUBLIC_MEDIA_PREFIXES = ("original_images/", "images/")


def media_storages(environ, local_media_url="/media/"):
    """`(STORAGES, MEDIA_URL)` for this environment: S3 when AWS_STORAGE_BUCKET_NAME is set, else
    the file system with `local_media_url`. MEDIA_URL is then where the bucket's objects are
    served (the custom domain, or the endpoint and bucket), so that the admin's
    Content-Security-Policy lets its pages show them."""
    options = s3_options(environ)
    if options is None:
        default, url = {"BACKEND": FILE_SYSTEM_STORAGE}, local_media_url
    else:
        default, url = {"BACKEND": S3_STORAGE, "OPTIONS": options}, bucket_base_url(options)
    return {"default": default, "staticfiles": STATIC_FILES_STORAGE}, url


def s3_options(environ):
    """django-storages' S3Storage OPTIONS from the environment, or None without a bucket."""
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not bucket:
        return None
    endpoint_url = environ.get("AWS_S3_ENDPOINT_URL", "").strip().rstrip("/") or None
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url,
        "region_name": environ.get("AWS_S3_REGION_NAME", "").strip() or None,
        "custom_domain": environ.get("AWS_S3_CUSTOM_DOMAIN", "").strip() or None,
        "url_protocol": environ.get("AWS_S3_URL_PROTOCOL", "").strip() or "https:",
        "location": environ.get("AWS_LOCATION", "").strip().strip("/"),
        # S3-compatible servers (MinIO, Ceph, moto) are addressed by path: /bucket/key.
        "addressing_style": (
            environ.get("AWS_S3_ADDRESSING_STYLE", "").strip() or ("path" if endpoint_url else None)
        ),
        "querystring_auth": is_true(environ.get("AWS_QUERYSTRING_AUTH", "false")),
        "querystring_expire": int(environ.get("AWS_QUERYSTRING_EXPIRE", "3600")),
        "file_overwrite": False,
    }
    if not options["custom_domain"] and not options["querystring_auth"]:
        # The bucket's own address as the "custom domain": django-storages then writes the same
        # URL as text (7 µs) instead of signing one with boto3 and cutting the signature off
        # (380 µs): 23 ms of a 20-city listing, which hands out 60 rendition URLs.
        scheme, _slash, domain = bucket_base_url({**options, "location": ""}).partition("//")
        options.update(custom_domain=domain.rstrip("/"), url_protocol=scheme)
    return options


def bucket_base_url(options):
    """The URL the bucket's objects are served under, ending in a slash."""
    location = f"{options['location']}/" if options["location"] else ""
    if options["custom_domain"]:
        return f"{options['url_protocol']}//{options['custom_domain']}/{location}"
    bucket = options["bucket_name"]
    if options["endpoint_url"] is None:  # Amazon S3 itself, as boto3 addresses it
        if "." in bucket:  # a dotted name breaks the certificate of bucket.s3.amazonaws.com
            region = options["region_name"] or "us-east-1"
            return f"https://s3.{region}.amazonaws.com/{bucket}/{location}"
        return f"https://{bucket}.s3.amazonaws.com/{location}"
    endpoint = urlsplit(options["endpoint_url"])
    if options["addressing_style"] == "virtual":
        return f"{endpoint.scheme}://{bucket}.{endpoint.netloc}/{location}"
    return f"{options['endpoint_url']}/{bucket}/{location}"


def serves_media_files(settings):
    """Whether this server answers MEDIA_URL itself: media on its own disk at a path of its own
    (not an absolute MEDIA_URL that a web server or CDN answers)."""
    default = settings.STORAGES["default"]["BACKEND"]
    return default == FILE_SYSTEM_STORAGE and not urlsplit(settings.MEDIA_URL).netloc


def is_true(value):
    return value.strip().lower() in {"1", "true", "yes", "on"}
