"""A Dask task runner for the extraction step: a local cluster of worker processes, or a given scheduler.

Only the extraction chunks are submitted to the runner; every other task runs in the flow's process.
Workers report their task runs to the flow's Prefect API (its temporary server when none is configured),
so they do not each start a temporary server of their own.
"""

from __future__ import annotations

import logging
from typing import Any

import dask
from distributed import LocalCluster
from prefect_dask import DaskTaskRunner

log = logging.getLogger(__name__)


def prefect_api_url() -> str:
    """The Prefect API this process reports to, starting the temporary server if none is configured."""
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL

    configured = PREFECT_API_URL.value()
    if configured:
        return str(configured)
    with get_client(sync_client=True) as client:
        return str(client.api_url).rstrip("/")


def local_cluster(n_workers: int, **kwargs: Any) -> LocalCluster:
    """`n_workers` single-threaded worker processes (spaCy holds the GIL: threads would not help)."""
    env = {"PREFECT_API_URL": prefect_api_url()}
    logging.getLogger("distributed").setLevel(logging.WARNING)  # the scheduler runs in this process
    # the nanny's default MALLOC_TRIM_THRESHOLD_ makes spaCy's many small allocations slow
    with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
                          "logging.distributed": "warning"}):
        return LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None,
                            silence_logs=logging.WARNING, env=env, **kwargs)


def dask_task_runner(workers: int, address: str | None = None) -> DaskTaskRunner:
    """The scheduler at `address` when given (its workers need PREFECT_API_URL and the project installed),
    else a local cluster of `workers` processes started and stopped with the flow run."""
    if address:
        return DaskTaskRunner(address=address)
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    return DaskTaskRunner(cluster_class=local_cluster, cluster_kwargs={"n_workers": workers})
