// storage methods of NativeConnection (see ../addon.d.ts).
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface NativeStorageApi {}
