"""The platform admin's office onboarding: create an office, connect its IdP, name its first
tenant admins, import its books, accept an org skeleton, suspend or resume it, export it."""

from __future__ import annotations

from litestar import Controller, get, post, put
from litestar.di import Provide

from alur.core import ratelimit
from alur.core.policy import Permission
from alur.core.security import AnyRequest, needs, provide_tenant_context
from alur.core.tenancy import TenantContext, parse_id
from alur.domain.catalogue.schemas import BookImportResult
from alur.domain.documents.schemas import DownloadLink
from alur.domain.identity.schemas import UserCreate
from alur.domain.jobs.schemas import JobOut
from alur.domain.tenants import office_org, offices
from alur.domain.tenants.schemas import (
    IdpConnect,
    OfficeCreate,
    OfficeOut,
    OfficeStatusChange,
    OrgSkeletonAccept,
    OrgSkeletonAccepted,
    OrgSkeletonOut,
)

READ = [needs(Permission.PLATFORM_READ)]
OPERATE = [needs(Permission.PLATFORM_OPERATE)]


class OfficesController(Controller):
    path = "/api/platform/offices"
    tags = ["platform"]
    dependencies = {"actor": Provide(provide_tenant_context)}

    @post("", operation_id="createOffice", guards=OPERATE)
    async def create(self, actor: TenantContext, data: OfficeCreate) -> OfficeOut:
        return await offices.create_office(actor, data)

    @get("/{slug:str}", operation_id="getOffice", guards=READ)
    async def get_office(self, slug: str) -> OfficeOut:
        return await offices.get_office(slug)

    @put("/{slug:str}/idp", operation_id="connectOfficeIdp", guards=OPERATE)
    async def connect_idp(self, actor: TenantContext, slug: str, data: IdpConnect) -> OfficeOut:
        """Discovery is asked live before anything is stored; the secret is sealed and never
        returned."""
        return await offices.connect_idp(actor, slug, data)

    @post("/{slug:str}/admins", operation_id="nameOfficeAdmin", guards=OPERATE)
    async def name_admin(self, actor: TenantContext, slug: str, data: UserCreate) -> OfficeOut:
        return await offices.name_admin(actor, slug, data)

    @post("/{slug:str}/books", operation_id="importOfficeBook", guards=OPERATE)
    async def import_book(
        self, actor: TenantContext, request: AnyRequest, slug: str, name: str = "buku-sop.txt"
    ) -> BookImportResult:
        await ratelimit.hit("import", ratelimit.caller(actor))
        return await office_org.import_book(actor, slug, await request.body(), name)

    @get("/{slug:str}/org-skeleton", operation_id="proposeOfficeOrg", guards=READ)
    async def skeleton(self, slug: str) -> OrgSkeletonOut:
        return await office_org.skeleton(slug)

    @post("/{slug:str}/org-skeleton", operation_id="acceptOfficeOrg", guards=OPERATE)
    async def accept_skeleton(
        self, actor: TenantContext, slug: str, data: OrgSkeletonAccept
    ) -> OrgSkeletonAccepted:
        return await office_org.accept(actor, slug, data)

    @post("/{slug:str}/suspend", operation_id="suspendOffice", guards=OPERATE, status_code=200)
    async def suspend(self, actor: TenantContext, slug: str, data: OfficeStatusChange) -> OfficeOut:
        return await offices.set_status(actor, slug, True, data)

    @post("/{slug:str}/resume", operation_id="resumeOffice", guards=OPERATE, status_code=200)
    async def resume(self, actor: TenantContext, slug: str, data: OfficeStatusChange) -> OfficeOut:
        return await offices.set_status(actor, slug, False, data)

    @post("/{slug:str}/exports", operation_id="exportOffice", guards=OPERATE, status_code=202)
    async def export(self, actor: TenantContext, slug: str) -> JobOut:
        return await offices.export_office(actor, slug)

    @get("/{slug:str}/exports/{job_id:str}", operation_id="getOfficeExport", guards=OPERATE)
    async def export_status(self, actor: TenantContext, slug: str, job_id: str) -> JobOut:
        return await offices.export_status(actor, slug, parse_id(job_id, "Pekerjaan"))

    @get(
        "/{slug:str}/exports/{job_id:str}/link",
        operation_id="getOfficeExportLink",
        guards=OPERATE,
    )
    async def export_link(self, actor: TenantContext, slug: str, job_id: str) -> DownloadLink:
        return await offices.export_link(actor, slug, parse_id(job_id, "Pekerjaan"))
