"""Output shared by the import commands (the leading underscore keeps it from being a command)."""

from django.core.management.base import CommandError

from cluster.content_import.conflicts import FORCE, SKIP, STOP


def fail_listing_errors(command, errors, where, not_done):
    """Write each validation error to stderr, then stop: `<n> error(s) in <where>; <not_done>.`"""
    for error in errors:
        command.stderr.write(str(error))
    raise CommandError(f"{len(errors)} error(s) in {where}; {not_done}.") from None


def outcome_printer(command, verbosity, *, heartbeat=False):
    """A `progress(done, total, group, name, outcome)` callback: a line per object that changed
    (per object at verbosity 2), and with `heartbeat` a `...` line every ten unchanged ones."""
    if verbosity < 1:
        return None

    def show(done, total, group, name, outcome):
        if verbosity >= 2 or outcome != "unchanged":
            command.stdout.write(f"[{done:>3}/{total}] {outcome:<9} {group} {name}")
        elif heartbeat and (done == total or done % 10 == 0):
            command.stdout.write(f"[{done:>3}/{total}] ...")

    return show


def add_conflict_options(parser, what):
    """--skip-conflicts and --force (conflicts.py): what to do with objects changed in the admin
    since the last import; by default the import stops and writes nothing."""
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument(
        "--skip-conflicts",
        action="store_const",
        dest="on_conflict",
        const=SKIP,
        help=f"leave the {what} changed in the admin as they are; import everything else",
    )
    choice.add_argument(
        "--force",
        action="store_const",
        dest="on_conflict",
        const=FORCE,
        help=f"overwrite the {what} changed in the admin with the files",
    )
    parser.set_defaults(on_conflict=STOP)


def report_conflicts(command, conflicts, on_conflict):
    """List each conflict on stderr; with STOP (the import stopped), fail saying what to do."""
    for conflict in conflicts:
        command.stderr.write(str(conflict))
    if on_conflict == STOP and conflicts:
        raise CommandError(
            f"{len(conflicts)} object(s) changed in the admin since the last import would be "
            "overwritten; nothing was written. Bring the admin's edits into the files "
            "(export_content, export_translations), or rerun with --skip-conflicts to leave them "
            "as they are or --force to overwrite them."
        )
    if conflicts:
        done = {SKIP: "left as they are", FORCE: "overwritten"}[on_conflict]
        command.stderr.write(
            f"{len(conflicts)} object(s) changed in the admin since the last import: {done}."
        )
