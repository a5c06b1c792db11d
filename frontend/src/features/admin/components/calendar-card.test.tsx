import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { jsonResponse, mockFetch, requestsOf } from '@/testing/fetch-mock';
import { renderWithProviders } from '@/testing/render';

import { CalendarCard, weekLines } from './calendar-card';

const ramadanHours = {
  monday: [['08:00', '12:00'], ['12:30', '15:00']],
  tuesday: [['08:00', '12:00'], ['12:30', '15:00']],
  friday: [['08:00', '11:30'], ['12:30', '15:30']],
};

const calendar = (year: number) => ({
  time_zone: 'Asia/Makassar',
  office_hours: {},
  at_risk_ratio: 0.75,
  special_hours: [],
  year,
  ramadan: { start: `${String(year)}-02-08`, end: `${String(year)}-03-09`, estimated: true, office_hours: ramadanHours },
  days_off: [
    { date: `${String(year)}-03-09`, name: 'Cuti Bersama Idul Fitri', source: 'nasional', kind: 'cuti_bersama', estimated: false },
    { date: `${String(year)}-03-10`, name: 'Hari Raya Idul Fitri', source: 'nasional', kind: 'libur_nasional', estimated: true },
    { date: `${String(year)}-04-09`, name: 'HUT Provinsi', source: 'kantor', id: '11111111-1111-1111-1111-111111111111', kind: 'kantor', estimated: false },
  ],
});

describe('CalendarCard', () => {
  it('tells national days, cuti bersama, estimated dates, Ramadan hours and office days apart', async () => {
    mockFetch((request) => jsonResponse(calendar(Number(new URL(request.url).searchParams.get('year')))));
    renderWithProviders(<CalendarCard />);
    const estimated = (await screen.findByText('Hari Raya Idul Fitri')).closest('tr') as HTMLElement;
    expect(within(estimated).getByText('Perkiraan')).toBeInTheDocument();
    expect(within(estimated).getByText('Libur nasional')).toBeInTheDocument();
    const cuti = screen.getByText('Cuti Bersama Idul Fitri').closest('tr') as HTMLElement;
    expect(within(cuti).getByText('Cuti bersama')).toBeInTheDocument();
    expect(within(cuti).queryByText('Perkiraan')).toBeNull();
    const own = screen.getByText('HUT Provinsi').closest('tr') as HTMLElement;
    expect(within(own).getByText('Libur kantor')).toBeInTheDocument();
    expect(screen.getByText('Jam kerja Ramadan:')).toBeInTheDocument();
    expect(screen.getByText(/Senin–Selasa 08:00–12:00, 12:30–15:00; Jumat 08:00–11:30, 12:30–15:30/)).toBeInTheDocument();
  });

  it('shows any year', async () => {
    const fetchMock = mockFetch((request) =>
      jsonResponse(calendar(Number(new URL(request.url).searchParams.get('year')))),
    );
    renderWithProviders(<CalendarCard />);
    const next = await screen.findByRole('button', { name: /Tahun berikutnya/ });
    const thisYear = new Date().getFullYear();
    await userEvent.click(next);
    expect(await screen.findByRole('heading', { name: new RegExp(String(thisYear + 1)) })).toBeInTheDocument();
    const years = requestsOf(fetchMock).map((r) => new URL(r.url).searchParams.get('year'));
    expect(years).toEqual([String(thisYear), String(thisYear + 1)]);
  });

  it('joins days with the same hours', () => {
    expect(weekLines({ monday: [['08:00', '15:00']], tuesday: [['08:00', '15:00']] }, (d) => d)).toEqual([
      'monday–tuesday 08:00–15:00',
    ]);
  });
});
