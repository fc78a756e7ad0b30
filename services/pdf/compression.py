"""The zlib level of every PDF stream: 6, zlib's default, instead of pydyf's 9.

pydyf (which writes WeasyPrint's PDFs) compresses each stream with ``zlib.compressobj(level=9)``
and has no option for the level. Level 9 searches longer for repeated strings than level 6 and
finds little more in a PDF's streams: for the GewA 1 PDF (page contents, three font subsets,
the object stream of the structure tree, compressed twice for the file identifier) level 9
took 8.4 ms of a 140 ms render, level 6 3.3 ms, and the file grew by 2 % (35.0 to 35.6 KB).

``pydyf_compression_level_set`` gives pydyf a ``zlib`` of its own whose ``compressobj``
compresses at ``PDF_ZLIB_LEVEL``; the rest of the process keeps the real module.
``tests/integration/test_pdf.py`` checks that pydyf's streams come out at that level, so an
upgrade of pydyf that compresses differently is noticed rather than silently slower.
"""

import types
import zlib

import pydyf

PDF_ZLIB_LEVEL = 6


def _compressobj(level: int = PDF_ZLIB_LEVEL, *args, **kwargs):
    return zlib.compressobj(PDF_ZLIB_LEVEL, *args, **kwargs)


def pydyf_compression_level_set() -> None:
    """pydyf's streams compressed at ``PDF_ZLIB_LEVEL`` from now on, in this process."""
    # Only what pydyf 0.13 uses of zlib: anything else it starts to use fails loudly.
    pydyf.zlib = types.SimpleNamespace(compress=zlib.compress, compressobj=_compressobj)
