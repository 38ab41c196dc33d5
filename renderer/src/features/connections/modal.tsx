import { Modal as BaseModal, type ModalProps as BaseModalProps } from '../../components/modal';
import './connections.css';

export type ModalProps = Omit<BaseModalProps, 'onSubmit' | 'className' | 'noValidate' | 'inline'> & { onSubmit(): void };

/** The connection dialogs' modal: a form the app validates itself, stacked over one another (an auth prompt over Add Connection). */
export function Modal(props: ModalProps) {
  return <BaseModal {...props} className="conn-modal" noValidate />;
}
