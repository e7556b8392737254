import pytest

from tests.recall.chain import build_chain


@pytest.fixture
def chain(db):
    return build_chain()
