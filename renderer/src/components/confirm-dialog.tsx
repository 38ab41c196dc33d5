import { useRef, type ReactNode } from 'react';
import { WarningIcon } from './icons';
import { Modal } from './modal';

export interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  /** Styles the confirm button as destructive. */
  danger?: boolean;
  onConfirm(): void;
  onCancel(): void;
}

/**
 * A modal confirmation, described by its body. Focus starts on Cancel (the
 * safe choice). Rendered in place: the caller makes the rest of the page
 * `inert` while it is open (the store's `confirm`).
 */
export function ConfirmDialog({ title, children, confirmLabel, cancelLabel = 'Cancel', danger = false, onConfirm, onCancel }: ConfirmDialogProps) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  return (
    <Modal
      inline
      title={title}
      titleIcon={danger ? <WarningIcon className="modal-title-icon" size={20} /> : null}
      describedBy="body"
      initialFocus={cancelRef}
      onEscape={onCancel}
      actions={
        <>
          <button type="button" className={danger ? 'btn btn-danger' : 'btn btn-primary'} onClick={onConfirm}>
            {confirmLabel}
          </button>
          <button type="button" ref={cancelRef} className="btn btn-secondary" onClick={onCancel}>
            {cancelLabel}
          </button>
        </>
      }
    >
      {children}
    </Modal>
  );
}
