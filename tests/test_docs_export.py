"""The data dictionary, the warehouse comments and the export all come from / match the marts."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from celebgraph.docs import DEFAULT_OUT, render_data_dictionary
from celebgraph.export import export_marts
from celebgraph.warehouse import load_models

ROOT = Path(__file__).resolve().parent.parent


def test_committed_data_dictionary_is_current() -> None:
    committed = (ROOT / DEFAULT_OUT).read_text()
    assert committed == render_data_dictionary(load_models(ROOT / "sql")), \
        "docs/data_dictionary.md is stale: run `.venv/bin/celebgraph docs` and commit it"


def test_dictionary_lists_every_mart_with_its_documented_columns() -> None:
    models = [m for m in load_models(ROOT / "sql") if m.name.startswith("marts.")]
    text = render_data_dictionary(models)
    for model in models:
        assert f"## {model.name}\n" in text
        for column, doc in model.column_docs.items():
            assert f"| `{column}` | {doc.replace('|', chr(92) + '|')} |" in text


def test_every_mart_and_column_carries_its_comment_in_the_warehouse(samples_warehouse: Path) -> None:
    docs = {m.name.split(".", 1)[1]: m for m in load_models(ROOT / "sql") if m.name.startswith("marts.")}
    with duckdb.connect(str(samples_warehouse), read_only=True) as con:
        tables = dict(con.execute("select table_name, comment from duckdb_tables() "
                                  "where schema_name = 'marts'").fetchall())
        columns = con.execute("select table_name, column_name, comment from duckdb_columns() "
                              "where schema_name = 'marts'").fetchall()
    assert set(tables) == set(docs)
    for table, comment in tables.items():
        assert comment == docs[table].grain
    undocumented = [(t, c) for t, c, comment in columns if not comment]
    assert undocumented == [], "add `-- column: text` lines to the model headers"
    for table, column, comment in columns:
        assert comment == docs[table].column_docs[column]
    # and no header documents a column the mart does not have
    present = {(t, c) for t, c, _ in columns}
    assert {(t, c) for t, m in docs.items() for c in m.column_docs} <= present


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export_writes_every_mart_with_all_rows_and_columns(samples_warehouse: Path, tmp_path: Path,
                                                           fmt: str) -> None:
    written = export_marts(samples_warehouse, tmp_path / "out", fmt)
    with duckdb.connect(str(samples_warehouse), read_only=True) as con:
        marts = [r[0] for r in con.execute("select table_name from duckdb_tables() where schema_name = 'marts' "
                                           "order by 1").fetchall()]
        assert [p.name for p in written] == [f"{t}.{fmt}" for t in marts]
        for table, path in zip(marts, written, strict=True):
            rows = con.execute(f"select count(*) from marts.{table}").fetchone()[0]
            cols = [r[0] for r in con.execute(f"describe marts.{table}").fetchall()]
            data = pq.read_table(path) if fmt == "parquet" else pacsv.read_csv(path)
            assert (data.num_rows, data.column_names) == (rows, cols), table
    assert not list((tmp_path / "out").glob("*.tmp"))


def test_export_refuses_unknown_format_and_missing_warehouse(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="parquet, csv"):
        export_marts(tmp_path / "x.duckdb", tmp_path, "xlsx")
    with pytest.raises(FileNotFoundError, match="celebgraph run"):
        export_marts(tmp_path / "missing.duckdb", tmp_path, "csv")


def test_cli_docs_check_export_and_report(samples_warehouse: Path, tmp_path: Path, capsys,  # noqa: ANN001
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from celebgraph.cli import main

    monkeypatch.chdir(ROOT)
    assert main(["docs", "--check"]) == 0
    stale = tmp_path / "dictionary.md"
    stale.write_text((ROOT / DEFAULT_OUT).read_text().replace("stable id", "an id"))
    assert main(["docs", "--check", "--out", str(stale)]) == 1
    assert "is out of date" in capsys.readouterr().err
    assert main(["docs", "--out", str(stale)]) == 0 and main(["docs", "--check", "--out", str(stale)]) == 0
    assert main(["export", "--format", "csv", "--out", str(tmp_path / "csv"), "--warehouse",
                 str(samples_warehouse)]) == 0
    assert (tmp_path / "csv" / "people.csv").is_file()
    assert main(["report", "--out", str(tmp_path / "report"), "--warehouse", str(samples_warehouse)]) == 0
    assert "wrote " in capsys.readouterr().out and (tmp_path / "report" / "index.html").is_file()
    assert main(["serve", "--cron", "every hour"]) == 1
    err = capsys.readouterr().err
    assert err == "celebgraph: error: invalid --cron 'every hour': give five fields like \"0 * * * *\" (hourly)\n"
