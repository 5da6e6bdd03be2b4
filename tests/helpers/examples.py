"""How many examples a hypothesis test tries: all of them in `make test`, a sixth in the
inner loop (`make check` sets KB_QUICK_TESTS=1)."""

import os


def examples(n: int) -> int:
    return max(20, n // 6) if os.environ.get("KB_QUICK_TESTS") else n
