"""Times on the wire: google.protobuf.Timestamp from an aware datetime, unset for none."""
import datetime

from google.protobuf.timestamp_pb2 import Timestamp


def timestamp(moment: datetime.datetime | None) -> Timestamp | None:
    if moment is None:
        return None
    stamp = Timestamp()
    stamp.FromDatetime(moment)
    return stamp
