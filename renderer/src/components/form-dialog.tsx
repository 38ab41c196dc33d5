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
}

/** A modal with a form and its two buttons: Enter submits, Escape and Cancel cancel. */
export function FormDialog({ title, children, submitLabel, cancelLabel = 'Cancel', initialFocus, submitDisabled = false, onSubmit, onCancel }: FormDialogProps) {
  return (
    <Modal
      title={title}
      initialFocus={initialFocus}
      onSubmit={() => {
        if (!submitDisabled) onSubmit();
      }}
      onEscape={onCancel}
      actions={
        <>
          <button type="submit" className="btn btn-primary" aria-disabled={submitDisabled}>
            {submitLabel}
          </button>
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
