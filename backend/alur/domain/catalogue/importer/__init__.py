"""Importer for SOP books (Permenpan RB 35/2012 "SOP AP" format) into catalogue YAML.

Pure Python and database-free so that it can run in CI and on an admin's laptop alike.
"""

from __future__ import annotations

from .book import file_name, import_book
from .model import BookImport, SopDocument
from .to_yaml import dump_sop_yaml, load_sop_yaml

__all__ = [
    "BookImport",
    "SopDocument",
    "dump_sop_yaml",
    "file_name",
    "import_book",
    "load_sop_yaml",
]
