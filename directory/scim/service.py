"""scim2-server's service and handler for the staff list, with what Entra ID sends that
the standard does not allow."""

import json

from scim2_models import Context
from scim2_server.handler import ScimHandler
from scim2_server.service import ScimService

from .schema import ENTERPRISE, PROVIDER
from .storage import ColleagueStorage


def entra_patch(body: bytes) -> bytes:
    """Entra ID's PATCH as the standard has it: a manager sent as a bare id
    ("value": "42"), as a list ([{"value": "42", "$ref": …}]) or in a value object
    ({"…:manager": "42"}) becomes {"value": "42"}; "manager" alone names the enterprise
    extension's; removing a manager names no value. Anything unreadable is left for the
    service to refuse (400 invalidSyntax)."""
    try:
        payload = json.loads(body)
    except ValueError:
        return body
    operations = payload.get("Operations") if isinstance(payload, dict) else None
    for operation in operations if isinstance(operations, list) else []:
        if not isinstance(operation, dict):
            continue
        path = str(operation.get("path") or "").lower()
        if path == "manager" or path.endswith(f"{ENTERPRISE}:manager".lower()):
            operation["path"] = f"{ENTERPRISE}:manager"
            if str(operation.get("op", "")).lower() == "remove":
                operation.pop("value", None)
            elif "value" in operation:
                operation["value"] = manager_value(operation["value"])
        elif isinstance(operation.get("value"), dict):
            value = operation["value"]
            # The manager in a value object: at the root under its full name, or
            # inside the extension's own object.
            inside = path == ENTERPRISE.lower()
            for key in list(value):
                if key.lower() == (("manager" if inside else f"{ENTERPRISE}:manager").lower()):
                    value[key] = manager_value(value[key])
    return json.dumps(payload).encode()


def manager_value(value):
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if isinstance(value, str | int) and not isinstance(value, bool):
        return {"value": str(value)}
    if isinstance(value, dict) and "value" in value:
        return {"value": str(value["value"])}
    return value  # for the service to refuse


class ColleagueService(ScimService):
    def read_patch(self, resource_type, body, content_type):
        return super().read_patch(resource_type, entra_patch(body), content_type)

    def patch_response(self, base_url, resource, response_parameters):
        # scim2-server answers 204; Okta expects the user back, and Entra ID takes either.
        published = self.publish(base_url, resource)
        return self.resource_response(
            published, Context.RESOURCE_REPLACEMENT_RESPONSE, response_parameters
        )


SERVICE = ColleagueService(PROVIDER)
HANDLER = ScimHandler(SERVICE, ColleagueStorage(SERVICE))
