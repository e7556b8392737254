from ninja import Router, Schema

router = Router(tags=["accounts"])


class MeOut(Schema):
    type: str
    name: str
    role: str
    region: str | None
    business_id: int | None
    scope: str


@router.get("/me", response=MeOut)
def me(request):
    """Who the API sees you as, and how far your scope reaches."""
    principal = request.auth
    return {"type": principal.audit_actor_type, "name": principal.audit_name, "role": principal.role,
            "region": principal.region_id, "business_id": principal.business_id,
            "scope": principal.scope.level.value}
