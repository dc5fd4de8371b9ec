"""A SCIM filter (already parsed and checked by scim2-models) as a query on the staff
list. Only attributes with a column of their own can be filtered on; any other gives
400 invalidFilter rather than a wrong answer."""

from functools import reduce
from operator import and_, or_

from django.db.models import Q
from django.db.models.functions import Lower
from django.db.models.lookups import Exact
from django.utils.dateparse import parse_datetime
from scim2_models import InvalidFilterException, ScimFilter
from scim2_models.path import (
    CompareOperator,
    Comparison,
    FilterVisitor,
    LogicalExpr,
    LogicalOperator,
    Not,
    Present,
    ValuePath,
)

from .schema import CORE, ENTERPRISE

COLUMNS = {
    f"{CORE}:id": "pk",
    f"{CORE}:userName": "user_name",  # and, for rows SCIM never wrote, the address
    f"{CORE}:emails.value": "email",
    f"{CORE}:externalId": "external_id",
    f"{CORE}:active": "active",
    f"{CORE}:displayName": "name",
    f"{CORE}:meta.lastModified": "updated_at",
    f"{CORE}:meta.created": "first_imported",
    f"{ENTERPRISE}:employeeNumber": "employee_number",
    f"{ENTERPRISE}:department": "department",
}
# Columns with no empty value: "pr" is always true, "eq null" never.
NEVER_EMPTY = {"pk", "active", "updated_at", "first_imported", "email", "user_name"}
LOOKUPS = {
    CompareOperator.co: "contains",
    CompareOperator.sw: "startswith",
    CompareOperator.ew: "endswith",
    CompareOperator.gt: "gt",
    CompareOperator.ge: "gte",
    CompareOperator.lt: "lt",
    CompareOperator.le: "lte",
}


def email_is(address: str) -> Q:
    """Addresses are stored in lower case; compared as the unique index is built, so
    that the index answers."""
    return Q(Exact(Lower("email"), address.lower()))


class ColleagueQ(FilterVisitor[Q]):
    def __init__(self, scim_filter: ScimFilter):
        self.filter = scim_filter

    def _column(self, binding) -> str:
        column = COLUMNS.get(binding.urn) if binding else None
        if column is None:
            name = binding.urn if binding else "this attribute"
            raise InvalidFilterException(detail=f"Filtering on {name} is not supported")
        return column

    def visit_logical_expr(self, node: LogicalExpr) -> Q:
        combine = and_ if node.op == LogicalOperator.and_ else or_
        return reduce(combine, (self.visit(term) for term in node.terms))

    def visit_not(self, node: Not) -> Q:
        return ~self.visit(node.expr)

    def visit_present(self, node: Present) -> Q:
        column = self._column(self.filter.resolve(node.attr_path))
        return Q() if column in NEVER_EMPTY else ~Q(**{column: ""})

    def visit_value_path(self, node: ValuePath) -> Q:
        raise InvalidFilterException(detail="Filters on values inside a list are not supported")

    def visit_comparison(self, node: Comparison) -> Q:
        binding = self.filter.resolve_comparison(node.attr_path)
        column, value, op = self._column(binding), node.value, node.op
        if value is None:  # "x eq null"
            empty = Q(pk__in=[]) if column in NEVER_EMPTY else Q(**{column: ""})
            return empty if op == CompareOperator.eq else ~empty
        if column == "pk":
            if not str(value).isdigit():
                return Q(pk__in=[]) if op == CompareOperator.eq else Q()
            value = int(value)
        if column in ("updated_at", "first_imported"):
            value = parse_datetime(str(value))
            if value is None:
                raise InvalidFilterException(detail="Not a date and time")
        if column in ("user_name", "email"):
            return self._address(column, op, str(value).lower())
        insensitive = isinstance(value, str) and not binding.case_exact
        if op in (CompareOperator.eq, CompareOperator.ne):
            q = Q(**{f"{column}__{'iexact' if insensitive else 'exact'}": value})
            return q if op == CompareOperator.eq else ~q
        lookup = LOOKUPS[op]
        if insensitive and op in (CompareOperator.co, CompareOperator.sw, CompareOperator.ew):
            lookup = "i" + lookup
        return Q(**{f"{column}__{lookup}": value})

    @staticmethod
    def _address(column: str, op, value: str) -> Q:
        """userName and e-mail, stored in lower case. A row SCIM never wrote has no
        userName of its own: its address is its userName."""
        if op in (CompareOperator.eq, CompareOperator.ne):
            if column == "email":
                q = email_is(value)
            else:
                q = Q(user_name=value) & ~Q(user_name="") | Q(user_name="") & email_is(value)
            return q if op == CompareOperator.eq else ~q
        lookup = LOOKUPS[op]
        if column == "email":
            return Q(**{f"email__{lookup}": value})
        return Q(**{f"user_name__{lookup}": value}) | Q(user_name="", **{f"email__{lookup}": value})
