"""Child process that reads a binary MS Project file with MPXJ (Java, through JPype) and prints MSPDI.

It runs apart from plantrack so the Java VM's memory, start-up and any crash stay out of the main
process. Exit codes: 0 ok, 2 not readable by MPXJ, 3 mpxj/JPype missing, 4 no Java runtime.
"""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    try:
        import jpype  # type: ignore[import-untyped]
        import mpxj  # type: ignore[import-untyped]  # noqa: F401  (puts the MPXJ jars on the class path)
    except ImportError as exc:
        sys.stderr.write(f"missing Python package {exc.name}\n")
        return 3
    try:
        jpype.startJVM(
            "-Dlog4j2.loggerContextFactory=org.apache.logging.log4j.simple.SimpleLoggerContextFactory"
        )
    except (jpype.JVMNotFoundException, jpype.JVMNotSupportedException, OSError) as exc:
        sys.stderr.write(f"no usable Java runtime ({type(exc).__name__})\n")
        return 4
    from java.io import ByteArrayOutputStream  # type: ignore[import-not-found]
    from java.lang import Exception as JavaException  # type: ignore[import-not-found]
    from org.mpxj.mspdi import MSPDIWriter  # type: ignore[import-not-found]
    from org.mpxj.reader import UniversalProjectReader  # type: ignore[import-not-found]

    try:
        project = UniversalProjectReader().read(argv[0])
        if project is None:
            sys.stderr.write("MPXJ does not recognise this file as a project\n")
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
        sys.stderr.write(
            f"MPXJ cannot read the file: {str(exc.getMessage() or exc.getClass().getSimpleName())[:200]}\n"
        )
        return 2
    sys.stdout.buffer.write(bytes(out.toByteArray()))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
