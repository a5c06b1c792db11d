"""Deterministic YAML for catalogue files, and the loader that inverts it byte for byte.

The committed catalogue is reviewed in diffs, so output must not depend on dict order,
float formatting or line width; ``dump(load(dump(x))) == dump(x)`` is tested on every file.
"""

from __future__ import annotations

from typing import Any

import msgspec
import yaml

from .model import SopDocument


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _float(dumper: yaml.SafeDumper, value: float) -> yaml.Node:
    if value.is_integer():
        return dumper.represent_int(int(value))
    return dumper.represent_scalar("tag:yaml.org,2002:float", repr(round(value, 4)))


_Dumper.add_representer(float, _float)


def dump_sop_yaml(doc: SopDocument) -> str:
    data = msgspec.to_builtins(doc)
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )


def load_sop_yaml(text: str) -> SopDocument:
    return msgspec.convert(yaml.safe_load(text), SopDocument)
