"""The knowledge pack: actors, places, offices and elections as data, with a loader and validator.

See ``docs/knowledge-pack.md`` for the file formats.
"""

from marsad.knowledge.pack import KnowledgePack, Problem, builtin_dir, validate, validate_dir

__all__ = ["KnowledgePack", "Problem", "builtin_dir", "validate", "validate_dir"]
