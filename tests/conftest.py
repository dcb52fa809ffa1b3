"""Shared fixtures: the three real reports shipped as examples."""

from __future__ import annotations

from pathlib import Path

import pytest

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
