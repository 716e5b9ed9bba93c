"""The docs a user needs live in the repository, its links work in a fresh clone, and the
tree has the shape docs/architecture.md draws."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_DOCS = ROOT.parent / "shared" / "docs"
LINK = re.compile(r"\]\(([^)#\s]+)")


def _links(markdown: Path) -> list[str]:
    return [target for target in LINK.findall(markdown.read_text())
            if not re.match(r"[a-z]+:", target)]


@pytest.mark.parametrize("doc", ["README.md", "docs/architecture.md", "docs/transcripts.md"])
def test_relative_links_stay_inside_the_repository_and_resolve(doc):
    page = ROOT / doc
    for target in _links(page):
        resolved = (page.parent / target).resolve()
        assert resolved.is_relative_to(ROOT), f"{doc} links outside the repository: {target}"
        assert resolved.exists(), f"{doc} links to a missing file: {target}"


@pytest.mark.parametrize("name", ["architecture.md", "transcripts.md"])
def test_docs_are_in_step_with_the_teams_copy(name):
    shared = SHARED_DOCS / name
    if not shared.exists():
        pytest.skip("no ../shared/docs beside this clone")
    assert (ROOT / "docs" / name).read_text() == shared.read_text(), \
        f"docs/{name} differs from ../shared/docs/{name}: copy the team's version in"


def _architecture_paths() -> set[str]:
    table = (ROOT / "docs" / "architecture.md").read_text()
    return {path.rstrip("/") for path in re.findall(r"^\| `(smsbot/[^`]+)`", table, re.M)}


def _planned() -> str:
    readme = (ROOT / "README.md").read_text()
    return readme[readme.index("Not built yet"):].split("\n\n")[0]


def test_every_package_in_the_architecture_exists_or_is_listed_as_planned():
    for path in _architecture_paths():
        if not (ROOT / path).exists():
            assert f"`{path}" in _planned(), f"{path} is neither in the tree nor planned in the README"


def test_every_package_in_the_tree_is_in_the_architecture():
    drawn = _architecture_paths()
    for package in sorted((ROOT / "smsbot").iterdir()):
        if package.is_dir() and (package / "__init__.py").exists():
            assert f"smsbot/{package.name}" in drawn, f"smsbot/{package.name} is not in docs/architecture.md"
