"""The generic, reusable specs that content files are checked against, and `validate`.

`validate(data, spec, source)` walks a parsed file and returns the cleaned value, collecting a
`ContentError` (file, line, dotted path, message) for everything wrong instead of stopping at
the first problem, so one run reports every mistake in every file. What each content file must
hold is declared with these specs in content_specs.py.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from cluster.content_import.shown import cut, shown
from cluster.content_import.yaml_lines import LineDict, LineList
from cluster.sanitizer import markup_declaration_problem


@dataclass
class ContentError:
    file: str
    line: int
    path: str
    message: str

    def __str__(self):
        where = f"{self.file}:{self.line}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


@dataclass
class Source:
    """Where a value came from, for error messages; collects the errors of one file."""

    file: str
    errors: list = field(default_factory=list)

    def error(self, line, path, message):
        self.errors.append(ContentError(self.file, line, path, message))


class Invalid(Exception):
    pass


class Spec:
    required = True

    def clean(self, value, source, line, path):
        raise NotImplementedError


class Text(Spec):
    def __init__(self, required=True, max_length=None, pattern=None, pattern_message=None):
        self.required = required
        self.max_length = max_length
        self.pattern = re.compile(pattern) if pattern else None
        self.pattern_message = pattern_message

    def clean(self, value, source, line, path):
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise Invalid(f"expected text, got {type_name(value)}")
        value = str(value).strip()
        if self.required and not value:
            raise Invalid("must not be empty")
        if self.max_length and len(value) > self.max_length:
            raise Invalid(f"at most {self.max_length} characters, got {len(value)}")
        if self.pattern and value and not self.pattern.fullmatch(value):
            raise Invalid(self.pattern_message or f"does not match {self.pattern.pattern}")
        return value


def Slug(required=True):
    return Text(
        required=required,
        max_length=120,
        pattern=r"[a-z0-9]+(?:-[a-z0-9]+)*",
        pattern_message="a slug is lowercase letters, digits and single hyphens",
    )


class Url(Text):
    validator = URLValidator(schemes=["http", "https"])

    def clean(self, value, source, line, path):
        value = super().clean(value, source, line, path)
        if value:
            try:
                self.validator(value)
            except ValidationError as e:
                raise Invalid(f"not a valid http(s) URL: {shown(value)}") from e
        return value


class VideoUrl(Url):
    """The address of a video on one platform, checked as the admin checks it (see embeds.py)."""

    def __init__(self, platform, player_url, **kwargs):
        self.platform = platform
        self.player_url = player_url
        super().__init__(**kwargs)

    def clean(self, value, source, line, path):
        value = super().clean(value, source, line, path)
        if value and self.player_url(value) is None:
            raise Invalid(f"not the address of a {self.platform} video: {shown(value)}")
        return value


class Colour(Text):
    def __init__(self):
        super().__init__(pattern=r"#[0-9a-fA-F]{6}", pattern_message="a colour is #rrggbb")


ALLOWED_TAGS = {"p", "h2", "h3", "h4", "b", "i", "a", "ul", "ol", "li", "br"}


class _RichTextChecker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.open_tags = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}> is not allowed")
            return
        attrs = dict(attrs)
        if tag == "a":
            href = attrs.get("href") or ""
            if not re.match(r"(https?://|mailto:)", href):
                self.problems.append(f"link href must be http(s) or mailto, got {shown(href)}")
            if set(attrs) - {"href"}:
                self.problems.append("links take only an href attribute")
        elif attrs:
            self.problems.append(f"<{tag}> takes no attributes")
        if tag != "br":
            self.open_tags.append(tag)

    def handle_endtag(self, tag):
        if tag not in ALLOWED_TAGS or tag == "br":
            return
        if not self.open_tags or self.open_tags[-1] != tag:
            self.problems.append(f"</{tag}> does not close the open tag")
        else:
            self.open_tags.pop()


class RichText(Text):
    """HTML restricted to what the rich-text editor produces; stored as Wagtail's format."""

    def clean(self, value, source, line, path):
        value = super().clean(value, source, line, path)
        if not value:
            return value
        if not value.lstrip().startswith("<"):
            raise Invalid("rich text is HTML, e.g. <p>...</p>")
        if problem := markup_declaration_problem(value):
            raise Invalid(problem)
        checker = _RichTextChecker()
        checker.feed(value)
        checker.close()
        if checker.open_tags:
            checker.problems.append(f"unclosed <{checker.open_tags[-1]}>")
        if checker.problems:
            raise Invalid("; ".join(dict.fromkeys(checker.problems)))
        return value


class Integer(Spec):
    def __init__(self, required=True, min_value=None, max_value=None):
        self.required = required
        self.min_value = min_value
        self.max_value = max_value

    def clean(self, value, source, line, path):
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(f"expected a whole number, got {type_name(value)}")
        if self.min_value is not None and value < self.min_value:
            raise Invalid(f"must be at least {self.min_value}")
        if self.max_value is not None and value > self.max_value:
            raise Invalid(f"must be at most {self.max_value}")
        return value


