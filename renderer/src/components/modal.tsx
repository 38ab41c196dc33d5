import { useContext, useEffect, useId, useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import { createPortal } from 'react-dom';
import { StoreContext } from '../store/use-app-store';

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea, [tabindex]:not([tabindex="-1"])';

/** Only the last modal in the document takes keys: an auth prompt can open over the Add Connection dialog. */
function isTopmost(el: HTMLElement): boolean {
  const all = document.querySelectorAll('.modal-backdrop');
  return all[all.length - 1] === el.closest('.modal-backdrop');
}

/**
 * Modals under the topmost one are inert, as the page behind them is: a
 * prompt over the details view leaves nothing of the view to click, focus or
 * read until it closes.
 */
function markStacked(): void {
  const all = [...document.querySelectorAll<HTMLElement>('.modal-backdrop')];
  all.forEach((b, i) => (b.inert = i < all.length - 1));
}

export interface ModalProps {
  title: string;
  /** Shown before the title, inside the heading. */
  titleIcon?: ReactNode;
  /** The body. */
  children: ReactNode;
  /** The buttons; with `onSubmit`, a `type="submit"` one submits the form (Enter). */
  actions: ReactNode;
  /** Makes the dialog a form: Enter in a field, or a submit button, calls it. */
  onSubmit?(): void;
  /** Leaves the browser's own validation of the form's fields out. */
  noValidate?: boolean;
  /** Escape. */
  onEscape(): void;
  /** Focused when the dialog opens; else the first focusable element. */
  initialFocus?: RefObject<HTMLElement | null>;
  /** What describes the dialog; `'body'` for the whole body. */
  describedBy?: string;
  /** Added to the dialog's `modal` class. */
  className?: string;
  /**
   * Rendered where it stands instead of at the end of <body>, and not registered
   * with the store: the caller makes the page behind inert itself.
   */
  inline?: boolean;
}

/**
 * The one modal dialog: Tab stays inside, Escape calls `onEscape`, the page
 * behind is inert while it is open (it registers with the store's
 * dialogOpened/dialogClosed), and focus goes back where it was on close.
 * Safe to stack: keys go to the topmost modal only.
 */
export function Modal({ title, titleIcon, children, actions, onSubmit, noValidate, onEscape, initialFocus, describedBy, className, inline = false }: ModalProps) {
  const store = useContext(StoreContext);
  const titleId = useId();
  const bodyId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  const onEscapeRef = useRef(onEscape);
  onEscapeRef.current = onEscape;
  // Read while rendering: once the page behind turns inert, the browser may already have moved focus away.
  const [previous] = useState(() =>
    typeof document !== 'undefined' && document.activeElement instanceof HTMLElement ? document.activeElement : null,
  );

  useEffect(() => {
    if (inline || !store) return;
    store.getState().dialogOpened();
    return () => store.getState().dialogClosed();
  }, [store, inline]);

  useEffect(() => {
    markStacked();
    return () => queueMicrotask(markStacked);
  }, []);

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
    // Capture on the document: the trap holds even if focus slipped to <body>.
    document.addEventListener('keydown', onKeyDown, true);
    return () => {
      document.removeEventListener('keydown', onKeyDown, true);
      // After the commit that removes `inert` from the page; only if the dialog is really
      // gone (StrictMode re-runs effects on a dialog that stays).
      queueMicrotask(() => {
        if (dialog?.isConnected) return;
        if (previous?.isConnected) previous.focus();
      });
    };
  }, [previous, initialFocus]);

  const content = (
    <>
      <h2 id={titleId} className="modal-title">
        {titleIcon}
        {title}
      </h2>
      <div id={describedBy === 'body' ? bodyId : undefined} className="modal-body">
        {children}
      </div>
      <div className="modal-actions">{actions}</div>
    </>
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit?.();
  };

  const modal = (
    <div className="modal-backdrop">
      <div
        ref={dialogRef}
        className={className ? `modal ${className}` : 'modal'}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={describedBy === 'body' ? bodyId : describedBy}
      >
        {onSubmit ? (
          <form onSubmit={submit} noValidate={noValidate}>
            {content}
          </form>
        ) : (
          content
        )}
      </div>
    </div>
  );
  return inline ? modal : createPortal(modal, document.body);
}
