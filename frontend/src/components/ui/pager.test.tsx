import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { renderWithProviders } from '@/testing/render';

import { Pager } from './pager';

describe('Pager', () => {
  it('steps back to the last page when the list shrank under the reader', () => {
    const onPage = vi.fn();
    renderWithProviders(<Pager page={1} size={20} total={20} label="Halaman" onPage={onPage} />);
    expect(onPage).toHaveBeenCalledWith(0);
    expect(screen.queryByRole('navigation')).toBeNull();
  });

  it('stays put on a page that exists', () => {
    const onPage = vi.fn();
    renderWithProviders(<Pager page={1} size={20} total={41} label="Halaman" onPage={onPage} />);
    expect(onPage).not.toHaveBeenCalled();
    expect(screen.getByText('Halaman 2 dari 3')).toBeInTheDocument();
  });
});
