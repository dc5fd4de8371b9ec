"""SCIM 2.0 provisioning of the staff list at /scim/v2/ (RFC 7643, RFC 7644).

scim2-server does the protocol (routing, validation, PATCH, filters' syntax, paging,
errors); this package maps it onto `Colleague` and adds what a company's identity
provider needs: bearer tokens, rate limits, a request log and Entra ID's quirks.
"""
