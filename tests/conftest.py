"""Shared fixtures: the three real reports shipped as examples."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cchc_docgen.core.disk_cache import ENV

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = {
    "000": ROOT / "data" / "so-tnmt-soc-trang" / "2023-nam.yaml",
    "004": ROOT / "data" / "so-tttt-soc-trang" / "2022-q3.yaml",
    "002": ROOT / "data" / "ubnd-cu-lao-dung" / "2023-q1.yaml",
}


@pytest.fixture(params=sorted(EXAMPLES), ids=lambda key: f"report-{key}")
def example(request: pytest.FixtureRequest) -> Path:
    """Each example report file in turn."""
    return EXAMPLES[request.param]


@pytest.fixture(autouse=True, scope="session")
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Runs of the tool (in-process and child processes) keep their disk cache in a folder of this
    test session, never in the user's own cache folder."""
    folder = tmp_path_factory.mktemp("cache")
    patch = pytest.MonkeyPatch()
    patch.setenv(ENV, str(folder))
    yield folder
    patch.undo()
