"""Child process that reads a binary MS Project file with MPXJ (Java, through JPype) and prints MSPDI.

It runs apart from plantrack so the Java VM's memory, start-up and any crash stay out of the main
process. Exit codes: 0 ok, 2 not readable by MPXJ, 3 mpxj/JPype missing, 4 no Java runtime.
"""

from __future__ import annotations

import contextlib
import os
import sys

from plantrack.i18n import CatalogMissing, _, set_language

#: The variable through which the parent passes the language of its run.
BRIDGE_LANGUAGE = "PLANTRACK_BRIDGE_LANG"


def _speak(code: str | None) -> None:
    # an unknown or unreadable language: the reasons in English
    with contextlib.suppress(ValueError, CatalogMissing):
        set_language(code or "en")


def main(argv: list[str]) -> int:
    _speak(os.environ.get(BRIDGE_LANGUAGE))
    try:
        import jpype  # type: ignore[import-untyped]
        import mpxj  # type: ignore[import-untyped]  # noqa: F401  (puts the MPXJ jars on the class path)
    except ImportError as exc:
        sys.stderr.write(_("missing Python package {name}").format(name=exc.name) + "\n")
        return 3
    try:
        jpype.startJVM(
            "-Dlog4j2.loggerContextFactory=org.apache.logging.log4j.simple.SimpleLoggerContextFactory"
        )
    except (jpype.JVMNotFoundException, jpype.JVMNotSupportedException, OSError) as exc:
        sys.stderr.write(_("no usable Java runtime ({reason})").format(reason=type(exc).__name__) + "\n")
        return 4
    from java.io import ByteArrayOutputStream  # type: ignore[import-not-found]
    from java.lang import Exception as JavaException  # type: ignore[import-not-found]
    from org.mpxj.mspdi import MSPDIWriter  # type: ignore[import-not-found]
    from org.mpxj.reader import UniversalProjectReader  # type: ignore[import-not-found]

    try:
        project = UniversalProjectReader().read(argv[0])
        if project is None:
            sys.stderr.write(_("MPXJ does not recognise this file as a project") + "\n")
            return 2
        props = project.getProjectProperties()
        # MPXJ fills a missing "current date" with the clock; the file's own save date keeps the
        # import repeatable (it is the fallback status date of the progress records)
        saved = props.getLastSaved() or props.getCreationDate()
        if props.getStatusDate() is None and saved is not None:
            props.setCurrentDate(saved)
        out = ByteArrayOutputStream()
        MSPDIWriter().write(project, out)
    except JavaException as exc:
        reason = str(exc.getMessage() or exc.getClass().getSimpleName())[:200]
        sys.stderr.write(_("MPXJ cannot read the file: {reason}").format(reason=reason) + "\n")
        return 2
    sys.stdout.buffer.write(bytes(out.toByteArray()))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
