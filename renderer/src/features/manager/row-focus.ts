/** The domain row element of `key`, found through its `data-domain-key`. */
export function domainRowElement(key: string, root: ParentNode = document): HTMLElement | null {
  return root.querySelector<HTMLElement>(`[data-domain-key="${CSS.escape(key)}"]`);
}

export function focusDomainRow(key: string): void {
  domainRowElement(key)?.focus();
}
