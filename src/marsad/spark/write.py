"""What runs on Spark executors after the shuffle: chunks of rows -> Parquet files, with pyarrow.

The shuffle brings all chunks of one (table, month, bucket) to one task, sorted; this module
writes them as one Parquet file with a name that depends only on that key::

    OUT/<table>/month=<YYYY-MM|unknown>/part-<bucket>.parquet      (failures: OUT/failures/part-00000.parquet)

Each file is written under a hidden temporary name (``.part-...tmp``, which pyarrow, DuckDB's
``*.parquet`` globs and Spark all skip) and then moved to its final name, so a reader never sees
half a file, and a retried or speculative task replaces the file with the same rows. The JVM
only moves the chunks' bytes: it never converts a row. No pyspark import here.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyarrow as pa

WRITTEN_SCHEMA = pa.schema([("table", pa.string()), ("month", pa.string()), ("bucket", pa.int32()),
                            ("rows", pa.int64()), ("path", pa.string())])
UNPARTITIONED = ("failures",)
# a row group is written when this many rows, or bytes, of one file are buffered
GROUP_ROWS = 256_000
GROUP_BYTES = 64 << 20
_REMOTE_ALIASES = {"s3a": "s3", "s3n": "s3"}  # Hadoop's names for S3, which pyarrow calls s3


def output_fs(out: str):
    """``(filesystem, base path)`` for an output location: a local path (made absolute), a
    ``file:`` URI, or a URI pyarrow.fs knows (``s3://``, ``gs://``, ``hdfs://``, ``abfs://``;
    ``s3a://`` is read as ``s3://``)."""
    from pyarrow import fs

    out = str(out).rstrip("/")
    scheme = out.split("://", 1)[0] if "://" in out else ""
    if scheme in ("", "file"):
        from marsad.spark.partition import local_path

        return fs.LocalFileSystem(), str(Path(local_path(out)).resolve())
    if scheme in _REMOTE_ALIASES:
        out = f"{_REMOTE_ALIASES[scheme]}://{out.split('://', 1)[1]}"
    return fs.FileSystem.from_uri(out)


def file_path(base: str, table: str, month: str, bucket: int) -> str:
    if table in UNPARTITIONED:
        return f"{base}/{table}/part-{bucket:05d}.parquet"
    return f"{base}/{table}/month={month}/part-{bucket:05d}.parquet"


def _chunk_tables(datas: Iterable[bytes]) -> Iterator[pa.Table]:
    for data in datas:
        yield pa.ipc.open_stream(pa.py_buffer(data)).read_all()


def write_file(filesystem, path: str, schema: pa.Schema, datas: Iterable[bytes], compression: str = "zstd") -> int:
    """Write the chunks (Arrow IPC bytes) of one file, in order, as one Parquet file at ``path``
    (through a temporary name); return its row count."""
    import pyarrow.parquet as pq

    parent, name = path.rsplit("/", 1)
    filesystem.create_dir(parent, recursive=True)
    tmp = f"{parent}/.{name}.{uuid.uuid4().hex}.tmp"
    rows, buffered, n_rows, n_bytes = 0, [], 0, 0
    try:
        with filesystem.open_output_stream(tmp) as sink, \
                pq.ParquetWriter(sink, schema, compression=compression) as writer:
            for t in _chunk_tables(datas):
                buffered.append(t)
                n_rows, n_bytes = n_rows + t.num_rows, n_bytes + t.nbytes
                if n_rows >= GROUP_ROWS or n_bytes >= GROUP_BYTES:
                    rows += _write_group(writer, buffered)
                    buffered, n_rows, n_bytes = [], 0, 0
            rows += _write_group(writer, buffered)  # no rows at all: a file with the schema only
        filesystem.move(tmp, path)
    except BaseException:
        _remove_quietly(filesystem, tmp)
        raise
    return rows


def _write_group(writer, tables: list[pa.Table]) -> int:
    if not tables:
        return 0
    t = pa.concat_tables(tables)
    writer.write_table(t)
    return t.num_rows


def _remove_quietly(filesystem, path: str) -> None:
    try:
        filesystem.delete_file(path)
    except OSError:
        pass


def write_chunks(batches: Iterable[pa.RecordBatch], out: str, schemas: dict[str, pa.Schema],
                 compression: str = "zstd") -> Iterator[pa.RecordBatch]:
    """``mapInArrow`` body after the shuffle: batches of ``CHUNK_SCHEMA`` rows, sorted by
    (table, month, bucket, first, seq) -> one Parquet file per (table, month, bucket) and one
    ``WRITTEN_SCHEMA`` row per file written."""
    filesystem, base = output_fs(out)
    written: dict[str, list] = {n: [] for n in WRITTEN_SCHEMA.names}

    def chunks() -> Iterator[tuple[tuple[str, str, int], bytes]]:
        for b in batches:
            cols = b.to_pydict()
            for t, m, k, d in zip(cols["table"], cols["month"], cols["bucket"], cols["data"], strict=True):
                yield (t, m, k), d

    key, datas = None, []

    def finish() -> None:
        table, month, bucket = key
        path = file_path(base, table, month, bucket)
        n = write_file(filesystem, path, schemas[table], datas, compression)
        for name, v in zip(WRITTEN_SCHEMA.names, (table, month, bucket, n, path), strict=True):
            written[name].append(v)

    for k, data in chunks():
        if k != key and key is not None:
            finish()
            datas = []
        key = k
        datas.append(data)
    if key is not None:
        finish()
    yield pa.RecordBatch.from_pydict(written, schema=WRITTEN_SCHEMA)


def clear_outputs(out: str, tables: Iterable[str]) -> None:
    """Remove the datasets a run is about to write (a rerun replaces them, like Spark's
    ``overwrite`` mode), leaving anything else under ``out`` alone."""
    from pyarrow import fs

    filesystem, base = output_fs(out)
    for t in tables:
        if filesystem.get_file_info(f"{base}/{t}").type != fs.FileType.NotFound:
            filesystem.delete_dir(f"{base}/{t}")


def finish_outputs(out: str, schemas: dict[str, pa.Schema], written_tables: set[str]) -> None:
    """After the job: an empty ``failures`` file when nothing failed (so the dataset always has its
    schema), temporary files left by failed task attempts removed, and a ``_SUCCESS`` marker."""
    from pyarrow import fs

    filesystem, base = output_fs(out)
    for t in UNPARTITIONED:
        if t in schemas and t not in written_tables:
            write_file(filesystem, file_path(base, t, "", 0), schemas[t], [])
    infos = filesystem.get_file_info(fs.FileSelector(base, recursive=True, allow_not_found=True))
    for info in infos:
        if info.type == fs.FileType.File and info.base_name.startswith(".part-") and info.base_name.endswith(".tmp"):
            _remove_quietly(filesystem, info.path)
    with filesystem.open_output_stream(f"{base}/_SUCCESS"):
        pass
