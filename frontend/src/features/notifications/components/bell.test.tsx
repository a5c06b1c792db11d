import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { jsonResponse, mockApi } from '@/testing/fetch-mock';
import { renderWithProviders } from '@/testing/render';

import { NOTIFICATIONS_QUERY_KEY, NotificationBell } from './bell';

const PAGE = {
  items: [
    {
      id: 'n1',
      title: 'Tugas baru',
      body: 'KLT-1 menunggu Anda',
      link: '/kasus/1',
      kind: 'task_assigned',
      case_id: '1',
      task_id: 't1',
      created_at: '2026-12-01T01:00:00Z',
      email_status: 'sent',
      read_at: null,
    },
  ],
  total: 1,
  unread: 1,
  limit: 10,
  offset: 0,
};

describe('NotificationBell', () => {
  it('asks for the notifications itself by default', async () => {
    const fetchMock = mockApi({ '/api/notifications': () => jsonResponse(PAGE) });
    renderWithProviders(<NotificationBell />);
    expect(await screen.findByText('Tugas baru')).toBeInTheDocument();
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('with poll off, asks for nothing and shows what the page put in its query', async () => {
    const fetchMock = mockApi({ '/api/notifications': () => jsonResponse(PAGE) });
    const { queryClient } = renderWithProviders(<NotificationBell poll={false} />);
    expect(screen.queryByText('Tugas baru')).not.toBeInTheDocument();

    queryClient.setQueryData(NOTIFICATIONS_QUERY_KEY, PAGE);

    expect(await screen.findByText('Tugas baru')).toBeInTheDocument();
    expect(screen.getByText('1')).toHaveClass('bell-count');
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
