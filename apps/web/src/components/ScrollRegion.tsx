import type { ReactNode } from 'react';

/**
 * A box that scrolls sideways when what it holds is wider than the screen (a long audit trail, a
 * timeline). It can take keyboard focus and is named, so someone who does not use a mouse can
 * reach it and scroll it with the arrow keys (WCAG 2.1.1; axe's `scrollable-region-focusable`).
 */
export function ScrollRegion({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <div className={className} role="region" aria-label={label} tabIndex={0} style={{ overflowX: 'auto' }}>
      {children}
    </div>
  );
}
