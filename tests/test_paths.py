"""How files are named to the user: relative to where they work, absolute when outside."""

from __future__ import annotations

from pathlib import Path

import pytest

from privacy_as_code.paths import display_path


@pytest.mark.parametrize(("written", "shown"), [
    ("records/statement.yaml", "records/statement.yaml"),
    ("./records/../records/statement.yaml", "records/statement.yaml"),
    (".", "."),
    ("{cwd}/records/x.yaml", "records/x.yaml"),
    ("{cwd}", "."),
    ("../outside/ropa.xlsx", "{parent}/outside/ropa.xlsx"),
    ("{parent}/outside/ropa.xlsx", "{parent}/outside/ropa.xlsx"),
    ("/", "/"),
])
def test_a_path_is_shown_relative_inside_the_working_directory_and_absolute_outside(
        written: str, shown: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cwd = tmp_path / "project"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    fill = {"cwd": str(cwd), "parent": str(tmp_path)}
    assert display_path(Path(written.format(**fill))) == shown.format(**fill)
    assert display_path(written.format(**fill)) == shown.format(**fill)
