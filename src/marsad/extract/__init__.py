"""Extraction stages: dates, claims, actors, places, events, relations.

``marsad.extract(document)`` is the public one-call API. Importing this subpackage makes the
name ``marsad.extract`` refer to the package itself, so the package is made callable with the
same signature: ``marsad.extract(doc)`` works before and after any ``marsad.extract.*`` import.
"""

import sys
import types


class _CallablePackage(types.ModuleType):
    def __call__(self, document, **kwargs):
        """Extract one document (Document, dict or str) into a Report."""
        from marsad.extract.pipeline import extract

        return extract(document, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
