// The network install source of the New VM wizard: the URL (an ISO or an
// install tree, inspected by main when the field is left or Enter is
// pressed), what it turned out to be, and the installer's kernel arguments.
import { RecentList } from './recent-list';
import { useRef, useState, type Ref } from 'react';
import type { UrlDetection } from '../../../../preload/contract';
import type { VirtClient } from '../../platform/client';
import { toErrorInfo } from '../../platform/virt-error';

const URL_SHAPE = /^(https?|ftp):\/\/\S+$/i;

export interface UrlDetectionApi {
  /** The last answer, for the URL it was about. */
  detected: { url: string; result: UrlDetection } | undefined;
  error: { url: string; message: string } | undefined;
  /** The URL being inspected now. */
  pending: string | undefined;
  /** Inspects the URL (once per URL, connection and arch); undefined when it is not usable (the error says why). */
  detect(url: string): Promise<UrlDetection | undefined>;
}

export function useUrlDetection(client: VirtClient, connectionId: string, arch: string, onDetected: (result: UrlDetection) => void): UrlDetectionApi {
  const [detected, setDetected] = useState<UrlDetectionApi['detected']>();
  const [error, setError] = useState<UrlDetectionApi['error']>();
  const [pending, setPending] = useState<string>();
  const running = useRef<{ key: string; promise: Promise<UrlDetection | undefined> } | null>(null);
  // Successes only: a server that did not answer is asked again.
  const known = useRef(new Map<string, UrlDetection>());

  const detect = (raw: string): Promise<UrlDetection | undefined> => {
    const url = raw.trim();
    if (!URL_SHAPE.test(url)) return Promise.resolve(undefined);
    const key = `${connectionId}\n${arch}\n${url}`;
    if (running.current?.key === key) return running.current.promise;
    const cached = known.current.get(key);
    if (cached) {
      setDetected({ url, result: cached });
      return Promise.resolve(cached);
    }
    setPending(url);
    setError(undefined);
    let promise!: Promise<UrlDetection | undefined>;
    promise = (async () => {
      try {
        const result = await client.call('install.detectUrl', connectionId, url, arch);
        known.current.set(key, result);
        setDetected({ url, result });
        onDetected(result);
        return result;
      } catch (err) {
        const info = toErrorInfo(err);
        setDetected(undefined);
        setError({ url, message: [info.message, info.detail].filter(Boolean).join(': ') });
        return undefined;
      } finally {
        if (running.current?.promise === promise) {
          running.current = null;
          setPending(undefined);
        }
      }
    })();
    running.current = { key, promise };
    return promise;
  };
  return { detected, error, pending, detect };
}

export function UrlSourceFields(props: {
  url: string;
  kernelArgs: string;
  onUrl(url: string): void;
  onKernelArgs(args: string): void;
  detection: UrlDetectionApi;
  inputRef: Ref<HTMLInputElement>;
}) {
  const { detection } = props;
  const current = props.url.trim();
  const error = detection.error?.url === current ? detection.error.message : undefined;
  const found = detection.detected?.url === current ? detection.detected.result : undefined;
  return (
    <>
      <label className="field">
        <span>Install URL</span>
        <input
          ref={props.inputRef}
          value={props.url}
          list="recent-urls"
          placeholder="https://deb.debian.org/debian/dists/bookworm/main/installer-amd64/ or the URL of an ISO"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'install-url-error' : undefined}
          onChange={(e) => props.onUrl(e.target.value)}
          onBlur={() => void detection.detect(props.url)}
          onKeyDown={(e) => {
            // Enter inspects the URL rather than leaving the step.
            if (e.key !== 'Enter') return;
            e.preventDefault();
            void detection.detect(props.url);
          }}
        />
        <RecentList id="recent-urls" kind="url" />
      </label>
      {detection.pending === current && current !== '' ? (
        <p className="field-hint" role="status" aria-busy="true">
          Looking at {current}…
        </p>
      ) : null}
      {error ? (
        <p id="install-url-error" className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {found ? (
        <p className="field-hint" role="status">
          {found.kind === 'iso' ? 'An ISO image: the guest boots it as a network CD-ROM.' : 'An install tree: its kernel and initrd are downloaded and booted for the install run.'}
        </p>
      ) : null}
      <label className="field">
        <span>Kernel arguments</span>
        <input value={props.kernelArgs} placeholder="console=ttyS0" disabled={found?.kind === 'iso'} onChange={(e) => props.onKernelArgs(e.target.value)} />
      </label>
    </>
  );
}
