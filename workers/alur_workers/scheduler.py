"""The scheduler process: the outbox relay, and periodic jobs sent as messages for the
workers to run. Several may run; the relay locks what it sends (SKIP LOCKED)."""

from __future__ import annotations

import logging
import signal
import threading
import time
from types import FrameType

from alur.core.logs import configure_logging
from alur_workers.actors import broker, heartbeat
from alur_workers.relay import start_relay

log = logging.getLogger("alur.scheduler")
INTERVAL_SECONDS = 15.0


def main() -> None:
    configure_logging()
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    relay = start_relay(broker, stop)
    log.info("scheduler started; outbox relay running; heartbeat every %.0fs", INTERVAL_SECONDS)
    while not stop.is_set():
        try:
            heartbeat.send(time.time())
        except Exception as exc:  # Redis away: the relay keeps trying, and so do we
            log.warning("heartbeat not sent: %s: %s", type(exc).__name__, exc)
        stop.wait(INTERVAL_SECONDS)
    relay.join(timeout=5)
    log.info("scheduler stopped")


if __name__ == "__main__":
    main()
