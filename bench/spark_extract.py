#!/usr/bin/env python
"""The Spark extraction job against the single-process pipeline.

Writes a corpus of N documents made from the bundled samples (``marsad.spark.corpus``), then times:

  single   one process: read the JSONL with ``marsad.ingest.readers``, run one ``Pipeline`` over
           every document (extraction only: no output written);
  local[1] ``marsad.spark.job.run_extract`` with one core: read, extract, write reports, the six
           store tables and failures as Parquet;
  local[2] the same with two cores.

Reports documents/s for each, the speedup from local[1] to local[2], and the per-document time
Spark adds over the single process ((local[1] seconds - single seconds) / N). Spark session
start-up is timed separately and not counted in the job times.

Host control: right before and right after each mode, a pure-Python CPU loop (fixed work, a few
seconds in all) runs alone in one process, then in two processes at once; its speedup
(2 x alone seconds / the pair's seconds) is what two cores give a job with no overhead at all in
that window, so a reader can tell the job's scaling from the machine's (shared virtual CPUs
often give less than 2x).

On Linux it also reports CPU seconds (from /proc, so insensitive to other load on the machine):
of the single process; and for each Spark run, of the JVM (driver and executor in local mode),
of the Python workers it starts (sampled every half second while they live), and of the
driver's Python.

    python bench/spark_extract.py                       # 20,000 documents
    python bench/spark_extract.py --docs 2000 --json spark.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path


def _proc_times(pid: int) -> tuple[float, float]:
    """(own, reaped children's) CPU seconds of a process, from /proc."""
    st = Path(f"/proc/{pid}/stat").read_text()
    f = st[st.rfind(")") + 2:].split()
    tick = os.sysconf("SC_CLK_TCK")
    return (int(f[11]) + int(f[12])) / tick, (int(f[13]) + int(f[14])) / tick


def _cpu_by_process() -> dict[tuple[int, str], float] | None:
    """CPU seconds so far (own + reaped children's) of the driver (this process), of its Java
    child (the JVM: own time only) and of each of the Java child's descendants (Python workers);
    None off Linux. Keys are (pid, role)."""
    if not Path("/proc/self/stat").exists():
        return None
    kids: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                st = Path(f"/proc/{d}/stat").read_text()
            except OSError:
                continue
            kids.setdefault(int(st[st.rfind(")") + 2:].split()[1]), []).append(int(d))
    out = {(os.getpid(), "driver"): _proc_times(os.getpid())[0]}

    def below(pid: int) -> None:
        for c in kids.get(pid, []):
            try:
                out[(c, "python_workers")] = sum(_proc_times(c))
            except OSError:
                continue
            below(c)

    for c in kids.get(os.getpid(), []):
        try:
            if Path(f"/proc/{c}/cmdline").read_bytes().split(b"\0")[0].endswith(b"java"):
                own, reaped = _proc_times(c)
                out[(c, "jvm")] = own
                out[(c, "python_workers")] = reaped
                below(c)
        except OSError:
            continue
    return out


def _machine_cpu() -> dict[str, float] | None:
    """CPU seconds the whole machine has been busy (all processes, all cores) and stolen by the
    hypervisor so far, from /proc/stat; None off Linux."""
    try:
        f = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except OSError:
        return None
    tick = os.sysconf("SC_CLK_TCK")
    user, nice, system, _idle, _iowait, irq, softirq, steal = (f + [0] * 8)[:8]
    return {"busy": (user + nice + system + irq + softirq) / tick, "steal": steal / tick}


def machine_share(before: dict | None, ours: float) -> dict | None:
    """What the machine did during a run: busy CPU seconds of all processes, of the processes
    this run did not start (other work on the machine), and stolen by the hypervisor."""
    after = _machine_cpu()
    if before is None or after is None:
        return None
    busy = after["busy"] - before["busy"]
    return {"busy": round(busy, 1), "others": round(max(0.0, busy - ours), 1),
            "steal": round(after["steal"] - before["steal"], 1)}


class CpuSampler:
    """CPU seconds of the driver, the JVM and the Python workers over a run. Samples /proc every
    half second: PySpark's worker daemon lets exited workers go unreaped by anyone who counts
    (it ignores SIGCHLD), so a worker's time is only seen while it lives; at most the last half
    second of an exiting worker is missed."""

    def __init__(self, every: float = 0.5):
        import threading

        self.every, self.first, self.last = every, _cpu_by_process(), {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        if self.first is not None:
            self._thread.start()

    def _sample(self) -> None:
        for k, v in (_cpu_by_process() or {}).items():
            self.last[k] = max(v, self.last.get(k, 0.0))

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self._sample()

    def stop(self) -> dict | None:
        if self.first is None:
            return None
        self._stop.set()
        self._thread.join()
        self._sample()
        out = {"driver": 0.0, "jvm": 0.0, "python_workers": 0.0}
        for (pid, role), v in self.last.items():
            out[role] += v - self.first.get((pid, role), 0.0)
        return {k: round(v, 2) for k, v in out.items()}


_LOOP = """
import sys, time
n, start = int(sys.argv[1]), float(sys.argv[2])
while time.time() < start:
    time.sleep(0.005)
t = time.perf_counter(); s = 0
for i in range(n):
    s += (i * i) % 7
print(time.perf_counter() - t)
"""


def _loops(copies: int, n: int) -> list[float]:
    """Seconds of ``copies`` pure-Python loops of ``n`` steps, each in its own process, all
    started at the same instant."""
    import subprocess

    start = str(time.time() + 0.3)  # after every interpreter has started
    procs = [subprocess.Popen([sys.executable, "-c", _LOOP, str(n), start], stdout=subprocess.PIPE, text=True)
             for _ in range(copies)]
    return [float(p.communicate()[0]) for p in procs]


def host_control(n: int = 6_000_000) -> dict:
    """The machine's own 1 -> 2 core speedup now: one loop alone, then two at once."""
    alone = _loops(1, n)[0]
    pair = max(_loops(2, n))
    return {"alone_s": round(alone, 2), "pair_s": round(pair, 2), "speedup": round(2 * alone / pair, 2)}


def single(path: Path) -> dict:
    from marsad.extract.pipeline import Pipeline
    from marsad.ingest.readers import ReadFailure, read_paths

    pipe = Pipeline()
    t0, c0, m0 = time.perf_counter(), time.process_time(), _machine_cpu()
    n = events = 0
    for doc in read_paths([path]):
        if isinstance(doc, ReadFailure):
            continue
        events += len(pipe(doc).events)
        n += 1
    cpu = time.process_time() - c0
    return {"documents": n, "events": events, "seconds": round(time.perf_counter() - t0, 2),
            "cpu_seconds": {"python": round(cpu, 2)}, "machine_cpu_seconds": machine_share(m0, cpu)}


def spark(path: Path, out: Path, cores: int, partitions: int | None) -> dict:
    from marsad.spark.job import run_extract, session

    t0 = time.perf_counter()
    s = session(f"local[{cores}]", f"marsad-bench-{cores}")
    startup = time.perf_counter() - t0
    try:
        sampler, m0 = CpuSampler(), _machine_cpu()
        stats = run_extract(str(path), str(out), spark=s, partitions=partitions or cores * 4)
        cpu = sampler.stop()
        machine = machine_share(m0, sum((cpu or {}).values()))
    finally:
        s.stop()
    r = {"documents": stats["documents"], "seconds": stats["seconds"], "startup_seconds": round(startup, 2)}
    if cpu:
        r["cpu_seconds"] = cpu
        r["machine_cpu_seconds"] = machine
    return r


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=20_000)
    ap.add_argument("--modes", default="single,local1,local2", help="comma-separated: single, local1, local2")
    ap.add_argument("--partitions", type=int, default=None, help="extraction partitions (default 4 per core)")
    ap.add_argument("--json", type=Path, default=None, help="also write the numbers here")
    args = ap.parse_args()

    from marsad.spark.corpus import write_jsonl

    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    res: dict = {"docs": args.docs, "cpus": os.cpu_count(), "python": platform.python_version(),
                 "load_average_before": os.getloadavg()}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_jsonl(Path(tmp) / "docs.jsonl", args.docs)
        print(f"corpus: {args.docs} documents from the bundled samples ({corpus.stat().st_size / 1e6:.1f} MB)")
        for mode in modes:
            control_before = host_control()
            if mode == "single":
                r = single(corpus)
            elif mode in ("local1", "local2"):
                r = spark(corpus, Path(tmp) / f"out-{mode}", int(mode[-1]), args.partitions)
            else:
                sys.exit(f"unknown mode {mode!r}")
            r["docs_per_s"] = round(r["documents"] / r["seconds"], 1)
            res[mode] = r
            r["load_average"] = os.getloadavg()
            r["host_control"] = {"before": control_before, "after": host_control()}
            r["host_speedup"] = round((control_before["speedup"] + r["host_control"]["after"]["speedup"]) / 2, 2)
            print(f"{mode:>7}: {r['documents']} documents in {r['seconds']:.1f} s = {r['docs_per_s']:.1f} docs/s"
                  + (f" (session start-up {r['startup_seconds']:.1f} s, not counted)" if "startup_seconds" in r else "")
                  + f"; load average {r['load_average'][0]:.1f}")
            if "cpu_seconds" in r:
                cpu = r["cpu_seconds"]
                print("         CPU s: " + ", ".join(f"{k} {v:.1f}" for k, v in cpu.items())
                      + f"; {1000 * sum(cpu.values()) / max(1, r['documents']):.1f} ms per document")
            if r.get("machine_cpu_seconds"):
                m = r["machine_cpu_seconds"]
                print(f"         machine CPU s: {m['busy']:.1f} busy, of which {m['others']:.1f} by other processes;"
                      f" {m['steal']:.1f} stolen by the hypervisor")
            hc = r["host_control"]
            print(f"         host control (pure-Python loop, 1 process vs 2 at once): {hc['before']['speedup']:.2f}x"
                  f" before, {hc['after']['speedup']:.2f}x after")
    if "local1" in res and "local2" in res:
        res["speedup_1_to_2"] = round(res["local1"]["seconds"] / res["local2"]["seconds"], 2)
        res["host_speedup_local1_local2"] = round((res["local1"]["host_speedup"] + res["local2"]["host_speedup"]) / 2, 2)
        print(f"speedup local[1] -> local[2]: {res['speedup_1_to_2']:.2f}x"
              f" (the host control in the same windows: {res['host_speedup_local1_local2']:.2f}x)")
    if "local1" in res and "single" in res:
        res["spark_overhead_ms_per_doc"] = round(
            1000 * (res["local1"]["seconds"] - res["single"]["seconds"]) / args.docs, 2)
        print(f"Spark overhead over one process, one core: {res['spark_overhead_ms_per_doc']:.2f} ms/document")
    res["load_average_after"] = os.getloadavg()
    print(f"load average before/after: {res['load_average_before']} / {res['load_average_after']}")
    if args.json:
        args.json.write_text(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
