import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { renderWithProviders } from '@/testing/render';

import { BarChart } from './bar-chart';
import { formatMinutes, formatMoment, percent } from './format';
import { SlaBadge, slaTone } from './sla-badge';

describe('SlaBadge', () => {
  it('says the time status in words, with a tone that only repeats it', () => {
    renderWithProviders(
      <>
        <SlaBadge sla="on_track" />
        <SlaBadge sla="at_risk" />
        <SlaBadge sla="overdue" />
        <SlaBadge sla="no_standard" />
        <SlaBadge sla="done" />
      </>,
    );
    // On track and done must not look alike.
    expect(screen.getByText('Sesuai waktu')).toHaveClass('badge-info');
    expect(screen.getByText('Selesai')).toHaveClass('badge-ok');
    expect(screen.getByText('Hampir jatuh tempo')).toHaveClass('badge-warn');
    expect(screen.getByText('Terlambat')).toHaveClass('badge-fail');
    expect(screen.getByText('Tanpa waktu baku')).toHaveClass('badge-neutral');
  });

  it('maps every state to a tone', () => {
    expect(Object.keys(slaTone).sort()).toEqual(
      ['at_risk', 'done', 'no_standard', 'on_track', 'overdue'].sort(),
    );
  });
});

describe('work formats', () => {
  it('writes office durations in minutes, hours or office days', () => {
    expect(formatMinutes(45, 'id')).toBe('45 mnt');
    expect(formatMinutes(210, 'id')).toBe('3,5 jam');
    expect(formatMinutes(210, 'en')).toBe('3.5 h');
    expect(formatMinutes(1350, 'id')).toBe('3 hari');
  });

  it("shows moments in the office's zone with its Indonesian name", () => {
    expect(formatMoment('2026-11-26T07:00:00Z', 'Asia/Makassar', 'en')).toMatch(/15:00 WITA$/);
    expect(formatMoment('2026-11-26T07:00:00Z', 'Asia/Jakarta', 'en')).toMatch(/14:00 WIB$/);
  });

  it('writes rates as whole percentages, and a dash when unknown', () => {
    expect(percent(0.756)).toBe('76%');
    expect(percent(null)).toBe('–');
  });
});

describe('BarChart', () => {
  it('draws one labelled bar per item with its rate, its n, and a link to its cases', () => {
    renderWithProviders(
      <BarChart
        title="Ketepatan waktu per unit"
        bars={[
          { label: 'Sub Bagian Umum', rate: 0.9, n: 20, detail: 'Dimulai 10', href: '/kasus?unit_id=u1' },
          { label: 'Bidang Industri', rate: 0.5, n: 4, detail: 'Dimulai 4' },
          { label: 'Bidang Baru', rate: null, n: 0, detail: 'Dimulai 0' },
        ]}
      />,
    );
    const chart = screen.getByRole('list', { name: 'Ketepatan waktu per unit' });
    expect(chart.querySelectorAll('.bar-row')).toHaveLength(3);
    expect(chart).toHaveTextContent('90% dari 20 langkah selesai; Dimulai 10');
    expect(chart).toHaveTextContent('n=4');
    expect(chart).toHaveTextContent('belum ada langkah selesai');
    expect(
      screen.getByRole('link', { name: 'Lihat kasus Sub Bagian Umum' }),
    ).toHaveAttribute('href', '/kasus?unit_id=u1');
    expect(chart.querySelector('.bar-good')).not.toBeNull();
    expect(chart.querySelector('.bar-poor')).not.toBeNull();
  });
});
