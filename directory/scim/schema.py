"""What the server tells clients it offers (discovery): the User schema with the
enterprise extension, trimmed to what the staff list keeps, and the server's abilities.

Only attributes that are stored and read back exactly are published: a client (and
scim2-tester) may set any published attribute and expects to read it back.
"""

from django_countries import countries
from scim2_models import (
    AuthenticationScheme,
    Bulk,
    ChangePassword,
    EnterpriseUser,
    ETag,
    Filter,
    Patch,
    Required,
    ResourceType,
    ScimPolicy,
    ScimProvider,
    ServiceProviderConfig,
    Sort,
    User,
)

CORE = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
MAX_RESULTS = 200

# Published attributes: None keeps every sub-attribute.
KEEP = {
    CORE: {
        "userName": None,
        "name": {"formatted", "givenName", "familyName"},
        "displayName": None,
        "preferredLanguage": None,
        "active": None,
        "emails": {"value", "type", "primary"},
        "addresses": {"type", "country"},
    },
    ENTERPRISE: {"employeeNumber": None, "department": None, "manager": {"value", "$ref"}},
}


def _trim(schema, keep):
    attributes = []
    for attribute in schema.attributes:
        if attribute.name not in keep:
            continue
        attribute = attribute.model_copy(deep=True)
        if attribute.name == "active":
            # A colleague is active or not: the attribute cannot be removed.
            attribute.required = Required.true
        if keep[attribute.name] is not None:
            attribute.sub_attributes = [
                sub for sub in attribute.sub_attributes if sub.name in keep[attribute.name]
            ]
            for sub in attribute.sub_attributes:
                if (attribute.name, sub.name) == ("addresses", "country"):
                    sub.canonical_values = [code for code, _name in countries]
                if (attribute.name, sub.name) == ("manager", "$ref"):
                    sub.required = Required.false  # Entra ID and Okta send the id only
        attributes.append(attribute)
    return schema.model_copy(update={"attributes": attributes})


SCHEMAS = [_trim(User.to_schema(), KEEP[CORE]), _trim(EnterpriseUser.to_schema(), KEEP[ENTERPRISE])]
RESOURCE_TYPES = [ResourceType.from_resource(User[EnterpriseUser])]
CONFIG = ServiceProviderConfig(
    patch=Patch(supported=True),
    bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
    filter=Filter(supported=True, max_results=MAX_RESULTS),
    change_password=ChangePassword(supported=False),
    sort=Sort(supported=False),
    etag=ETag(supported=True),
    authentication_schemes=[
        AuthenticationScheme(
            type=AuthenticationScheme.Type.oauthbearertoken,
            name="Bearer token",
            description="A token made in the admin or with manage.py create_scim_token.",
            primary=True,
        )
    ],
)
# What Entra ID and Okta really send.
POLICY = ScimPolicy(
    # Attributes this server does not publish (password, locale, title, phone numbers,
    # street addresses...) are ignored, not refused.
    unknown=ScimPolicy.Unknown.ignore,
    # Entra ID removes a manager with {"op": "Remove", "path": ..., "value": [...]}.
    remove_value_as_filter=ScimPolicy.RemoveValue.apply,
    # Entra ID replaces addresses[type eq "work"].country on a user without addresses.
    unmatched_path_filter=ScimPolicy.UnmatchedPathFilter.create,
)
PROVIDER = ScimProvider.from_discovery(SCHEMAS, RESOURCE_TYPES, config=CONFIG, policy=POLICY)
