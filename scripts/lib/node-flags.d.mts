export declare const NODE_FLAGS: { api: string[]; worker: string[] };
