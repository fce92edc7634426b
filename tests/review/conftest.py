"""The rule checks' own tests run on the rules alone; the learned layer has tests of its own.

``test_checks_*`` (one module per guideline's rules), the rewrite's and the courtesy markers' tests
assert what the lexicon and the rules do with a phrase. Over them the learned layer (which reads
the rules' results among its features) decides the final verdicts; its behaviour is tested in
``test_learned.py`` and measured on the corpus, not pinned phrase by phrase.
"""

from __future__ import annotations

import pytest

RULE_MODULES = ("test_checks_", "test_rewrite", "test_courtesy")


@pytest.fixture(autouse=True)
def rules_alone(request):
    if not request.module.__name__.rsplit(".", 1)[-1].startswith(RULE_MODULES):
        yield
        return
    from bot.review.learned.model import using_model

    with using_model(None):
        yield
