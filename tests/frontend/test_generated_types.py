"""A strict TypeScript frontend compiles against the types generated from the OpenAPI document:
openapi-typescript turns `GET /api/v2/schema/` into `generated/api.d.ts`, and `tsc --strict`
checks `src/sample.ts`, which narrows pages items by their top-level `type` and relies on the
required fields of the listings of one type, with no hand-written type guards. The packages are
pinned by package-lock.json and installed from the npm registry by `npm ci`."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from cluster.api.schema import build_document
from cms.api import api_router

FRONTEND = Path(__file__).resolve().parent
GENERATED = FRONTEND / "generated"


def run(*command):
    result = subprocess.run(
        command, cwd=FRONTEND, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def node_packages():
    assert shutil.which("npm"), "Node.js and npm are needed for the generated-types test"
    run("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline")


@pytest.fixture(scope="module")
def generated_types(node_packages):
    """generated/api.d.ts, from the document `GET /api/v2/schema/` serves."""
    GENERATED.mkdir(exist_ok=True)
    schema = GENERATED / "schema.json"
    schema.write_text(json.dumps(build_document(api_router), ensure_ascii=False, indent=1))
    run("npx", "--no-install", "openapi-typescript", str(schema), "-o", str(GENERATED / "api.d.ts"))
    return (GENERATED / "api.d.ts").read_text()


def test_the_sample_frontend_compiles_under_strict_typescript(generated_types):
    run("npx", "--no-install", "tsc", "--project", ".")


def test_page_items_carry_their_type_as_a_literal_discriminator(generated_types):
    assert 'type: "cluster.CityPage";' in generated_types


def test_a_pages_item_does_not_narrow_without_its_type(generated_types):
    """The check is real: code that reads a city's field from an unnarrowed item fails."""
    wrong = FRONTEND / "src" / "wrong_for_the_test.ts"
    wrong.write_text(
        'import type { paths } from "../generated/api";\n'
        'type Item = paths["/api/v2/pages/"]["get"]["responses"][200]'
        '["content"]["application/json"]["items"][number];\n'
        "export const country = (item: Item): string => item.country;\n"
    )
    try:
        result = subprocess.run(
            ["npx", "--no-install", "tsc", "--project", "."],
            cwd=FRONTEND,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    finally:
        wrong.unlink()
    assert result.returncode != 0
    assert "wrong_for_the_test.ts" in result.stdout and "country" in result.stdout
