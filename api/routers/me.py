"""Who am I: any authenticated principal, user or integration."""

from fastapi import APIRouter, Request, Response

from api.auth import AnyPrincipal
from api.deps import SessionDep, client_address
from api.errors import error_responses
from api.models import IntegrationToken, Organisation, User
from api.schemas.auth import Me, OrganisationBrief, PasswordChange
from api.services import sessions

router = APIRouter(prefix="/auth", tags=["auth"], responses=error_responses(401))


@router.get("/me", response_model=Me)
def read_me(principal: AnyPrincipal, session: SessionDep, request: Request) -> Me:
    """The current principal, its roles and scopes (the SPA builds its navigation from them)."""
    org = session.get(Organisation, principal.organisation_id) if principal.organisation_id else None
    brief = OrganisationBrief(id=org.id, name=org.name, kind=org.kind) if org else None
    if principal.kind == "user":
        user = session.get(User, principal.user_id)
        assert user is not None  # authenticate() just read it
        ident, email, name = user.id, user.email, user.full_name
    else:
        token = session.get(IntegrationToken, principal.token_id)
        assert token is not None  # authenticate() just read it
        ident, email, name = token.id, None, token.name
    return Me(kind=principal.kind, id=ident, email=email, full_name=name, organisation=brief,
              roles=sorted(principal.roles), scopes=sorted(principal.scopes),
              device_storage_days=request.app.state.settings.device_storage_days)


@router.post("/password", status_code=204, responses=error_responses(403, 422, 429))
def change_password(principal: AnyPrincipal, session: SessionDep, body: PasswordChange, request: Request) -> Response:
    """Change one's own password; every session of the account ends (log in again), and so do its
    calendar feed addresses. The current password's check is throttled like the login (429)."""
    sessions.change_password(session, request.app.state.settings, principal, body.current_password,
                             body.new_password, client_address(request))
    return Response(status_code=204)
