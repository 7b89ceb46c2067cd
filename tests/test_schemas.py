"""The JSON Schemas come from the model, match what is committed, and accept the sample."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from journeydocs.cli import main
from journeydocs.content.schema import json_schemas

ROOT = Path(__file__).resolve().parent.parent


def test_committed_schemas_match_the_model() -> None:
    for name, schema in json_schemas().items():
        committed = json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))
        assert committed == schema, f"schemas/{name} is out of date: run journeydocs schemas"


def test_schemas_check_command_detects_drift(tmp_path: Path) -> None:
    assert main(["schemas", str(tmp_path)]) == 0
    assert main(["schemas", "--check", str(tmp_path)]) == 0
    (tmp_path / "schemas" / "journey.schema.json").write_text("{}", encoding="utf-8")
    assert main(["schemas", "--check", str(tmp_path)]) == 1


class _Yaml12(yaml.SafeLoader):
    """What an editor's YAML 1.2 language server sees: no yes/no booleans, no dates."""


_Yaml12.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag not in ("tag:yaml.org,2002:bool",
                                                    "tag:yaml.org,2002:timestamp")]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Yaml12.add_implicit_resolver("tag:yaml.org,2002:bool",
                              re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))


@pytest.mark.parametrize("path", sorted((ROOT / "content" / "journeys").glob("*.yml")),
                         ids=lambda p: p.name)
def test_sample_journeys_validate_and_name_their_schema(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/journey.schema.json")
    schema = json.loads((ROOT / "schemas" / "journey.schema.json").read_text())
    data = yaml.load(text, Loader=_Yaml12)
    data = json.loads(json.dumps(data))  # YAML 1.2 core types only
    jsonschema.validate(data, schema)


def test_sample_owners_validate() -> None:
    text = (ROOT / "content" / "owners.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/owners.schema.json")
    schema = json.loads((ROOT / "schemas" / "owners.schema.json").read_text())
    jsonschema.validate(yaml.load(text, Loader=_Yaml12), schema)


def test_schema_rejects_a_near_miss_key() -> None:
    schema = json_schemas()["journey.schema.json"]
    bad = {"title": "T", "system": "marketing", "ownr": "x", "steps": []}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_vscode_maps_schemas() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text())
    assert "./schemas/journey.schema.json" in settings["yaml.schemas"]
