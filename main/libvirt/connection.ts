import { loadAddon } from './addon-loader';
import type { NativeConnection } from './native/addon';
import { LibvirtError } from './libvirt-error';

/**
 * The full binding, as typed in native/addon.d.ts, with every failure turned
 * into a LibvirtError. (A Proxy rather than a hand-written wrapper per method:
 * the native declarations stay the single source of the API's types.)
 */
export type LibvirtConnection = NativeConnection;

export function mapErrors<T extends object>(target: T): T {
  return new Proxy(target, {
    get(obj, prop) {
      const value = Reflect.get(obj, prop, obj) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        try {
          const result = (value as (...a: unknown[]) => unknown).apply(obj, args);
          return result instanceof Promise
            ? result.catch((err: unknown) => {
                throw LibvirtError.from(err);
              })
            : result;
        } catch (err) {
          throw LibvirtError.from(err);
        }
      };
    },
  });
}

export async function openLibvirt(uri: string, options: { readOnly?: boolean } = {}): Promise<LibvirtConnection> {
  try {
    return mapErrors(await loadAddon().open(uri, options.readOnly ?? false));
  } catch (err) {
    throw LibvirtError.from(err);
  }
}
