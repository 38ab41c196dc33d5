import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import { createPortal } from 'react-dom';
import { useAppStoreApi } from '../store/use-app-store';

export interface FormDialogProps {
  title: string;
  children: ReactNode;
  submitLabel: string;
  cancelLabel?: string;
  /** Focused when the dialog opens (the first field); else the first focusable element. */
  initialFocus?: RefObject<HTMLElement | null>;
  /** Keeps the submit button from doing anything (it stays focusable, aria-disabled). */
  submitDisabled?: boolean;
  onSubmit(): void;
  onCancel(): void;
  /** Buttons placed before the submit button (a wizard's Back). */
  extraActions?: ReactNode;
  /** Extra class on the dialog box (e.g. a wider one). */
  className?: string;
  /** Hides the submit button (a view with only Cancel/Close). */
  hideSubmit?: boolean;
}

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select, textarea, [tabindex]:not([tabindex="-1"])';

/**
 * A modal with a form: Enter submits, Escape cancels, Tab stays inside, the
 * page behind is inert while it is open (it registers with the store), and
 * focus goes back where it was on close. Rendered at the end of <body>.
 */
export function FormDialog({ title, children, submitLabel, cancelLabel = 'Cancel', initialFocus, submitDisabled = false, onSubmit, onCancel, extraActions, className, hideSubmit = false }: FormDialogProps) {
  const store = useAppStoreApi();
  const titleId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  const onCancelRef = useRef(onCancel);
  onCancelRef.current = onCancel;
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
      if (!dialog) return;
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        onCancelRef.current();
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
    if (!submitDisabled) onSubmit();
  };

  return createPortal(
    <div className="modal-backdrop">
      <div ref={dialogRef} className={className ? `modal ${className}` : 'modal'} role="dialog" aria-modal="true" aria-labelledby={titleId}>
        <form onSubmit={submit}>
          <h2 id={titleId} className="modal-title">
            {title}
          </h2>
          <div className="modal-body">{children}</div>
          <div className="modal-actions">
            {extraActions}
            {hideSubmit ? null : (
              <button type="submit" className="btn btn-primary" aria-disabled={submitDisabled}>
                {submitLabel}
              </button>
            )}
            <button type="button" className="btn btn-secondary" onClick={onCancel}>
              {cancelLabel}
            </button>
          </div>
        </form>
      </div>
    </div>,
    document.body,
  );
}
