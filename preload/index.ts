// Sandboxed preload: bundled to one CommonJS file; exposes only the bridge.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld('virt', createBridge(ipcRenderer));
