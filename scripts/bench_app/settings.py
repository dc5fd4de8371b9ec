"""The production settings, plus one bare Django view for `make bench` to compare with."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "scripts.bench_app.urls"
