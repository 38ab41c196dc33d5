// Sandboxed preload: bundled to one CommonJS file; exposes only the bridge.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge, forwardStreamPorts } from './bridge';

// The preload runs in the page's renderer (DOM) but is type-checked with main's Node settings.
declare const window: { postMessage(message: unknown, targetOrigin: string, transfer: unknown[]): void };

contextBridge.exposeInMainWorld('virt', createBridge(ipcRenderer));
forwardStreamPorts(ipcRenderer, (message, ports) => window.postMessage(message, '*', [...ports]));
