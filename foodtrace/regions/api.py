from ninja import Router, Schema

from foodtrace.regions.models import Region

router = Router(tags=["regions"])


class RegionOut(Schema):
    code: str
    name: str
    name_en: str
    level: str
    city_id: str


@router.get("", response=list[RegionOut])
def list_regions(request):
    """The divisions the caller's scope covers (the city and its districts, or one district)."""
    return list(Region.objects.restrict(request.auth))
