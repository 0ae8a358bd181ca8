"""Files written whole or not at all: the bytes go to a temporary name beside the target, which is then renamed
into place, so a reader (another process, or the next build after a crash) never sees half of one."""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

TEMPORARY = ".tmp"  # what a temporary name ends with: what a crash can leave behind


def write_whole(target: Path, data: bytes) -> None:
    """Write data to target whole; OSError if it cannot be, and then nothing is left behind."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=TEMPORARY)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
