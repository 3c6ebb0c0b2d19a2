"""The three Celery tasks: run a recorded job, call a declared background function, run
a periodic job once per period."""

from __future__ import annotations

from importlib import import_module

from ankommen.jobs.engine import app
from ankommen.jobs.registry import BACKGROUND_FUNCTIONS


@app.task(name="ankommen.jobs.run")
def run(job_id: int) -> None:
    from ankommen.jobs.runner import run_job

    run_job(job_id)


@app.task(name="ankommen.jobs.call")
def call(path: str, args: list) -> None:
    function = BACKGROUND_FUNCTIONS.get(path)
    if function is None and path.startswith("ankommen."):
        # Its module declares it when imported.
        import_module(path.rpartition(".")[0])
        function = BACKGROUND_FUNCTIONS.get(path)
    if function is None:
        raise ValueError(f"{path} is not declared with @background_function")
    function(*args)


@app.task(name="ankommen.jobs.periodic")
def periodic(name: str) -> None:
    from ankommen.jobs.periodic import run_periodic

    run_periodic(name)
