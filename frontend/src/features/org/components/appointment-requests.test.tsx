import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import type { AppointmentRequestOut } from '@/api/generated';
import { jsonResponse, mockFetch, requestsOf } from '@/testing/fetch-mock';
import { renderWithProviders } from '@/testing/render';

import { PendingAppointments } from './appointment-requests';

const REQUEST: AppointmentRequestOut = {
  id: 'r1',
  position_id: 'p1',
  position_title: 'Kepala Dinas',
  user_id: 'u1',
  user_name: 'Nurul Hikmah',
  user_nip: '198907072012022006',
  kind: 'plt',
  starts_on: '2026-12-07',
  ends_on: '2026-12-21',
  reason: 'jabatan ini menjangkau seluruh instansi, melebihi jangkauan jabatan pengusul',
  status: 'pending',
  requested_by: 'u1',
  requested_by_name: 'Nurul Hikmah',
  requested_at: '2026-12-06T08:00:00Z',
  decided_by: null,
  decided_at: null,
  note: '',
  holder_id: null,
};

function api(canDecide: boolean) {
  let items = [REQUEST];
  return mockFetch((request) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/api/org/appointment-requests') {
      return jsonResponse({ items, can_decide: canDecide });
    }
    if (pathname.endsWith('/reject') || pathname.endsWith('/approve')) {
      items = [];
      return jsonResponse({ ...REQUEST, status: 'rejected' });
    }
    return jsonResponse({ detail: 'Not Found' }, 404);
  });
}

describe('PendingAppointments', () => {
  it('shows the head a request with its reason and rejects it only with a reason', async () => {
    const fetchMock = api(true);
    renderWithProviders(<PendingAppointments />);
    const heading = await screen.findByRole('heading', {
      name: 'Nurul Hikmah sebagai Plt Kepala Dinas (2026-12-07 – 2026-12-21)',
    });
    expect(heading).toBeVisible();
    expect(screen.getByText(/melebihi jangkauan jabatan pengusul/)).toBeVisible();
    await userEvent.click(screen.getByRole('button', { name: 'Tolak…' }));
    await userEvent.click(screen.getByRole('button', { name: 'Tolak usulan' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Tuliskan alasan penolakan.');
    expect(requestsOf(fetchMock).some((r) => r.method === 'POST')).toBe(false);
    await userEvent.type(screen.getByLabelText('Alasan penolakan'), 'Tidak ada SK Plt');
    await userEvent.click(screen.getByRole('button', { name: 'Tolak usulan' }));
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Usulan untuk Nurul Hikmah ditolak.',
    );
    const posted = requestsOf(fetchMock).find((r) => r.method === 'POST');
    expect(new URL(posted?.url ?? '').pathname).toBe('/api/org/appointment-requests/r1/reject');
    expect(await posted?.json()).toEqual({ note: 'Tidak ada SK Plt' });
    expect(await screen.findByText('Tidak ada usulan pengangkatan yang menunggu')).toBeVisible();
  });

  it('is not shown to someone who may not decide', async () => {
    const fetchMock = api(false);
    const { container } = renderWithProviders(<PendingAppointments />);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(requestsOf(fetchMock)).toHaveLength(1);
    expect(container).toBeEmptyDOMElement();
  });
});
