import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { jsonResponse, mockFetch, requestsOf } from '@/testing/fetch-mock';
import { renderWithProviders } from '@/testing/render';

import { NationalCalendarSection } from './national-calendar';

const hours = { friday: [['08:00', '11:30'], ['12:30', '15:30']] };

const year2027 = {
  year: 2027,
  source: 'SKB 3 Menteri tentang Hari Libur Nasional dan Cuti Bersama Tahun 2027',
  skb: true,
  corrected: false,
  days: [
    { date: '2027-03-09', kind: 'cuti_bersama', name: 'Cuti Bersama Hari Raya Idul Fitri', estimated: false },
    { date: '2027-03-10', kind: 'libur_nasional', name: 'Hari Raya Idul Fitri', estimated: true },
  ],
  ramadan: { start: '2027-02-08', end: '2027-03-09', estimated: true, office_hours: hours },
  changes: [],
};

const moved = {
  ...year2027,
  corrected: true,
  days: [year2027.days[0], { ...year2027.days[1], date: '2027-03-11', estimated: false }],
  changes: [
    {
      at: '2027-03-01T02:00:00Z',
      actor_label: 'platform_admin kaltim:abc',
      action: 'national.day_moved',
      date: '2027-03-10',
      reason: 'Hasil sidang isbat',
      before: { date: '2027-03-10', name: 'Hari Raya Idul Fitri' },
      after: { date: '2027-03-11', name: 'Hari Raya Idul Fitri' },
    },
  ],
};

describe('NationalCalendarSection', () => {
  it('stays folded without calling the API until opened', () => {
    const fetchMock = mockFetch(() => jsonResponse(year2027));
    renderWithProviders(<NationalCalendarSection />);
    expect(screen.getByRole('heading', { name: 'Kalender nasional' })).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('marks estimated dates and kinds, and moves a date with a reason', async () => {
    const fetchMock = mockFetch((request) =>
      jsonResponse(request.method === 'POST' ? moved : year2027),
    );
    renderWithProviders(<NationalCalendarSection />);
    await userEvent.click(screen.getByText('Kalender nasional'));
    const picker = await screen.findByLabelText('Tahun');
    await userEvent.clear(picker);
    await userEvent.type(picker, '2027');
    const row = (await screen.findByText('Hari Raya Idul Fitri')).closest('tr');
    expect(row).not.toBeNull();
    const cells = within(row as HTMLElement);
    expect(cells.getByText('Perkiraan')).toBeInTheDocument();
    expect(cells.getByText('Libur nasional')).toBeInTheDocument();
    const cuti = screen.getByText('Cuti Bersama Hari Raya Idul Fitri').closest('tr') as HTMLElement;
    expect(within(cuti).getByText('Cuti bersama')).toBeInTheDocument();
    expect(screen.getByText('2027-02-08 s.d. 2027-03-09')).toBeInTheDocument();

    await userEvent.click(cells.getByRole('button', { name: 'Pindahkan 2027-03-10' }));
    const form = screen.getByRole('form', { name: 'Pindahkan 2027-03-10' });
    const newDate = within(form).getByLabelText('Tanggal baru');
    await userEvent.clear(newDate);
    await userEvent.type(newDate, '2027-03-11');
    await userEvent.type(within(form).getByLabelText('Alasan perubahan'), 'Hasil sidang isbat');
    await userEvent.click(within(form).getByRole('button', { name: 'Simpan perubahan' }));

    expect(await screen.findByText('Tanggal dipindah')).toBeInTheDocument();
    const sent = requestsOf(fetchMock).find((r) => r.method === 'POST');
    expect(sent?.url).toContain('/api/platform/calendar/days/move');
    expect(await sent?.json()).toEqual({
      date: '2027-03-10',
      new_date: '2027-03-11',
      reason: 'Hasil sidang isbat',
    });
  });

  it('asks for any year', async () => {
    const fetchMock = mockFetch((request) => {
      const asked = Number(new URL(request.url).searchParams.get('year'));
      return jsonResponse({ ...year2027, year: asked, skb: false, days: [], changes: [] });
    });
    renderWithProviders(<NationalCalendarSection />);
    await userEvent.click(screen.getByText('Kalender nasional'));
    const picker = await screen.findByLabelText('Tahun');
    await userEvent.clear(picker);
    await userEvent.type(picker, '2031');
    expect(await screen.findByText('SKB belum terbit: semua tanggal perkiraan')).toBeInTheDocument();
    const years = requestsOf(fetchMock).map((r) => new URL(r.url).searchParams.get('year'));
    expect(years).toContain('2031');
  });
});
