"""Helpers for tests of the one-line error messages."""

from collections.abc import Callable
from typing import Any

import pytest

from academy.errors import InputError


def error_message(call: Callable[..., Any], *args: Any, **kwargs: Any) -> str:
    """The message of the InputError that ``call(*args, **kwargs)`` raises, checked to be one line.

    The test fails if nothing, or another exception, is raised.
    """
    with pytest.raises(InputError) as caught:
        call(*args, **kwargs)
    message = str(caught.value)
    assert "\n" not in message, message
    return message
