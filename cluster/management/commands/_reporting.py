"""Output shared by the import commands (the leading underscore keeps it from being a command)."""

from django.core.management.base import CommandError


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
