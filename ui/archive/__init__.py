"""The e-archive screen: search older records of a property and open their scanned drawings (issue 12)."""

from ui.archive.host import ArchiveHost, attach_archive
from ui.archive.window import ArchiveWindow

__all__ = ["ArchiveHost", "ArchiveWindow", "attach_archive"]
