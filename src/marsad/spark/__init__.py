"""Scale-out on Apache Spark: the extraction pipeline run per partition, Parquet out, and a
loader that brings the result into a store. See ``docs/spark.md``.

``partition`` (executor code) and ``load`` need only pyarrow; ``job`` needs the ``spark`` extra
(``pip install "marsad[spark]"``) and a Java runtime.
"""

from __future__ import annotations

__all__ = ["ingest_parquet", "run_extract"]


def run_extract(*args, **kwargs):
    from marsad.spark.job import run_extract as _run

    return _run(*args, **kwargs)


def ingest_parquet(*args, **kwargs):
    from marsad.spark.load import ingest_parquet as _ingest

    return _ingest(*args, **kwargs)
