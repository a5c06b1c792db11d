import type { ReactNode } from 'react';

export type BadgeTone = 'ok' | 'info' | 'warn' | 'fail' | 'neutral';

const glyph: Record<BadgeTone, string> = {
  ok: '✓',
  info: '→',
  warn: '!',
  fail: '✕',
  neutral: '•',
};

/** A status label whose meaning is in its text; colour and glyph only repeat it. */
export function Badge({ tone, children }: { tone: BadgeTone; children: ReactNode }) {
  return (
    <span className={`badge badge-${tone}`}>
      <span aria-hidden="true">{glyph[tone]}</span>
      {children}
    </span>
  );
}
