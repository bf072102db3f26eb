"""Files the toolkit creates: written atomically, never over the user's workbook.

``atomic_path`` yields a temporary file in the target's folder and renames it into place only
when the block finishes, refuses to replace an existing file unless asked (``OutputExists``) and
refuses to write over the input workbook; ``atomic_paths`` writes several files all or nothing
(docs/workbook.md, "Files the toolkit writes").
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

__all__ = ["OutputExists", "atomic_path", "atomic_paths", "write_bytes_atomic"]


class OutputExists(Exception):
    """An output file already exists and replacing it was not asked for (one sentence)."""


@contextmanager
def atomic_path(
    path: Path | str, *, overwrite: bool = False, protect: Iterable[Path | str] = ()
) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it into place when the block succeeds.

    The temporary file is created in the target's folder (so the final ``os.replace`` is an
    atomic rename on the same file system), named ``.{name}.XXXX{suffix}`` so that libraries
    that choose a format from the suffix (openpyxl, matplotlib) still work. On success it is
    flushed to disk, given the permissions a new file would get (or the replaced file's), and
    renamed over ``path``. On an exception it is deleted and an existing ``path`` is left
    untouched. A symlink at ``path`` is replaced by the new file, not followed.

    Parameters
    ----------
    path : Path or str
        The file to create.
    overwrite : bool, default False
        Replace ``path`` if it exists (the ``--force`` option).
    protect : iterable of Path or str
        Files that must never be written, such as the input workbook.

    Yields
    ------
    Path
        The temporary file to write (it exists and is empty).

    Raises
    ------
    OutputExists
        ``path`` exists and ``overwrite`` is false.
    ValueError
        ``path`` is one of the ``protect`` files, a folder, or anything else that exists and is
        not a regular file (a device, a pipe).
    OSError
        Writing failed; the error names ``path``, never the temporary file.

    Examples
    --------
    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "due.csv"
    >>> with atomic_path(target) as temporary:
    ...     _ = temporary.write_text("contact,due_on\\n")
    >>> target.read_text()
    'contact,due_on\\n'
    >>> with atomic_path(target) as temporary:
    ...     pass
    Traceback (most recent call last):
    ...
    netwk_analysis.writing.files.OutputExists: /...due.csv already exists; pass --force to ...
    """
    target = Path(path)
    _refuse_protected(target, protect)
    if target.is_dir():
        raise ValueError(f"{target} is a folder; give a file name to write")
    _refuse_special(target)
    if not overwrite and (target.exists() or target.is_symlink()):
        raise OutputExists(f"{target} already exists; pass --force to replace it")
    folder = target.parent
    handle, name = tempfile.mkstemp(
        dir=folder, prefix=f".{target.name}.", suffix="".join(target.suffixes[-1:])
    )
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        _settle(temporary, target)
        if not overwrite and (target.exists() or target.is_symlink()):
            raise OutputExists(f"{target} already exists; pass --force to replace it")
        os.replace(temporary, target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        renamed = _naming_target(error, temporary, target)
        if renamed is error:
            raise
        raise renamed from error
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _fsync_folder(folder)


@contextmanager
def atomic_paths(
    paths: Iterable[Path | str], *, overwrite: bool = False, protect: Iterable[Path | str] = ()
) -> Iterator[dict[str, Path]]:
    """All or nothing for a set of files: yield a temporary path per target (keyed by the
    target's name); only when the whole block succeeds are they all renamed into place.

    Each target gets ``atomic_path``'s checks and temporary file. A failure anywhere in the
    block (a full disk while writing the fifth file, say) deletes every temporary file and
    leaves every existing target byte-identical: a report folder never ends up half old, half
    new. Only the renames themselves, which need no space, come after the block.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> with atomic_paths([folder / "a.txt", folder / "b.txt"]) as temporary:
    ...     _ = temporary["a.txt"].write_text("A")
    ...     _ = temporary["b.txt"].write_text("B")
    >>> sorted(p.name for p in folder.iterdir())
    ['a.txt', 'b.txt']
    """
    protect = tuple(protect)
    with ExitStack() as stack:
        yield {
            Path(path).name: stack.enter_context(
                atomic_path(path, overwrite=overwrite, protect=protect)
            )
            for path in paths
        }


def _refuse_protected(target: Path, protect: Iterable[Path | str]) -> None:
    """Raise ``ValueError`` if ``target`` is (or resolves to) one of the ``protect`` files."""
    for guarded in protect:
        guarded = Path(guarded)
        try:
            same = os.path.samefile(target, guarded)
        except OSError:
            same = target.resolve() == guarded.resolve()
        if same:
            raise ValueError(
                f"{target} is the input workbook {guarded.name}; the toolkit never writes over "
                "its input, so choose another output path"
            )


def _refuse_special(target: Path) -> None:
    """Raise ``ValueError`` if ``target`` exists and is not a regular file (a device such as
    ``/dev/null``, a pipe, a socket): writing there would not make a file."""
    try:
        mode = target.stat().st_mode
    except OSError:
        return  # nothing there (or a dangling link, replaced like a file)
    if not stat.S_ISREG(mode):
        raise ValueError(
            f"{target} is not a regular file (a device, a pipe or a socket); give the path of "
            "a file to write"
        )


def _naming_target(error: OSError, temporary: Path, target: Path) -> OSError:
    """``error`` as the person should read it: about ``target``, never the temporary file."""
    names = {str(temporary): str(target)}
    filename = names.get(str(error.filename), error.filename)
    filename2 = names.get(str(error.filename2), error.filename2)
    if (filename, filename2) == (error.filename, error.filename2):
        return error
    return type(error)(error.errno, error.strerror, filename, None, filename2)


def _settle(temporary: Path, target: Path) -> None:
    """Flush ``temporary`` to disk and give it the mode ``target`` has or a new file would get."""
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)  # read the umask (set it back at once): mkstemp made the file 0600
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temporary, mode)
    with temporary.open("rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    """Flush a folder entry to disk so the rename survives a crash (best effort; POSIX only)."""
    if os.name != "posix":
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def write_bytes_atomic(
    path: Path | str, data: bytes, *, overwrite: bool = False, protect: Iterable[Path | str] = ()
) -> Path:
    """Write ``data`` to ``path`` atomically (see ``atomic_path``) and return the path.

    Examples
    --------
    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "due.ics"
    >>> write_bytes_atomic(target, b"BEGIN:VCALENDAR\\r\\n").read_bytes()
    b'BEGIN:VCALENDAR\\r\\n'
    """
    with atomic_path(path, overwrite=overwrite, protect=protect) as temporary:
        temporary.write_bytes(data)
    return Path(path)
