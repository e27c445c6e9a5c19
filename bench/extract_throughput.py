#!/usr/bin/env python
"""Extraction throughput on one core.

Builds a synthetic corpus (default 2,000 documents) by recombining paragraphs of the bundled
sample reports with a fixed random seed, then measures, in this single process:

  (a) the full pipeline, ``marsad.extract.pipeline.Pipeline()``, over every document:
      documents/s and sentences/s (sentences counted with ``marsad.text.sentence_spans``);
  (b) spaCy's blank English tokenizer + rule-based sentencizer alone over the same texts, as a
      floor for "just reading the text" (install with ``pip install -e .[bench]``);

and prints both throughputs, their ratio, and the start-up time of a fresh interpreter running
``import marsad; Pipeline()``.

    python bench/extract_throughput.py                 # 2,000 docs, seed 13
    python bench/extract_throughput.py --docs 500 --json out.json
    python bench/extract_throughput.py --no-spacy
    python bench/extract_throughput.py --parser        # also the pipeline with the dependency parse, same run
    python bench/extract_throughput.py --profile       # also: where the time goes, per stage

``--profile`` runs the pipeline a second time (after the throughput measurement, so it does not
perturb it) with a timer around each stage function and prints seconds, share and microseconds
per sentence for: sentences (``marsad.text.sentence_spans``), actors (tokenize + find_actors),
places, dates, events, claims, relations, and "other" (the rest of ``Pipeline.__call__``:
filtering, collecting, building the report). ``--cprofile PATH`` also writes a cProfile dump of
that second pass and prints its top functions.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import time
from pathlib import Path

# one core: no helper threads in numeric libraries, and the process pinned to one CPU
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

REPO = Path(__file__).resolve().parent.parent


def pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        try:
            cpu = min(os.sched_getaffinity(0))
            os.sched_setaffinity(0, {cpu})
            return f"pinned to CPU {cpu}"
        except OSError:
            pass
    return "not pinned (no sched_setaffinity); single process, single thread"


def source_documents(corpus: str | None) -> tuple[str, list[dict]]:
    """(description, [{text, published}, ...]) from --corpus, the bundled samples, or the dev set."""
    candidates: list[Path] = []
    if corpus:
        candidates.append(Path(corpus))
    else:
        import marsad

        candidates.append(Path(marsad.__file__).parent / "data" / "samples")
        env = os.environ.get("MARSAD_DEV_CORPUS")
        if env:
            candidates.append(Path(env))
        candidates.append(REPO.parent / "shared" / "corpus" / "dev")
    for folder in candidates:
        files = sorted(folder.glob("*.json")) if folder.is_dir() else []
        docs = []
        for f in files:
            try:
                obj = json.loads(f.read_text(encoding="utf-8"))
            except ValueError:
                continue
            if isinstance(obj, dict) and isinstance(obj.get("text"), str) and obj["text"].strip():
                docs.append({"text": obj["text"], "published": obj.get("published")})
        if docs:
            return f"{folder} ({len(docs)} documents)", docs
    raise SystemExit("no source documents found: pass --corpus DIR with *.json documents")


def build_corpus(sources: list[dict], n: int, seed: int):
    """``n`` documents, each 3-7 paragraphs drawn from the sources, dated like one of them."""
    from marsad.model import Document

    rng = random.Random(seed)
    paragraphs = [p.strip() for d in sources for p in d["text"].split("\n\n") if p.strip()]
    dates = [d["published"] for d in sources if d.get("published")] or [None]
    docs = []
    for i in range(n):
        k = rng.randint(3, 7)
        text = "\n\n".join(rng.choice(paragraphs) for _ in range(k))
        docs.append(Document(id=f"bench-{i:05d}", text=text, published=rng.choice(dates)))
    return docs


def load_pipeline():
    try:
        from marsad.extract.pipeline import Pipeline
    except ImportError as exc:
        raise SystemExit(
            "marsad.extract.pipeline is not available yet "
            f"({exc}); this benchmark needs the extraction pipeline (Pipeline class)."
        ) from None
    return Pipeline


def clear_document_caches() -> None:
    """Forget per-document results kept between calls (the date scan, sentence spans), so that a
    timed pass does not reuse work done for the same texts in the warm-up or an earlier pass."""
    import importlib

    for modname, attr, how in (("marsad.extract.dates", "_scan", "cache_clear"),
                               ("marsad.text", "_SPANS_CACHE", "clear")):
        try:
            obj = getattr(importlib.import_module(modname), attr)
        except (ImportError, AttributeError):
            continue
        fn = getattr(obj, how, None)
        if fn is not None:
            fn()


def bench_pipeline(docs, n_sentences: int, parser: bool = False) -> dict:
    Pipeline = load_pipeline()
    t0 = time.perf_counter()
    pipe = Pipeline(parser=True) if parser else Pipeline()
    build_s = time.perf_counter() - t0
    for d in docs[:5]:  # warm caches the way a long run would
        pipe(d)
    clear_document_caches()
    n_events = n_claims = 0
    t0 = time.perf_counter()
    for d in docs:
        r = pipe(d)
        n_events += len(r.events)
        n_claims += len(r.claims)
    wall = time.perf_counter() - t0
    return {
        "seconds": round(wall, 3),
        "docs_per_s": round(len(docs) / wall, 1),
        "sentences_per_s": round(n_sentences / wall, 1),
        "pipeline_build_s": round(build_s, 3),
        "events": n_events,
        "claims": n_claims,
    }


def bench_spacy(texts) -> dict | None:
    try:
        import spacy
    except ImportError:
        return None
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    list(nlp.pipe(texts[:5]))
    n_sents = 0
    t0 = time.perf_counter()
    for doc in nlp.pipe(texts, batch_size=64):
        n_sents += sum(1 for _ in doc.sents)
    wall = time.perf_counter() - t0
    return {
        "seconds": round(wall, 3),
        "docs_per_s": round(len(texts) / wall, 1),
        "sentences_per_s": round(n_sents / wall, 1),
        "sentences": n_sents,
        "version": spacy.__version__,
    }


# (label, module, attribute) of the stage functions the pipeline looks up at call time
STAGES = [
    ("sentences", "marsad.text", "sentence_spans"),
    ("actors", "marsad.extract.actors", "tokenize"),
    ("actors", "marsad.extract.actors", "find_actors"),
    ("places", "marsad.extract.places", "find_places"),
    ("places", "marsad.extract.places", "collect_places"),
    ("dates", "marsad.extract.dates", "find_dates"),
    ("events", "marsad.extract.events", "find_events"),
    ("events", "marsad.extract.events", "targets_by_membership"),
    ("claims", "marsad.extract.claims", "find_claims"),
    ("relations", "marsad.extract.relations", "find_relations"),
    ("actors", "marsad.extract.actors", "collect_actors"),
]
STAGE_ORDER = ["sentences", "actors", "places", "dates", "events", "claims", "relations", "other"]


def bench_stages(docs, n_sentences: int, cprofile_path: str | None = None) -> dict:
    """Per-stage time over one more pass of the pipeline, with a timer around each stage function.

    The wrappers replace the module attributes that ``Pipeline.__call__`` reads, so only the
    pipeline's own calls are timed (a stage calling another module's function through its own
    import, e.g. claims reading the cached date scan, counts towards the caller). Nested timed
    calls count once, towards the outermost stage."""
    import importlib

    Pipeline = load_pipeline()
    pipe = Pipeline()
    totals: dict[str, float] = {k: 0.0 for k in STAGE_ORDER}
    depth = [0]
    clock = time.perf_counter

    def wrap(label, fn):
        def timed(*a, **kw):
            if depth[0]:
                return fn(*a, **kw)
            depth[0] += 1
            t0 = clock()
            try:
                return fn(*a, **kw)
            finally:
                totals[label] += clock() - t0
                depth[0] -= 1
        return timed

    saved = []
    for label, modname, attr in STAGES:
        mod = importlib.import_module(modname)
        fn = getattr(mod, attr, None)
        if fn is None:
            continue
        saved.append((mod, attr, fn))
        setattr(mod, attr, wrap(label, fn))
    prof = None
    try:
        for d in docs[:5]:
            pipe(d)
        for k in totals:
            totals[k] = 0.0
        clear_document_caches()
        if cprofile_path:
            import cProfile

            prof = cProfile.Profile()
            prof.enable()
        t0 = clock()
        for d in docs:
            pipe(d)
        wall = clock() - t0
        if prof is not None:
            prof.disable()
    finally:
        for mod, attr, fn in saved:
            setattr(mod, attr, fn)
    totals["other"] = max(0.0, wall - sum(v for k, v in totals.items() if k != "other"))
    out = {"seconds": round(wall, 3), "stages": {}}
    for k in STAGE_ORDER:
        out["stages"][k] = {"seconds": round(totals[k], 3), "share": round(totals[k] / wall, 4),
                            "us_per_sentence": round(1e6 * totals[k] / max(1, n_sentences), 1)}
    if prof is not None:
        import pstats

        prof.dump_stats(cprofile_path)
        out["cprofile"] = cprofile_path
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)
    return out


STARTUP = (
    "import time; t = time.perf_counter(); import marsad; "
    "from marsad.extract.pipeline import Pipeline; Pipeline(); "
    "print(time.perf_counter() - t)"
)


def bench_startup(repeats: int = 3) -> dict:
    inner, outer = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", STARTUP], capture_output=True, text=True,
                             cwd=REPO)
        outer.append(time.perf_counter() - t0)
        if out.returncode != 0:
            raise SystemExit(f"start-up run failed: {out.stderr.strip().splitlines()[-1:]}")
        inner.append(float(out.stdout.strip().splitlines()[-1]))
    return {"import_and_build_s": round(min(inner), 3),
            "process_wall_s": round(min(outer), 3), "repeats": repeats}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=2000, help="documents to build (default 2000)")
    ap.add_argument("--seed", type=int, default=13, help="random seed (default 13)")
    ap.add_argument("--corpus", help="folder of *.json documents to recombine (default: samples)")
    ap.add_argument("--json", metavar="PATH", help="also write the numbers to PATH as JSON")
    ap.add_argument("--no-spacy", action="store_true", help="skip the spaCy baseline")
    ap.add_argument("--no-startup", action="store_true", help="skip the start-up measurement")
    ap.add_argument("--parser", action="store_true",
                    help="also measure Pipeline(parser=True) (extra 'parser') after the default pipeline")
    ap.add_argument("--profile", action="store_true",
                    help="also time each pipeline stage (a second, instrumented pass)")
    ap.add_argument("--cprofile", metavar="PATH",
                    help="with --profile: write a cProfile dump of the instrumented pass to PATH")
    args = ap.parse_args(argv)

    load_pipeline()  # fail early with a clear message
    from marsad.text import sentence_spans

    pinned = pin_one_core()
    source, sources = source_documents(args.corpus)
    docs = build_corpus(sources, args.docs, args.seed)
    texts = [d.text for d in docs]
    n_sentences = sum(len(sentence_spans(t)) for t in texts)
    n_chars = sum(len(t) for t in texts)
    print(f"corpus: {len(docs)} documents, {n_sentences} sentences, {n_chars} characters "
          f"(seed {args.seed}) from {source}")
    print(f"cpu: {pinned}; python {platform.python_version()} on {platform.machine()}")

    result: dict = {"documents": len(docs), "sentences": n_sentences, "characters": n_chars,
                    "seed": args.seed, "source": source, "python": platform.python_version()}
    pipe = bench_pipeline(docs, n_sentences)
    result["pipeline"] = pipe
    print(f"(a) marsad pipeline : {pipe['docs_per_s']:>9.1f} docs/s  {pipe['sentences_per_s']:>10.1f} "
          f"sentences/s  ({pipe['seconds']} s; {pipe['events']} events, {pipe['claims']} claims)")
    if args.parser:
        pp = bench_pipeline(docs, n_sentences, parser=True)
        result["pipeline_parser"] = pp
        result["ratio_parser_to_default"] = round(pp["sentences_per_s"] / pipe["sentences_per_s"], 4)
        print(f"(a') with --parser  : {pp['docs_per_s']:>9.1f} docs/s  {pp['sentences_per_s']:>10.1f} "
              f"sentences/s  ({pp['seconds']} s; {pp['events']} events; "
              f"{result['ratio_parser_to_default']:.3f} of the default rate)")
    if args.profile or args.cprofile:
        st = bench_stages(docs, n_sentences, args.cprofile)
        result["stages"] = st
        print(f"per stage (instrumented pass, {st['seconds']} s):")
        for k in STAGE_ORDER:
            v = st["stages"][k]
            print(f"  {k:<10} {v['seconds']:>7.3f} s  {100 * v['share']:>5.1f} %  "
                  f"{v['us_per_sentence']:>7.1f} us/sentence")
    if not args.no_spacy:
        sp = bench_spacy(texts)
        if sp is None:
            print("(b) spaCy baseline  : skipped (spaCy not installed; pip install -e '.[bench]')")
        else:
            result["spacy"] = sp
            ratio = pipe["docs_per_s"] / sp["docs_per_s"]
            result["ratio_pipeline_to_spacy"] = round(ratio, 4)
            print(f"(b) spaCy blank+sent: {sp['docs_per_s']:>9.1f} docs/s  {sp['sentences_per_s']:>10.1f} "
                  f"sentences/s  ({sp['seconds']} s; spaCy {sp['version']})")
            print(f"ratio pipeline/spaCy: {ratio:.3f} (spaCy is {1 / ratio:.1f}x faster)"
                  if ratio < 1 else f"ratio pipeline/spaCy: {ratio:.3f}")
    if not args.no_startup:
        st = bench_startup()
        result["startup"] = st
        print(f"start-up: import marsad + Pipeline() {st['import_and_build_s']} s; "
              f"whole fresh process {st['process_wall_s']} s (best of {st['repeats']})")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
