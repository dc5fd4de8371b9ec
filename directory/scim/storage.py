"""The staff list as scim2-server's storage: a SCIM User is a `Colleague`.

Mapping: userName is the provider's name for the person (kept as sent); the colleague's
address is the primary or work e-mail, else userName. displayName (else name.formatted,
else given and family name) is the name; the work (else primary, else first) address's
country, as a code or a name in English or German, the country; preferredLanguage the
language of invitations; the enterprise extension's department, employeeNumber and
manager (the manager's SCIM id, stored as their address); active, active.

DELETE deprovisions: the row becomes inactive and invisible to SCIM (404), and keeps
its ticks and account. Creating the same person again brings the same row back.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.db.models.lookups import In
from django.utils import timezone
from scim2_models import (
    InvalidValueException,
    Meta,
    NotFoundException,
    PreconditionFailedException,
    ResourceType,
    ScimFilter,
    UniquenessException,
)
from scim2_server.storage import ScimStorage, SearchPage

from .. import countries, importing
from ..models import Colleague
from ..reading import offered_language
from ..signals import staff_list_changed
from .filters import ColleagueQ, email_is
from .schema import CORE, ENTERPRISE

# Never stored as sent: the server's own, or kept in columns of their own.
NOT_KEPT = ("id", "meta", "schemas", "active")


def visible():
    """The rows SCIM sees: all but those it deleted."""
    return Colleague.objects.filter(scim_deleted_at__isnull=True)


def version(colleague: Colleague) -> str:
    """The ETag: it changes whenever the import, SCIM or the admin changes the row."""
    return f'W/"{int(colleague.updated_at.timestamp() * 1_000_000)}"'


def announce() -> None:
    """The staff list changed: after the commit, tell the layers above."""
    transaction.on_commit(lambda: staff_list_changed.send(sender=Colleague))


class ColleagueStorage(ScimStorage):
    def __init__(self, service):
        self.service = service

    # --- reading ------------------------------------------------------------------

    def get(self, resource_type, resource_id, *, response_parameters=None):
        colleague = self._colleague(resource_id)
        return self.to_resource(resource_type, colleague, self._manager_ids([colleague]))

    def search(self, resource_types, search_request, *, position=None) -> SearchPage:
        resource_type = resource_types[0]
        found = visible().order_by("pk")
        if search_request.filter is not None:
            model = self.service.get_model(resource_type)
            bound = ScimFilter[model](str(search_request.filter))
            found = found.filter(ColleagueQ(bound).visit(bound.ast))
        total = found.count()
        start = search_request.start_index_0 or 0
        count = search_request.count
        page = list(found[start : start + count] if count is not None else found[start:])
        ids = self._manager_ids(page)
        return SearchPage(
            total=total, resources=[self.to_resource(resource_type, c, ids) for c in page]
        )

    @staticmethod
    def _colleague(resource_id: Any, *, for_update: bool = False) -> Colleague:
        if not str(resource_id).isdigit():
            raise NotFoundException(detail=f"User {resource_id!r} not found")
        rows = visible().select_for_update() if for_update else visible()
        try:
            return rows.get(pk=int(resource_id))
        except Colleague.DoesNotExist:
            raise NotFoundException(detail=f"User {resource_id!r} not found") from None

    @staticmethod
    def _manager_ids(colleagues: list[Colleague]) -> dict[str, int]:
        """{manager's address: their SCIM id} for a page of colleagues, in one query."""
        addresses = {c.manager for c in colleagues if c.manager}
        if not addresses:
            return {}
        managers = visible().filter(In(Lower("email"), list(addresses)))
        return dict(managers.values_list("email", "pk"))

    def to_resource(self, resource_type: ResourceType, colleague: Colleague, manager_ids):
        if colleague.managed_by_scim:
            data = {key: value for key, value in colleague.scim_attributes.items()}
            enterprise = dict(data.pop(ENTERPRISE, None) or {})
        else:
            data, enterprise = self._described(colleague)
        data["id"] = str(colleague.pk)
        data["active"] = colleague.active
        data.setdefault("userName", colleague.user_name or colleague.email)
        manager = manager_ids.get(colleague.manager)
        if manager:
            enterprise["manager"] = {"value": str(manager), "$ref": f"Users/{manager}"}
        data["schemas"] = [CORE]
        if enterprise:
            data["schemas"].append(ENTERPRISE)
            data[ENTERPRISE] = enterprise
        resource = self.service.get_model(resource_type).model_validate(data)
        resource.meta = Meta(
            resource_type=resource_type.name,
            created=colleague.first_imported,
            last_modified=colleague.updated_at,
            version=version(colleague),
        )
        return resource

    @staticmethod
    def _described(colleague: Colleague) -> tuple[dict, dict]:
        """A row SCIM did not write (a CSV import's, or one an import took over): SCIM
        sees it as the columns say."""
        kept = colleague.scim_attributes
        data: dict[str, Any] = {
            "emails": [{"value": colleague.email, "type": "work", "primary": True}]
        }
        if kept.get("userName"):
            data["userName"] = kept["userName"]
        if colleague.external_id:
            data["externalId"] = colleague.external_id
        if colleague.name:
            data["displayName"] = colleague.name
        if colleague.country:
            data["addresses"] = [{"type": "work", "country": colleague.country}]
        if colleague.language:
            data["preferredLanguage"] = colleague.language
        enterprise = {}
        if colleague.department:
            enterprise["department"] = colleague.department
        if colleague.employee_number:
            enterprise["employeeNumber"] = colleague.employee_number
        return data, enterprise

    # --- writing ------------------------------------------------------------------

    def create(self, resource_type, resource):
        data = self._data(resource)
        user_name = data["userName"].lower()
        email = address(data)
        # Deprovisioned before and provisioned again: the same row comes back. A row
        # an import made, under the address the provider's userName is not (a user
        # principal name), is taken over rather than refused.
        deleted = Q(scim_deleted_at__isnull=False) & (
            Q(user_name=user_name) & ~Q(user_name="") | email_is(email)
        )
        imported = Q(scim_deleted_at__isnull=True, user_name="") & email_is(email)
        colleague = Colleague.objects.filter(deleted | imported).first() or Colleague(
            first_imported=timezone.now()
        )
        colleague.scim_deleted_at = None
        self._write(colleague, data, email)
        return self.to_resource(resource_type, colleague, self._manager_ids([colleague]))

    def update(self, resource_type, resource, *, expected_version=None):
        colleague = self._colleague(resource.id, for_update=True)
        if expected_version is not None and expected_version != version(colleague):
            raise PreconditionFailedException(detail="The user changed meanwhile")
        data = self._data(resource)
        self._write(colleague, data, address(data))
        return self.to_resource(resource_type, colleague, self._manager_ids([colleague]))

    def delete(self, resource_type, resource_id, *, expected_version=None):
        colleague = self._colleague(resource_id, for_update=True)
        if expected_version is not None and expected_version != version(colleague):
            raise PreconditionFailedException(detail="The user changed meanwhile")
        now = timezone.now()
        was_active = colleague.active
        colleague.active = False
        colleague.left_at = colleague.left_at if not was_active else now
        colleague.scim_deleted_at = colleague.updated_at = now
        colleague.source = Colleague.Source.SCIM
        colleague.save()
        if was_active:
            announce()

    def operation(self):
        return transaction.atomic()  # a savepoint: a failed operation leaves no trace

    @staticmethod
    def _data(resource) -> dict:
        data = resource.model_dump()  # the JSON names, without what is unset
        for key in NOT_KEPT:
            data.pop(key, None)
        data["active"] = resource.active if resource.active is not None else True
        return data

    def _write(self, colleague: Colleague, data: dict, email: str) -> None:
        before = importing.stored(colleague) + (colleague.email,) if colleague.pk else None
        enterprise = dict(data.get(ENTERPRISE) or {})
        manager = manager_address(enterprise.pop("manager", None))
        old_email = colleague.email
        now = timezone.now()
        colleague.email = email.lower()
        colleague.user_name = data["userName"].lower()
        colleague.external_id = (data.get("externalId") or "")[:255]
        colleague.name = display_name(data)[:200]
        colleague.country = country(data.get("addresses") or [])
        colleague.language = offered_language(data.get("preferredLanguage") or "")
        colleague.department = str(enterprise.get("department") or "")[:200]
        colleague.employee_number = str(enterprise.get("employeeNumber") or "")[:64]
        colleague.manager = manager
        if colleague.active != data["active"]:
            colleague.left_at = None if data["active"] else now
        colleague.active = data["active"]
        colleague.source = Colleague.Source.SCIM
        colleague.updated_at = now
        kept = {key: value for key, value in data.items() if key not in NOT_KEPT}
        if enterprise:
            kept[ENTERPRISE] = enterprise
        else:
            kept.pop(ENTERPRISE, None)
        colleague.scim_attributes = kept
        self._save(colleague)
        if old_email and old_email != colleague.email:
            # Those they manage follow them to the new address.
            Colleague.objects.filter(manager=old_email).update(manager=colleague.email)
        if before != importing.stored(colleague) + (colleague.email,):
            announce()

    @staticmethod
    def _save(colleague: Colleague) -> None:
        others = Colleague.objects.exclude(pk=colleague.pk) if colleague.pk else Colleague.objects
        names = Q(user_name=colleague.user_name) & ~Q(user_name="")
        names |= Q(user_name="", scim_deleted_at__isnull=True) & email_is(colleague.user_name)
        if others.filter(names).exists():
            raise UniquenessException(detail="userName is already taken")
        if others.filter(email_is(colleague.email)).exists():
            raise UniquenessException(detail="This e-mail address is already on the staff list")
        try:
            with transaction.atomic():
                colleague.save()
        except IntegrityError as error:  # a concurrent request took it meanwhile
            raise UniquenessException(detail="userName is already taken") from error


def is_address(value: Any) -> bool:
    try:
        validate_email(value)
    except (ValidationError, TypeError):
        return False
    return True


def address(data: dict) -> str:
    """The colleague's address: the primary e-mail, else the work one, else the first,
    else userName. (Entra ID's and Okta's userName is an address; a provider that sends
    neither an address nor one in userName still gets the person counted, under their
    userName, but no mail reaches them.)"""
    emails = sorted(
        (e for e in data.get("emails") or [] if e.get("value")),
        key=lambda e: (not e.get("primary"), e.get("type") != "work"),
    )
    for candidate in [e["value"] for e in emails] + [data["userName"]]:
        if is_address(candidate):
            return candidate.lower()
    return data["userName"].lower()


def display_name(data: dict) -> str:
    name = data.get("name") or {}
    parts = [name.get("givenName"), name.get("familyName")]
    return data.get("displayName") or name.get("formatted") or " ".join(p for p in parts if p)


def country(addresses: list[dict]) -> str:
    """From the work address, else the primary, else the first that names a country."""
    ranked = sorted(addresses, key=lambda a: (a.get("type") != "work", not a.get("primary")))
    for entry in ranked:
        if entry.get("country"):
            return countries.code(str(entry["country"]))
    return ""


def manager_address(manager: dict | None) -> str:
    """The manager's address for the manager's SCIM id."""
    manager_id = (manager or {}).get("value")
    if not manager_id:
        return ""
    found = visible().filter(pk=int(manager_id)).first() if str(manager_id).isdigit() else None
    if found is None:
        raise InvalidValueException(detail=f"Unknown manager {manager_id!r}")
    return found.email
