"""argparse's own messages, marked here so that the catalog carries their French (see `choose`)."""

from __future__ import annotations

from plantrack.i18n import N_, Nn_

#: Every string argparse passes to `_()` / `ngettext()` (Python 3.11+); plural pairs as tuples.
ARGPARSE_MESSAGES: tuple[str | tuple[str, str], ...] = (
    N_("usage: "),
    N_("argument %(argument_name)s: %(message)s"),
    N_(".__call__() not defined"),
    N_("conflicting subparser: %s"),
    N_("conflicting subparser alias: %s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_('argument "-" with mode %r'),
    N_("can't open '%(filename)s': %(error)s"),
    N_("cannot merge actions - two groups are named %r"),
    N_("'required' is an invalid argument for positionals"),
    N_("invalid option string %(option)r: must start with a character %(prefix_chars)r"),
    N_("dest= is required for options like %r"),
    N_("invalid conflict_resolution value: %r"),
    Nn_("conflicting option string: %s", "conflicting option strings: %s"),
    N_("mutually exclusive arguments must be optional"),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("cannot have multiple subparser arguments"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    Nn_("expected %s argument", "expected %s arguments"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("%r is not callable"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("%(prog)s: error: %(message)s\n"),
    # the default help of `--version`, which argparse does not translate: cli.py passes it through _()
    N_("show program's version number and exit"),
)
