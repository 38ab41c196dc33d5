/** The domain row element of `key`, found through its `data-domain-key`. */
export function domainRowElement(key: string, root: ParentNode = document): HTMLElement | null {
  return root.querySelector<HTMLElement>(`[data-domain-key="${CSS.escape(key)}"]`);
}

/**
 * The list renders only the rows in view: a row scrolled to by the keyboard
 * may not exist yet. It takes focus when it mounts (see DomainRow's ref).
 */
let focusRequest: string | null = null;

export function focusDomainRow(key: string): void {
  const el = domainRowElement(key);
  if (el) {
    focusRequest = null;
    el.focus({ preventScroll: true });
  } else {
    focusRequest = key;
  }
}

export function takeFocusRequest(key: string): boolean {
  if (focusRequest !== key) return false;
  focusRequest = null;
  return true;
}
