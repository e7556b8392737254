"""Inbox pages (/inbox/): the notifications of a business or of a district's regulators, and webhooks."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from foodtrace.notify import selectors, services
from foodtrace.notify.models import Notification, WebhookEndpoint

PAGE_SIZE = 50


class EndpointForm(forms.Form):
    url = forms.CharField(label=gettext_lazy("URL that receives the POSTs"), max_length=500,
                          widget=forms.TextInput(attrs={"placeholder": "https://erp.example.cn/foodtrace/webhook"}))
    description = forms.CharField(label=gettext_lazy("Description (optional)"), max_length=100, required=False)


def _back(request, default: str):
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return redirect(target)
    return redirect(default)


@login_required
def inbox_page(request):
    notifications = selectors.inbox(request.user)
    unread_only = request.GET.get("unread") == "1"
    unread_count = notifications.filter(read_at__isnull=True).count()
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notify/inbox.html", {
        "page": page, "unread_only": unread_only, "unread_count": unread_count,
        "may_register_webhooks": request.user.business_id is not None,
    })


@login_required
@require_POST
def read(request, notification_id: int):
    try:
        services.notification_mark_read(actor=request.user, notification_id=notification_id)
    except Notification.DoesNotExist as exc:
        raise Http404 from exc
    return _back(request, "notify:inbox")


@login_required
@require_POST
def read_all(request):
    count = services.notification_mark_all_read(actor=request.user)
    messages.success(request, _("%(count)d notifications marked as read.") % {"count": count})
    return redirect("notify:inbox")


def _webhooks_context(request, form, secret=None, endpoint=None):
    endpoints = list(selectors.endpoints(request.user))
    recent = {e.pk: list(e.deliveries.order_by("-created_at", "-id")[:10]) for e in endpoints}
    return {"form": form, "endpoints": [(e, recent[e.pk]) for e in endpoints], "secret": secret,
            "new_endpoint": endpoint}


@login_required
def webhooks(request):
    selectors.endpoints(request.user)  # only a business, for itself (403 otherwise)
    form = EndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint, secret = services.webhook_endpoint_register(actor=request.user, url=form.cleaned_data["url"],
                                                                  description=form.cleaned_data["description"])
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            # Shown in this answer only (not through a redirect): the secret is never stored in clear.
            return render(request, "notify/webhooks.html",
                          _webhooks_context(request, EndpointForm(), secret=secret, endpoint=endpoint))
    return render(request, "notify/webhooks.html", _webhooks_context(request, form))


@login_required
@require_POST
def webhook_rotate(request, endpoint_id: int):
    try:
        endpoint, secret = services.webhook_endpoint_rotate_secret(actor=request.user, endpoint_id=endpoint_id)
    except WebhookEndpoint.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "notify/webhooks.html",
                  _webhooks_context(request, EndpointForm(), secret=secret, endpoint=endpoint))


@login_required
@require_POST
def webhook_active(request, endpoint_id: int):
    try:
        services.webhook_endpoint_set_active(actor=request.user, endpoint_id=endpoint_id,
                                             active=request.POST.get("active") == "1")
    except WebhookEndpoint.DoesNotExist as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("notify:webhooks")
