import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Dashboard, TaskOut } from '@/api/generated';
import { jsonResponse, mockApi, requestsOf } from '@/testing/fetch-mock';
import { renderWithProviders } from '@/testing/render';

import { DASHBOARD_POLL_MS } from '../api/work';
import { WorkPanels } from './dashboard-page';

function task(id: string, extra: Partial<TaskOut> = {}): TaskOut {
  return {
    activated_at: '2026-12-01T01:00:00Z',
    activity: `Kegiatan ${id}`,
    at_risk_at: null,
    case_id: `case-${id}`,
    case_number: `KLT-${id}`,
    case_subject: `Perihal ${id}`,
    claimed_by: null,
    claimed_by_name: null,
    completed_at: null,
    completed_by: null,
    completed_by_name: null,
    counts_for_office: true,
    due_at: null,
    external_party: null,
    id,
    note: '',
    outcome: null,
    position_code: 'staf',
    position_id: 'pos-1',
    position_title: 'Staf',
    routing: 'direct',
    sla: 'on_track',
    sop_title: 'SOP',
    standard_minutes: null,
    status: 'active',
    step_kind: 'task',
    step_number: '1',
    step_position: 1,
    waktu_raw: '',
    worked_minutes: null,
    ...extra,
  };
}

const page = (items: TaskOut[]) => ({ items, total: items.length, limit: 25, offset: 0 });

function dashboard(extra: Partial<Dashboard> = {}): Dashboard {
  return {
    level: 'own',
    decisions: page([task('d1', { step_kind: 'decision' })]),
    mine: page([task('m1'), task('m2')]),
    team: null,
    notifications: { items: [], total: 0, unread: 2, limit: 10, offset: 0 },
    ...extra,
  };
}

const SOPS = { items: [], total: 0, limit: 200, offset: 0 };

function api(board: () => Dashboard) {
  return mockApi({
    '/api/dashboard': () => jsonResponse(board()),
    '/api/catalogue/sops': () => jsonResponse(SOPS),
    '/api/org/admins': () => jsonResponse([]),
    '/api/reports/performance': () =>
      jsonResponse({
        start: '2026-12-01',
        end: '2026-12-31',
        escalations: 0,
        most_overdue: [],
        sops: [],
        steps: [],
        trend: [],
        units: [],
      }),
  });
}

const paths = (fetchMock: ReturnType<typeof api>) =>
  requestsOf(fetchMock).map((r) => new URL(r.url).pathname);

describe('WorkPanels', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads every panel with one request, and the page below only comes with them', async () => {
    const fetchMock = api(() => dashboard());
    renderWithProviders(
      <WorkPanels timeZone="Asia/Makassar" after={<p>Jabatan saya</p>} />,
    );

    // One placeholder for everything until the answer is in; nothing below it yet.
    expect(screen.getByRole('status')).toHaveAttribute('aria-busy', 'true');
    expect(screen.queryByText('Jabatan saya')).not.toBeInTheDocument();

    const mine = await screen.findByRole('region', { name: /^Tugas saya \(2\)/ });
    expect(within(mine).getByText('KLT-m1')).toBeInTheDocument();
    expect(screen.getByRole('region', { name: /\(1\)$/ })).toHaveTextContent('KLT-d1');
    expect(screen.getByText('Jabatan saya')).toBeInTheDocument();

    const dashboardCalls = paths(fetchMock).filter((p) => p === '/api/dashboard');
    expect(dashboardCalls).toHaveLength(1);
    expect(paths(fetchMock)).not.toContain('/api/tasks/mine');
    expect(paths(fetchMock)).not.toContain('/api/tasks/unit');
    expect(paths(fetchMock)).not.toContain('/api/me/scope');
    expect(paths(fetchMock)).not.toContain('/api/notifications');
    // Not the head of office: no figures asked for.
    expect(paths(fetchMock)).not.toContain('/api/reports/performance');
  });

  it('polls with one request every 30 s and hands the notifications on', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let unread = 2;
    const fetchMock = api(() =>
      dashboard({ notifications: { items: [], total: 0, unread, limit: 10, offset: 0 } }),
    );
    const onPoll = vi.fn<(dashboard: Dashboard) => void>();
    renderWithProviders(<WorkPanels timeZone="Asia/Makassar" onPoll={onPoll} />);
    await screen.findByRole('region', { name: /^Tugas saya/ });
    const before = paths(fetchMock).length;
    const unreadSeen = () => onPoll.mock.lastCall?.[0].notifications.unread;
    expect(unreadSeen()).toBe(2);

    unread = 5;
    await act(async () => {
      await vi.advanceTimersByTimeAsync(DASHBOARD_POLL_MS);
    });

    await vi.waitFor(() => {
      expect(unreadSeen()).toBe(5);
    });
    // The poll was exactly one request, to /api/dashboard.
    expect(paths(fetchMock).slice(before)).toEqual(['/api/dashboard']);
  });

  it('asks for the page and filters the reader picks, in the same one request', async () => {
    const many = Array.from({ length: 25 }, (_, i) => task(`m${String(i)}`));
    const fetchMock = api(() =>
      dashboard({
        level: 'unit',
        mine: { items: many, total: 30, limit: 25, offset: 0 },
        team: page([task('t1', { escalation_level: 1 })]),
      }),
    );
    renderWithProviders(<WorkPanels timeZone="Asia/Makassar" />);
    const team = await screen.findByRole('region', { name: /^Tugas unit/ });
    expect(within(team).getByText('KLT-t1')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('checkbox', { name: /hari ini/i }));
    await userEvent.click(within(team).getByRole('checkbox'));

    const asked = requestsOf(fetchMock).filter((r) => r.url.includes('/api/dashboard'));
    const last = new URL(asked[asked.length - 1]?.url ?? 'http://x/');
    expect(last.searchParams.get('today')).toBe('true');
    expect(last.searchParams.get('team_overdue')).toBe('true');
    expect(last.searchParams.get('offset')).toBe('0');
    expect(last.searchParams.get('team_offset')).toBe('0');
    expect(paths(fetchMock)).not.toContain('/api/tasks/unit');
  });

  it("opens the head of office's panels with their figures, the head's own panels after", async () => {
    const fetchMock = api(() => dashboard({ level: 'office', team: page([]) }));
    renderWithProviders(
      <WorkPanels timeZone="Asia/Makassar" head={<p>Pengesahan menunggu</p>} />,
    );
    const figures = await screen.findByRole('region', { name: 'Kinerja instansi' });
    expect(paths(fetchMock)).toContain('/api/reports/performance');
    const slot = screen.getByText('Pengesahan menunggu');
    // After the figures in the page's order, so their arrival cannot push them down.
    expect(figures.compareDocumentPosition(slot) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });
});
