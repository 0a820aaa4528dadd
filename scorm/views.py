"""
The three doors a SCORM launcher uses, all under ``/scorm/``.

* ``token/`` (GET, JSON, any origin): package key + LMS learner id and name -> a launch token
  with the launch and status addresses. The LMS's origin is unknown, so any origin may ask;
  the answer carries only what the caller sent and the token.
* ``launch/?token=`` (GET shows what will happen, POST signs in): the learner's account is made
  or found and signed in, for that module only (:mod:`scorm.middleware`).
* ``status/?token=`` (GET, JSON, any origin): completion, pass/fail and score for that token,
  nothing personal.

A bad, expired or tampered key or token: a clear message, 4xx, nothing written.
"""

from django.contrib.auth import login
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from scorm import services
from scorm.middleware import SCOPE_SESSION_KEY
from scorm.tokens import BadToken, make_launch_token, read_launch_token, read_package_key

BACKEND = "elearning.permissions.ModelBackend"


def _json(data, status=200):
    response = JsonResponse(data, status=status)
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_GET
def token(request):
    try:
        dispatch = read_package_key(request.GET.get("package", ""))
        launch_token = make_launch_token(
            dispatch, learner_id=request.GET.get("learner", ""), name=request.GET.get("name", "")
        )
    except BadToken as error:
        return _json({"error": str(error)}, status=400)
    return _json(
        {
            "token": launch_token,
            "launch_url": request.build_absolute_uri(reverse("scorm_launch"))
            + f"?token={launch_token}",
            "status_url": request.build_absolute_uri(reverse("scorm_status"))
            + f"?token={launch_token}",
        }
    )


@never_cache
@require_GET
def status(request):
    try:
        claims = read_launch_token(request.GET.get("token", ""))
    except BadToken as error:
        return _json({"error": str(error)}, status=400)
    return _json(services.learner_status(claims))


@never_cache
@require_http_methods(["GET", "POST"])
def launch(request):
    launch_token = request.POST.get("token") or request.GET.get("token", "")
    try:
        claims = read_launch_token(launch_token)
    except BadToken as error:
        return render(request, "scorm/launch_refused.html", {"message": str(error)}, status=400)
    module = claims.dispatch.module.specific
    if request.method == "GET":
        return render(
            request,
            "scorm/launch.html",
            {"module": module, "claims": claims, "token": launch_token},
        )
    user = services.find_or_create_learner(claims)
    login(request, user, backend=BACKEND)
    request.session[SCOPE_SESSION_KEY] = module.url
    return redirect(module.url)
