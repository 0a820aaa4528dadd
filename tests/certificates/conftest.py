import pytest

from tests.certificates.helpers import complete_module


@pytest.fixture
def certificate(volunteer, general_module, django_capture_on_commit_callbacks):
    """The volunteer's certificate for the general module (12 months' validity)."""
    with django_capture_on_commit_callbacks(execute=True):
        return complete_module(volunteer, general_module)
