"""Static files ship hashed (cacheable for a year) and pre-compressed."""

from django.core.management import call_command


def test_collectstatic_writes_hashed_and_compressed_files(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    hashed = [p for p in (tmp_path / "css").iterdir() if p.name.startswith("site.")]
    names = {p.name for p in hashed}
    assert any(name.endswith(".css") and name.count(".") == 2 for name in names), names
    assert any(name.endswith(".css.br") for name in names), names
    assert any(name.endswith(".css.gz") for name in names), names
