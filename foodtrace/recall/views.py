"""Recall pages (/recall/): the list, starting a recall, a recall's progress, a business's answers."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from foodtrace.accounts.principals import require
from foodtrace.recall import selectors, services
from foodtrace.recall.models import Recall, RecallParty


class StartForm(forms.Form):
    lots = forms.CharField(label=gettext_lazy("Lots to recall (one trace code, GS1 Digital Link or EPC URN per "
                                              "line)"), widget=forms.Textarea(attrs={"rows": 4}))
    level = forms.TypedChoiceField(label=gettext_lazy("Level"), choices=Recall.Level.choices, coerce=int)
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=2000)


class ReportForm(forms.Form):
    quantity_recovered = forms.FloatField(label=gettext_lazy("Recovered so far (total)"), required=False,
                                          min_value=0)
    quantity_destroyed = forms.FloatField(label=gettext_lazy("Destroyed so far (total)"), required=False,
                                          min_value=0)
    notes = forms.CharField(label=gettext_lazy("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


@login_required
def list_page(request):
    status = request.GET.get("status", "")
    district, overdue = request.GET.get("district", "")[:6], request.GET.get("overdue") == "1"
    rows = selectors.recalls(request.user, status=status if status in Recall.Status.values else "")
    rows = selectors.narrowed(request.user, rows, district=district, overdue=overdue)
    return render(request, "recall/list.html", {"recalls": rows[:200], "status": status,
                                                "statuses": Recall.Status.choices, "district": district,
                                                "overdue": overdue,
                                                "district_name": selectors.district_name(district)})


@login_required
def start_page(request):
    require(request.user, "recall.add_recall")
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            recall = services.recall_start(lots=form.cleaned_data["lots"].splitlines(),
                                           level=form.cleaned_data["level"], reason=form.cleaned_data["reason"],
                                           actor=request.user)
        except ValidationError as exc:
            _form_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Recall %(number)s started: %(count)d businesses notified.")
                             % {"number": recall.number, "count": recall.parties.count()})
            return redirect("recall:detail", recall.pk)
    return render(request, "recall/start.html", {"form": form})


@login_required
def detail_page(request, recall_id: int):
    try:
        recall = selectors.get_recall(request.user, recall_id)
    except Recall.DoesNotExist as exc:
        raise Http404 from exc
    now = timezone.now()
    parties = list(selectors.parties(request.user, recall))
    rows = selectors.progress_table(recall, parties, now=now)
    steers = selectors.sees_all_parties(request.user, recall)
    own = None
    if request.user.business_id is not None:
        own = next((row for row in rows if row.party.business_id == request.user.business_id), None)
    steps = selectors.steps(request.user, recall, parties)
    return render(request, "recall/detail.html", {
        "recall": recall, "rows": rows, "summary": selectors.summary(rows), "steers": steers, "own": own,
        "lots": recall.lots.all(), "steps": steps, "now": now,
        "may_close": steers and recall.is_open and request.user.has_perm("recall.change_recall"),
        "may_answer": own is not None and recall.is_open and request.user.has_perm("recall.change_recallparty"),
        "report_form": ReportForm(initial={"quantity_recovered": own.party.quantity_recovered,
                                           "quantity_destroyed": own.party.quantity_destroyed,
                                           "notes": own.party.notes}) if own else None,
    })


@login_required
@require_POST
def close(request, recall_id: int):
    try:
        services.recall_close(actor=request.user, recall_id=recall_id, note=request.POST.get("note", ""))
    except Recall.DoesNotExist as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The recall is closed."))
    return redirect("recall:detail", recall_id)


ANSWERS = {"acknowledge": services.recall_party_acknowledge, "start": services.recall_party_start,
           "report": services.recall_party_report, "complete": services.recall_party_complete}


@login_required
@require_POST
def answer(request, recall_id: int):
    action = ANSWERS.get(request.POST.get("action", ""))
    if action is None:
        raise Http404
    kwargs = {}
    if action is services.recall_party_report:
        form = ReportForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
            return redirect("recall:detail", recall_id)
        kwargs = {"recovered": form.cleaned_data["quantity_recovered"],
                  "destroyed": form.cleaned_data["quantity_destroyed"], "notes": form.cleaned_data["notes"]}
    elif action is services.recall_party_complete:
        kwargs = {"notes": request.POST.get("notes") or None}
    try:
        action(actor=request.user, recall_id=recall_id, **kwargs)
    except RecallParty.DoesNotExist as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Saved."))
    return redirect("recall:detail", recall_id)
