import { useState } from 'react';
import { recentMedia, type RecentKind } from './recent-media';

/** The recent ISOs or URLs as the input's suggestions (`<input list=id>`). */
export function RecentList({ id, kind }: { id: string; kind: RecentKind }) {
  const [items] = useState(() => recentMedia(kind));
  return (
    <datalist id={id}>
      {items.map((v) => (
        <option key={v} value={v} />
      ))}
    </datalist>
  );
}
