import pytest


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Drafts keep their original document in the media storage: the tests' copies go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