class Number(Spec):
    def __init__(self, required=True, min_value=None, max_value=None):
        self.required = required
        self.min_value = min_value
        self.max_value = max_value

    def clean(self, value, source, line, path):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise Invalid(f"expected a number, got {type_name(value)}")
        try:
            number = Decimal(str(value))
        except InvalidOperation as e:
            raise Invalid(f"not a number: {shown(value)}") from e
        if not number.is_finite():
            raise Invalid("must be a finite number")
        if self.min_value is not None and number < self.min_value:
            raise Invalid(f"must be at least {self.min_value}")
        if self.max_value is not None and number > self.max_value:
            raise Invalid(f"must be at most {self.max_value}")
        return number


class Date(Spec):
    def __init__(self, required=True):
        self.required = required

    def clean(self, value, source, line, path):
        if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
            raise Invalid(f"expected a date as YYYY-MM-DD, got {shown(value)}")
        return value


class DateTime(Spec):
    def __init__(self, required=True):
        self.required = required

    def clean(self, value, source, line, path):
        if isinstance(value, str):
            try:
                value = datetime.datetime.fromisoformat(value)
            except ValueError as e:
                raise Invalid(f"expected an ISO 8601 date-time, got {shown(value)}") from e
        if not isinstance(value, datetime.datetime):
            raise Invalid(f"expected an ISO 8601 date-time, got {type_name(value)}")
        if value.tzinfo is None:
            raise Invalid("a date-time needs an offset, e.g. 2021-01-15T07:00:00-05:00")
        return value


class Choice(Spec):
    def __init__(self, choices, required=True):
        self.choices = list(choices)
        self.required = required

    def clean(self, value, source, line, path):
        if value not in self.choices:
            raise Invalid(f"must be one of {', '.join(map(str, self.choices))}; got {shown(value)}")
        return value


class ListOf(Spec):
    def __init__(self, item, required=True, unique_key=None):
        self.item = item
        self.required = required
        self.unique_key = unique_key

    def clean(self, value, source, line, path):
        if not isinstance(value, list):
            raise Invalid(f"expected a list, got {type_name(value)}")
        cleaned, seen = [], {}
        for index, item in enumerate(value):
            item_line = value.line_of(index) if isinstance(value, LineList) else line
            result = validate(item, self.item, source, item_line, f"{path}[{index}]")
            cleaned.append(result)
            key = self.key_of(result)
            if key is not None:
                if key in seen:
                    source.error(item_line, f"{path}[{index}]", f"duplicate {shown(key)}")
                seen[key] = index
        return cleaned

    def key_of(self, item):
        """`unique_key` names the field that must be unique, or is True for scalar items."""
        if self.unique_key is True:
            return item
        if self.unique_key and isinstance(item, dict):
            return item.get(self.unique_key)
        return None


class Mapping(Spec):
    """A mapping with known keys: unknown keys and missing required keys are errors."""

    def __init__(self, fields, required=True, check=None):
        self.fields = fields
        self.required = required
        self.check = check

    def clean(self, value, source, line, path):
        if not isinstance(value, dict):
            raise Invalid(f"expected a mapping, got {type_name(value)}")
        line_of = value.line_of if isinstance(value, LineDict) else (lambda key: line)
        cleaned = {}
        for key in value:
            if key not in self.fields:
                source.error(
                    line_of(key),
                    join(path, key),
                    f"unknown key; expected one of {', '.join(self.fields)}",
                )
        for key, spec in self.fields.items():
            if key not in value or value[key] is None:
                if spec.required:
                    source.error(
                        line_of(key) if key in value else getattr(value, "line", line),
                        join(path, key),
                        "is required",
                    )
                continue
            cleaned[key] = validate(value[key], spec, source, line_of(key), join(path, key))
        if self.check and not source.errors:
            for key, message in self.check(cleaned):
                source.error(line_of(key), join(path, key), message)
        return cleaned


class OneOf(Spec):
    """A one-key mapping naming its block type, e.g. `- paragraph: <p>...</p>`."""

    def __init__(self, blocks):
        self.blocks = blocks

    def clean(self, value, source, line, path):
        if not isinstance(value, dict) or len(value) != 1:
            raise Invalid(f"a block is a one-key mapping, one of {', '.join(self.blocks)}")
        ((block_type, block_value),) = value.items()
        if block_type not in self.blocks:
            raise Invalid(
                f"unknown block {shown(block_type)}; expected one of {', '.join(self.blocks)}"
            )
        return {
            "type": block_type,
            "value": validate(
                block_value, self.blocks[block_type], source, line, join(path, block_type)
            ),
        }


def validate(value, spec, source, line, path=""):
    try:
        return spec.clean(value, source, line, path)
    except Invalid as e:
        source.error(line, path, str(e))
        return None


def join(path, key):
    return f"{path}.{cut(str(key))}" if path else cut(str(key))


def type_name(value):
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return type(value).__name__
