import json

from django.core.management.base import BaseCommand, CommandError

from cluster.languages import CONTENT_LANGUAGES
from cluster.translation.progress import STATES, as_json, counts_table, progress


class Command(BaseCommand):
    help = (
        "Translation progress: a table of how many pages and snippets are in each state per "
        "language (the states the API's translation_status and the admin's progress view show); "
        "with --json, every object's state. With --fail-on STATE the command exits 1 when any "
        "object is in that state (for pipelines)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--locale",
            action="append",
            dest="locales",
            choices=CONTENT_LANGUAGES,
            help="only this language (repeatable; default: every language)",
        )
        parser.add_argument(
            "--json", action="store_true", dest="json_output", help="every object's state, as JSON"
        )
        parser.add_argument(
            "--fail-on",
            action="append",
            dest="fail_on",
            choices=STATES,
            default=[],
            metavar="STATE",
            help=f"exit 1 if any object is in STATE ({', '.join(STATES)}; repeatable)",
        )

    def handle(self, locales, json_output, fail_on, **options):
        languages = locales or CONTENT_LANGUAGES
        items = progress(languages=languages)
        if json_output:
            self.stdout.write(dumps([as_json(item) for item in items]))
        else:
            for line in counts_table(items, languages):
                self.stdout.write(line)
        failing = [item for item in items if item.state in fail_on]
        if failing:
            raise CommandError(
                f"{len(failing)} object(s) in state {', '.join(fail_on)}: "
                + ", ".join(
                    f"{item.type_label} {item.title!r} ({item.language})" for item in failing[:10]
                )
                + (" ..." if len(failing) > 10 else ""),
                returncode=1,
            )


def dumps(data):
    return json.dumps(data, ensure_ascii=False, indent=2)
