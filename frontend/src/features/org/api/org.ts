import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';

import {
  appointUser,
  addHolder,
  approveAppointment,
  listAppointmentRequests,
  rejectAppointment,
  createPosition,
  createUnit,
  listHolders,
  listPositions,
  listUnits,
  listUsers,
  endHolder,
  removeHolder,
  updatePosition,
  updateUnit,
} from '@/api/generated';
import type {
  UserCreate,
  HolderCreate,
  PositionCreate,
  PositionOut,
  PositionPatch,
  UnitCreate,
  UnitOut,
  UnitPatch,
} from '@/api/generated';
import { unwrap } from '@/lib/api-client';

/** The API's largest page: the whole org structure comes in one or two requests. */
const PAGE = 200;

export const orgKeys = {
  all: ['org'] as const,
  units: ['org', 'units'] as const,
  positions: ['org', 'positions'] as const,
  holders: (positionId: string) => ['org', 'holders', positionId] as const,
  users: (q: string) => ['org', 'users', q] as const,
  requests: (positionId: string) => ['org', 'requests', positionId] as const,
};

/** Appointments waiting for the head of office (all, or one post's). */
export const requestsQueryOptions = (positionId = '') =>
  queryOptions({
    queryKey: orgKeys.requests(positionId),
    queryFn: async ({ signal }) =>
      unwrap(
        await listAppointmentRequests({
          signal,
          query: { status: 'pending', ...(positionId ? { position_id: positionId } : {}) },
        }),
      ),
  });

/** Approve or reject a request; every list of requests and the post's holders refresh. */
export function useDecideAppointment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({
      id,
      approve,
      note,
    }: {
      id: string;
      approve: boolean;
      note: string;
    }) =>
      unwrap(
        approve
          ? await approveAppointment({ path: { request_id: id }, body: { note } })
          : await rejectAppointment({ path: { request_id: id }, body: { note } }),
      ),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['org', 'requests'] }),
        queryClient.invalidateQueries({ queryKey: ['org', 'holders'] }),
      ]),
  });
}

type Page<T> = { items: T[]; total: number };

/** Every row of a paginated list, page after page, until `total` is reached. */
export async function fetchAll<T>(fetchPage: (offset: number) => Promise<Page<T>>): Promise<T[]> {
  const rows: T[] = [];
  for (;;) {
    const page = await fetchPage(rows.length);
    rows.push(...page.items);
    if (page.items.length === 0 || rows.length >= page.total) return rows;
  }
}

export const unitsQueryOptions = () =>
  queryOptions({
    queryKey: orgKeys.units,
    queryFn: ({ signal }): Promise<UnitOut[]> =>
      fetchAll(async (offset) =>
        unwrap(await listUnits({ signal, query: { limit: PAGE, offset } })),
      ),
  });

export const positionsQueryOptions = () =>
  queryOptions({
    queryKey: orgKeys.positions,
    queryFn: ({ signal }): Promise<PositionOut[]> =>
      fetchAll(async (offset) =>
        unwrap(await listPositions({ signal, query: { limit: PAGE, offset } })),
      ),
  });

export const holdersQueryOptions = (positionId: string) =>
  queryOptions({
    queryKey: orgKeys.holders(positionId),
    queryFn: async ({ signal }) =>
      unwrap(await listHolders({ signal, path: { position_id: positionId } })),
  });

/** Users matching a name or the start of a NIP (the API's own search), 20 at a time. */
export const usersQueryOptions = (q: string) =>
  queryOptions({
    queryKey: orgKeys.users(q),
    queryFn: async ({ signal }) => unwrap(await listUsers({ signal, query: { q, limit: 20 } })),
    placeholderData: keepPreviousData,
  });

/** Add a person by NIP before their first sign-in (linked when they first sign in). */
export function useAppointUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: UserCreate) => unwrap(await appointUser({ body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['org', 'users'] }),
  });
}

export function useAddHolder(positionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: HolderCreate) =>
      unwrap(await addHolder({ path: { position_id: positionId }, body })),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: orgKeys.holders(positionId) }),
        queryClient.invalidateQueries({ queryKey: ['org', 'requests'] }),
      ]),
  });
}

/** `onRemoved` runs here rather than as a `mutate` callback: the holder's row (which calls
 * `mutate`) is gone from the refreshed list by then, and React Query skips callbacks of
 * unmounted callers. */
/** End an appointment on a date; it stays listed (as ended) and on record. */
export function useEndHolder(positionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ holderId, endsOn }: { holderId: string; endsOn: string }) =>
      unwrap(await endHolder({ path: { holder_id: holderId }, body: { ends_on: endsOn } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKeys.holders(positionId) }),
  });
}

export function useRemoveHolder(positionId: string, onRemoved?: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (holderId: string) => {
      unwrap(await removeHolder({ path: { holder_id: holderId } }));
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: orgKeys.holders(positionId) });
      onRemoved?.();
    },
  });
}

export function useCreateUnit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: UnitCreate) => unwrap(await createUnit({ body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKeys.units }),
  });
}

export function useUpdateUnit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, patch }: { id: string; patch: UnitPatch }) =>
      unwrap(await updateUnit({ path: { unit_id: id }, body: patch })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKeys.units }),
  });
}

export function useCreatePosition() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: PositionCreate) => unwrap(await createPosition({ body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKeys.positions }),
  });
}

export function useUpdatePosition() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, patch }: { id: string; patch: PositionPatch }) =>
      unwrap(await updatePosition({ path: { position_id: id }, body: patch })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKeys.positions }),
  });
}
