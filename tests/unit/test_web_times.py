"""Event times on pages: online and hybrid in the viewer's zone, in person in the event's."""
import datetime

from google.protobuf.timestamp_pb2 import Timestamp

from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.gateway.web.times import shown_times, viewer_zone


def _event(participation: int) -> pb.Event:
    start, end = Timestamp(), Timestamp()
    start.FromDatetime(datetime.datetime(2030, 2, 20, 19, 0))  # 20:00 in Paris
    end.FromDatetime(datetime.datetime(2030, 2, 20, 21, 0))
    return pb.Event(timezone="Europe/Paris", participation_options=participation, start_time=start, end_time=end)


def test_in_person_events_show_the_events_own_time():
    shown = shown_times(_event(pb.PARTICIPATION_OPTIONS_IN_PERSON), "Asia/Tokyo", "en")
    assert shown.zone == "Europe/Paris" and shown.start == "Wed, Feb 20, 2030 8:00\u202fPM"


def test_online_and_hybrid_events_show_the_viewers_time():
    for participation in (pb.PARTICIPATION_OPTIONS_ONLINE, pb.PARTICIPATION_OPTIONS_ONLINE_AND_IN_PERSON):
        shown = shown_times(_event(participation), "Asia/Tokyo", "fr")
        assert shown.zone == "Asia/Tokyo" and shown.start == "jeu. 21 févr. 2030 04:00"


def test_an_unknown_viewer_zone_falls_back_to_utc():
    assert viewer_zone("Mars/Olympus") == "UTC" and viewer_zone(None) == "UTC"
    assert viewer_zone("America/Lima") == "America/Lima" and viewer_zone("Europe%2FParis") == "Europe/Paris"
