import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import { createPortal } from 'react-dom';
import { useAppStoreApi } from '../../store/use-app-store';
import './connections.css';

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea, [tabindex]:not([tabindex="-1"])';

/** Only the last modal in the document takes keys: an auth prompt can open over the Add Connection dialog. */
function isTopmost(el: HTMLElement): boolean {
  const all = document.querySelectorAll('.modal-backdrop');
  return all[all.length - 1] === el.closest('.modal-backdrop');
}

export interface ModalProps {
  title: string;
  children: ReactNode;
  /** The buttons; a `type="submit"` one submits the form (Enter). */
  actions: ReactNode;
  onSubmit(): void;
  /** Escape. */
  onEscape(): void;
  initialFocus?: RefObject<HTMLElement | null>;
  describedBy?: string;
}

/**
 * A form in a modal, like components/form-dialog but with the caller's own
 * buttons, and safe to stack: keys (Escape, the Tab trap) go to the topmost
 * one only. The page behind is inert while it is open, and focus returns
 * where it was.
 */
export function Modal({ title, children, actions, onSubmit, onEscape, initialFocus, describedBy }: ModalProps) {
  const store = useAppStoreApi();
  const titleId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  const onEscapeRef = useRef(onEscape);
  onEscapeRef.current = onEscape;
  const [previous] = useState(() =>
    typeof document !== 'undefined' && document.activeElement instanceof HTMLElement ? document.activeElement : null,
  );

  useEffect(() => {
    store.getState().dialogOpened();
    return () => store.getState().dialogClosed();
  }, [store]);

  useEffect(() => {
    const dialog = dialogRef.current;
    (initialFocus?.current ?? dialog?.querySelector<HTMLElement>(FOCUSABLE))?.focus();
    const onKeyDown = (e: KeyboardEvent) => {
      if (!dialog || !isTopmost(dialog)) return;
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        onEscapeRef.current();
        return;
      }
      if (e.key !== 'Tab') return;
      const items = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)];
      const first = items[0];
      const last = items[items.length - 1];
      if (!first || !last) return;
      const active = document.activeElement;
      if (!dialog.contains(active)) {
        e.preventDefault();
        first.focus();
      } else if (e.shiftKey && active === first) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && active === last) {
        e.preventDefault();
        first.focus();
      }
    };
    document.addEventListener('keydown', onKeyDown, true);
    return () => {
      document.removeEventListener('keydown', onKeyDown, true);
      queueMicrotask(() => {
        if (dialog?.isConnected) return;
        if (previous?.isConnected) previous.focus();
      });
    };
  }, [previous, initialFocus]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };

  return createPortal(
    <div className="modal-backdrop">
      <div ref={dialogRef} className="modal conn-modal" role="dialog" aria-modal="true" aria-labelledby={titleId} aria-describedby={describedBy}>
        <form onSubmit={submit} noValidate>
          <h2 id={titleId} className="modal-title">
            {title}
          </h2>
          <div className="modal-body">{children}</div>
          <div className="modal-actions">{actions}</div>
        </form>
      </div>
    </div>,
    document.body,
  );
}
