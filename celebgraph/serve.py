"""`celebgraph serve`: the flow as a scheduled Prefect deployment served from this process.

Each scheduled run reads whatever has landed since the last one (the flow skips files and records it
has seen). A deployment concurrency limit of 1 keeps two runs from overlapping: a run that comes due
while the previous one is still going is cancelled (`CANCEL_NEW`), the next one picks up its input.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from celebgraph.settings import Settings

if TYPE_CHECKING:
    from prefect.deployments.runner import RunnerDeployment

DEPLOYMENT_NAME = "celebgraph-scheduled"


def flow_parameters(settings: Settings) -> dict[str, object]:
    return {"input_dir": str(settings.input_dir.resolve()), "warehouse": str(settings.warehouse.resolve()),
            "model": settings.model, "batch_size": settings.batch_size, "n_process": settings.n_process,
            "article_time_budget": settings.article_time_budget}


def build_deployment(settings: Settings, cron: str | None = None, interval_seconds: float | None = None,
                     name: str = DEPLOYMENT_NAME) -> RunnerDeployment:
    """The RunnerDeployment `serve` runs: one schedule, at most one run at a time."""
    if (cron is None) == (interval_seconds is None):
        raise ValueError("give exactly one of --cron \"0 * * * *\" or --interval SECONDS")
    if interval_seconds is not None and interval_seconds <= 0:
        raise ValueError("--interval must be a positive number of seconds")
    if cron is not None:
        from prefect.client.schemas.schedules import CronSchedule

        try:
            CronSchedule(cron=cron)
        except ValueError:
            raise ValueError(f"invalid --cron {cron!r}: give five fields like \"0 * * * *\" (hourly)") from None
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy

    from flows.pipeline import celebgraph_run

    return celebgraph_run.to_deployment(
        name=name,
        cron=cron,
        interval=dt.timedelta(seconds=interval_seconds) if interval_seconds is not None else None,
        parameters=flow_parameters(settings),
        concurrency_limit=ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW),
        description="celebgraph ingestion: new articles in the landing folder -> the warehouse's marts",
        tags=["celebgraph"],
    )


def serve(settings: Settings, cron: str | None = None, interval_seconds: float | None = None,
          name: str = DEPLOYMENT_NAME) -> None:  # pragma: no cover - blocks until interrupted
    """Register the deployment with the Prefect API and run its scheduled runs until Ctrl-C."""
    from prefect import serve as prefect_serve

    prefect_serve(build_deployment(settings, cron, interval_seconds, name))
