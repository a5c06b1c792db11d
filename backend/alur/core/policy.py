"""Who may do what: the one place access rules live.

Routes declare a permission with `guards=[needs(Permission.X)]`. Roles map to permissions
here; tenant isolation is not a permission (it is row-level security plus 404s).
"""

from __future__ import annotations

from enum import StrEnum


class Permission(StrEnum):
    ORG_READ = "org:read"
    ORG_WRITE = "org:write"
    USERS_READ = "users:read"
    USERS_WRITE = "users:write"
    TOKENS_MANAGE = "tokens:manage"
    PLATFORM_READ = "platform:read"
    PLATFORM_OPERATE = "platform:operate"
    """Writes across offices (sending a dead job back to its queue)."""
    OWN_ACCOUNT = "account:own"
    """One's own session, scope, notifications and jobs."""
    EXPORTS_RUN = "exports:run"
    """Starting an export job (a write: it queues work and stores a file)."""
    SETTINGS_WRITE = "settings:write"
    """The office's own settings (escalation)."""
    CATALOGUE_READ = "catalogue:read"
    CATALOGUE_PUBLISH = "catalogue:publish"
    CATALOGUE_APPROVE = "catalogue:approve"
    """Pengesahan: asked for by every member, granted by holding the head-of-office position
    (Kepala Dinas, or its current Plt/Plh), which the catalogue's approval service checks."""
    ORG_APPROVE = "org:approve"
    """Deciding an appointment above the appointer's reach: asked for by every member,
    granted by holding the head-of-office post (or being a platform admin), which the org's
    appointment service checks."""
    CASES_WORK = "cases:work"
    REPORTS_READ = "reports:read"
    AUDIT_READ = "audit:read"
    CALENDAR_WRITE = "calendar:write"


MEMBER = "member"
"""Every signed-in user of a tenant holds this role implicitly."""
TENANT_ADMIN = "tenant_admin"
PLATFORM_ADMIN = "platform_admin"

RESERVED_ROLES = frozenset({MEMBER, PLATFORM_ADMIN})
"""Roles no IdP claim or tenant admin can hand out."""

ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    # Case work and reports are further limited by the positions a user holds (reach_of).
    MEMBER: frozenset(
        {
            Permission.OWN_ACCOUNT,
            Permission.EXPORTS_RUN,
            Permission.ORG_READ,
            Permission.CATALOGUE_READ,
            Permission.CATALOGUE_APPROVE,
            Permission.ORG_APPROVE,
            Permission.CASES_WORK,
            Permission.REPORTS_READ,
        }
    ),
    TENANT_ADMIN: frozenset(
        {
            Permission.ORG_READ,
            Permission.ORG_WRITE,
            Permission.USERS_READ,
            Permission.USERS_WRITE,
            Permission.TOKENS_MANAGE,
            Permission.CATALOGUE_READ,
            Permission.CATALOGUE_PUBLISH,
            Permission.AUDIT_READ,
            Permission.CALENDAR_WRITE,
            Permission.SETTINGS_WRITE,
        }
    ),
    PLATFORM_ADMIN: frozenset(
        {Permission.PLATFORM_READ, Permission.PLATFORM_OPERATE, Permission.ORG_APPROVE}
    ),
}

TOKEN_SCOPES: frozenset[Permission] = frozenset({Permission.ORG_READ, Permission.USERS_READ})
"""What an integration token may be granted: reads only, until a write API needs otherwise."""


def permissions_for(roles: frozenset[str]) -> frozenset[Permission]:
    granted: set[Permission] = set(ROLE_PERMISSIONS[MEMBER])
    for role in roles:
        granted |= ROLE_PERMISSIONS.get(role, frozenset())
    return frozenset(granted)


# Position-based reach over the office's work (cases and tasks use this scope):
# staff see their own and their positions' work, a Kasi/Kasubbag their unit's, a
# Kabid/Sekretaris/Kepala UPTD their unit's sub-tree, the Kepala Dinas the whole office.
REACH_OFFICE = frozenset({"kepala_dinas"})
REACH_SUBTREE = frozenset({"sekretaris", "kabid", "kepala_uptd"})
REACH_UNIT = frozenset({"kasubbag", "kasi", "kasubbag_tu"})
REACH_LEVELS = ("own", "unit", "subtree", "office")


def reach_of(position_kind: str) -> str:
    if position_kind in REACH_OFFICE:
        return "office"
    if position_kind in REACH_SUBTREE:
        return "subtree"
    if position_kind in REACH_UNIT:
        return "unit"
    return "own"
