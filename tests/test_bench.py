"""The benchmark's synthetic data (tools/bench.py) is valid content: `make bench` measures a module that
our own checks would accept, not one they would stop."""
from __future__ import annotations

import shutil

from helpers import ROOT
from macros.content import load_module
from tools.bench import scale_data


def test_scaled_data_is_valid_content_with_names_of_its_own(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    real = load_module(ROOT / "data")
    scale_data(data, 3)
    module = load_module(data)  # raises ContentError with every mistake
    assert len(module.lessen) == 3 * len(real.lessen)
    assert len(module.begrippen) == 3 * len(real.begrippen)
    assert len(module.casussen) == 3 * len(real.casussen)
    # Every term's name is its own, so glossary linking looks at as few candidates per word as in the real data.
    assert max(map(len, module.term_index.values())) == max(map(len, real.term_index.values()))
