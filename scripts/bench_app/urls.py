from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    """Every middleware, no database, no template: the ceiling of a Django view here."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare", bare), path("", include("config.urls"))]
