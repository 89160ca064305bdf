"""The same constants as ``aiges.core.types``: some demos import them from here."""

from aiges.core import types as _core
from aiges.core.types import *  # noqa: F401,F403

__all__ = [name for name in vars(_core) if not name.startswith("_")]
