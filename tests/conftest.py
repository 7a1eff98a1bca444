"""Shared fixtures. Prefect settings are set before prefect is imported anywhere."""

from __future__ import annotations

import os

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
os.environ.setdefault("PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield


@pytest.fixture(scope="session")
def nlp():  # noqa: ANN201 - spaCy Language
    from transforms.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def shared_samples() -> Path:
    path = SHARED / "samples"
    if not path.is_dir():
        pytest.skip("../shared/samples is not beside the checkout")
    return path


@pytest.fixture(scope="session")
def samples_warehouse(prefect_harness, tmp_path_factory) -> Path:  # noqa: ANN001
    """A warehouse built by the real flow from ../shared/samples/articles (the bundled samples without it)."""
    from flows.pipeline import celebgraph_run

    articles = SHARED / "samples" / "articles"
    if not articles.is_dir():
        articles = ROOT / "samples" / "articles"
    warehouse = tmp_path_factory.mktemp("samples_wh") / "samples.duckdb"
    result = celebgraph_run(input_dir=str(articles), warehouse=str(warehouse))
    assert result["status"] == "succeeded", result
    return warehouse


@pytest.fixture(scope="session")
def bundled_warehouse(prefect_harness, tmp_path_factory) -> Path:  # noqa: ANN001
    """What `make run` builds on a user's machine: the flow over the bundled samples, with its defaults."""
    from flows.pipeline import celebgraph_run

    warehouse = tmp_path_factory.mktemp("bundled_wh") / "celebgraph.duckdb"
    result = celebgraph_run(input_dir=str(ROOT / "samples" / "articles"), warehouse=str(warehouse))
    assert result["status"] == "succeeded", result
    return warehouse
