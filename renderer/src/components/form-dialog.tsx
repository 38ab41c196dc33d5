import type { ReactNode, RefObject } from 'react';
import { Modal } from './modal';

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

/** A modal with a form and its buttons: Enter submits, Escape and Cancel cancel. */
export function FormDialog({ title, children, submitLabel, cancelLabel = 'Cancel', initialFocus, submitDisabled = false, onSubmit, onCancel, extraActions, className, hideSubmit = false }: FormDialogProps) {
  return (
    <Modal
      title={title}
      initialFocus={initialFocus}
      className={className}
      onSubmit={() => {
        if (!submitDisabled && !hideSubmit) onSubmit();
      }}
      onEscape={onCancel}
      actions={
        <>
          {extraActions}
          {hideSubmit ? null : (
            <button type="submit" className="btn btn-primary" aria-disabled={submitDisabled}>
              {submitLabel}
            </button>
          )}
          <button type="button" className="btn btn-secondary" onClick={onCancel}>
            {cancelLabel}
          </button>
        </>
      }
    >
      {children}
    </Modal>
  );
}
