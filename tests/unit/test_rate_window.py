"""The gateway's write limit: a one-minute sliding window counter per key."""
from eventcenter.services.gateway.rate_limits import SlidingWindow


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_hits_within_the_limit_pass_and_the_next_is_refused_until_the_window_moves():
    clock = Clock(600.0)  # the start of a minute
    window = SlidingWindow(3, clock=clock)
    assert [window.hit("a") for _ in range(3)] == [None, None, None]
    assert window.hit("a") == 60.0
    assert window.hit("b") is None  # keys are counted apart


def test_last_minutes_hits_weigh_by_how_much_of_it_the_window_still_covers():
    clock = Clock(600.0)
    window = SlidingWindow(4, clock=clock)
    for _ in range(4):
        assert window.hit("a") is None
    clock.now = 660.0 + 15  # a quarter into the next minute: last minute's 4 count as 3
    assert window.hit("a") is None
    wait = window.hit("a")  # 3 + 1 + 1 > 4: room once last minute weighs 2 (half-way)
    assert wait == 15.0
    clock.now += wait
    assert window.hit("a") is None


def test_a_refused_hit_is_not_counted_and_a_quiet_key_is_forgotten():
    clock = Clock(600.0)
    window = SlidingWindow(1, clock=clock)
    assert window.hit("a") is None
    assert window.hit("a") is not None
    assert window.current == {"a": 1}
    clock.now = 600.0 + 180  # two minutes later: nothing of the old minutes is kept
    assert window.hit("b") is None
    assert window.previous == {} and window.current == {"b": 1}
