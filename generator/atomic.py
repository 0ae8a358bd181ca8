"""Files written whole or not at all: the bytes go to a temporary name beside the target, which is then renamed
into place, so a reader (another process, or the next build after a crash) never sees half of one."""
from __future__ import annotations

import contextlib
import os
import tempfile
import time
from pathlib import Path

TEMPORARY = ".tmp"  # what a temporary name ends with: what a crash can leave behind
LEFT_OVER_AFTER = 3600  # seconds: a temporary file older than this is no write in progress


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


def remove_left_over(folder: Path) -> None:
    """Remove the temporary files in folder that a crash left behind (older than LEFT_OVER_AFTER: a newer one may be
    another process's write in progress)."""
    before = time.time() - LEFT_OVER_AFTER
    for left in folder.glob(f"*{TEMPORARY}"):
        with contextlib.suppress(OSError):
            if left.stat().st_mtime < before:
                left.unlink()
