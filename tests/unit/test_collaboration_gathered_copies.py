"""A batch's copies of one event, gathered into the one write that applying each in turn would have left."""
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.collaboration.adapters.projection import values_of
from eventcenter.services.collaboration.domain.event_copies import newest


def _copy(revision: int, name: str, counts_revision: int, registered: int) -> pb.Event:
    return pb.Event(id=7, revision=revision, name=name, timezone="UTC",
                    counts=pb.ParticipantCounts(registered=registered, revision=counts_revision))


def test_the_newest_event_and_the_newest_counts_win_whatever_the_order():
    copies = [_copy(3, "Old name", 10, 4), _copy(4, "New name", 11, 5), _copy(3, "Old name", 12, 6)]
    for order in (copies, copies[::-1], [copies[1], copies[0], copies[2]]):
        gathered = None
        for copy in order:
            gathered = newest(gathered, values_of(copy))
        assert (gathered["name"], gathered["revision"]) == ("New name", 4)
        assert (gathered["registered"], gathered["counts_revision"]) == (6, 12)


def test_a_lone_copy_is_written_as_it_is():
    gathered = newest(None, values_of(_copy(2, "Edit-a-thon", 5, 1)))
    assert (gathered["id"], gathered["name"], gathered["registered"], gathered["counts_revision"]) == (
        7, "Edit-a-thon", 1, 5)
