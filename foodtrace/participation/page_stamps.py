"""Which cached public pages a rating makes stale (declared here, connected by foodtrace.stamps)."""

from foodtrace.participation.models import Rating
from foodtrace.stamps import store as stamps
from foodtrace.stamps.declare import on_change


@on_change(Rating)
def rating_changed(rating):
    return stamps.ratings(rating.lot_key, rating.product_id)  # a rating given (counts at once) or moderated
