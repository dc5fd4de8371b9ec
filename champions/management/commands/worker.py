import logging
import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connections

from champions import tasks

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "The worker: runs the queued tasks (mail, the dashboard's recount) and, every "
        "--every seconds, the periodic step that queues what campaigns owe. Run one or "
        "several (make run starts one; docs/deploy.md runs it under systemd)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=60, help="Seconds between steps.")
        parser.add_argument(
            "--batch", action="store_true", help="Run the step and every ready task once; exit."
        )

    def handle(self, *args, every, batch, **options):
        if batch:
            tasks.periodic_step()
            call_command("db_worker", batch=True, reload=False, startup_delay=False)
            return
        stop = threading.Event()

        def periodic():
            while not stop.wait(every):
                try:
                    close_old_connections()
                    tasks.periodic_step()
                except Exception:  # logged; the next step tries again
                    log.exception("The periodic step failed; it runs again in %s s.", every)
                finally:
                    connections.close_all()

        thread = threading.Thread(target=periodic, name="periodic-step", daemon=True)
        thread.start()
        try:
            call_command("db_worker", reload=False, interval=1)
        finally:
            stop.set()
