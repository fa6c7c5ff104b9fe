"""Errors a user can cause and fix, raised by the library and turned by the command line into
a message and an exit code (never `SystemExit` from library code)."""


class VnlabourError(Exception):
    """A problem with what the user asked for; its message names the file, folder or value.
    The CLI prints it and exits with `exit_code`."""

    exit_code = 1


class InputError(VnlabourError):
    """An input file or folder that is missing or not what it should be."""


class Busy(VnlabourError):
    """Another vnlabour run is writing the same output folder (and the caller would not
    wait for it)."""

    exit_code = 3
