"""Extraction stages: dates, claims, actors, places, events, relations.

The one-call API is ``marsad.extract_report(document)``. This subpackage shares its name with the
former one-call function ``marsad.extract(document)``; calling the package still works for now, with
a ``DeprecationWarning`` (the package is made callable), and will stop in a later release.
"""

import sys
import types


class _CallablePackage(types.ModuleType):
    def __call__(self, document, **kwargs):
        """Deprecated: use ``marsad.extract_report(document)``."""
        import warnings

        from marsad.extract.pipeline import extract

        warnings.warn("marsad.extract(document) is deprecated; use marsad.extract_report(document)",
                      DeprecationWarning, stacklevel=2)
        return extract(document, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
