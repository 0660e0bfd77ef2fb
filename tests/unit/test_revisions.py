"""The rule every whole-resource replace follows: a named revision must be the current one."""
import grpc
import pytest

from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.services.kernel.errors import Aborted
from eventcenter.services.kernel.revisions import REASON, expected_of, require_revision


def test_no_expected_revision_is_no_check():
    require_revision(None, 7)


def test_the_current_revision_passes():
    require_revision(7, 7)


@pytest.mark.parametrize("expected", [0, 6, 8])
def test_any_other_revision_is_refused_as_aborted_with_both_revisions(expected):
    with pytest.raises(Aborted) as caught:
        require_revision(expected, 7)
    assert caught.value.code == grpc.StatusCode.ABORTED and caught.value.reason == REASON == "REVISION_CHANGED"
    assert caught.value.params == {"expected_revision": expected, "current_revision": 7}
    assert "Nothing was saved" in caught.value.message("en") and str(expected) in caught.value.message("fr")


def test_expected_of_tells_an_unset_field_from_zero():
    assert expected_of(api.UpdateEventRequest()) is None
    assert expected_of(api.UpdateEventRequest(expected_revision=0)) == 0
    assert expected_of(api.SetOrganizersRequest(expected_revision=3)) == 3
