"""aiges: a standard-library-only stand-in for the AIGES Python SDK (package ``aiges``).

It provides every module and name that wrapper.py files written for the original SDK import
(``aiges.sdk``, ``aiges.dto``, ``aiges.core.types``, ``aiges.types``, ``aiges.errors``,
``aiges.utils.log``, ``aiges.stream``), so those files run unchanged under the Java aiges
loader, on a machine with only the Python standard library.
"""

__version__ = "0.16.0+aiges.java"
