"""Entry point for ``python -m alur.domain.catalogue.importer``."""

from __future__ import annotations

import sys

from .cli import main

sys.exit(main())
