"""The runnable examples in the kernels' docstrings run and hold."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import cosec.analytics.kernels as kernels


def _modules() -> list[str]:
    return [m.name for m in pkgutil.iter_modules(kernels.__path__, kernels.__name__ + ".")]


@pytest.mark.parametrize("name", _modules())
def test_kernel_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0, f"{name} has no runnable example"
    assert result.failed == 0
