"""Who am I: any authenticated principal, user or integration."""

from fastapi import APIRouter

from api.auth import AnyPrincipal
from api.deps import SessionDep
from api.errors import error_responses
from api.models import IntegrationToken, Organisation, User
from api.schemas.auth import Me, OrganisationBrief

router = APIRouter(prefix="/auth", tags=["auth"], responses=error_responses(401))


@router.get("/me", response_model=Me)
def read_me(principal: AnyPrincipal, session: SessionDep) -> Me:
    """The current principal, its roles and scopes (the SPA builds its navigation from them)."""
    org = session.get(Organisation, principal.organisation_id) if principal.organisation_id else None
    brief = OrganisationBrief(id=org.id, name=org.name, kind=org.kind) if org else None
    if principal.kind == "user":
        user = session.get(User, principal.user_id)
        ident, email, name = user.id, user.email, user.full_name
    else:
        token = session.get(IntegrationToken, principal.token_id)
        ident, email, name = token.id, None, token.name
    return Me(kind=principal.kind, id=ident, email=email, full_name=name, organisation=brief,
              roles=sorted(principal.roles), scopes=sorted(principal.scopes))
