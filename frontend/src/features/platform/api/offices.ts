import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import {
  acceptOfficeOrg,
  connectOfficeIdp,
  createOffice,
  exportOffice,
  getOffice,
  getOfficeExport,
  getOfficeExportLink,
  importOfficeBook,
  nameOfficeAdmin,
  proposeOfficeOrg,
  resumeOffice,
  suspendOffice,
} from '@/api/generated';
import type {
  BookImportResult,
  IdpConnect,
  OfficeCreate,
  OfficeOut,
  OrgSkeletonAccept,
  UserCreate,
} from '@/api/generated';
import { unwrap } from '@/lib/api-client';

export const officeKeys = {
  one: (slug: string) => ['platform', 'offices', slug] as const,
  skeleton: (slug: string) => ['platform', 'offices', slug, 'skeleton'] as const,
};

export function useOffice(slug: string) {
  return useQuery({
    queryKey: officeKeys.one(slug),
    queryFn: async ({ signal }) => unwrap(await getOffice({ signal, path: { slug } })),
  });
}

/** Every change to an office answers with the office as it now is: the page shows that. */
function useOfficeChange<T>(slug: string, call: (value: T) => Promise<OfficeOut>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (office) => {
      queryClient.setQueryData(officeKeys.one(slug), office);
      void queryClient.invalidateQueries({ queryKey: ['platform', 'tenants'] });
    },
  });
}

export function useCreateOffice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: OfficeCreate) => unwrap(await createOffice({ body })),
    onSuccess: (office) => {
      queryClient.setQueryData(officeKeys.one(office.slug), office);
      void queryClient.invalidateQueries({ queryKey: ['platform'] });
    },
  });
}

export const useConnectIdp = (slug: string) =>
  useOfficeChange(slug, async (body: IdpConnect) =>
    unwrap(await connectOfficeIdp({ path: { slug }, body })),
  );

export const useNameAdmin = (slug: string) =>
  useOfficeChange(slug, async (body: UserCreate) =>
    unwrap(await nameOfficeAdmin({ path: { slug }, body })),
  );

export const useOfficeStatus = (slug: string) =>
  useOfficeChange(slug, async ({ suspend, reason }: { suspend: boolean; reason: string }) =>
    unwrap(
      await (suspend ? suspendOffice : resumeOffice)({ path: { slug }, body: { reason } }),
    ),
  );

/** The book's bytes are the body, as for a tenant admin's own upload (catalogue/api). */
export function useOfficeBook(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (file: File): Promise<BookImportResult> =>
      unwrap(
        await importOfficeBook({
          path: { slug },
          query: { name: file.name },
          body: (await file.arrayBuffer()) as never,
          bodySerializer: null,
          headers: { 'Content-Type': 'text/plain; charset=utf-8' },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: officeKeys.one(slug) }),
  });
}

export function useSkeleton(slug: string, enabled: boolean) {
  return useQuery({
    queryKey: officeKeys.skeleton(slug),
    queryFn: async ({ signal }) => unwrap(await proposeOfficeOrg({ signal, path: { slug } })),
    enabled,
  });
}

export function useAcceptSkeleton(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: OrgSkeletonAccept) =>
      unwrap(await acceptOfficeOrg({ path: { slug }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: officeKeys.one(slug) }),
  });
}

export async function startExport(slug: string) {
  return unwrap(await exportOffice({ path: { slug } }));
}

export async function exportStatus(slug: string, jobId: string) {
  return unwrap(await getOfficeExport({ path: { slug, job_id: jobId } }));
}

export async function exportLink(slug: string, jobId: string) {
  return unwrap(await getOfficeExportLink({ path: { slug, job_id: jobId } }));
}
