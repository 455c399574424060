"""Every private name of a library this project relies on, in one place.

Each entry says why no public API serves, and `tests/test_compat.py` fails loudly when the
library changes it, so an upgrade breaks a test here rather than an answer somewhere else.
`ruff check` (SLF001) refuses private names anywhere else outside the tests.
"""


class SerializerClassHook:
    """For API viewsets: Wagtail builds the serializer class of each request shape (model,
    `?fields=`, listing or detail, nested) in the private classmethod
    `BaseAPIViewSet._get_serializer_class`. No public hook serves: `get_serializer_class` is an
    instance method that parses the request first, and Wagtail calls the classmethod itself for
    the serializers of child relations. Subclasses answer through `serializer_class_for_shape`
    and build through `wagtail_serializer_class`."""

    @classmethod
    def _get_serializer_class(cls, router, model, fields_config, show_details=False, nested=False):
        return cls.serializer_class_for_shape(router, model, fields_config, show_details, nested)

    @classmethod
    def serializer_class_for_shape(cls, router, model, fields_config, show_details, nested):
        return cls.wagtail_serializer_class(router, model, fields_config, show_details, nested)

    @classmethod
    def wagtail_serializer_class(cls, router, model, fields_config, show_details, nested):
        """The serializer class Wagtail builds for this shape."""
        return super()._get_serializer_class(
            router, model, fields_config, show_details=show_details, nested=nested
        )


def remembered_on_user(user, name, compute):
    """`compute(user)`, computed once per user object. The admin asks what a user may do once per
    page or snippet it shows (an explorer page of 20 asks about 200 times), and only the user
    object lives exactly as long as the request: Django builds `request.user` afresh for every
    request, and caches the user's permissions on it the same way (`ModelBackend`'s
    `_perm_cache`, documented under "Permission caching"). No public API keeps a value for one
    request without the request, which permission checks are not given."""
    attribute = f"_cluster_{name}"
    if not hasattr(user, attribute):
        setattr(user, attribute, compute(user))
    return getattr(user, attribute)
